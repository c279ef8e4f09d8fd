"""Facebook and Instagram DYI parsers (ingest/facebook.py, ingest/instagram.py)."""

import json

import pytest

from netral.monitoring import ingest
from netral.monitoring.ingest import FormatError, RowError
from netral.monitoring.models import ContentItem
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import MonitoringCase, sample

FB_SAMPLES = ["fb_posts.json", "fb_comments.json", "fb_reactions_1.json", "fb_reactions_lv.json", "fb_groups.json",
              "fb_pages.json"]
IG_SAMPLES = ["ig_posts.json", "ig_comments.json", "ig_comments_old.json", "ig_liked.json", "ig_liked_lv.json",
              "ig_following.json"]


def run(name, fmt, handle="@Sari_Dewi"):
    records = list(ingest.parse(sample(name), fmt, account_handle=handle))
    good = [r for r in records if not isinstance(r, RowError)]
    bad = [r for r in records if isinstance(r, RowError)]
    return good, bad


def ids(name, fmt):
    return [r.external_id for r in run(name, fmt)[0]]


@pytest.mark.parametrize("name,fmt", [(n, "facebook") for n in FB_SAMPLES] + [(n, "instagram") for n in IG_SAMPLES])
def test_ids_are_stable_and_unique_across_parses(name, fmt):
    first = ids(name, fmt)
    assert first and first == ids(name, fmt)
    assert len(set(first)) == len(first)
    for r in run(name, fmt)[0]:
        assert r.handle == "sari_dewi" and r.platform == fmt
        assert r.posted_at is None or r.posted_at.utcoffset().total_seconds() == 0
        assert "\u00f0" not in r.text + r.ref_text + r.ref_author  # no mojibake left


# --- Facebook ------------------------------------------------------------------------------------------------

def test_facebook_posts_infer_the_kind_and_repair_text():
    good, bad = run("fb_posts.json", "facebook")
    status, link, shared, photo, checkin = good
    assert status.interaction == "post"
    assert status.text == "Gotong royong di Kelurahan Mekarsari 🙏 Dukung paslon nomor 3!"
    assert status.posted_at.isoformat() == "2024-11-11T04:40:00+00:00" and status.posted_at_raw == "1731300000"
    assert status.media_urls == ["your_facebook_activity/posts/media/Album_x1/foto_001.jpg"]
    assert status.external_id.startswith("h:")
    assert link.interaction == "share" and link.text.startswith("“Pilih yang jujur” – baca")
    assert link.ref_url == "https://kabar.contoh.example/debat-cabup" and link.ref_text.startswith("Hasil debat")
    assert shared.interaction == "share" and shared.text == "" and shared.ref_author == "Relawan Maju Bersama"
    assert photo.interaction == "photo" and photo.text == "" and photo.media_urls[0].endswith("foto_002.jpg")
    assert checkin.interaction == "post" and checkin.ref_text == "Lapangan Merdeka Kota Contoh"
    assert checkin.text.endswith("✌️")
    assert [(e.line, "waktu" in e.reason) for e in bad] == [(5, True)]


def test_facebook_comments_keep_target_from_title_and_stickers():
    good, bad = run("fb_comments.json", "facebook")
    first, reply, sticker = good
    assert first.interaction == "comment" and first.text == "Setuju sekali pak, lanjutkan! 💪"
    assert first.ref_author == "Relawan Maju Bersama" and "mengomentari" in first.ref_text
    assert reply.ref_author == "Joko Contoh" and "Relawan Maju–Bersama Kota Contoh" in reply.ref_text
    assert sticker.text == "" and sticker.media_urls[0].endswith("stiker_01.png") and sticker.ref_author == "Sari Dewi"
    assert len(bad) == 1 and bad[0].line == 3 and "objek" in bad[0].reason


def test_facebook_reactions_deduplicate_in_file_and_across_both_shapes():
    good, bad = run("fb_reactions_1.json", "facebook")
    assert [r.interaction for r in good] == ["like"] * 3  # the repeated LOVE is dropped
    assert good[0].ref_author == "Relawan Maju Bersama" and good[1].ref_author == "Calon Bupati Contoh"
    assert good[2].payload["_reaction"] == "OTHER" and good[2].ref_author == "Joko Contoh"
    assert len(bad) == 1 and bad[0].line == 5
    lv, lv_bad = run("fb_reactions_lv.json", "facebook")
    assert not lv_bad
    assert lv[0].ref_url.endswith("/posts/pfbid0Contoh1") and lv[0].ref_author == "Relawan Maju Bersama"
    assert lv[1].url.startswith("https://www.facebook.com/photo/")
    assert [r.external_id for r in lv] == [r.external_id for r in good[:2]]  # same (time, type) → same key


