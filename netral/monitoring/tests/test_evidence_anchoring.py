"""Evidence that stands: each item's digest is anchored in the keyed audit chain at capture, and
`verify_evidence` / `verify_zip` catch what a database user can do behind the application."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from netral.core.models import AuditEntry
from netral.monitoring import actions, ingest
from netral.monitoring.anchoring import ANCHOR_MODEL
from netral.monitoring.evidence import build_zip, verify_stored, verify_zip
from netral.monitoring.models import ContentDigest, ContentItem, Finding, MediaFile, canonical_json, sha256_bytes
from netral.monitoring.scanning import scan_items
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import MonitoringCase

CSV = ("platform,id,akun,teks,waktu\n"
       "instagram,i1,siti.pns,Jangan lupa coblos nomor 2 ya!,2024-11-01T10:00:00+07:00\n"
       "x,x1,budi_asn,Ayo dukung paslon 01 menang,2024-11-02T10:00:00+07:00\n").encode()


def problems_of(pk):
    return [p for p in verify_stored()[1] if p[0] == pk]


class AnchoringTests(MonitoringCase):
    def setUp(self):
        save_records(list(ingest.parse(CSV, "generic")), unit=self.kanwil, user=self.pengawas)
        self.item = ContentItem.objects.get(external_id="i1")

    def test_untouched_evidence_verifies(self):
        self.assertEqual(verify_stored(), (2, []))
        out = io.StringIO()
        call_command("verify_evidence", stdout=out)
        self.assertIn("semua cocok", out.getvalue())

    def test_verify_evidence_catches_text_handle_and_time_changed_with_a_queryset_update(self):
        for change in ({"text": "Teks lain"}, {"handle": "akun_lain"},
                       {"posted_at": self.item.posted_at + timedelta(days=1)},
                       {"captured_at": self.item.captured_at - timedelta(days=3)}, {"external_id": "i9"},
                       {"url": "https://contoh.invalid/lain"}):
            with self.subTest(change=change):
                original = ContentItem.objects.filter(pk=self.item.pk).values(*change).get()
                ContentItem.objects.filter(pk=self.item.pk).update(**change)
                self.assertEqual([p[1] for p in problems_of(self.item.pk)],
                                 ["isi (teks, akun, waktu, muatan atau berkas)"])
                with self.assertRaisesMessage(CommandError, "1 bukti tidak cocok"):
                    call_command("verify_evidence", stdout=io.StringIO())
                ContentItem.objects.filter(pk=self.item.pk).update(**original)
        self.assertEqual(verify_stored()[1], [])

    def test_verify_evidence_catches_a_payload_rewritten_with_its_stored_hash(self):
        payload = dict(self.item.payload, teks="Teks yang dipalsukan")
        ContentItem.objects.filter(pk=self.item.pk).update(
            payload=payload, payload_sha256=sha256_bytes(canonical_json(payload)))
        self.assertTrue(problems_of(self.item.pk))

    def test_verify_evidence_catches_the_digest_row_rewritten_to_match(self):
        ContentItem.objects.filter(pk=self.item.pk).update(text="Teks lain")
        from netral.monitoring.anchoring import item_digests

        ContentDigest.objects.filter(content_id=self.item.pk).update(digest=item_digests([self.item.pk])[self.item.pk])
        problems = verify_stored()[1]
        self.assertTrue(any("daftar hash konten diubah" in str(p[3]) for p in problems), problems)

    def test_verify_evidence_catches_an_edited_anchor_entry(self):
        entry = AuditEntry.objects.get(model=ANCHOR_MODEL)
        AuditEntry.objects.filter(pk=entry.pk).update(after=dict(entry.after, root="0" * 64))
        self.assertTrue(any("entri audit diubah" in str(p[3]) for p in verify_stored()[1]))

    def test_verify_evidence_reports_a_deleted_item(self):
        ContentItem.objects.filter(pk=self.item.pk)._raw_delete(ContentItem.objects.db)
        self.assertEqual(problems_of(self.item.pk)[0][1:], ("konten", ContentDigest.objects.get(
            content_id=self.item.pk).digest, "hilang dari basis data"))

    def test_verify_evidence_reports_an_unanchored_item_and_anchors_old_items_on_request(self):
        sneaked = ContentItem.objects.create(platform="x", external_id="sisipan", handle="budi_asn", unit=self.upt_a,
                                             text="Disisipkan langsung")
        self.assertEqual(problems_of(sneaked.pk)[0][1], "jangkar")
        with self.assertRaises(CommandError):
            call_command("verify_evidence", stdout=io.StringIO())
        # Items stored before anchoring existed are anchored once, on purpose, with a visible entry.
        out = io.StringIO()
        call_command("verify_evidence", "--anchor-missing", stdout=out)
        self.assertIn("1 konten lama dijangkarkan", out.getvalue())
        self.assertIn("semua cocok", out.getvalue())
        self.assertEqual(AuditEntry.objects.filter(model=ANCHOR_MODEL, note__contains="susulan").count(), 1)

    def test_one_chain_entry_per_batch_not_per_item(self):
        rows = "".join(f"x,b{i},budi_asn,Isi ke {i}\n" for i in range(1500))
        before = AuditEntry.objects.filter(model=ANCHOR_MODEL).count()
        result = save_records(list(ingest.parse(("platform,id,akun,teks\n" + rows).encode(), "generic")),
                              unit=self.kanwil, user=self.pengawas)
        self.assertEqual(result["summary"]["create"], 1500)
        self.assertEqual(AuditEntry.objects.filter(model=ANCHOR_MODEL).count() - before, 2)
        self.assertEqual(ContentDigest.objects.count(), 1502)
        self.assertEqual(verify_stored()[1], [])


class CaptureAnchoringTests(MonitoringCase):
    def test_a_manual_capture_anchors_its_media_and_a_rewritten_file_is_caught(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        item, created = actions.capture_manual(
            platform="facebook", url="", handle="budi_asn", interaction="post", text="Foto kampanye", ref_text="",
            posted_at=None, employee=None, images=[SimpleUploadedFile("a.png", png, content_type="image/png")],
            user=self.pengawas, unit=self.upt_a)
        self.assertTrue(ContentDigest.objects.filter(content_id=item.pk).exists())
        self.assertEqual(verify_stored()[1], [])
        media = MediaFile.objects.get(content=item)
        forged = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
        with open(media.file.path, "wb") as fh:
            fh.write(forged)
        MediaFile.objects.filter(pk=media.pk).update(sha256=hashlib.sha256(forged).hexdigest())
        self.assertTrue(problems_of(item.pk))

    def test_a_correction_is_anchored_as_new_evidence(self):
        save_records(list(ingest.parse(CSV, "generic")), unit=self.kanwil, user=self.pengawas)
        item = ContentItem.objects.get(external_id="i1")
        new = actions.correct_item(item, text="Teks benar", ref_text="", note="salah ketik", user=self.pengawas)
        self.assertEqual(ContentDigest.objects.filter(content_id__in=[item.pk, new.pk]).count(), 2)
        self.assertEqual(verify_stored()[1], [])


class EvidenceZipTests(MonitoringCase):
    def setUp(self):
        save_records(list(ingest.parse(CSV, "generic")), unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        self.finding = Finding.objects.get(content__external_id="i1")
        self.data = build_zip(self.finding, self.pengawas)

    def write(self, tmp, data):
        path = tmp / "bukti.zip"
        path.write_bytes(data)
        return str(path)

    def test_the_export_records_its_manifest_hash_in_the_chain(self):
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            manifest = z.read("manifest.json")
        entry = AuditEntry.objects.filter(model="monitoring.finding", note="ekspor bukti").get()
        self.assertEqual(entry.after["manifest_sha256"], hashlib.sha256(manifest).hexdigest())
        self.assertEqual(json.loads(manifest)["evidence_digest"],
                         ContentDigest.objects.get(content_id=self.finding.content_id).digest)
        self.assertEqual(verify_zip(io.BytesIO(self.data)), [])

    def test_an_edited_zip_with_a_recomputed_manifest_fails(self):
        forged = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self.data)) as src, zipfile.ZipFile(forged, "w") as dst:
            manifest = json.loads(src.read("manifest.json"))
            for n in src.namelist():
                if n == "manifest.json":
                    continue
                body = src.read(n)
                if n == "content.json":
                    body = body.replace(b"coblos", b"pilih")
                manifest["files"][n] = hashlib.sha256(body).hexdigest()
                dst.writestr(n, body)
            dst.writestr("manifest.json", json.dumps(manifest))
        problems = verify_zip(io.BytesIO(forged.getvalue()))
        self.assertEqual(len(problems), 1)
        self.assertIn("tidak tercatat di rantai audit", problems[0])

    def test_verify_zip_command(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as d:
            good = self.write(Path(d), self.data)
            out = io.StringIO()
            call_command("verify_zip", good, stdout=out)
            self.assertIn("utuh dan tercatat", out.getvalue())
            (Path(d) / "rusak.zip").write_bytes(b"bukan zip")
            with self.assertRaisesMessage(CommandError, "1 masalah"):
                call_command("verify_zip", str(Path(d) / "rusak.zip"), stdout=io.StringIO())
            with self.assertRaisesMessage(CommandError, "tidak dapat dibaca"):
                call_command("verify_zip", str(Path(d) / "tidak-ada.zip"), stdout=io.StringIO())
            # A zip exported for another finding's record cannot pass as this one.
            entry = AuditEntry.objects.get(model="monitoring.finding", note="ekspor bukti")
            AuditEntry.objects.filter(pk=entry.pk).update(object_pk="999999")
            with self.assertRaises(CommandError):
                call_command("verify_zip", good, stdout=io.StringIO())


class VerifyZipFuzzTests(MonitoringCase):
    """verify_zip reads files from outside: any damage is a listed problem, never an exception."""

    def setUp(self):
        save_records(list(ingest.parse(CSV, "generic")), unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        self.data = build_zip(Finding.objects.get(content__external_id="i1"), self.pengawas)

    def test_mutated_and_truncated_zips_never_raise(self):
        from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

        @hsettings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.integers(0, len(self.data) - 1), st.binary(min_size=1, max_size=8), st.booleans())
        def check(pos, junk, truncate):
            data = self.data[:pos] if truncate else self.data[:pos] + junk + self.data[pos + len(junk):]
            problems = verify_zip(io.BytesIO(data))
            assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
            if truncate:  # (a flipped header byte may leave every file's content intact: no problem then)
                assert problems

        check()

    def test_odd_manifests_are_problems(self):
        for manifest in (b"[]", b'{"files": 5}', b'{"files": {"a": 5}, "media": [1, {"path": 3}]}',
                         b'{"files": {}, "media": [{"path": "payload.json"}]}', b"\xff\xfe"):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr("manifest.json", manifest)
                z.writestr("payload.json", b"{}")
            with self.subTest(manifest=manifest):
                self.assertTrue(verify_zip(io.BytesIO(buf.getvalue())))
