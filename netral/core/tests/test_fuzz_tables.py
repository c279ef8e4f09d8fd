"""Fuzzing the spreadsheet side of the import pipeline (issue 11): the reader and every importer on top of it.

Whatever the file (random bytes, a truncated or damaged .xlsx, a zip bomb, wrong encodings, huge fields, cells of
any text), `read_table` raises nothing but TableError, and the roster, unit, contestant and attendance imports
raise nothing but TableError (a file refused as a whole) while reporting bad rows by number and keeping the others.
Bounded: few examples, no deadline, an alarm against hangs.
"""

import csv
import io
import signal
import zipfile
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import Workbook

from netral.core import imports
from netral.core.actions import import_units
from netral.core.models import OrgUnit
from netral.core.tabular import Table, TableError, read_table
from netral.elections.actions import import_contestants_csv, import_kpu_json
from netral.elections.models import Election
from netral.people import roster_import
from netral.people.models import Employee
from netral.pledges import actions as pledge_actions
from netral.pledges.models import Event
from netral.test import Personas

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ROSTER_CSV = ("NIP;Nama;Jenis Pegawai;Jabatan;Golongan;Kode Unit;Email;Status;Tanggal berakhir;Instagram\n"
              "198801012012011001;Andi Wijaya;PNS;Penjaga;III/a;UPT-A;andi@contoh.go.id;Aktif;;@andi.w\n"
              "199202022019022002;Rina Marlina;PPPK;Analis;9;UPT-A;;;;\n"
              ";Joko;PPNPN;Sopir;;UPT-A;;Tidak aktif;2024-01-31;\n").encode()
CELLS = st.one_of(st.text(max_size=40), st.sampled_from(["-", "(kosongkan)", "", " ", "0", "9" * 30, "=1+1",
                                                          "29-02-2023", "x" * 5000, "\x00", "PNS", "UPT-A"]))


@contextmanager
def no_hang(seconds=20):
    def stop(*_):
        raise TimeoutError("import hangs")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def read(raw):
    with no_hang():
        try:
            return read_table(raw)
        except TableError as e:
            assert str(e)
            return None


def xlsx(rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD_XLSX = xlsx([["NIP", "Nama", "Jenis Pegawai", "Kode Unit"], ["198801012012011001", "Andi", "PNS", "UPT-A"]])


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes_are_read_or_refused(raw):
    read(raw)


@FUZZ
@given(st.data())
def test_damaged_csv_is_read_row_by_row(data):
    raw = ROSTER_CSV
    at = data.draw(st.integers(0, len(raw)))
    how = data.draw(st.sampled_from(["truncate", "insert", "invalid_utf8", "huge", "quote", "utf16", "nul"]))
    if how == "truncate":
        raw = raw[:at]
    elif how == "insert":
        raw = raw[:at] + data.draw(st.binary(max_size=20)) + raw[at:]
    elif how == "invalid_utf8":
        raw = raw[:at] + b"\xff\xfe\xc3" + raw[at:]
    elif how == "huge":
        raw = raw[:at] + b"a" * 300_000 + raw[at:]
    elif how == "quote":
        raw = raw[:at] + b'"' + raw[at:]
    elif how == "utf16":
        raw = raw.decode().encode("utf-16")
    else:
        raw = raw[:at] + b"\x00" + raw[at:]
    table = read(raw)
    if table is not None:
        assert all(isinstance(n, int) and isinstance(r, dict) for n, r in table.rows)
        assert all(isinstance(v, str) for _, r in table.rows for v in r.values())


def test_a_huge_field_costs_its_row_only():
    raw = ROSTER_CSV.replace(b"Rina Marlina", b'"' + b"R" * 300_000 + b'"')
    table = read_table(raw)
    assert [n for n, _ in table.rows] == [2, 4]
    assert [n for n, _ in table.errors] == [3]


@FUZZ
@given(st.data())
def test_damaged_xlsx_is_refused_with_a_message(data):
    raw = bytearray(GOOD_XLSX)
    how = data.draw(st.sampled_from(["truncate", "flip", "insert"]))
    at = data.draw(st.integers(0, len(raw) - 1))
    if how == "truncate":
        raw = raw[:at]
    elif how == "flip":
        raw[at] ^= data.draw(st.integers(1, 255))
    else:
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=20))
    read(bytes(raw))


