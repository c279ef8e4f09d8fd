"""Red-team pass 2: realistic variants of the shared format samples (/work/shared/formats) that broke a parser."""

from pathlib import Path

from netral.monitoring import ingest
from netral.monitoring.ingest import RowError

FORMATS = Path("/work/shared/formats")


def split(records):
    good = [r for r in records if not isinstance(r, RowError)]
    bad = [r for r in records if isinstance(r, RowError)]
    return good, bad


TIKTOK_CSV = (
    "collected_from_url,id,thread_id,author,author_full,body,stickers,timestamp,unix_timestamp,is_duet,tiktok_url\n"
    "https://www.tiktok.com/@budi,7436000000000000001,7436000000000000001,budi,Budi,Halo nomor 2,,"
    "2024-11-10 13:15:00,1731244500,no,https://www.tiktok.com/@budi/video/7436000000000000001\n"
    "garbage,1\n"
    "https://www.tiktok.com/@budi,7437200000000000002,7437200000000000002,budi,Budi,Kedua,,"
    "2024-11-14 12:30:00,1731587400,no,https://www.tiktok.com/@budi/video/7437200000000000002\n"
)


def test_a_4cat_csv_row_with_fewer_cells_than_the_header_is_a_row_error_not_an_item():
    good, bad = split(list(ingest.parse(TIKTOK_CSV.encode(), "zeeschuimer")))
    assert [r.external_id for r in good] == ["7436000000000000001", "7437200000000000002"]
    assert len(bad) == 1 and bad[0].line == 3 and "kurang" in bad[0].reason


def test_an_unterminated_quote_in_a_4cat_csv_is_reported_not_stored_as_an_item():
    data = TIKTOK_CSV.replace("garbage,1", 'x,"unterminated').encode()
    good, bad = split(list(ingest.parse(data, "zeeschuimer")))
    # the quote swallows the rest of the file: the first item is kept, the rest is an error, not a bogus item
    assert [r.external_id for r in good] == ["7436000000000000001"]
    assert len(bad) == 1 and bad[0].line == 3


def test_a_repost_of_a_deleted_post_keeps_its_truncated_copy_as_the_shared_text():
    # red team 2: X lists a deleted/protected original only in `errors` (flattened: a bare {type, id}); the repost's
    # "RT @user: ..." copy is then the only evidence of what was shared, and it was dropped (no text at all: the
    # item could never be scanned).
    rt = {"id": "1855000000000000202", "author_id": "1", "created_at": "2024-11-10T02:01:05.000Z",
          "text": "RT @timpemenangan_contoh: Relawan siap kawal suara paslon nomor urut 2 sampai TPS &amp; \u2026",
          "referenced_tweets": [{"type": "retweeted", "id": "1855000000000000101"}]}
    page = {"data": [rt], "includes": {"users": [{"id": "1", "username": "budi_asn_contoh"}]},
            "errors": [{"resource_id": "1855000000000000101", "title": "Not Found Error"}]}
    import json

    for data in (json.dumps(page).encode(), json.dumps(dict(rt, author={"username": "budi_asn_contoh"})).encode()):
        good, bad = split(list(ingest.parse(data, "x_v2")))
        assert not bad and len(good) == 1
        r = good[0]
        assert r.interaction == "share" and r.text == ""
        assert r.ref_text == "Relawan siap kawal suara paslon nomor urut 2 sampai TPS & \u2026"
        assert r.ref_author == "timpemenangan_contoh"
        assert r.ref_url == "https://x.com/timpemenangan_contoh/status/1855000000000000101"
        assert r.payload.get("_ref_truncated") is True


def test_a_4cat_csv_saved_again_by_excel_in_windows_1252_keeps_its_accents_and_quotes():
    # red team 2: the CSV was decoded as UTF-8 with replacement, so "débat “publik”" was stored as "d\ufffdbat ..."
    data = TIKTOK_CSV.replace("Halo nomor 2", "Nonton débat “publik”").replace("\n", "\r\n").encode("cp1252")
    good, bad = split(list(ingest.parse(data, "zeeschuimer")))
    assert [b.line for b in bad] == [3] and good[0].text == "Nonton débat “publik”"


def test_a_utf8_4cat_csv_with_one_damaged_byte_stays_utf8():
    data = TIKTOK_CSV.replace("Halo nomor 2", "Halo ✌️ nomor 2").replace("Kedua", "Kedua \xff").encode("utf-8")
    data = data.replace("\xff".encode("utf-8"), b"\xff")
    good, _bad = split(list(ingest.parse(data, "zeeschuimer")))
    assert good[0].text == "Halo ✌️ nomor 2" and good[1].text == "Kedua \ufffd"


from netral.monitoring.models import ContentItem  # noqa: E402
from netral.monitoring.store import save_records  # noqa: E402
from netral.monitoring.tests.helpers import MonitoringCase  # noqa: E402


