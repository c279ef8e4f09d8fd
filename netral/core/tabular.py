"""Reading the spreadsheets users upload (CSV with `,` or `;`, UTF-8 or Windows-1252, XLSX).

One reader for every import in Netral, so that each one refuses the same malformed files with
the same clear Indonesian messages and reports rows by the number a user sees in their
spreadsheet (the header is row 1, the first data row is row 2).
"""

import csv
import io
from dataclasses import dataclass, field

from netral.core.imports import MAX_CELL_CHARS, MAX_ROWS, RefusedFile, check_zip, unexpected


class TableError(RefusedFile):
    """A file that cannot be read as a table at all. The message is shown to the user."""


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number in the file, values)
    encoding: str = ""
    delimiter: str = ""
    # (row number, column) of numeric Excel cells longer than 15 digits: Excel keeps only 15
    # significant digits, so an NIP or NIK typed as a number has already lost its last digits.
    lossy: set = field(default_factory=set)
    # rows that could not be read at all (a broken CSV line, a huge field): (row number, reason); the others go on
    errors: list = field(default_factory=list)

    def to_json(self) -> dict:
        """What an import stores once at upload, so that no later page or task parses the file again."""
        return {"header": self.header, "rows": [[n, r] for n, r in self.rows], "encoding": self.encoding,
                "delimiter": self.delimiter, "lossy": sorted([n, c] for n, c in self.lossy),
                "errors": [[n, m] for n, m in self.errors]}

    @classmethod
    def from_json(cls, data: dict) -> "Table":
        return cls(header=list(data["header"]), rows=[(int(n), dict(r)) for n, r in data["rows"]],
                   encoding=data.get("encoding", ""), delimiter=data.get("delimiter", ""),
                   lossy={(int(n), c) for n, c in data.get("lossy", [])},
                   errors=[(int(n), m) for n, m in data.get("errors", [])])


def normalise_header(name) -> str:
    return " ".join(str(name or "").strip().lower().replace("_", " ").split())


def _unique_header(header: list[str]) -> list[str]:
    """The header, refused when two columns have the same title: the later one's values would silently replace the
    earlier one's in every row. Empty titles may repeat (their columns are not read)."""
    seen = {}
    for i, h in enumerate(header, start=1):
        if h and h in seen:
            raise TableError(f"Judul kolom ganda: \"{h[:60]}\" (kolom {seen[h]} dan {i}). Beri judul yang berbeda "
                             "atau hapus salah satu kolom, lalu unggah lagi.")
        seen.setdefault(h, i)
    return header


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) and not raw.startswith(b"\xff\xfe\x00\x00"):
        # UTF-16 with its byte order mark: Excel's "Unicode Text" (tab separated) and some exports. A broken one
        # (an odd number of bytes, a lone surrogate) is refused below as binary.
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise TableError("Berkas tampaknya bukan teks CSV (berisi data biner).")
    # Windows-1252 is what Excel on Indonesian Windows writes for "CSV (Comma delimited)".
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def _read_csv(raw: bytes) -> Table:
    # The row limit is checked on the raw bytes, before anything is decoded or parsed.
    if raw.count(b"\n") > MAX_ROWS + 1:
        raise TableError(f"Berkas terlalu besar: lebih dari {MAX_ROWS:,} baris.")
    text, encoding = _decode(raw)
    if not text.strip():
        raise TableError("Berkas kosong.")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        raise TableError(f"Baris judul kolom tidak dapat dibaca: {e}") from e
    header = _unique_header([normalise_header(h) for h in header])
    if not any(header):
        raise TableError("Baris pertama (judul kolom) kosong.")
    table = Table(header=header, encoding=encoding, delimiter=delimiter)
    number = 1
    while True:
        line_before = reader.line_num
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            # One broken line (a field past the size limit, a NUL byte) is that row's error; the reader goes on
            # from the next line. A reader that cannot move on any more ends the file here.
            number += 1
            if reader.line_num == line_before:
                table.errors.append((number, f"CSV rusak mulai baris ini; sisa berkas tidak terbaca ({e})."))
                break
            table.errors.append((number, f"baris CSV tidak dapat dibaca ({e})."))
            continue
        number += 1
        if not any(v.strip() for v in values):
            continue
        if any(len(v) > MAX_CELL_CHARS for v in values):
            table.errors.append((number, f"sel lebih dari {MAX_CELL_CHARS:,} karakter; baris ini dilewati."))
            continue
        if len(table.rows) >= MAX_ROWS:
            raise TableError(f"Berkas terlalu besar: lebih dari {MAX_ROWS:,} baris.")
        # NUL never means anything in a cell, and PostgreSQL refuses it in text: dropped here, once for every import.
        table.rows.append((number, {h: (values[i].replace("\x00", "").strip() if i < len(values) else "")
                                    for i, h in enumerate(header) if h}))
    return table


