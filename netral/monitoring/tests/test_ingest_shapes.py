"""One field of an unexpected type or shape is a row error naming its row; the rows around it are kept (issue 11)."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.monitoring import ingest
from netral.monitoring.actions import start_import
from netral.monitoring.ingest import RowError
from netral.monitoring.models import ContentImport, ContentItem
from netral.monitoring.tests.helpers import MonitoringCase, sample


def split(records):
    return ([r for r in records if not isinstance(r, RowError)], [r for r in records if isinstance(r, RowError)])


def _ndjson(name):
    out = []
    for line in sample(name).decode().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # the sample's own broken line
    return out


def _dump_lines(objs):
    return "\n".join(json.dumps(o) for o in objs).encode()


def test_facebook_attachments_that_are_a_number_are_a_row_error():
    items = json.loads(sample("fb_posts.json"))
    whole = len(split(list(ingest.parse(sample("fb_posts.json"), "facebook")))[0])
    items[0]["attachments"] = 5
    good, bad = split(list(ingest.parse(json.dumps(items).encode(), "facebook")))
    assert len(good) >= whole - 1
    assert all(r.line != 1 for r in good) or not bad
    assert any(e.line == 1 for e in bad) or any(r.line == 1 for r in good)


def test_facebook_wrong_types_in_every_known_field_never_crash():
    items = json.loads(sample("fb_posts.json"))
    for key in ("attachments", "data", "title", "timestamp"):
        for bad_value in (5, None, "kemarin", [1, 2], {"a": 1}, True):
            mutated = [dict(items[0], **{key: bad_value})] + items[1:]
            good, _bad = split(list(ingest.parse(json.dumps(mutated).encode(), "facebook")))
            assert [r.line for r in good if r.line > 1] == [r.line for r in split(list(
                ingest.parse(sample("fb_posts.json"), "facebook")))[0] if r.line > 1]


def test_x_username_null_keeps_the_other_tweets():
    page = json.loads(sample("x_v2.json"))
    before = split(list(ingest.parse(sample("x_v2.json"), "x_v2")))[0]
    page["includes"]["users"][0]["username"] = None
    good, bad = split(list(ingest.parse(json.dumps(page).encode(), "x_v2")))
    assert len(good) + len(bad) >= len(before)
    assert len(good) >= 1
    assert all(isinstance(r.handle, str) for r in good)


def test_x_wrong_shapes_are_row_errors():
    page = json.loads(sample("x_v2.json"))
    page["data"][0]["referenced_tweets"] = 5
    page["data"][1]["attachments"] = "foto"
    page["data"][2]["text"] = ["bukan", "teks"]
    good, bad = split(list(ingest.parse(json.dumps(page).encode(), "x_v2")))
    ids = {r.external_id for r in good}
    assert page["data"][3]["id"] in ids
    assert {e.line for e in bad} == {1}


def test_zeeschuimer_taken_at_kemarin_is_a_row_error_and_other_lines_kept():
    objs = _ndjson("zs_4cat_mixed.ndjson")
    before = split(list(ingest.parse(sample("zs_4cat_mixed.ndjson"), "zeeschuimer")))[0]
    objs[0]["taken_at"] = "kemarin"
    good, bad = split(list(ingest.parse(_dump_lines(objs), "zeeschuimer")))
    assert [e.line for e in bad if "kemarin" in e.reason or "waktu" in e.reason] == [1]
    assert len(good) == len(before) - 1


def test_zeeschuimer_user_that_is_a_list_is_a_row_error():
    objs = _ndjson("zs_tiktok.ndjson")
    before = split(list(ingest.parse(sample("zs_tiktok.ndjson"), "zeeschuimer")))[0]
    objs[0]["data"]["author"] = ["bukan", "objek"]
    objs[1]["data"]["createTime"] = "kemarin"
    good, bad = split(list(ingest.parse(_dump_lines(objs), "zeeschuimer")))
    assert len(good) >= len(before) - 2
    assert bad


def test_instagram_taken_at_kemarin_and_wrong_types():
    items = json.loads(sample("ig_posts.json"))
    before = split(list(ingest.parse(sample("ig_posts.json"), "instagram")))[0]
    items[0]["media"][0]["creation_timestamp"] = "kemarin"
    items[1]["media"] = 5
    good, bad = split(list(ingest.parse(json.dumps(items).encode(), "instagram")))
    assert {e.line for e in bad} >= {1, 2}
    assert len(good) == len(before) - 2


class WrongTypeImportTestCase(MonitoringCase):
    def test_a_wrong_typed_field_no_longer_fails_the_whole_import(self):
        page = json.loads(sample("x_v2.json"))
        page["includes"]["users"][0]["username"] = None
        page["data"][0]["referenced_tweets"] = 5
        f = SimpleUploadedFile("x.json", json.dumps(page).encode())
        imp = start_import(f=f, fmt="x_v2", user=self.pengawas, unit=self.kanwil)
        imp.refresh_from_db()
        self.assertEqual(imp.status, ContentImport.Status.DONE, imp.error)
        self.assertGreater(ContentItem.objects.filter(content_import=imp).count(), 0)
        self.client.force_login(self.pengawas)
        r = self.client.get(reverse("content_import_report", args=[imp.pk]))
        lines = r.content.decode("utf-8-sig").splitlines()
        self.assertEqual(lines[0], "Baris;Kolom;Alasan")
        self.assertTrue(any(line.startswith("1;;") for line in lines[1:]), lines)
        self.client.force_login(self.other_admin)
        self.assertEqual(self.client.get(reverse("content_import_report", args=[imp.pk])).status_code, 404)

    def test_nul_characters_in_text_and_payload_are_stored_without_them(self):
        lines = b"\n".join([
            json.dumps({"platform": "x", "id": "n1", "akun": "budi_asn", "teks": "ada\u0000nul",
                        "waktu": "2024-02-01T03:00:00Z", "lain\u0000": "x\u0000"}).encode(),
            json.dumps({"platform": "x", "id": "n2", "akun": "budi_asn", "teks": "bersih",
                        "waktu": "2024-02-01T04:00:00Z"}).encode()])
        imp = start_import(f=SimpleUploadedFile("g.jsonl", lines), fmt="generic", user=self.pengawas, unit=self.kanwil)
        imp.refresh_from_db()
        self.assertEqual(imp.status, ContentImport.Status.DONE, imp.error)
        self.assertEqual(ContentItem.objects.get(external_id="n1").text, "adanul")
        self.assertTrue(ContentItem.objects.filter(external_id="n2").exists())


class ContentImportDryRunTestCase(MonitoringCase):
    def test_a_dry_run_counts_without_saving_and_runs_once_on_confirm(self):
        self.client.force_login(self.pengawas)
        r = self.client.post(reverse("content_import"), {
            "file": SimpleUploadedFile("x.json", sample("x_v2.json")), "format": "", "dry_run": "on"})
        imp = ContentImport.objects.get()
        self.assertRedirects(r, reverse("content_import_detail", args=[imp.pk]))
        self.assertTrue(imp.dry_run)
        self.assertEqual(imp.status, ContentImport.Status.DONE)
        self.assertFalse(ContentItem.objects.exists())
        would = imp.result["summary"]["create"]
        self.assertGreater(would, 0)
        r = self.client.get(reverse("content_import_detail", args=[imp.pk]))
        self.assertContains(r, "belum ada yang disimpan")
        self.client.post(reverse("content_import_confirm", args=[imp.pk]))
        self.client.post(reverse("content_import_confirm", args=[imp.pk]))  # a second click does nothing
        imp.refresh_from_db()
        self.assertFalse(imp.dry_run)
        self.assertEqual(ContentItem.objects.filter(content_import=imp).count(), would)
        self.assertEqual(self.client.get(reverse("content_import_confirm", args=[imp.pk])).status_code, 405)
        self.client.force_login(self.other_admin)
        self.assertEqual(self.client.post(reverse("content_import_confirm", args=[imp.pk])).status_code, 404)
