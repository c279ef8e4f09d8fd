"""A whole Facebook / Instagram / TikTok download archive (zip) in one import (ingest/archive.py)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.monitoring import ingest
from netral.monitoring.ingest import FormatError, RowError, archive
from netral.monitoring.models import ContentImport, ContentItem
from netral.monitoring.tests.helpers import MonitoringCase, sample

WRAP = "facebook-budiasn-2024-11-20-AbCd12/"  # the wrapper folder's name varies: match files by their path end


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def fb_archive(**extra) -> bytes:
    return make_zip({
        WRAP + "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": sample("fb_posts.json"),
        WRAP + "your_facebook_activity/comments_and_reactions/comments.json": sample("fb_comments.json"),
        WRAP + "your_facebook_activity/comments_and_reactions/likes_and_reactions_1.json": sample("fb_reactions_1.json"),
        WRAP + "your_facebook_activity/messages/inbox/teman_1/message_1.json": b'{"participants": [], "messages": []}',
        WRAP + "personal_information/profile_information/profile_information.json": b'{"profile_v2": {}}',
        WRAP + "your_facebook_activity/posts/media/foto_1.jpg": b"\xff\xd8\xff\xe0 not really a photo",
        **extra,
    })


def parse(data, handle="budi_asn"):
    out = list(ingest.parse(data, "zip", account_handle=handle))
    return [r for r in out if not isinstance(r, RowError)], [r for r in out if isinstance(r, RowError)]


MEMBERS = {"fb_comments.json": "comments.json", "fb_reactions_1.json": "likes_and_reactions_1.json",
           "fb_posts.json": "your_posts__check_ins__photos_and_videos_1.json"}  # in the archive's name order


def single_files_ids():
    ids = []
    for name in MEMBERS:
        ids += [r.external_id for r in ingest.parse(sample(name), "facebook", account_handle="budi_asn")
                if not isinstance(r, RowError)]
    return ids


def single_files_errors():
    """The samples hold deliberately bad rows: the archive reports the same, naming the member."""
    out = []
    for name, member in MEMBERS.items():
        out += [(e.line, member, e.reason) for e in ingest.parse(sample(name), "facebook", account_handle="budi_asn")
                if isinstance(e, RowError)]
    return out


def errors(bad):
    return [(e.line, e.reason.split(": ", 1)[0].rsplit("/", 1)[-1], e.reason.split(": ", 1)[1]) for e in bad]


def test_an_archive_gives_what_its_files_give_one_by_one():
    good, bad = parse(fb_archive())
    assert errors(bad) == single_files_errors() != []
    assert all(e.reason.startswith(WRAP) for e in bad)  # the member's full path, to find it in the zip
    assert [r.external_id for r in good] == single_files_ids()
    assert {r.platform for r in good} == {"facebook"} and {r.handle for r in good} == {"budi_asn"}


def test_it_mixes_platforms_and_skips_what_it_does_not_import():
    data = make_zip({"instagram-siti/your_instagram_activity/content/posts_1.json": sample("ig_posts.json"),
                     "tiktok/user_data_tiktok.json": sample("tiktok_user_data_tiktok.json"),
                     "instagram-siti/README.txt": b"bukan json"})
    good, bad = parse(data, handle="siti.pns")
    assert {r.platform for r in good} == {"instagram", "tiktok"}
    expected = [r for name, fmt in (("ig_posts.json", "instagram"), ("tiktok_user_data_tiktok.json", "tiktok"))
                for r in ingest.parse(sample(name), fmt, account_handle="siti.pns") if isinstance(r, RowError)]
    assert [e.reason.split(": ", 1)[1] for e in bad] == [e.reason for e in expected]


def test_a_broken_member_is_reported_by_name_and_the_others_go_on():
    broken = sample("fb_comments.json")[:-40]  # cut off: still sniffed as Facebook, no longer valid JSON
    good, bad = parse(fb_archive(**{WRAP + "your_facebook_activity/comments_and_reactions/comments_2.json": broken}))
    assert [r.external_id for r in good] == single_files_ids()
    broken_errors = [e for e in errors(bad) if e[1] == "comments_2.json"]
    assert len(broken_errors) == 1 and broken_errors[0][0] == 0 and "JSON" in broken_errors[0][2]
    assert [e for e in errors(bad) if e[1] != "comments_2.json"] == single_files_errors()


def test_an_oversized_member_is_skipped_with_a_reason(monkeypatch):
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 2000)
    good, bad = parse(fb_archive())
    assert any("terlalu besar" in e.reason for e in bad)
    assert len(good) < len(single_files_ids())


@pytest.mark.parametrize("data,words", [
    (b"PK\x03\x04 this is not a zip at all", "rusak"),
    (make_zip({"a/messages.json": b'{"messages": []}', "a/foto.jpg": b"\xff\xd8"}), "tidak berisi"),
    (make_zip({}), "tidak berisi"),  # an empty zip is still a zip, refused for what it lacks
])
def test_it_refuses_a_broken_or_foreign_archive(data, words):
    with pytest.raises(FormatError) as e:
        list(ingest.parse(data, "zip"))
    assert words in str(e.value)


def test_sniffing_finds_archives_but_leaves_spreadsheets_to_the_generic_format():
    assert ingest.detect_format(fb_archive(), "facebook-budi.zip") == "zip"
    assert ingest.detect_format(fb_archive(), "") == "zip"
    assert ingest.detect_format(make_zip({}), "kosong.zip") == "zip"
    xlsx_like = make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert ingest.detect_format(xlsx_like, "data.xlsx") == "generic"
    assert not archive.sniff(xlsx_like, "")  # by content, too
    for name in ("fb_posts.json", "generic.csv", "x_v2.json"):
        assert not archive.sniff(sample(name), name)


class ArchiveImportTests(MonitoringCase):
    def test_a_zip_is_imported_through_the_web(self):
        self.login(self.operator)
        f = SimpleUploadedFile("facebook-budiasn.zip", fb_archive(), content_type="application/zip")
        r = self.client.post(reverse("content_import"), {"file": f, "format": "", "account_handle": "@budi_asn"})
        imp = ContentImport.objects.get()
        assert r.url == reverse("content_import_detail", args=[imp.pk])
        assert imp.format == "zip" and imp.status == "done", imp.error
        assert imp.result["summary"]["create"] == len(single_files_ids())
        assert ContentItem.objects.filter(platform="facebook", employee=self.budi).count() == len(single_files_ids())

    def test_a_zip_with_a_single_file_format_is_refused_with_a_message(self):
        self.login(self.operator)
        f = SimpleUploadedFile("facebook-budiasn.zip", fb_archive(), content_type="application/zip")
        r = self.client.post(reverse("content_import"), {"file": f, "format": "facebook"})
        assert r.status_code == 200 and "arsip zip" in r.text
        f = SimpleUploadedFile("posts.json", sample("fb_posts.json"), content_type="application/json")
        r = self.client.post(reverse("content_import"), {"file": f, "format": "zip"})
        assert r.status_code == 200 and "bukan arsip zip" in r.text
        assert not ContentImport.objects.exists()


def test_an_export_of_a_format_not_read_inside_a_zip_is_named_not_silently_skipped():
    # red team 2: a zip of several export files (Facebook + an X twarc2 JSONL + a Zeeschuimer NDJSON + a 4CAT CSV):
    # only the Facebook files were imported and nothing said the others were left out
    from pathlib import Path

    formats = Path("/work/shared/formats")
    data = make_zip({
        WRAP + "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": sample("fb_posts.json"),
        "x/budi.jsonl": formats.joinpath("x-twitter-v2-twarc2.sample.jsonl").read_bytes(),
        "x/response.json": formats.joinpath("x-twitter-v2.sample.json").read_bytes(),
        "zs/zeeschuimer-export-tiktok.ndjson": formats.joinpath("zeeschuimer-tiktok.sample.ndjson").read_bytes(),
        "4cat/dataset.csv": formats.joinpath("4cat-instagram.sample.csv").read_bytes(),
        "facebook/messages/inbox/a.json": b'{"participants": []}',  # not content: skipped as before
    })
    good, bad = parse(data)
    assert {r.platform for r in good} == {"facebook"}
    named = sorted(e.reason.split(": ", 1)[0] for e in bad if "impor berkas ini tersendiri" in e.reason)
    assert named == ["4cat/dataset.csv", "x/budi.jsonl", "x/response.json", "zs/zeeschuimer-export-tiktok.ndjson"]