def _bomb(declared_ok=True, size=150 * 1024 * 1024):
    buf = io.BytesIO()
    src = zipfile.ZipFile(io.BytesIO(GOOD_XLSX))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename == "xl/sharedStrings.xml" or info.filename.endswith("sheet1.xml"):
                with z.open(info.filename, "w", force_zip64=True) as fh:
                    body = src.read(info)
                    fh.write(body[:-12])
                    for _ in range(size // (1024 * 1024)):
                        fh.write(b" " * 1024 * 1024)
                    fh.write(body[-12:])
            else:
                z.writestr(info, src.read(info))
    data = bytearray(buf.getvalue())
    if not declared_ok:  # a central directory that under-states every member's size
        pos = 0
        while (pos := data.find(b"PK\x01\x02", pos)) != -1:
            data[pos + 24:pos + 28] = (1000).to_bytes(4, "little")
            pos += 4
    return bytes(data)


def test_xlsx_bombs_are_refused_before_parsing_even_with_lying_sizes():
    for declared_ok in (True, False):
        bomb = _bomb(declared_ok)
        assert len(bomb) < 2 * 1024 * 1024
        with no_hang():
            try:
                read_table(bomb)
            except TableError as e:
                assert "terlalu besar" in str(e) or "rusak" in str(e)
            else:
                raise AssertionError("bomb accepted")


def test_too_many_rows_are_refused_before_parsing(monkeypatch):
    from netral.core import tabular

    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    for raw in (ROSTER_CSV + b"x;y;PNS\n" * 5, xlsx([["NIP", "Nama"]] + [["1", "a"]] * 6)):
        try:
            read_table(raw)
        except TableError as e:
            assert "baris" in str(e)
        else:
            raise AssertionError("row limit not applied")


def test_zip_ratio_and_member_limits():
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
        f.writestr("a.json", b"0" * (5 * 1024 * 1024))
    try:
        imports.check_zip(z.getvalue())
    except imports.RefusedFile as e:
        assert "bom zip" in str(e)
    else:
        raise AssertionError("ratio not checked")


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Each example writes inside its own transaction, undone afterwards: the examples never see each other."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


class ImporterFuzzTestCase(Personas, HypothesisTestCase):
    """Every spreadsheet importer, fed tables with cells of any text: rows are errors or imported, nothing raises."""

    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def table(self, header, rows):
        """The rows as a user's CSV, read by the pipeline's reader (what every importer is given)."""
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
        try:
            return read_table(buf.getvalue().encode())
        except TableError:
            return Table(header=header)

    @FUZZ
    @given(st.lists(st.lists(CELLS, min_size=10, max_size=10), min_size=1, max_size=5),
           st.sampled_from(["admin", "operator", "outsider"]))
    def test_roster_plan_and_apply_never_raise(self, rows, who):
        header = ["nip", "nama", "jenis pegawai", "jabatan", "golongan", "kode unit", "email", "status",
                  "tanggal berakhir", "instagram"]
        user = getattr(self, who)
        table = self.table(header, rows)
        with no_hang(), rolled_back():
            plan = roster_import.plan(table, roster_import.guess_mapping(header), user)
            result = roster_import.apply(plan, user)
            # nothing outside the user's scope was written
            self.assertFalse(Employee.objects.exclude(unit__in=OrgUnit.objects.for_user(user)).exists())
        assert result["summary"]["total"] <= len(rows)
        assert all(isinstance(n, int) and isinstance(m, str) for n, m in plan.errors)

    @FUZZ
    @given(st.lists(st.lists(CELLS, min_size=7, max_size=7), min_size=1, max_size=5))
    def test_unit_import_never_raises(self, rows):
        header = ["kode", "nama", "jenis", "kode induk", "provinsi", "kabupaten/kota", "alamat"]
        with no_hang(), rolled_back():
            result = import_units(self.table(header, rows), self.admin)
        assert result.ok + len(result.errors) <= len(rows)

    @FUZZ
    @given(st.lists(st.lists(CELLS, min_size=9, max_size=9), min_size=1, max_size=5))
    def test_contestant_import_never_raises(self, rows):
        Election.objects.get_or_create(slug="pilkada-uji", defaults=dict(kind="pilkada", name="Uji",
                                                                         voting_day=timezone.now().date()))
        header = ["key", "election", "number", "name", "aliases", "parties", "hashtags", "kind", "gesture"]
        rows = [[r[0], "pilkada-uji", *r[2:]] for r in rows]
        with no_hang(), rolled_back():
            result = import_contestants_csv(self.table(header, rows), self.admin)
        assert result.ok + len(result.errors) <= len(rows)

    @FUZZ
    @given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                        lambda children: st.lists(children, max_size=3)
                        | st.dictionaries(st.text(max_size=6), children, max_size=3), max_leaves=15))
    def test_kpu_json_never_raises(self, doc):
        import json

        election, _ = Election.objects.get_or_create(slug="pilkada-uji", defaults=dict(
            kind="pilkada", name="Uji", voting_day=timezone.now().date()))
        doc = {"31": {"1000": doc, "1001": {"nama": "A - B", "nomor_urut": 1}}} if not isinstance(doc, dict) \
            else {"31": dict(doc, **{"1001": {"nama": "A - B", "nomor_urut": 1}})}
        with no_hang(), rolled_back():
            try:
                result = import_kpu_json(json.dumps(doc).encode(), election, self.admin, region_names={})
            except TableError:
                return
        assert result.ok >= 1  # the good pair is kept whatever its neighbour holds

    @FUZZ
    @given(st.lists(CELLS, min_size=1, max_size=6))
    def test_attendance_import_never_raises(self, cells):
        event = Event.objects.create(unit=self.kanwil, title="Sosialisasi", place="Aula", starts_at=timezone.now())
        event.targets.set([self.upt_a])
        with no_hang(), rolled_back():
            result = pledge_actions.import_attendance(event, self.table(["nip"], [[c] for c in cells]),
                                                      self.operator)
        assert result.added + len(result.errors) + result.already <= len(cells)


