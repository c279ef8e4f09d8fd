"""What the audit chain covers: every domain model, national reference data (shown to Admin),
attendance, imports and unit moves."""

from datetime import date

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from netral.core.models import AuditEntry
from netral.core.tabular import read_table
from netral.elections.models import Contestant, Election, Stage
from netral.monitoring.models import ContentImport
from netral.people.actions import save_employee
from netral.pledges import actions as pledges
from netral.pledges.models import Event, Regulation
from netral.pledges.tests.fixtures import make_employee
from netral.test import BaseTestCase

# Models that are not domain objects, and why. A new model must be audited or listed here.
NOT_AUDITED = {
    "core.audithead": "the chain itself",
    "core.auditentry": "the chain itself",
    "core.scheduledjob": "the scheduler's bookkeeping",
    "pledges.pactgeneration": "progress of a background run; the pacts it makes are audited",
    "monitoring.scanresult": "detector output, recomputable; the decision on it (Finding) is audited",
    "monitoring.contentdigest": "anchored in the chain by one entry per batch (see monitoring/anchoring.py)",
    "cases.notification": "an in-app message to a user; the deadline or escalation it reports is audited on the case",
    "core.recoverycode": "hashes of one-time login codes; enrolment, switching off and resets are audit events on the User",
    "core.loginevent": "itself a log of logins (docs/security.md), purged after its retention period",
    "core.accesslog": "itself a log of who viewed what (docs/security.md), purged after its retention period",
    "reports.figurecell": "precomputed counts, rebuilt as a whole from audited sources (reports/summary.py)",
    "reports.figuresummary": "the state of those counts (what they were built from), rewritten by each rebuild",
}


def test_every_domain_model_is_audited():
    missing = [m._meta.label_lower for m in apps.get_models()
               if m.__module__.startswith("netral.") and not getattr(m, "audited", False)
               and m._meta.label_lower not in NOT_AUDITED]
    assert missing == []


class NationalAuditTestCase(BaseTestCase):
    def test_admin_sees_changes_to_elections_stages_contestants_and_regulations(self):
        e = Election.objects.create(slug="psu-audit", kind="pilkada", name="PSU Audit", voting_day=date(2025, 5, 1))
        Stage.objects.create(election=e, name="Kampanye PSU", start=date(2025, 4, 1), end=date(2025, 4, 20),
                             phase="campaign")
        Contestant.objects.create(election=e, key="paslon-audit", number=1, name="Paslon Audit")
        reg = Regulation.objects.create(key="pp-audit", kind="pp", title="PP Audit", summary="Ringkasan")
        reg.title = "PP Audit Diubah"
        reg.save()
        for admin in (self.admin, self.other_admin):
            self.login(admin)
            r = self.client.get(reverse("audit_list"), {"scope": "national"})
            for text in ("PSU Audit", "Kampanye PSU", "Paslon Audit", "PP Audit Diubah"):
                self.assertContains(r, text)
            entry = AuditEntry.objects.get(model="pledges.regulation", action="update")
            r = self.client.get(reverse("audit_detail", args=[entry.seq]))
            self.assertContains(r, "PP Audit Diubah")
        # Only Admin: a Pimpinan's audit page is the audit of their units.
        self.login(self.pimpinan)
        self.assertNotContains(self.client.get(reverse("audit_list")), "PSU Audit")
        self.assertEqual(self.client.get(reverse("audit_detail", args=[entry.seq])).status_code, 404)

    def test_unit_entries_stay_scoped_for_admins(self):
        emp = make_employee(self.upt_c, "Orang Kanwil Lain")
        entry = AuditEntry.objects.get(model="people.employee", object_pk=str(emp.pk))
        self.login(self.admin)
        self.assertEqual(self.client.get(reverse("audit_detail", args=[entry.seq])).status_code, 404)
        self.assertNotContains(self.client.get(reverse("audit_list")), "Orang Kanwil Lain")


class WorkAuditTestCase(BaseTestCase):
    def setUp(self):
        self.election = Election.objects.create(slug="e-audit", kind="pilkada", name="E", voting_day=date(2025, 5, 1))
        self.me = make_employee(self.upt_a, "Agus Setiawan", user=self.pegawai)
        self.event = Event.objects.create(unit=self.kanwil, title="Sosialisasi Audit", starts_at=timezone.now(),
                                          place="Aula", election=self.election)
        self.event.targets.set([self.kanwil])

    def test_a_checkin_is_audited(self):
        pledges.check_in(self.event, self.me, "self", self.pegawai)
        entry = AuditEntry.objects.get(model="pledges.attendance", action="create")
        self.assertEqual(entry.unit_path, self.upt_a.path)
        self.assertEqual(entry.after["employee_id"], self.me.pk)

    def test_each_imported_attendance_is_audited(self):
        other = make_employee(self.upt_a, "Budi Hartono")
        table = read_table(SimpleUploadedFile("h.csv", f"nip\n{self.me.nip}\n{other.nip}\n".encode()))
        pledges.import_attendance(self.event, table, self.operator)
        entries = AuditEntry.objects.filter(model="pledges.attendance", action="create")
        self.assertEqual({e.after["employee_id"] for e in entries}, {self.me.pk, other.pk})
        self.assertEqual({e.actor_name for e in entries}, {"operator"})

    def test_a_unit_move_is_audited(self):
        self.me.unit = self.upt_b
        save_employee(self.me, self.admin, note="mutasi")
        entry = AuditEntry.objects.get(model="people.employeemove")
        self.assertEqual((entry.after["from_unit_id"], entry.after["to_unit_id"]), (self.upt_a.pk, self.upt_b.pk))

    def test_an_import_job_is_audited(self):
        job = ContentImport.objects.create(unit=self.upt_a, original_name="arsip.zip", format="generic",
                                           created_by=self.operator, file="x.zip")
        entry = AuditEntry.objects.get(model="monitoring.contentimport", object_pk=str(job.pk))
        self.assertEqual(entry.unit_path, self.upt_a.path)
