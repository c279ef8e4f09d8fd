"""Bulk capture formats: one module per source format.

Every module exposes FORMAT (key), LABEL (shown to users), `sniff(head, name) -> bool` and
`parse(data: bytes, account_handle="") -> iterator of Record | RowError`. Parsers never touch
the database; `netral.monitoring.store.save_records` does. Bad rows come out as RowError with
the line (or item number) and an Indonesian reason; good rows go on: each parser runs each item
through `common.row_guard` (any unexpected type or shape is that item's error) and `parse` below
passes every record through `common.safe_records` (field types checked, the last net for errors).
"""

from netral.monitoring.ingest import archive, facebook, generic, instagram, tiktok, x_v2, zeeschuimer
from netral.monitoring.ingest.common import FormatError, Record, RowError, safe_records

MODULES = [archive, x_v2, zeeschuimer, facebook, instagram, tiktok, generic]
BY_FORMAT = {m.FORMAT: m for m in MODULES}
CHOICES = [(m.FORMAT, m.LABEL) for m in MODULES]


def detect_format(data: bytes, name: str = ""):
    head = data[:65536]
    for m in MODULES:
        try:
            if m.sniff(head, name.lower()):
                return m.FORMAT
        except Exception:  # a sniffer must never break detection
            continue
    return None


def parse(data: bytes, fmt: str, account_handle: str = ""):
    if fmt not in BY_FORMAT:
        raise FormatError(f"Format tidak dikenal: {fmt}")
    return safe_records(BY_FORMAT[fmt].parse(data, account_handle=account_handle))


__all__ = ["BY_FORMAT", "CHOICES", "FormatError", "MODULES", "Record", "RowError", "detect_format", "parse"]
