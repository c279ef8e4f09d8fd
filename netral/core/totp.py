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
    # ASCII digits only: "²" or Arabic-Indic digits pass str.isdigit, and hmac.compare_digest raises on non-ASCII str
    if not secret or len(code) != DIGITS or not (code.isascii() and code.isdigit()):
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


# --- Secrets at rest ---------------------------------------------------------------------------
# The shared secret is what an authenticator app holds; whoever reads it can make codes. It is
# stored sealed (AES-256-GCM) under a key that is never in the database: NETRAL_TOTP_KEY, or the
# file NETRAL_TOTP_KEY_FILE, or (laptop default) VAR_DIR/totp.key generated once. The associated
# data binds a sealed secret to its user, so copying one user's column into another's does not
# open. Stored form: "enc1$<key id>$<base64url(nonce + ciphertext)>". Old keys listed in
# NETRAL_TOTP_OLD_KEYS still open secrets until `manage.py rotate_totp_key` has re-sealed them
# under the current key (docs/security.md, "Key rotation").

SEALED_PREFIX = "enc1"
_NONCE = 12


class SealError(Exception):
    """A stored secret that no configured key opens (wrong key, tampered or unsealed row)."""


def _derive(text: str) -> bytes:
    text = (text or "").strip()
    if len(text) < 32:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Kunci TOTP terlalu pendek (minimal 32 karakter).")
    # Any long random text (base64, hex, a generated file) becomes a 256-bit AES key.
    return hashlib.sha256(b"netral-totp-key-v1\n" + text.encode("utf-8")).digest()


def _key_id(key: bytes) -> str:
    return hashlib.sha256(b"netral-totp-key-id\n" + key).hexdigest()[:12]


def current_key() -> bytes:
    from django.conf import settings

    if settings.TOTP_KEY:
        return _derive(settings.TOTP_KEY)
    return _derive(_key_file_text(settings.TOTP_KEY_FILE, settings.TOTP_KEY_AUTOCREATE))


def _key_file_text(path, autocreate):
    import os
    from pathlib import Path

    from django.core.exceptions import ImproperlyConfigured

    p = Path(path)
    if not p.is_file():
        if not autocreate:
            raise ImproperlyConfigured(f"Berkas kunci TOTP {p} tidak ditemukan.")
        p.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two processes starting together end up with the same key
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48) + "\n")
        except FileExistsError:
            pass
    return p.read_text(encoding="utf-8").strip()


def _keys() -> dict:
    """{key id: key} for the current key and every old one still accepted for opening."""
    from django.conf import settings

    keys = {}
    for text in settings.TOTP_OLD_KEYS:
        k = _derive(text)
        keys[_key_id(k)] = k
    k = current_key()
    keys[_key_id(k)] = k
    return keys


def _aad(user_pk) -> bytes:
    return f"netral-totp-secret:{user_pk}".encode()


def is_sealed(stored: str) -> bool:
    return (stored or "").startswith(SEALED_PREFIX + "$")


def seal(secret: str, user_pk) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = current_key()
    nonce = secrets.token_bytes(_NONCE)
    blob = nonce + AESGCM(key).encrypt(nonce, secret.encode("ascii"), _aad(user_pk))
    return f"{SEALED_PREFIX}${_key_id(key)}${base64.urlsafe_b64encode(blob).decode('ascii').rstrip('=')}"


def unseal(stored: str, user_pk) -> str:
    """The base32 secret of a sealed value; SealError when no configured key opens it."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        prefix, kid, b64 = (stored or "").split("$")
    except ValueError:
        raise SealError("nilai rahasia TOTP tidak tersegel") from None
    key = _keys().get(kid)
    if prefix != SEALED_PREFIX or key is None:
        raise SealError(f"rahasia TOTP disegel dengan kunci lain (id {kid})")
    try:
        blob = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
        return AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], _aad(user_pk)).decode("ascii")
    except (InvalidTag, ValueError) as exc:
        raise SealError("rahasia TOTP tidak dapat dibuka (kunci salah atau baris diubah)") from exc


def needs_reseal(stored: str) -> bool:
    """A stored value that is plain or sealed under an old key."""
    if not stored:
        return False
    if not is_sealed(stored):
        return True
    return stored.split("$")[1] != _key_id(current_key())
