"""The import pipeline every upload goes through (units, roster, accounts, contestants, attendance, content).

Stages (docs/architecture.md, "Import pipeline"):
1. read: `tabular.read_table` for spreadsheets, `monitoring.ingest` for content exports. Limits are checked
   BEFORE anything is parsed: file size, the decompressed size of every zip (.xlsx is a zip) read with a bounded
   reader (sizes in the central directory are claims, not facts), the compression ratio, the row count;
2. map columns: each importer's aliases, or the user's mapping (roster);
3. validate row by row: a row that cannot be used becomes an issue (row, column, reason), the rows around it go on;
   `guarded` turns ANY unexpected type or shape inside one row into such an issue;
4. preview / dry run: the same validation, writing nothing;
5. apply: as a background task with progress (roster, content; units, contestants and attendance through
   `import_jobs` and `apply_rows`: chunks, one savepoint per row, the user's scope re-checked before each chunk);
6. report: `report_csv` writes the issues as a CSV the user downloads.

Upsert rules, written once here and used by every importer that updates existing rows:
- a column absent from the file, or an empty cell, leaves the recorded value as it is;
- a value is cleared only by an explicit marker in its cell: `-` or `(kosongkan)` (see CLEAR_MARKERS);
- a status (active, retired, contract ended) changes only through an explicit status column; an inactive record
  is never re-activated by a file that does not say so;
- nothing outside the importing user's scope is read or written; a row that names such an object gets the same
  refusal as any object outside scope, never a message that tells that it exists elsewhere.

This module has no Django import at module level: the content parsers (plain Python) use it too.
"""

import csv
import io
import re
import zipfile
import zlib

MAX_ROWS = 500_000
# An .xlsx or export zip may inflate to this much in all; legitimate rosters of 100,000 staff stay far below it.
MAX_INFLATED_BYTES = 200 * 1024 * 1024
# Members of a legitimate workbook compress about 5-20x (shared strings, repeated styles). A member past this ratio
# (checked once it holds more than RATIO_FLOOR bytes) is a bomb, whatever its total size.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 50_000
# No cell of a spreadsheet needs more (an address, a list of aliases); a longer one is that row's error.
MAX_CELL_CHARS = 32_767  # also Excel's own limit for a cell
CHUNK = 1024 * 1024

CLEAR_MARKERS = frozenset({"-", "(kosongkan)", "kosongkan", "(kosong)"})


class RefusedFile(ValueError):
    """A file refused as a whole, before or while reading it. The message (Indonesian) is shown to the user."""


class RowProblem(ValueError):
    """One value of one row is unusable; the message (Indonesian) names it and becomes the row's reason."""


# --- Reading: bounded zips --------------------------------------------------------------------------------------


