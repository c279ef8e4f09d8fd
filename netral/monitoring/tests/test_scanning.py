from netral.core import audit
from netral.core.models import AuditEntry
from netral.monitoring import ingest
from netral.monitoring.models import ContentItem, Finding, ScanResult
from netral.monitoring.scanning import current_detector, scan_items
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import MonitoringCase, sample
from netral.people.models import Employee, SocialAccount


class ImportAndScanTests(MonitoringCase):
    def import_file(self, name, fmt, **kw):
        records = list(ingest.parse(sample(name), fmt, **kw))
        return save_records(records, unit=self.kanwil, user=self.pengawas)

    def test_it_stores_items_once_and_attributes_them_through_accounts(self):
        result = self.import_file("generic.csv", "generic")
        assert result["summary"] == {"create": 3, "duplicate": 1, "error": 4, "rows": 8}
        item = ContentItem.objects.get(platform="x", external_id="9001")
        assert item.employee == self.budi and item.unit == self.upt_a and item.account.handle == "budi_asn"
        assert len(item.payload_sha256) == 64
        ig = ContentItem.objects.get(platform="instagram")
        assert ig.employee == self.siti and ig.unit == self.upt_b
        again = self.import_file("generic.csv", "generic")
        assert again["summary"]["create"] == 0 and again["summary"]["duplicate"] == 4
        assert ContentItem.objects.count() == 3

    def test_it_refuses_editing_captured_content(self):
        self.import_file("generic.csv", "generic")
        item = ContentItem.objects.get(external_id="9001")
        item.text = "diubah"
        with self.assertRaises(Exception):
            item.save()

    def test_it_creates_the_right_findings_and_is_idempotent(self):
        self.import_file("x_v2.json", "x_v2")
        ids = list(ContentItem.objects.values_list("pk", flat=True))
        stats = scan_items(ids)
        assert stats["scanned"] == 4
        flagged = set(Finding.objects.values_list("content__external_id", flat=True))
        assert flagged == {"1855000000000000301", "1855000000000000302"}
        f = Finding.objects.get(content__external_id="1855000000000000302")
        assert f.partisan and f.interaction == "share" and f.employee == self.budi and f.unit == self.upt_a
        assert f.scan.detector_version == current_detector()[1]
        assert any(e["type"] == "lexicon" for e in f.scan.evidence)
        again = scan_items(ids)
        assert again == {"scanned": 0, "skipped": 4, "findings": 0}
        assert ScanResult.objects.count() == 4 and Finding.objects.count() == 2

    def test_it_closes_waiting_findings_a_newer_detector_no_longer_flags(self):
        from netral.monitoring.scanning import StageTagger, _findings_for

        self.import_file("x_v2.json", "x_v2")
        scan_items(list(ContentItem.objects.values_list("pk", flat=True)))
        f = Finding.objects.get(content__external_id="1855000000000000301")
        done = Finding.objects.get(content__external_id="1855000000000000302")
        Finding.objects.filter(pk=done.pk).update(status="confirmed")
        newer = [ScanResult.objects.create(content=x.content, detector_version="netral-detect/9.9", political=False,
                                           partisan=False, hate=False, hoax=False, scores={}, targets=[],
                                           evidence=[], text_sha256="0" * 64) for x in (f, done)]
        _findings_for([f.content, done.content], newer, StageTagger())
        f.refresh_from_db()
        done.refresh_from_db()
        assert f.status == "dismissed" and "netral-detect/9.9" in f.reason
        assert done.status == "confirmed"  # a person's decision is never undone by the detector
        assert AuditEntry.objects.filter(model="monitoring.finding", object_pk=str(f.pk),
                                         note__startswith="ditutup").exists()
        assert Finding.objects.filter(pk=f.pk).exists() and f.scan.detector_version != "netral-detect/9.9"

    def test_it_flags_hate_speech(self):
        self.import_file("generic.jsonl", "generic")
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        f = Finding.objects.get(content__external_id="7001")
        assert f.hate and not f.partisan

    def test_it_attributes_content_when_an_account_is_declared_later(self):
        records = list(ingest.parse(b"platform,id,akun,teks\nx,55,baru_ketahuan,coblos nomor 2 ya\n", "generic"))
        save_records(records, unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        item = ContentItem.objects.get(external_id="55")
        assert item.employee is None and item.unit == self.kanwil
        with audit.disabled():
            emp = Employee.objects.create(unit=self.upt_b, employment_type="ppnpn", internal_id="P-9", name="Baru")
        SocialAccount.objects.create(employee=emp, platform="x", handle="baru_ketahuan")
        item.refresh_from_db()
        assert item.employee == emp and item.unit == self.upt_b
        assert Finding.objects.get(content=item).unit == self.upt_b
        assert AuditEntry.objects.filter(note__contains="dikaitkan").exists()
