"""Generic CSV (`,` `;` or tab; UTF-8 or Windows-1252; .xlsx) and JSONL, one item per row/line.

Columns (header names in Indonesian or English, case-insensitive):
platform, id (external_id), url, akun (handle/username/author), interaksi (interaction/type),
teks (text), teks_rujukan (ref_text), url_rujukan (ref_url), waktu (posted_at/created_at/timestamp).
Without an id the key is derived from (platform, interaction, account, time, text).
"""

from netral.core.tabular import TableError, read_table
from netral.monitoring.ingest.common import (FormatError, Record, RowError, clean_text, iter_json_lines, parse_iso,
                                             row_guard, stable_id)
from netral.people.accounts import PLATFORM_LABELS, AccountError, _platform_from_host, normalise_account

FORMAT = "generic"
LABEL = "CSV/XLSX/JSONL umum"

ALIASES = {
    "platform": ("platform", "platforma", "media", "sosmed"),
    "external_id": ("id", "external id", "post id", "id konten", "id unggahan"),
    "url": ("url", "link", "tautan"),
    "handle": ("akun", "handle", "username", "author", "pengguna", "nama akun"),
    "interaction": ("interaksi", "interaction", "jenis", "type", "jenis interaksi"),
    "text": ("teks", "text", "isi", "caption", "konten"),
    "ref_text": ("teks rujukan", "ref text", "teks yang dibagikan", "shared text"),
    "ref_url": ("url rujukan", "ref url"),
    "posted_at": ("waktu", "posted at", "created at", "timestamp", "tanggal", "time"),
}
INTERACTIONS = {
    "post": "post", "unggahan": "post", "status": "post", "tweet": "post",
    "comment": "comment", "komentar": "comment", "reply": "comment", "balasan": "comment",
    "share": "share", "bagikan": "share", "repost": "share", "retweet": "share", "quote": "share",
    "like": "like", "suka": "like", "reaksi": "like", "reaction": "like",
    "follow": "follow", "ikuti": "follow", "join": "follow", "gabung": "follow",
    "photo": "photo", "foto": "photo",
}


def sniff(head: bytes, name: str) -> bool:
    return name.endswith((".csv", ".tsv", ".txt", ".xlsx", ".jsonl", ".ndjson"))


def _map(row: dict):
    out = {}
    lowered = {" ".join(str(k).strip().lower().replace("_", " ").split()): v for k, v in row.items()}
    for key, names in ALIASES.items():
        for n in names:
            v = lowered.get(n)
            if v not in (None, ""):
                out[key] = v if not isinstance(v, str) else v.strip()
                break
    return out


def to_record(line: int, row: dict, account_handle: str = ""):
    f = _map(row)
    url = str(f.get("url", "") or "")
    platform = str(f.get("platform", "") or "").strip().lower()
    platform = {"twitter": "x", "fb": "facebook", "ig": "instagram"}.get(platform, platform)
    if not platform and url:
        from urllib.parse import urlsplit

        platform = _platform_from_host(urlsplit(url if "://" in url else "https://" + url).netloc) or ""
    if platform not in PLATFORM_LABELS:
        return RowError(line, "platform kosong atau tidak dikenal" + (f" ({platform})" if platform else ""))
    raw_kind = str(f.get("interaction", "post") or "post").strip().lower()
    kind = INTERACTIONS.get(raw_kind)
    if kind is None:
        return RowError(line, f"jenis interaksi tidak dikenal: {raw_kind}")
    handle = str(f.get("handle", "") or account_handle or "")
    if handle:
        try:
            _p, handle, _u = normalise_account(platform, handle)
        except AccountError as e:
            return RowError(line, f"akun tidak sah: {e}")
    text = clean_text(f.get("text"))
    ref_text = clean_text(f.get("ref_text"))
    if not (text or ref_text or url):
        return RowError(line, "baris tanpa teks dan tanpa URL")
    raw_time = str(f.get("posted_at", "") or "")
    try:
        when, assumed = parse_iso(raw_time)
    except ValueError as e:
        return RowError(line, str(e))
    ext = str(f.get("external_id", "") or "").strip()
    if not ext:
        ext = ("url:" + url) if url else stable_id(platform, kind, handle, when, text + ref_text)
    return Record(line=line, platform=platform, external_id=ext[:200], interaction=kind, handle=handle,
                  url=url[:1000], text=text, ref_text=ref_text, ref_url=str(f.get("ref_url", "") or "")[:1000],
                  posted_at=when, posted_at_raw=raw_time[:64], time_assumed_utc=assumed,
                  payload={k: v for k, v in row.items() if v not in (None, "")})


def parse(data: bytes, account_handle: str = ""):
    stripped = data.lstrip(b"\xef\xbb\xbf \r\n\t")
    if stripped.startswith(b"{"):
        for n, obj in iter_json_lines(data):
            if isinstance(obj, RowError):
                yield obj
            elif not isinstance(obj, dict):
                yield RowError(n, "baris bukan objek JSON")
            else:
                yield row_guard(n, to_record, n, obj, account_handle)
        return
    try:
        table = read_table(data)
    except TableError as e:
        raise FormatError(str(e)) from e
    if not any(h in table.header for h in ("teks", "text", "url", "isi", "caption", "link")):
        raise FormatError("Kolom teks atau url tidak ditemukan. Judul kolom yang dikenali: platform, id, url, akun, "
                          "interaksi, teks, teks_rujukan, waktu.")
    for number, reason in table.errors:
        yield RowError(number, reason)
    for number, row in table.rows:
        yield row_guard(number, to_record, number, row, account_handle)
