import pytest

from netral.monitoring import ingest
from netral.monitoring.ingest import FormatError, RowError
from netral.monitoring.ingest.common import fix_mojibake, parse_iso
from netral.monitoring.tests.helpers import sample


def split(records):
    good = [r for r in records if not isinstance(r, RowError)]
    bad = [r for r in records if isinstance(r, RowError)]
    return good, bad


def test_it_reads_a_generic_csv_and_reports_bad_rows_by_line():
    good, bad = split(list(ingest.parse(sample("generic.csv"), "generic")))
    assert [r.external_id for r in good][:2] == ["9001", "url:https://www.instagram.com/p/ABC123/"]
    assert good[0].handle == "budi_asn" and good[0].platform == "x"
    assert good[0].posted_at.isoformat() == "2024-02-01T03:00:00+00:00"
    assert good[1].interaction == "comment" and good[1].time_assumed_utc
    share = good[2]
    assert share.interaction == "share" and "paslon 01" in share.ref_text
    assert share.posted_at.isoformat() == "2024-02-01T04:00:00+00:00"  # unix seconds, UTC
    lines = {e.line: e.reason for e in bad}
    assert set(lines) == {5, 6, 7, 8}
    assert "platform" in lines[5] and "interaksi" in lines[6] and "teks" in lines[7] and "waktu" in lines[8]
    assert len(good) == 4  # the in-file duplicate is dropped by the store, not the parser


def test_it_reads_generic_jsonl_with_malformed_lines():
    good, bad = split(list(ingest.parse(sample("generic.jsonl"), "generic")))
    assert [r.external_id for r in good] == ["7001", "7002"]
    assert good[1].interaction == "like" and good[1].ref_text.startswith("Resep")
    assert {e.line for e in bad} == {3, 4, 6}


def test_it_refuses_a_csv_without_text_columns():
    with pytest.raises(FormatError):
        list(ingest.parse(b"nama;umur\nBudi;40\n", "generic"))


def test_it_reads_x_api_v2_responses():
    good, bad = split(list(ingest.parse(sample("x_v2.json"), "x_v2")))
    by_id = {r.external_id: r for r in good}
    post = by_id["1855000000000000301"]
    assert post.handle == "budi_asn" and post.text.startswith("Ayo ramaikan") and "& ajak" in post.text
    assert post.url == "https://x.com/budi_asn/status/1855000000000000301"
    repost = by_id["1855000000000000302"]
    assert repost.interaction == "share" and repost.text == "" and "Coblos 02" in repost.ref_text
    assert repost.ref_author == "relawan_contoh"
    reply = by_id["1855000000000000303"]
    assert reply.interaction == "comment" and reply.ref_text == ""  # deleted target listed in errors
    assert by_id["1855000000000000304"].text.startswith("Catatan panjang tentang")  # note_tweet preferred
    assert len(bad) == 1 and "tanpa id" in bad[0].reason


def test_it_reads_twarc_likes_without_time_and_reports_bad_pages():
    good, bad = split(list(ingest.parse(sample("x_likes.jsonl"), "x_v2", account_handle="budi_asn")))
    assert len(good) == 1
    like = good[0]
    assert like.interaction == "like" and like.handle == "budi_asn" and like.posted_at is None
    assert like.external_id == "like:budi_asn:1855000000000000401"
    assert {e.line for e in bad} == {2, 3}


def test_it_refuses_a_broken_x_file():
    with pytest.raises(FormatError):
        list(ingest.parse(sample("x_broken.json"), "x_v2"))


def test_it_detects_formats():
    assert ingest.detect_format(sample("x_v2.json"), "x.json") == "x_v2"
    assert ingest.detect_format(sample("generic.csv"), "data.csv") == "generic"
    assert ingest.detect_format(b"hello", "a.bin") is None


def test_it_repairs_meta_mojibake_and_parses_times():
    assert fix_mojibake("Ayo dukung \u00f0\u009f\u0091\u008d") == "Ayo dukung 👍"
    assert fix_mojibake("sudah benar ✌") == "sudah benar ✌"
    dt, assumed = parse_iso("2024-11-10 14:00:00")
    assert assumed and dt.utcoffset().total_seconds() == 0