def test_facebook_groups_and_pages_are_follows():
    groups, _ = run("fb_groups.json", "facebook")
    assert groups[0].interaction == "follow" and groups[0].ref_text == "Relawan Maju–Bersama Kota Contoh"
    assert groups[0].posted_at.isoformat() == "2024-09-22T10:13:20+00:00"
    pages, bad = run("fb_pages.json", "facebook")
    assert [p.interaction for p in pages] == ["follow", "follow"] and not bad
    assert pages[0].url == "https://www.facebook.com/calonbupati.contoh.example" and pages[1].url == ""
    assert pages[0].ref_author == "Calon Bupati Contoh"


def test_facebook_follow_files_without_name_report_the_item():
    data = json.dumps({"following_v3": [{"name": "Kabar Kota Contoh", "timestamp": 1727000000},
                                        {"timestamp": 1727000001}, {"name": "Tanpa waktu"}]}).encode()
    records = list(ingest.parse(data, "facebook"))
    assert records[0].interaction == "follow" and records[0].handle == ""
    assert [(r.line, type(r).__name__) for r in records[1:]] == [(2, "RowError"), (3, "RowError")]


# --- Instagram -----------------------------------------------------------------------------------------------

def test_instagram_posts_take_the_caption_from_media_or_top_level():
    good, bad = run("ig_posts.json", "instagram")
    single, carousel, video = good
    assert single.interaction == "post" and single.text == "Jalan sehat bareng warga 🏃 #KotaContoh"
    assert single.posted_at.isoformat() == "2024-11-14T16:00:00+00:00"
    assert carousel.text == "Kampanye damai, coblos nomor 3 ✌️" and len(carousel.media_urls) == 2
    assert video.interaction == "photo" and video.text == "" and video.media_urls == ["media/posts/202411/ig_003.mp4"]
    assert len(bad) == 1 and bad[0].line == 4 and "media" in bad[0].reason


def test_instagram_comments_in_both_shapes_and_localised_labels():
    good, bad = run("ig_comments.json", "instagram")
    assert [r.text for r in good] == ["Keren kak, nomor 3 pasti menang 🔥", "🙏🙏"]
    assert good[0].ref_author == "calonbupati.contoh"
    assert good[0].ref_url == "https://www.instagram.com/calonbupati.contoh/"
    assert good[1].ref_author == "relawan.maju" and good[1].interaction == "comment"
    assert len(bad) == 1 and bad[0].line == 2 and "waktu" in bad[0].reason
    old, _ = run("ig_comments_old.json", "instagram")
    assert old[0].text == "Mantap, semangat terus" and old[0].ref_author == "relawan.maju"


def test_instagram_likes_in_both_shapes_share_the_key():
    good, bad = run("ig_liked.json", "instagram")
    assert not bad and [r.interaction for r in good] == ["like", "like"]
    assert good[0].external_id == "like:sari_dewi:ContohLk01" and good[0].ref_author == "calonbupati.contoh"
    assert good[1].url == "https://www.instagram.com/reel/ContohLk02/"
    assert good[0].posted_at.isoformat() == "2024-11-16T23:33:20+00:00"
    lv, lv_bad = run("ig_liked_lv.json", "instagram")
    assert not lv_bad and lv[0].external_id == good[0].external_id and lv[0].ref_author == "calonbupati.contoh"


def test_instagram_following_reads_value_title_or_url():
    good, bad = run("ig_following.json", "instagram")
    assert [r.ref_author for r in good] == ["calonbupati.contoh", "relawan.maju", "kabar.contoh"]
    assert good[0].external_id == "follow:sari_dewi:calonbupati.contoh" and good[0].interaction == "follow"
    assert len(bad) == 1 and bad[0].line == 4


# --- malformed files and sniffing ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["facebook", "instagram"])
@pytest.mark.parametrize("data", [b"", b"   \n", b"bukan json {", b"[]", b"{}", b'{"comments_v2": []}',
                                  b'{"foo": [1, 2]}', b'"teks"', b"[1, 2, 3]", b'[{"a": 1}]'])
