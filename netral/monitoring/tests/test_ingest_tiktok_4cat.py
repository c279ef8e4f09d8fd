import json

import pytest

from netral.monitoring import ingest
from netral.monitoring.ingest import FormatError, RowError
from netral.monitoring.models import ContentItem
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import MonitoringCase, sample
from netral.people.models import SocialAccount


def split(records):
    good = [r for r in records if not isinstance(r, RowError)]
    bad = [r for r in records if isinstance(r, RowError)]
    return good, bad


def run(name, fmt, handle=""):
    return split(list(ingest.parse(sample(name), fmt, account_handle=handle)))


# --- TikTok export ------------------------------------------------------------------------------------------------


def test_it_reads_the_newer_tiktok_export():
    good, bad = run("tiktok_user_data_tiktok.json", "tiktok")
    kinds = [r.interaction for r in good]
    assert kinds == ["post", "photo", "post", "comment", "comment", "like", "share", "share", "follow"]
    assert all(r.platform == "tiktok" and r.handle == "dewi.asn.uji" for r in good)  # from ProfileMap, lower-cased
    video, slides, deleted = good[0], good[1], good[2]
    assert video.text.startswith("Habis nonton debat") and video.url == ""  # CDN link is media, not a page
    assert video.posted_at.isoformat() == "2024-11-05T10:00:00+00:00" and video.time_assumed_utc
    assert video.posted_at_raw == "2024-11-05 10:00:00"
    assert len(slides.media_urls) == 2 and slides.text == ""
    assert deleted.payload["_deleted"] == "2024-11-08 01:00:00" and "coblos" in deleted.text
    assert good[4].text == "Ã€ bientÃ´t, semangat 🔥"  # no Meta mojibake repair on TikTok
    like = good[5]
    assert like.external_id == "like:dewi.asn.uji:7430000000000000101"
    assert like.ref_url.endswith("/7430000000000000101/")
    assert good[6].external_id.startswith("repost:") and good[7].payload["_method"] == "whatsapp"
    follow = good[8]
    assert follow.external_id == "follow:dewi.asn.uji:paslon.uji.official"
    assert follow.ref_author == "paslon.uji.official"
    # the null favourites, empty searches, followers and watch history give nothing; the bad date is one row error
    assert len(bad) == 1 and bad[0].line == 3 and "waktu" in bad[0].reason and "unggahan ke-3" in bad[0].reason
    again, _ = run("tiktok_user_data_tiktok.json", "tiktok")
    assert [r.external_id for r in again] == [r.external_id for r in good]
    assert len({r.external_id for r in good}) == len(good)


def test_it_reads_the_legacy_tiktok_export_with_other_key_case():
    good, bad = run("tiktok_user_data.json", "tiktok", handle="@Dewi.ASN.uji")
    assert not bad
    by_kind = {}
    for r in good:
        by_kind.setdefault(r.interaction, []).append(r)
    assert len(by_kind["post"]) == 1 and by_kind["post"][0].text == ""  # old exports: no caption
    assert by_kind["comment"][0].text == "Merdeka! Dirgahayu RI 🇮🇩"
    assert {r.external_id for r in by_kind["like"]} == {"like:dewi.asn.uji:7260000000000000201",
                                                        "favorite:dewi.asn.uji:7260000000000000202"}
    assert by_kind["follow"][0].ref_author == "calon.uji.2024"
    assert by_kind["share"][0].posted_at.isoformat() == "2023-08-17T04:06:00+00:00"


@pytest.mark.parametrize("data", [b"", b"bukan json", b"[1, 2]", b'{"nama": "Budi"}'])
def test_it_refuses_a_file_that_is_not_a_tiktok_export(data):
    with pytest.raises(FormatError):
        list(ingest.parse(data, "tiktok"))


def test_it_accepts_empty_tiktok_sections():
    data = json.dumps({"Video": None, "Comment": {}, "Activity": {"Like List": []},
                       "Your Activity": {"Reposts": {"RepostList": None}}}).encode()
    assert list(ingest.parse(data, "tiktok")) == []


# --- Zeeschuimer / 4CAT ------------------------------------------------------------------------------------------


def test_it_reads_zeeschuimer_tiktok_and_checks_the_author():
    good, bad = run("zs_tiktok.ndjson", "zeeschuimer", handle="dewi.asn.uji")
    assert [r.external_id for r in good] == ["7440000000000000002", "7440000000000000001"]
    dukung, debat = good
    assert dukung.text == "Dukung nomor 1 ya\nPilih nomor 1!"  # sticker text kept
    assert dukung.posted_at.isoformat() == "2024-11-12T08:26:40+00:00"  # createTime as a string, seconds
    assert dukung.url == "https://www.tiktok.com/@dewi.asn.uji/video/7440000000000000002"
    # the partial copy (line 1) is replaced by the newer full copy (line 5)
    assert debat.line == 5 and debat.text == "Debat malam ini seru" and "_partial" not in debat.payload
    reasons = {e.line: e.reason for e in bad}
    assert set(reasons) == {3, 4, 6}
    assert "bukan unggahan akun ini" in reasons[3] and "paslon.uji.official" in reasons[3]
    assert "JSON" in reasons[4]
    again, _ = run("zs_tiktok.ndjson", "zeeschuimer", handle="dewi.asn.uji")
    assert [r.external_id for r in again] == [r.external_id for r in good]


def test_without_an_account_every_seen_item_keeps_its_own_author():
    good, bad = run("zs_tiktok.ndjson", "zeeschuimer")
    assert {r.handle for r in good} == {"dewi.asn.uji", "paslon.uji.official"}
    assert {e.line for e in bad} == {4, 6}


