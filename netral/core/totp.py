"""Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps), as used by
Google Authenticator, Aegis, FreeOTP and every other authenticator app. Plain hmac/hashlib."""

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6
# Codes of the previous and next step are accepted too: phone clocks drift.
WINDOW = 1


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    s = secret.strip().replace(" ", "").upper()
    return base64.b32decode(s + "=" * (-len(s) % 8))


def hotp(secret: str, counter: int) -> str:
    """RFC 4226: the code for one counter value."""
    digest = hmac.new(_key(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def step_at(when: float | None = None) -> int:
    return int((time.time() if when is None else when) // STEP)


def code_at(secret: str, when: float | None = None) -> str:
    return hotp(secret, step_at(when))


def verify(secret: str, code: str, *, after_step: int = 0, when: float | None = None) -> int | None:
    """The step the code belongs to, or None. A step <= after_step is refused (a code used once
    cannot be replayed). Comparison in constant time."""
    code = "".join(ch for ch in str(code or "") if not ch.isspace())
    if not secret or len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(when)
    for step in range(now - WINDOW, now + WINDOW + 1):
        if step > after_step and hmac.compare_digest(hotp(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """otpauth:// URI that authenticator apps read from the QR code."""
    label = quote(f"{issuer}:{account}")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP})
    return f"otpauth://totp/{label}?{query}"