def _read_xlsx(raw: bytes) -> Table:
    from openpyxl import load_workbook

    # Inflate every member once with a bounded reader, counting rows, before openpyxl parses anything.
    try:
        _zip, rows_declared = check_zip(raw, what="Berkas Excel", count=b"<row ")
    except RefusedFile as e:
        raise TableError(str(e)) from e
    if rows_declared > MAX_ROWS + 1:
        raise TableError(f"Berkas terlalu besar: lebih dari {MAX_ROWS:,} baris.")
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on a damaged workbook; all mean the same to the user
        raise TableError("Berkas Excel rusak atau bukan berkas .xlsx yang sah.") from e
    try:
        return _xlsx_table(wb)
    except TableError:
        raise
    except Exception as e:  # a damaged sheet discovered while reading rows
        raise TableError(f"Berkas Excel rusak dan tidak dapat dibaca ({unexpected(e)}).") from e
    finally:
        wb.close()


def _xlsx_table(wb) -> Table:
    if not wb.worksheets:
        raise TableError("Berkas Excel tidak berisi lembar kerja.")
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = [normalise_header(h) for h in next(rows)]
    except StopIteration:
        raise TableError("Lembar kerja pertama kosong.") from None
    _unique_header(header)
    if not any(header):
        raise TableError("Baris pertama (judul kolom) kosong.")
    table = Table(header=header, encoding="xlsx")
    for number, values in enumerate(rows, start=2):
        if values is None or not any(v not in (None, "") for v in values):
            continue
        if len(table.rows) >= MAX_ROWS:
            raise TableError(f"Berkas terlalu besar: lebih dari {MAX_ROWS:,} baris.")
        if any(isinstance(v, str) and len(v) > MAX_CELL_CHARS for v in values):
            table.errors.append((number, f"sel lebih dari {MAX_CELL_CHARS:,} karakter; baris ini dilewati."))
            continue
        row = {}
        for i, h in enumerate(header):
            if not h:
                continue
            v = values[i] if i < len(values) else None
            if v is None:
                v = ""
            elif isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer():
                v = str(int(v))  # Excel stores whole numbers (NIPs typed as numbers) as floats
                if len(v.lstrip("-")) > 15:
                    table.lossy.add((number, h))
            elif hasattr(v, "isoformat"):
                v = v.isoformat()[:10]
            row[h] = str(v).replace("\x00", "").strip()
        table.rows.append((number, row))
    return table


def read_table(uploaded) -> Table:
    """Read an uploaded file (Django UploadedFile, a path, or bytes) into a Table."""
    if isinstance(uploaded, bytes | bytearray):
        raw, name = bytes(uploaded), ""
    elif isinstance(uploaded, str):
        with open(uploaded, "rb") as fh:
            raw, name = fh.read(), uploaded
    else:
        name = getattr(uploaded, "name", "") or ""
        raw = uploaded.read()
    if not raw:
        raise TableError("Berkas kosong.")
    lower = name.lower()
    if raw[:4] == b"PK\x03\x04":
        return _read_xlsx(raw)
    if lower.endswith((".xlsx", ".xlsm")):
        raise TableError("Berkas berakhiran .xlsx tetapi isinya bukan Excel yang sah.")
    if lower.endswith(".xls") or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise TableError("Format Excel lama (.xls) tidak didukung: simpan ulang sebagai .xlsx atau CSV.")
    if raw[:5] == b"%PDF-" or raw[:4] in (b"\x89PNG", b"GIF8") or raw[:3] == b"\xff\xd8\xff":
        raise TableError("Berkas ini bukan spreadsheet (CSV atau .xlsx).")
    return _read_csv(raw)


SHOWN_COLUMNS = 30


def require_columns(table: Table, required: list[str]):
    missing = [c for c in required if c not in table.header]
    if missing:
        present = [h for h in table.header if h]
        # A file of thousands of columns would otherwise give a message of thousands of names.
        shown = ", ".join(present[:SHOWN_COLUMNS])
        if len(present) > SHOWN_COLUMNS:
            shown += f", … ({len(present) - SHOWN_COLUMNS} kolom lain)"
        raise TableError("Kolom wajib tidak ada: " + ", ".join(missing) + ". Kolom yang ada: " + shown)


# --- Writing ---------------------------------------------------------------------------------

# A text cell starting with one of these is a formula to Excel/LibreOffice (=HYPERLINK(...),
# +cmd|..., -1+1, @SUM; tab and CR can hide the sign). Every export writes cells through
# safe_cell (test_exports.py checks that each module writing CSV/XLSX uses it).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """An export cell that a spreadsheet shows as text, never runs: text starting with a formula
    character gets a leading apostrophe (OWASP's advice). Numbers and dates stay as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]
