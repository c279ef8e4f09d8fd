"""Keys and ciphers of the anonymous-report channel (docs/whistle.md explains the design).

- Each report has its own random 256-bit data key (DEK). Report text, messages and files are
  sealed with AES-256-GCM under that key, with the report's uuid and the kind of item as
  associated data (a ciphertext moved to another report or field does not open).
- The DEK is stored only wrapped (AES-256-GCM) by the key-encryption key (KEK), which comes from
  the environment or a key file, never from the database. `kek_id` names the KEK that wrapped it,
  so a rotation can tell rows apart and a wrong key gives a clear error.
- Receipt codes: a 16-bit keyed bucket (HMAC with the pepper) finds the few candidate rows; an
  Argon2id hash (per-row salt) of the peppered code verifies. Neither the database nor the pepper
  alone lets anyone test codes quickly.
"""

import base64
import hashlib
import hmac
import os
import secrets
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE = 12
WRAP_AAD = b"netral-whistle-dek-v1"


class KeyError_(Exception):
    """A data key that the configured KEK cannot open."""


def _read_secret(value, path, dev_name):
    if value:
        raw = value
    elif path:
        try:
            raw = Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"Berkas kunci {path} tidak dapat dibaca: {exc}") from exc
    else:
        if not settings.WHISTLE_DEV_KEY_DIR:
            raise ImproperlyConfigured("Kunci pengaduan belum diatur (WHISTLE_KEK / WHISTLE_PEPPER).")
        raw = dev_secret(dev_name)
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except ValueError as exc:
        raise ImproperlyConfigured("Kunci pengaduan harus 32 byte dalam base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("Kunci pengaduan harus 32 byte dalam base64.")
    return key


def new_key_text():
    return base64.b64encode(secrets.token_bytes(32)).decode()


def write_key_file(path, text):
    """Write a key file readable only by its owner (created 0600, replaced atomically)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text + "\n")
    os.replace(tmp, path)


def dev_secret(name):
    """A laptop's key: generated once into WHISTLE_DEV_KEY_DIR (outside the database)."""
    path = Path(settings.WHISTLE_DEV_KEY_DIR) / name
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting together end up with the same key.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(new_key_text() + "\n")
        except FileExistsError:
            pass
    return path.read_text().strip()


def kek_path():
    """The file that holds the KEK, or None when it comes from WHISTLE_KEK."""
    if settings.WHISTLE_KEK:
        return None
    if settings.WHISTLE_KEK_FILE:
        return Path(settings.WHISTLE_KEK_FILE)
    if not settings.WHISTLE_DEV_KEY_DIR:
        return None
    return Path(settings.WHISTLE_DEV_KEY_DIR) / "kek"


def kek():
    return _read_secret(settings.WHISTLE_KEK, settings.WHISTLE_KEK_FILE, "kek")


def pepper():
    return _read_secret(settings.WHISTLE_PEPPER, settings.WHISTLE_PEPPER_FILE, "pepper")


def key_id(key):
    return hashlib.sha256(b"netral-whistle-kek-id" + key).hexdigest()[:16]


# --- Data keys -----------------------------------------------------------------------------------

def new_data_key():
    return AESGCM.generate_key(bit_length=256)


def wrap(dek, key=None):
    key = key or kek()
    nonce = secrets.token_bytes(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, dek, WRAP_AAD), key_id(key)


def unwrap(wrapped, wrapped_kek_id, key=None):
    key = key or kek()
    if wrapped_kek_id and wrapped_kek_id != key_id(key):
        raise KeyError_("Kunci data dibungkus dengan KEK lain (kek_id %s)." % wrapped_kek_id)
    wrapped = bytes(wrapped)
    try:
        return AESGCM(key).decrypt(wrapped[:NONCE], wrapped[NONCE:], WRAP_AAD)
    except Exception as exc:  # InvalidTag: wrong key or tampered row
        raise KeyError_("Kunci data tidak dapat dibuka.") from exc


def seal(dek, plaintext: bytes, aad: str) -> bytes:
    nonce = secrets.token_bytes(NONCE)
    return nonce + AESGCM(dek).encrypt(nonce, plaintext, aad.encode())


def open_(dek, blob: bytes, aad: str) -> bytes:
    blob = bytes(blob)
    return AESGCM(dek).decrypt(blob[:NONCE], blob[NONCE:], aad.encode())


# --- Receipt codes ---------------------------------------------------------------------------------

def new_receipt():
    """16 decimal digits from the operating system's CSPRNG (about 53 bits)."""
    return "".join(str(secrets.randbelow(10)) for _ in range(16))


DIGITS = "0123456789"


def normalise_receipt(text):
    # NFKC first: fullwidth digits, spaces and dashes (a phone keyboard in a CJK mode) are the same code.
    text = unicodedata.normalize("NFKC", text or "")
    digits = "".join(ch for ch in text if ch in DIGITS)
    # Only ASCII digits, with spaces, dashes and dots between the groups; anything else is not a code.
    if len(digits) != 16 or any(ch not in DIGITS and ch not in " -.\t" for ch in (text or "").strip()):
        return None
    return digits


def group_receipt(code):
    return " ".join(code[i:i + 4] for i in range(0, 16, 4))


def _peppered(code, purpose):
    return hmac.new(pepper(), f"{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def receipt_bucket(code):
    """Four hex digits: 65,536 buckets, so a bucket holds very few reports and says little."""
    return _peppered(code, "bucket")[:4]


def _hasher():
    from argon2 import PasswordHasher, Type

    return PasswordHasher(time_cost=settings.WHISTLE_ARGON2_TIME_COST,
                          memory_cost=settings.WHISTLE_ARGON2_MEMORY_KIB, parallelism=1, type=Type.ID)


def receipt_hash(code):
    return _hasher().hash(_peppered(code, "verify"))


def receipt_matches(code, stored_hash):
    from argon2.exceptions import VerificationError, InvalidHashError

    try:
        return _hasher().verify(stored_hash, _peppered(code, "verify"))
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = {}


def burn_one_verify(code):
    """Spend the time of one verification when no candidate matched (no timing oracle)."""
    key = (settings.WHISTLE_ARGON2_TIME_COST, settings.WHISTLE_ARGON2_MEMORY_KIB)
    if key not in _DUMMY:
        _DUMMY[key] = receipt_hash("0" * 16)
    receipt_matches(code, _DUMMY[key])
