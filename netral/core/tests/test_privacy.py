import json
from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from netral.core import scheduler
from netral.core.models import AccessLog, LoginEvent
from netral.core.privacy import pseudonym
from netral.core.retention import purge
from netral.people.models import Employee, RosterImport, SocialAccount
from netral.test import BaseTestCase


class MyDataTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.emp = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="198503122010121001",
                                          name="Budi Santoso", phone="08123456789", user=cls.pegawai)
        SocialAccount.objects.create(employee=cls.emp, platform="instagram", handle="budi.s")
        other = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="199001012015032002",
                                        name="Siti Rahayu")
        SocialAccount.objects.create(employee=other, platform="instagram", handle="siti.r")
        LoginEvent.objects.create(user=cls.pegawai, username="pegawai", outcome="success", source="10.0.0.0/24")

    def test_an_employee_downloads_own_data_as_json(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("my_data"), {"format": "json"})
        self.assertEqual(r.status_code, 200)
        self.assertIn("attachment", r["Content-Disposition"])
        data = json.loads(r.content)
        text = json.dumps(data, ensure_ascii=False)
        for expected in ("Budi Santoso", "198503122010121001", "08123456789", "budi.s", "10.0.0.0/24"):
            self.assertIn(expected, text)
        # Nobody else's data, and no secrets.
        for absent in ("Siti", "siti.r", "pbkdf2", "md5$", "totp"):
            self.assertNotIn(absent, text)
        self.assertIn("Pasal 15", data["not_included"])

    def test_the_readable_page_lists_every_section(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("my_data"))
        for title in ("Akun pengguna", "Data kepegawaian", "Akun media sosial", "Pakta integritas", "Riwayat masuk"):
            self.assertContains(r, title)
        self.assertContains(r, "Budi Santoso")
        self.assertNotContains(r, "Siti Rahayu")
        # Labels in Indonesian, also for fields that kept Django's default name.
        self.assertContains(r, "<dt class=\"col-sm-4\">dibuat</dt>", html=False)
        self.assertNotContains(r, "created at")

    def test_a_user_without_an_employee_record_gets_the_account_only(self):
        self.login(self.admin)
        r = self.client.get(reverse("my_data"), {"format": "json"})
        data = json.loads(r.content)
        self.assertEqual(data["sections"][1]["rows"], [])
        self.assertIn("admin", json.dumps(data))

    def test_it_needs_a_login(self):
        self.assertEqual(self.client.get(reverse("my_data")).status_code, 302)


class PseudonymTestCase(BaseTestCase):
    def test_it_is_stable_keyed_and_purpose_bound(self):
        a = pseudonym("198503122010121001")
        self.assertEqual(a, pseudonym("198503122010121001"))
        self.assertTrue(a.startswith("P-") and len(a) == 18)
        self.assertNotIn("1985", a)
        self.assertNotEqual(a, pseudonym("198503122010121002"))
        self.assertNotEqual(a, pseudonym("198503122010121001", purpose="monev"))
        with override_settings(PSEUDONYM_KEY="kunci-lain"):
            self.assertNotEqual(a, pseudonym("198503122010121001"))
        self.assertEqual(pseudonym(""), "")


class AccessLogTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.emp = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="198503122010121001",
                                          name="Budi Santoso")

    def test_viewing_an_employee_file_is_recorded_and_visible_to_admin_in_scope(self):
        self.login(self.operator)
        self.client.get(reverse("employee_detail", args=[self.emp.pk]))
        log = AccessLog.objects.get()
        self.assertEqual((log.username, log.kind, log.object_pk), ("operator", "people.employee", str(self.emp.pk)))
        self.login(self.admin)
        r = self.client.get(reverse("access_log"))
        self.assertContains(r, "Budi Santoso")
        self.login(self.other_admin)
        self.assertNotContains(self.client.get(reverse("access_log")), "Budi Santoso")
        self.login(self.pengawas)
        self.assertEqual(self.client.get(reverse("access_log")).status_code, 403)

    def test_a_refused_lookup_records_nothing(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("employee_detail", args=[self.emp.pk])).status_code, 404)
        self.assertFalse(AccessLog.objects.exists())


class RetentionTestCase(BaseTestCase):
    def test_purge_deletes_what_is_past_its_period_and_keeps_the_rest(self):
        now = timezone.now()
        old = LoginEvent.objects.create(user=self.pegawai, username="pegawai", outcome="success")
        LoginEvent.objects.filter(pk=old.pk).update(at=now - timedelta(days=181))
        recent = LoginEvent.objects.create(user=self.pegawai, username="pegawai", outcome="success")
        AccessLog.objects.create(username="x", kind="people.employee", object_pk="1", object_repr="a",
                                 at=now - timedelta(days=731))
        AccessLog.objects.create(username="x", kind="people.employee", object_pk="1", object_repr="b")
        s = SessionStore()
        s["x"] = 1
        s.create()
        Session.objects.filter(session_key=s.session_key).update(expire_date=now - timedelta(seconds=1))
        imp = RosterImport.objects.create(unit=self.upt_a, original_name="daftar.csv", created_by=self.operator,
                                          file=SimpleUploadedFile("daftar.csv", b"nip;nama\n1;Budi\n"))
        RosterImport.objects.filter(pk=imp.pk).update(created_at=now - timedelta(days=32),
                                                      finished_at=now - timedelta(days=31))
        waiting = RosterImport.objects.create(unit=self.upt_a, original_name="baru.csv", created_by=self.operator,
                                              file=SimpleUploadedFile("baru.csv", b"nip;nama\n2;Siti\n"))
        RosterImport.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(days=40))
        path = imp.file.path

        done = purge()
        self.assertEqual((done["login_history"], done["access_log"], done["sessions"], done["import_files"]),
                         (1, 1, 1, 1))
        self.assertEqual(list(LoginEvent.objects.values_list("pk", flat=True)), [recent.pk])
        self.assertEqual(list(AccessLog.objects.values_list("object_repr", flat=True)), ["b"])
        imp.refresh_from_db()
        self.assertEqual(imp.file.name, "")
        waiting.refresh_from_db()
        self.assertTrue(waiting.file.name)  # still waiting for its column mapping: kept
        import os

        self.assertFalse(os.path.exists(path))
        # Twice is safe.
        self.assertEqual(purge()["import_files"], 0)

    def test_the_scheduler_runs_it_daily(self):
        job = scheduler.jobs()["purge_expired_data"]
        self.assertEqual(job.every, timedelta(days=1))


class FindingAccessLogTestCase(BaseTestCase):
    def test_viewing_a_finding_is_recorded(self):
        from netral.monitoring import ingest
        from netral.monitoring.models import ContentItem, Finding
        from netral.monitoring.scanning import scan_items
        from netral.monitoring.store import save_records

        emp = Employee.objects.create(unit=self.upt_a, employment_type="ppnpn", internal_id="P-2", name="Siti Aminah")
        SocialAccount.objects.create(employee=emp, platform="instagram", handle="siti.pns")
        records = list(ingest.parse("platform,id,akun,teks\ninstagram,i1,siti.pns,Jangan lupa coblos nomor 2 ya!\n"
                                    .encode(), "generic"))
        save_records(records, unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        finding = Finding.objects.get()
        self.login(self.pengawas)
        self.assertEqual(self.client.get(reverse("finding_detail", args=[finding.pk])).status_code, 200)
        log = AccessLog.objects.get()
        self.assertEqual((log.username, log.kind, log.object_pk), ("pengawas", "monitoring.finding", str(finding.pk)))
        self.assertTrue(log.unit_path)
