"""Placeholder: not implemented yet."""

from netral.monitoring.ingest.common import FormatError

FORMAT = "zeeschuimer"
LABEL = "zeeschuimer"


def sniff(head: bytes, name: str) -> bool:
    return False


def parse(data: bytes, account_handle: str = ""):
    raise FormatError("Format ini belum didukung.")