def open_zip(raw: bytes, *, what="Berkas", max_members=MAX_MEMBERS, max_total=MAX_INFLATED_BYTES,
             max_ratio=MAX_RATIO):
    """Open a zip held in memory after checking what its central directory claims (members, sizes, ratio)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
        infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as e:
        raise RefusedFile(f"{what} rusak atau tidak lengkap (bukan zip yang sah).") from e
    if len(infos) > max_members:
        raise RefusedFile(f"{what} berisi terlalu banyak berkas di dalamnya (lebih dari {max_members:,}).")
    declared = sum(max(i.file_size, 0) for i in infos)
    if declared > max_total:
        raise RefusedFile(f"{what} terlalu besar setelah dibuka ({_mb(declared)} MB; batas {_mb(max_total)} MB).")
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > max_ratio * max(i.compress_size, 1):
            raise RefusedFile(f"{what} terlalu besar setelah dibuka: {i.filename[:80]} mengembang lebih dari "
                              f"{max_ratio} kali (dugaan bom zip).")
    return z


def read_member(z, info, *, limit, what="Berkas", sink=None):
    """Read one member with a bounded reader: never more than `limit` bytes inflated, whatever the header says.

    With `sink` (a callable taking each chunk) the bytes are streamed and not kept; returns the bytes read (or
    their count with a sink). Raises RefusedFile past the limit or the ratio, and on a broken member.
    """
    out, total = [], 0
    try:
        with z.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise RefusedFile(f"{what} terlalu besar setelah dibuka (lebih dari {_mb(limit)} MB).")
                if total > RATIO_FLOOR and total > MAX_RATIO * max(info.compress_size, 1):
                    raise RefusedFile(f"{what} terlalu besar setelah dibuka: {info.filename[:80]} mengembang lebih "
                                      f"dari {MAX_RATIO} kali (dugaan bom zip).")
                if sink is None:
                    out.append(chunk)
                else:
                    sink(chunk)
    except RefusedFile:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as e:
        raise RefusedFile(f"{what}: {info.filename[:80]} rusak dan tidak dapat dibaca ({e.__class__.__name__}).") from e
    return total if sink is not None else b"".join(out)


def check_zip(raw: bytes, *, what="Berkas", max_total=MAX_INFLATED_BYTES, count=None):
    """Inflate every member once, bounded, without keeping it: refuses bombs before a parser sees the zip.

    `count` (bytes) counts that token in all members (e.g. b"<row" for the rows of a workbook) so that the row
    limit is checked before parsing too. Returns (the open ZipFile, the token count).
    """
    z = open_zip(raw, what=what, max_total=max_total)
    budget, found, tail = max_total, 0, b""
    for info in z.infolist():
        if info.is_dir():
            continue

        def sink(chunk):
            nonlocal found, tail
            if count:
                found += (tail + chunk).count(count) - tail.count(count)
                tail = chunk[-len(count):]

        tail = b""
        budget -= read_member(z, info, limit=budget, what=what, sink=sink)
    return z, found


def _mb(n):
    return max(1, round(n / (1024 * 1024)))


# --- Validating: one row at a time ----------------------------------------------------------------------------

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Years a date in an imported row can have (the forms' core.forms.MIN_YEAR/MAX_YEAR): 9999-12-31 is not an end date.
MIN_YEAR, MAX_YEAR = 1900, 2100


def storable(s: str) -> str:
    """Text from a JSON source as it can be stored: NUL removed (PostgreSQL refuses it in text and jsonb), a lone
    surrogate (JSON may escape half of a pair, "\\ud800", which decodes to a str UTF-8 cannot encode: a 500 at the
    database or the evidence hash) replaced by U+FFFD."""
    if "\x00" in s:
        s = s.replace("\x00", "")
    return LONE_SURROGATE.sub("\ufffd", s)


def storable_json(obj):
    """Parsed JSON with every string and key made `storable` (a job or payload that keeps it: PostgreSQL's jsonb
    refuses a lone surrogate and NUL; a page that shows it could not be encoded), and NaN / Infinity as text."""
    if isinstance(obj, str):
        return storable(obj)
    if isinstance(obj, list):
        return [storable_json(v) for v in obj]
    if isinstance(obj, dict):
        return {storable_json(k) if isinstance(k, str) else k: storable_json(v) for k, v in obj.items()}
    if isinstance(obj, float) and (obj != obj or obj in (float("inf"), float("-inf"))):
        # Python's json reads NaN, Infinity and 1e999; jsonb refuses them and no strict reader reads them back
        return "NaN" if obj != obj else ("Infinity" if obj > 0 else "-Infinity")
    return obj



def unexpected(e: BaseException) -> str:
    """The reason given for a row whose data has a type or shape the importer did not expect."""
    if isinstance(e, RowProblem):
        return f"{e}; baris ini dilewati"
    return f"bentuk atau jenis data tidak terduga ({e.__class__.__name__}); baris ini dilewati"


def guarded(make_error, fn, *args, **kwargs):
    """Run the handling of ONE row or record; any unexpected type or shape becomes `make_error(reason)`.

    RefusedFile (the whole file is refused) passes through; MemoryError and KeyboardInterrupt too.
    """
    try:
        return fn(*args, **kwargs)
    except RefusedFile:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - the point: no row may break the import of the others
        return make_error(unexpected(e))


# --- Upsert rules --------------------------------------------------------------------------------------------


KEEP = object()   # the cell says nothing: leave the recorded value
CLEAR = object()  # the cell says: clear the recorded value


def cell(row: dict, column) -> object:
    """What a cell asks for under the upsert rules: KEEP (column absent or cell empty), CLEAR (explicit marker),
    or the stripped text to validate and set."""
    if not column or column not in row:
        return KEEP
    value = row.get(column)
    value = "" if value is None else str(value).strip()
    if not value:
        return KEEP
    if value.lower() in CLEAR_MARKERS:
        return CLEAR
    return value


def changes(obj, values: dict) -> dict:
    """The fields of `values` that differ from what `obj` holds (values hold only fields the file sets)."""
    return {k: v for k, v in values.items() if getattr(obj, k) != v}


def dry_run(fn, *args, **kwargs):
    """Run an importer in a transaction that is then rolled back: the same validation and counts, nothing kept.

    For importers that validate and write row by row (units, contestants); the roster has its own plan/apply.
    """
    from django.db import transaction

    class Undo(Exception):
        pass

    box = {}
    try:
        with transaction.atomic():
            box["result"] = fn(*args, **kwargs)
            raise Undo
    except Undo:
        pass
    return box["result"]


# --- Applying: chunks, progress, scope re-checked ---------------------------------------------------------------

CHUNK_ROWS = 200  # rows per transaction of a background import: progress shows after each chunk commits


class Stopped(Exception):
    """A background import stopped before its end (the importing user lost the role or the unit).

    The rows before `done` are kept (their chunks committed); `reason` (Indonesian) is shown on the job page."""

    def __init__(self, reason, done=0):
        super().__init__(reason)
        self.reason, self.done = str(reason), done


def apply_rows(rows, handle, *, on_error, progress=None, recheck=None, flush=None, chunk=CHUNK_ROWS):
    """Apply `handle(number, row)` to every (number, row) pair, one savepoint per row, one transaction per chunk.

    - a row whose handling raises (any type or shape the importer did not expect, or a database error) is rolled
      back alone and becomes `on_error(number, reason)`; the rows around it go on (`guarded`);
    - `recheck()` runs before each chunk and returns "" or the reason why the importing user may no longer write
      (role or unit lost since the upload): the import stops with `Stopped`, the chunks before stay;
    - `flush()` runs at the end of each chunk, inside its transaction (bulk writes collected by the rows);
    - `progress(done, total)` runs after each chunk has committed, so another connection sees it.
    Called inside `dry_run`, the chunk transactions are savepoints of the rolled-back one: nothing is kept.
    """
    from django.db import transaction

    rows = list(rows)
    total, done = len(rows), 0
    for start in range(0, total, chunk):
        reason = recheck() if recheck else ""
        if reason:
            raise Stopped(reason, done)
        part = rows[start:start + chunk]
        with transaction.atomic():
            for number, row in part:
                def one(number=number, row=row):
                    with transaction.atomic():
                        return handle(number, row)
                guarded(lambda reason, number=number: on_error(number, reason), one)
            if flush:
                flush()
        done += len(part)
        if progress:
            progress(done, total)
    return done


# --- Results -------------------------------------------------------------------------------------------------


class ImportResult:
    """Counts of an upserting importer (units, contestants) and its refused rows as (row or place, reason)."""

    def __init__(self):
        self.created = self.updated = self.unchanged = 0
        self.errors = []

    @property
    def ok(self):
        return self.created + self.updated + self.unchanged

    def to_json(self):
        """What a job stores: the counts and each refused row as [row, column, reason] (`issues`)."""
        return {"summary": {"created": self.created, "updated": self.updated, "unchanged": self.unchanged},
                "errors": [list(e) for e in issues(self.errors)], "warnings": []}


# --- Reporting -----------------------------------------------------------------------------------------------


class Issue(str):
    """A row's reason that also names its column. A str, so code that reads reasons as text is unchanged."""

    column = ""