def test_it_keeps_the_newest_duplicate():
    def line(updated, desc):
        return json.dumps({"id": 1, "nav_index": "1:1:0", "item_id": "7449", "timestamp_collected": 1732300000000,
                           "last_updated": updated, "source_platform": "tiktok.com",
                           "data": {"id": "7449", "desc": desc, "createTime": 1731300000,
                                    "author": "dewi.asn.uji"}})
    data = "\n".join([line(1732300000500, "baru"), line(1732300000100, "lama")]).encode()
    good, bad = split(list(ingest.parse(data, "zeeschuimer", account_handle="dewi.asn.uji")))
    assert not bad and len(good) == 1 and good[0].text == "baru" and good[0].line == 1


def test_it_reads_4cat_ndjson_and_zeeschuimer_comments_in_one_file():
    good, bad = run("zs_4cat_mixed.ndjson", "zeeschuimer", handle="dewi.asn.uji")
    assert not bad
    photo, collab, comment = good
    assert photo.platform == "instagram" and photo.external_id == "DDuji0001" and photo.text == ""  # caption null
    assert photo.interaction == "photo" and photo.url == "https://www.instagram.com/p/DDuji0001/"
    assert collab.handle == "dewi.asn.uji" and collab.ref_author == "paslon.uji.official"  # co-author kept
    assert comment.interaction == "comment" and comment.external_id == "7441000000000000001"
    assert comment.ref_text == "Kampanye paslon" and comment.ref_author == "paslon.uji.official"
    assert comment.posted_at.isoformat() == "2024-11-14T16:00:00+00:00"


def test_it_reads_a_4cat_csv_with_row_errors():
    good, bad = run("4cat_tiktok.csv", "zeeschuimer", handle="dewi.asn.uji")
    assert len(good) == 1
    post = good[0]
    assert post.external_id == "7440000000000000002"  # same key as the Zeeschuimer NDJSON copy
    assert post.text == "Dukung nomor 1 ya\nPilih nomor 1!\nJangan golput"
    assert post.posted_at.isoformat() == "2024-11-12T08:26:40+00:00" and not post.time_assumed_utc
    reasons = {e.line: e.reason for e in bad}
    assert set(reasons) == {4, 5, 6}  # the multi-line stickers cell moves the line numbers on
    assert "bukan unggahan akun ini" in reasons[4] and "id" in reasons[5] and "waktu" in reasons[6]


def test_it_keeps_but_marks_a_pseudonymised_4cat_csv():
    good, bad = run("4cat_instagram_pseudo.csv", "zeeschuimer", handle="dewi.asn.uji")
    assert not bad and len(good) == 1
    r = good[0]
    assert r.platform == "instagram" and r.handle == "" and r.payload["_pseudonymised"] is True
    assert r.text == "Ayo ke TPS tanggal 27" and r.external_id == "DDuji0003"


@pytest.mark.parametrize("data", [b"", b"[{}]", b'{"id": 1, "foo": 2}\n', b"a,b\n1,2\n",
                                  b"id,body,timestamp,unix_timestamp,thread_id\n1,x,,1,1\n"])
def test_it_refuses_files_that_are_not_zeeschuimer_or_4cat(data):
    with pytest.raises(FormatError):
        list(ingest.parse(data, "zeeschuimer"))


def test_it_detects_tiktok_zeeschuimer_and_4cat_without_stealing_others():
    assert ingest.detect_format(sample("tiktok_user_data_tiktok.json"), "user_data_tiktok.json") == "tiktok"
    assert ingest.detect_format(sample("tiktok_user_data.json"), "ekspor.json") == "tiktok"
    for name in ("zs_tiktok.ndjson", "zs_4cat_mixed.ndjson", "4cat_tiktok.csv", "4cat_instagram_pseudo.csv"):
        assert ingest.detect_format(sample(name), name) == "zeeschuimer", name
    assert ingest.detect_format(sample("generic.csv"), "generic.csv") == "generic"
    assert ingest.detect_format(sample("generic.jsonl"), "generic.jsonl") == "generic"
    assert ingest.detect_format(sample("x_v2.json"), "x_v2.json") == "x_v2"
    assert ingest.detect_format(sample("x_likes.jsonl"), "x_likes.jsonl") == "x_v2"


class TikTokStoreTests(MonitoringCase):
    def test_it_stores_zeeschuimer_and_tiktok_items_once(self):
        SocialAccount.objects.create(employee=self.budi, platform="tiktok", handle="dewi.asn.uji")
        for name, fmt in (("zs_tiktok.ndjson", "zeeschuimer"), ("tiktok_user_data_tiktok.json", "tiktok")):
            records = list(ingest.parse(sample(name), fmt, account_handle="dewi.asn.uji"))
            first = save_records(records, unit=self.kanwil, user=self.pengawas)
            good = [r for r in records if not isinstance(r, RowError)]
            assert first["summary"]["create"] == len(good) > 0
            again = save_records(list(ingest.parse(sample(name), fmt, account_handle="dewi.asn.uji")),
                                 unit=self.kanwil, user=self.pengawas)
            assert again["summary"]["create"] == 0 and again["summary"]["duplicate"] == len(good)
        item = ContentItem.objects.get(platform="tiktok", external_id="7440000000000000002")
        assert item.employee_id == self.budi.pk and "Pilih nomor 1!" in item.text
        like = ContentItem.objects.get(external_id="like:dewi.asn.uji:7430000000000000101")
        assert like.interaction == "like" and like.time_assumed_utc and like.employee_id == self.budi.pk
        assert not ContentItem.objects.filter(handle="paslon.uji.official").exists()