def test_duplicate_column_titles_are_refused_not_silently_merged():
    # "Nama,Nama": the second column's values replaced the first's in every row, without a word.
    for raw in (b"Nama,NIP,Nama\nBudi,,Joko\n", "Nama;Jenis;nama \nBudi;PPNPN;Joko\n".encode()):
        try:
            read_table(raw)
        except TableError as e:
            assert "ganda" in str(e) and "nama" in str(e)
        else:
            raise AssertionError("duplicate column titles read")
    wb = Workbook()
    wb.active.append(["Nama", "NIP", "NAMA"])
    wb.active.append(["Budi", "", "Joko"])
    buf = io.BytesIO()
    wb.save(buf)
    try:
        read_table(buf.getvalue())
    except TableError as e:
        assert "ganda" in str(e)
    else:
        raise AssertionError("duplicate column titles read")
    # Empty titles may repeat: their columns are not read.
    assert read_table(b"Nama,,\nBudi,x,y\n").rows[0][1] == {"nama": "Budi"}


def test_utf16_text_from_excel_is_read():
    # Excel's "Unicode Text" (and some government exports) is UTF-16 with a byte order mark, tab separated.
    text = "Nama\tNIP\tJenis\nBudi Åžahin\t\tPPNPN\n"
    for enc in ("utf-16", "utf-16-be"):
        raw = text.encode(enc)
        if enc == "utf-16-be":
            raw = b"\xfe\xff" + raw
        table = read_table(raw)
        assert table.header == ["nama", "nip", "jenis"], enc
        assert table.rows[0][1]["nama"] == "Budi Åžahin", enc


def test_a_missing_column_in_a_file_of_thousands_of_columns_gives_a_short_message():
    from netral.core.tabular import require_columns

    table = read_table(",".join(f"kolom{i}" for i in range(10000)).encode() + b"\n" + b"1," * 9999 + b"1\n")
    try:
        require_columns(table, ["nip", "nama"])
    except TableError as e:
        message = str(e)
    else:
        raise AssertionError("a missing column was accepted")
    assert message.startswith("Kolom wajib tidak ada: nip, nama. Kolom yang ada: kolom0, kolom1")
    assert "(9970 kolom lain)" in message
    assert len(message) < 600