def issue(reason: str, column: str = "") -> Issue:
    out = Issue(reason)
    out.column = column or ""
    return out


def issues(errors, columns=None):
    """[(row, column, reason)] from the (row, reason) pairs importers collect, with the column where known."""
    columns = columns or {}
    out = []
    for e in errors or []:
        e = list(e)
        if len(e) >= 3:
            out.append((e[0], e[1] or "", str(e[2])))
        else:
            column = getattr(e[1], "column", "") or (columns.get(e[0], "") if isinstance(e[0], int) else "")
            out.append((e[0], column, str(e[1])))
    return out


def report_csv(rows) -> str:
    """The issues of an import as CSV text (Baris, Kolom, Alasan), ready to download (opens in Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["Baris", "Kolom", "Alasan"])
    for row, column, reason in rows:
        w.writerow([row, _safe(column), _safe(reason)])
    return "\ufeff" + buf.getvalue()


def report_response(rows, filename):
    """The download of an import's issues (CSV for Excel, formulas neutralised)."""
    from django.http import HttpResponse

    response = HttpResponse(report_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _safe(value):
    """A cell starting with = + - @ would run as a formula in Excel: prefix it (core.tabular.safe_cell)."""
    from netral.core.tabular import safe_cell

    return safe_cell(str(value or ""))
