"""Shared pieces of the format parsers: the Record they yield, time and text repair helpers."""

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime


class FormatError(ValueError):
    """The whole file cannot be read in this format. The message is shown to the user."""


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class Record:
    line: int
    platform: str
    external_id: str
    interaction: str = "post"
    handle: str = ""
    url: str = ""
    text: str = ""
    ref_text: str = ""
    ref_url: str = ""
    ref_author: str = ""
    posted_at: datetime | None = None
    posted_at_raw: str = ""
    time_assumed_utc: bool = False
    payload: dict = field(default_factory=dict)
    media_urls: list = field(default_factory=list)


def clean_text(s) -> str:
    """NFC, NBSP → space, trimmed. Run after any mojibake repair, never before."""
    if s is None:
        return ""
    s = str(s).replace("\u00a0", " ")
    return unicodedata.normalize("NFC", s).strip()


def unescape_x(s: str) -> str:
    """X escapes only &, < and >: undo exactly those, once."""
    return (s or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def fix_mojibake(s):
    """Meta DYI strings are UTF-8 bytes written as \\u00XX: repair each string, keep it if that fails."""
    if not isinstance(s, str):
        return s
    try:
        return s.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def fix_mojibake_deep(obj):
    if isinstance(obj, str):
        return fix_mojibake(obj)
    if isinstance(obj, list):
        return [fix_mojibake_deep(v) for v in obj]
    if isinstance(obj, dict):
        return {fix_mojibake(k): fix_mojibake_deep(v) for k, v in obj.items()}
    return obj


def from_unix(value):
    """Unix seconds (or milliseconds, recognised by size) → aware UTC datetime."""
    if value in (None, "", "N/A"):
        return None
    v = float(value)
    if v > 1e11:  # milliseconds
        v /= 1000.0
    return datetime.fromtimestamp(v, tz=UTC)


def parse_iso(value):
    """ISO 8601; a value without zone is taken as UTC. Returns (datetime|None, assumed_utc)."""
    if value in (None, ""):
        return None, False
    s = str(value).strip()
    if re.fullmatch(r"\d{9,13}(\.\d+)?", s):
        return from_unix(s), False
    s2 = s.replace("Z", "+00:00").replace(" ", "T", 1) if "T" not in s else s.replace("Z", "+00:00")
    try:
        dt = datetime.fromisoformat(s2)
    except ValueError:
        for fmt in ("%a %b %d %H:%M:%S %z %Y", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"waktu tidak dikenali: {s[:40]}")
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC), True
    return dt.astimezone(UTC), False


def stable_id(platform, kind, account, when, text) -> str:
    """For sources without ids (Meta DYI, some CSVs): (platform, kind, account, time, sha1 of text)."""
    norm = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    raw = f"{platform}|{kind}|{account}|{when.isoformat() if when else ''}|{norm}"
    return "h:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FormatError("Berkas bukan teks UTF-8.") from e


def load_json(data: bytes):
    try:
        return json.loads(decode_text(data))
    except json.JSONDecodeError as e:
        raise FormatError(f"Berkas bukan JSON yang sah (baris {e.lineno}: {e.msg}).") from e


def iter_json_lines(data: bytes):
    """(line number, object or RowError) for NDJSON/JSONL; empty lines skipped."""
    text = decode_text(data)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as e:
            yield n, RowError(n, f"bukan JSON yang sah ({e.msg})")


def ci_get(d, *keys, default=None):
    """Look keys up without regard to case (TikTok exports vary: Date/date, Link/link)."""
    if not isinstance(d, dict):
        return default
    lower = {k.lower(): v for k, v in d.items() if isinstance(k, str)}
    for k in keys:
        v = lower.get(k.lower())
        if v not in (None, "", "N/A", "None"):
            return v
    return default
