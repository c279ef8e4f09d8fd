"""Shared pieces of the format parsers: the Record they yield, time and text repair helpers."""

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from netral.core.imports import MAX_YEAR, MIN_YEAR, RefusedFile, RowProblem, guarded
from netral.core.imports import storable as _storable, storable_json


class FormatError(RefusedFile):
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


# What a Record field may hold at most (the model's limits; text is capped so one huge field cannot fill memory).
LIMITS = {"external_id": 200, "handle": 100, "url": 1000, "ref_url": 1000, "ref_author": 100, "posted_at_raw": 64,
          "text": 100_000, "ref_text": 100_000, "interaction": 8, "platform": 16}
INTERACTIONS = {"post", "comment", "share", "like", "follow", "photo"}


def row_guard(line, fn, *args, **kwargs):
    """Run the handling of one item; an unexpected type or shape in it becomes a RowError naming the item."""
    return guarded(lambda reason: RowError(line, f"item/baris {line}: {reason}"), fn, *args, **kwargs)


def checked(rec):
    """A Record whose every field has the type the store expects, or a RowError saying which field is wrong.

    Parsers copy values out of foreign JSON; a value of the wrong type (a number for a handle, a string for a time)
    must stop that row, not the import.
    """
    if not isinstance(rec, Record):
        return rec
    for name, limit in LIMITS.items():
        v = getattr(rec, name)
        if v is None:
            v = ""
        if not isinstance(v, str):
            if isinstance(v, bool) or not isinstance(v, int | float):
                return RowError(rec.line, f"item/baris {rec.line}: kolom {name} berjenis {type(v).__name__}, "
                                          "bukan teks; dilewati")
            v = str(v)
        setattr(rec, name, _storable(v)[:limit])  # PostgreSQL text and jsonb refuse NUL
    if not rec.external_id.strip():
        return RowError(rec.line, f"item/baris {rec.line}: tanpa id; dilewati")
    if rec.interaction not in INTERACTIONS:
        return RowError(rec.line, f"item/baris {rec.line}: jenis interaksi tidak dikenal ({rec.interaction[:20]})")
    if rec.posted_at is not None and not (isinstance(rec.posted_at, datetime) and rec.posted_at.tzinfo):
        return RowError(rec.line, f"item/baris {rec.line}: waktu tidak sah; dilewati")
    if rec.posted_at is not None and not MIN_YEAR <= rec.posted_at.year <= MAX_YEAR:
        # 9999-12-31T23:59Z is past year 9999 in local time: every page showing it would fail
        return RowError(rec.line, f"item/baris {rec.line}: waktu tidak masuk akal (tahun {rec.posted_at.year}); dilewati")
    if not isinstance(rec.payload, dict):
        rec.payload = {"_value": rec.payload}
    rec.payload = _without_nul(rec.payload)
    if not isinstance(rec.media_urls, list):
        rec.media_urls = []
    rec.media_urls = [_storable(u)[:1000] for u in rec.media_urls if isinstance(u, str) and u][:50]
    rec.handle = rec.handle.strip()
    rec.time_assumed_utc = bool(rec.time_assumed_utc)
    return rec


def _without_nul(obj):
    """The payload as stored: every string and key made storable (no NUL, no lone surrogate)."""
    return storable_json(obj)


def safe_records(records):
    """Every record checked; an error escaping a parser ends the file with a RowError instead of the import.

    The rows yielded before are kept. (Each parser guards its own items, so this is the last net, not the rule.)
    """
    line = 0
    it = iter(records)
    while True:
        try:
            rec = next(it)
        except StopIteration:
            return
        except RefusedFile:
            raise
        except (MemoryError, KeyboardInterrupt):
            raise
        except Exception as e:  # noqa: BLE001
            yield RowError(line + 1, f"berkas berhenti terbaca setelah baris/item {line}: bentuk data tidak terduga "
                                     f"({e.__class__.__name__}); baris sebelumnya tetap diimpor")
            return
        if isinstance(rec, Record | RowError):
            line = max(line, rec.line if isinstance(rec.line, int) else 0)
        yield guarded(lambda reason, rec=rec: RowError(getattr(rec, "line", line), f"item/baris {line}: {reason}"),
                      checked, rec)


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
    """Unix seconds (or milliseconds, recognised by size) → aware UTC datetime. ValueError for anything else."""
    if value in (None, "", "N/A"):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RowProblem(f"waktu bukan angka detik Unix ({type(value).__name__})")
    try:
        v = float(value)
    except ValueError:
        raise RowProblem(f"waktu tidak dikenali: {str(value)[:40]!r}") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise RowProblem("waktu tidak sah")
    if v == 0:  # an unmapped field written as its default (4CAT, Zeeschuimer): no time, not 1 January 1970
        return None
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
        for fmt in ("%a %b %d %H:%M:%S %z %Y", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M:%S",
                    "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H.%M", "%d/%m/%Y %H.%M.%S", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                continue
        else:
            raise RowProblem(f"waktu tidak dikenali: {s[:40]!r}")
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC), True
    return dt.astimezone(UTC), False


def stable_id(platform, kind, account, when, text) -> str:
    """For sources without ids (Meta DYI, some CSVs): (platform, kind, account, time, sha1 of text)."""
    norm = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    raw = f"{platform}|{kind}|{account}|{when.isoformat() if when else ''}|{norm}"
    return "h:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()


def decode_text(data: bytes, lenient=False) -> str:
    """UTF-8 text. With `lenient`, invalid bytes become U+FFFD (line-based formats then keep their good lines)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if lenient:
            return data.decode("utf-8", "replace")
        raise FormatError("Berkas bukan teks UTF-8.") from e


def load_json(data: bytes):
    try:
        return storable_json(json.loads(decode_text(data)))  # no lone surrogate / NUL past this point
    except json.JSONDecodeError as e:
        raise FormatError(f"Berkas bukan JSON yang sah (baris {e.lineno}: {e.msg}).") from e
    except RecursionError as e:
        raise FormatError("Berkas JSON bersarang terlalu dalam.") from e
    except ValueError as e:  # an integer of over 4300 digits: a plain ValueError, not a JSONDecodeError
        raise FormatError("Berkas bukan JSON yang sah (angka terlalu panjang).") from e


def iter_json_lines(data: bytes):
    """(line number, object or RowError) for NDJSON/JSONL; empty lines skipped.

    A line with invalid UTF-8 is that line's error; the other lines are read.
    """
    text = decode_text(data, lenient=True)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "\ufffd" in line and b"\xef\xbf\xbd" not in data:
            yield n, RowError(n, "baris berisi byte yang bukan UTF-8")
            continue
        try:
            yield n, storable_json(json.loads(line))
        except (ValueError, RecursionError) as e:  # ValueError: JSONDecodeError, or an integer of over 4300 digits
            why = getattr(e, "msg", None) or ("angka terlalu panjang" if isinstance(e, ValueError) else "bersarang "
                                                                                                 "terlalu dalam")
            yield n, RowError(n, f"bukan JSON yang sah ({why})")


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
