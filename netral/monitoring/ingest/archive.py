"""A whole "Download Your Information" zip (Facebook, Instagram, TikTok) in one import.

Staff and teams receive the archive as a zip; asking them to find and upload each JSON file inside
it loses files. This reads every JSON member of the zip, recognises the ones the per-file parsers
know (posts, comments, reactions, likes, follows, TikTok's ``user_data.json``) by the same sniffing
as a single upload, and parses them in name order. Members it does not know (messages, settings,
media) are skipped; a recognised member that is broken is reported as an error row naming the
member, and the other members go on. An X/Twitter or Zeeschuimer/4CAT export inside the zip is not read
(those are imported as files of their own) but named in an error row, so that it does not look imported.

The zip is read in memory and never extracted: no path from the archive touches the disk. Limits
guard against zip bombs (a member is read only up to its limit, and Python checks the declared
size and CRC as it reads).
"""

from __future__ import annotations

from netral.core import imports
from netral.monitoring.ingest import facebook, instagram, tiktok
from netral.monitoring.ingest.common import FormatError, RowError

FORMAT = "zip"
LABEL = "Arsip zip unduhan data (Facebook, Instagram, TikTok)"

MEMBER_MODULES = (facebook, instagram, tiktok)  # the order of ingest.MODULES
MAX_MEMBERS = 50_000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
# What the central directory may claim in all: photos and videos of a download sit in the zip too (skipped, and
# they hardly compress), so the claim may exceed what is read; MAX_TOTAL_BYTES bounds what is really inflated.
MAX_INFLATED_BYTES = 4 * 1024 * 1024 * 1024


def sniff(head: bytes, name: str) -> bool:
    # a spreadsheet (.xlsx) is a zip too: it belongs to the generic format
    # PK\x03\x04 opens a zip's first member; PK\x05\x06 is all there is of an empty zip
    return (head.startswith((b"PK\x03\x04", b"PK\x05\x06")) and not name.endswith((".xlsx", ".xlsm"))
            and b"[Content_Types].xml" not in head[:4096])


def _member_format(data: bytes, name: str):
    head = data[:65536]
    for m in MEMBER_MODULES:
        try:
            if m.sniff(head, name.lower()):
                return m
        except Exception:  # a sniffer must never break the archive
            continue
    return None


MEMBER_ENDINGS = (".json", ".jsonl", ".ndjson", ".csv")


def _other_format(data: bytes, name: str):
    """The label of a content export read only as a file of its own (X, Zeeschuimer/4CAT), or None."""
    from netral.monitoring.ingest import x_v2, zeeschuimer

    head = data[:65536]
    for m in (x_v2, zeeschuimer):
        try:
            if m.sniff(head, name.lower()):
                return m.LABEL
        except Exception:  # a sniffer must never break the archive
            continue
    return None


def parse(data: bytes, account_handle: str = ""):
    # The central directory's claims (members, sizes, ratios) are checked first; each member is then read with
    # the pipeline's bounded reader, which counts what really comes out (core.imports).
    try:
        z = imports.open_zip(data, what="Arsip zip", max_members=MAX_MEMBERS, max_total=MAX_INFLATED_BYTES)
    except imports.RefusedFile as e:
        raise FormatError(str(e) if "rusak" not in str(e) else
                          "Berkas zip rusak atau tidak lengkap; unduh ulang arsipnya.") from e
    infos = z.infolist()
    members = sorted((i for i in infos if not i.is_dir() and i.filename.lower().endswith(MEMBER_ENDINGS)),
                     key=lambda i: i.filename)
    total = 0
    found = 0
    for info in members:
        name = info.filename
        if info.flag_bits & 0x1:
            yield RowError(0, f"{name}: berkas terenkripsi (berkata sandi), dilewati.")
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            yield RowError(0, f"{name}: berkas terlalu besar ({info.file_size // (1024 * 1024)} MB), dilewati.")
            continue
        try:
            body = imports.read_member(z, info, limit=MAX_MEMBER_BYTES, what=name)
        except imports.RefusedFile as e:
            yield RowError(0, f"{e} Dilewati.")
            continue
        total += len(body)
        if total > MAX_TOTAL_BYTES:
            raise FormatError("Isi JSON arsip zip terlalu besar; impor berkas JSON-nya satu per satu.")
        module = _member_format(body, name) if name.lower().endswith(".json") else None
        if module is None:
            other = _other_format(body, name)
            if other:  # an export this archive does not read: say so, it must not look imported
                yield RowError(0, f"{name}: berkas {other} tidak dibaca dari dalam arsip zip; impor berkas ini "
                                  "tersendiri.")
            continue  # not a kind of content we import (messages, settings, ...)
        found += 1
        try:
            for rec in module.parse(body, account_handle=account_handle):
                if isinstance(rec, RowError):
                    yield RowError(rec.line, f"{name}: {rec.reason}")
                else:
                    yield rec
        except FormatError as e:
            yield RowError(0, f"{name}: {e}")
    if not found:
        raise FormatError("Arsip zip ini tidak berisi berkas JSON Facebook, Instagram, atau TikTok yang dikenali. "
                          "Pastikan arsip diunduh dalam format JSON (bukan HTML).")