def test_malformed_files_raise_a_format_error_with_a_message(fmt, data):
    if data == b'{"comments_v2": []}' and fmt == "instagram":
        data = b'{"relationships_following": []}'
    with pytest.raises(FormatError) as e:
        list(ingest.parse(data, fmt))
    assert str(e.value)


def test_sniffing_picks_the_right_format_and_leaves_others_alone():
    for name in FB_SAMPLES:
        assert ingest.detect_format(sample(name), name) == "facebook", name
        assert ingest.detect_format(sample(name), "") == "facebook", name  # by structure, not by name
    for name in IG_SAMPLES:
        assert ingest.detect_format(sample(name), name) == "instagram", name
        assert ingest.detect_format(sample(name), "export.json") == "instagram", name
    assert ingest.detect_format(sample("x_v2.json"), "x.json") == "x_v2"
    assert ingest.detect_format(sample("x_likes.jsonl"), "likes.jsonl") == "x_v2"
    assert ingest.detect_format(sample("generic.csv"), "data.csv") == "generic"
    assert ingest.detect_format(sample("generic.jsonl"), "data.jsonl") == "generic"
    zs = (b'{"id": 1, "item_id": "1_2", "timestamp_collected": 1732100000123, "source_platform": "instagram.com", '
          b'"data": {"code": "X", "taken_at": 1731732000, "media": [], "timestamp": 1}}\n')
    for m in (ingest.BY_FORMAT["facebook"], ingest.BY_FORMAT["instagram"]):
        assert not m.sniff(zs, "zeeschuimer-export.ndjson")
        assert not m.sniff(sample("x_v2.json"), "x.json")
        assert not m.sniff(sample("generic.jsonl"), "data.jsonl")
        assert not m.sniff(b"platform,teks\nx,halo\n", "a.csv")


# --- end to end through the store ----------------------------------------------------------------------------

class MetaImportTests(MonitoringCase):
    def test_import_creates_items_and_reimport_is_idempotent(self):
        records = []
        for name in FB_SAMPLES:
            records += list(ingest.parse(sample(name), "facebook", account_handle="budi_asn"))
        for name in IG_SAMPLES:
            records += list(ingest.parse(sample(name), "instagram", account_handle="siti.pns"))
        first = save_records(records, unit=self.kanwil, user=self.pengawas)
        made = first["summary"]["create"]
        # posts 5 + comments 3 + reactions 3 (+2 duplicates from label_values) + group 1 + pages 2;
        # IG posts 3 + comments 2 + 1 + likes 2 (+1 duplicate) + following 3
        assert made == 14 + 11 and first["summary"]["duplicate"] == 3
        assert ContentItem.objects.count() == made
        fb = ContentItem.objects.filter(platform="facebook", interaction="comment").first()
        assert fb.employee == self.budi and fb.source_format == ""
        ig_photo = ContentItem.objects.get(platform="instagram", interaction="photo")
        assert ig_photo.employee == self.siti and ig_photo.payload["_media_urls"] == ["media/posts/202411/ig_003.mp4"]
        assert ContentItem.objects.filter(platform="facebook", interaction="like").count() == 3
        again = save_records(records, unit=self.kanwil, user=self.pengawas)
        assert again["summary"]["create"] == 0 and again["summary"]["duplicate"] == len(
            [r for r in records if not isinstance(r, RowError)])
        assert ContentItem.objects.count() == made


def test_posts_on_other_pages_and_profiles():
    good, bad = run("fb_posts_other.json", "facebook", handle="budi_asn")
    posts = [r for r in good if r.interaction == "post"]
    assert [p.text for p in posts] == ["Mantap pak, kami warga Lapas siap menangkan paslon nomor 2!",
                                       "Selamat ulang tahun, Bu!"]
    assert posts[0].ref_author == "Tim Pemenangan Contoh"
    assert posts[0].ref_url == "https://www.facebook.com/timpemenangan.contoh/posts/123"
    assert posts[1].ref_author == "Sari Dewi" and posts[1].ref_url == "https://www.facebook.com/sari.dewi.1"
    assert all(p.payload["_on_other_page"] and p.handle == "budi_asn" for p in posts)
    assert [r.interaction for r in good if r.interaction != "post"] == ["like"]  # a reaction in the same shape
    assert [e.line for e in bad] == [4]
    assert ingest.detect_format(sample("fb_posts_other.json"), "posts_on_other_pages_and_profiles.json") == "facebook"