class NonFiniteNumbersTests(MonitoringCase):
    def test_nan_and_infinity_in_an_export_are_stored_as_text_not_refused_by_the_database(self):
        # red team 2: Python's json reads NaN / Infinity / 1e999; jsonb (PostgreSQL) refuses them, SQLite stores
        # text that no strict reader reads back
        line = ('{"source_platform": "tiktok.com", "item_id": "7436000000000000001", "last_updated": NaN, '
                '"data": {"id": "7436000000000000001", "desc": "Halo", "createTime": 1731244500, '
                '"author": {"uniqueId": "budi"}, "stats": {"playCount": Infinity, "diggCount": 1e999}}}\n')
        records = list(ingest.parse(line.encode(), "zeeschuimer"))
        good, bad = split(records)
        assert len(good) == 1 and not bad
        save_records(records, unit=self.kanwil, user=self.pengawas)
        item = ContentItem.objects.get(external_id="7436000000000000001")
        import json

        text = json.dumps(item.payload, allow_nan=False)  # raises on any NaN / Infinity left
        assert '"Infinity"' in text or "Infinity" not in text


def test_an_integer_of_over_4300_digits_is_that_lines_error_and_the_next_lines_are_read():
    # red team 2: json.loads raises a plain ValueError (not JSONDecodeError) for it: the JSONL file stopped there
    long_line = b'{"platform": "x", "text": "a", "n": ' + b"1" * 5000 + b"}"
    data = long_line + b'\n{"platform": "x", "text": "baris kedua", "id": "2"}\n'
    good, bad = split(list(ingest.parse(data, "generic")))
    assert [r.text for r in good] == ["baris kedua"] and [b.line for b in bad] == [1]
    assert "JSON" in bad[0].reason


def test_an_integer_of_over_4300_digits_in_a_json_file_is_a_refused_file_with_a_message():
    import pytest

    with pytest.raises(ingest.FormatError, match="JSON"):
        list(ingest.parse(b'[{"timestamp": ' + b"1" * 5000 + b"}]", "facebook"))


def test_an_integer_of_over_4300_digits_in_twarc2_jsonl_is_that_lines_error():
    first = FORMATS.joinpath("x-twitter-v2-twarc2.sample.jsonl").read_bytes().splitlines()[0]
    data = b'{"data": [{"id": "1", "text": "x", "n": ' + b"1" * 5000 + b"}]}\n" + first + b"\n"
    good, bad = split(list(ingest.parse(data, "x_v2")))
    assert [b.line for b in bad] == [1] and len(good) == 3


def test_an_unmapped_zero_time_is_no_time_not_1970():
    # red team 2: 4CAT writes fields it could not map as their default ("", 0): unix_timestamp "0" was stored as
    # 1970-01-01, even with a good `timestamp` beside it, so the item fell outside every monitoring period
    data = TIKTOK_CSV.replace(",1731244500,", ",0,").replace("2024-11-14 12:30:00,1731587400", ",0").encode()
    good, bad = split(list(ingest.parse(data, "zeeschuimer")))
    assert [r.posted_at.isoformat() if r.posted_at else None for r in good] == ["2024-11-10T13:15:00+00:00", None]
    line = ('{"source_platform": "tiktok.com", "item_id": "1", "data": {"id": "1", "desc": "Halo", "createTime": 0, '
            '"author": {"uniqueId": "budi"}}}\n')
    good, bad = split(list(ingest.parse(line.encode(), "zeeschuimer")))
    assert len(good) == 1 and good[0].posted_at is None


def test_a_csv_error_mid_file_keeps_the_rows_before_it():
    # red team 2: one cell over the csv module's field limit (131,072 characters) refused the whole file
    import csv

    lines = TIKTOK_CSV.replace("garbage,1\n", "").splitlines()
    big = lines[2].replace("Kedua", "x" * 200_000)
    before = csv.field_size_limit(131_072)  # process-wide: netral.detect.train raises it when imported
    try:
        good, bad = split(list(ingest.parse("\n".join([lines[0], lines[1], big]).encode(), "zeeschuimer")))
    finally:
        csv.field_size_limit(before)
    assert [r.external_id for r in good] == ["7436000000000000001"]
    assert len(bad) == 1 and bad[0].line == 3 and "tidak dibaca" in bad[0].reason


def test_day_first_times_with_seconds_or_an_indonesian_dot_are_read():
    # red team 2: "10/11/2024 13:15:00" (Excel, Indonesian locale) and "10/11/2024 13.15" were row errors
    from netral.monitoring.ingest.common import parse_iso

    for raw in ("10/11/2024 13:15:00", "10-11-2024 13:15:00", "10/11/2024 13.15", "10/11/2024 13.15.00"):
        when, assumed = parse_iso(raw)
        assert (when.isoformat(), assumed) == ("2024-11-10T13:15:00+00:00", True), raw
