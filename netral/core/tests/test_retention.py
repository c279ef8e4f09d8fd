"""Retention of every kind of personal data (core/retention.py and the kinds the apps register):
old and eligible records go, young ones stay, whatever an open case needs stays, the other kinds
are untouched, and the audit chain and the evidence anchors still verify after a purge."""

import os
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone

from netral.cases.models import Case, CaseDocument, Hearing, State
from netral.core import scheduler
from netral.core.audit import verify_chain
from netral.core.models import AuditEntry, RecoveryCode
from netral.core.retention import PURGE_MODEL, kinds, purge
from netral.elections.models import Election, Stage
from netral.monitoring.anchoring import anchor
from netral.monitoring.evidence import verify_stored
from netral.monitoring.models import ContentDigest, ContentItem, Finding, MediaFile, ScanResult
from netral.people.models import Employee, SocialAccount
from netral.pledges.models import Attendance, Event, IntegrityPact, PactTemplate
from netral.test import BaseTestCase, make_user

NOW = timezone.now()
_n = iter(range(1, 10**6))


def days_ago(n):
    return NOW - timedelta(days=n)


class RetentionWorld(BaseTestCase):
    """Builders for each kind; every test builds only what it needs."""

    def employee(self, name="Budi", *, active=True, ended_days_ago=None, user=None, **extra):
        n = next(_n)
        return Employee.objects.create(
            unit=self.upt_a, employment_type="ppnpn", internal_id=f"PP-{n}", name=name, nik=f"33740112{n:08d}",
            email=f"p{n}@contoh.go.id", phone="0812000000", is_active=active, user=user,
            end_date=(NOW - timedelta(days=ended_days_ago)).date() if ended_days_ago is not None else None, **extra)

    def item(self, *, captured_days_ago, employee=None, media=b"", supersedes=None, anchored=True):
        it = ContentItem.objects.create(platform="x", external_id=f"e{next(_n)}", handle="budi_asn", unit=self.upt_a,
                                        text="Ayo dukung paslon 01", captured_at=days_ago(captured_days_ago),
                                        employee=employee, payload={"teks": "Ayo dukung paslon 01"},
                                        supersedes=supersedes)
        if media:
            m = MediaFile(content=it, original_name="bukti.png", sha256="", size=len(media))
            import hashlib

            m.sha256 = hashlib.sha256(media).hexdigest()
            m.file.save("bukti.png", ContentFile(media), save=False)
            m.save()
        if anchored:
            anchor([it.pk])
        return it

    def finding(self, item, *, status=Finding.Status.NEW, decided_days_ago=None, case=None, duplicate_of=None):
        scan = ScanResult.objects.create(content=item, detector_version="uji", partisan=True, text_sha256="0" * 64)
        return Finding.objects.create(
            content=item, scan=scan, unit=item.unit, employee=item.employee, platform=item.platform,
            interaction=item.interaction, partisan=True, status=status, case=case, duplicate_of=duplicate_of,
            decided_at=days_ago(decided_days_ago) if decided_days_ago is not None else None)

    def case(self, *, closed_days_ago=None, employees=()):
        n = next(_n)
        c = Case.objects.create(number=f"K-{n}", unit=self.upt_a, title=f"Kasus {n}",
                                state=State.CLOSED if closed_days_ago is not None else State.VERIFICATION,
                                closed_at=days_ago(closed_days_ago) if closed_days_ago is not None else None)
        c.employees.set(employees)
        return c

    def document(self, case, kind=CaseDocument.Kind.EVIDENCE):
        doc = CaseDocument(case=case, kind=kind, original_name="foto.jpg", mime="image/jpeg", size=3, sha256="0" * 64)
        doc.file.save("foto.jpg", ContentFile(b"abc"), save=False)
        doc.save()
        return doc

    def election(self, voting_day):
        n = next(_n)
        e = Election.objects.create(slug=f"pemilu-{n}", kind="pemilu", name=f"Pemilu {n}", voting_day=voting_day)
        Stage.objects.create(election=e, name="Kampanye", start=voting_day - timedelta(days=60),
                             end=voting_day - timedelta(days=3), phase="campaign")
        return e

    def pact(self, election, employee, scan=b""):
        template, _c = PactTemplate.objects.get_or_create(election=election, unit=self.kanwil,
                                                          defaults={"place": "Semarang"})
        p = IntegrityPact(template=template, election=election, employee=employee, text="Pakta", text_sha256="0" * 64,
                          status=IntegrityPact.Status.SIGNED, signed_at=NOW)
        if scan:
            p.scan.save("pakta.pdf", ContentFile(scan), save=False)
        p.save()
        return p

    def attendance(self, employee, *, election=None, starts_days_ago=10):
        ev = Event.objects.create(unit=self.kanwil, election=election, title="Sosialisasi",
                                  starts_at=days_ago(starts_days_ago))
        return Attendance.objects.create(event=ev, employee=employee, method="self")

    def exists(self, obj):
        return type(obj)._base_manager.filter(pk=obj.pk).exists()

    def assert_verifies(self):
        checked, problem = verify_chain()
        self.assertIsNone(problem)
        self.assertEqual(verify_stored()[1], [])

    def run_kind(self, name):
        return dict(kinds())[name](NOW)


class RetentionRegistryTestCase(RetentionWorld):
    def test_every_kind_is_registered_in_order_and_the_scheduler_runs_them_daily(self):
        self.assertEqual([name for name, _fn in kinds()],
                         ["case_evidence", "dismissed_findings", "content", "pacts", "attendance",
                          "departed_employees"])
        self.assertEqual(scheduler.jobs()["purge_expired_data"].every, timedelta(days=1))

    def test_one_failing_kind_does_not_stop_the_others(self):
        from netral.core import retention

        def broken(now):
            raise RuntimeError("rusak")

        retention._kinds.insert(0, (0, "broken", broken))
        try:
            old = self.item(captured_days_ago=400)
            with self.assertLogs("netral.core.retention", "ERROR"):
                done = purge(NOW)
        finally:
            retention._kinds.pop(0)
        self.assertIsNone(done["broken"])
        self.assertEqual(done["content"], 1)
        self.assertFalse(self.exists(old))


@override_settings(RETENTION_CONTENT_DAYS=365, RETENTION_DISMISSED_FINDING_DAYS=730)
class ContentRetentionTestCase(RetentionWorld):
    def test_an_item_linked_to_an_open_case_or_a_waiting_finding_is_kept(self):
        case = self.case()
        in_case = self.item(captured_days_ago=3000)
        self.finding(in_case, status=Finding.Status.CONFIRMED, decided_days_ago=2900, case=case)
        waiting = self.item(captured_days_ago=3000)
        self.finding(waiting)
        self.assertEqual(self.run_kind("content") + self.run_kind("dismissed_findings"), 0)
        self.assertTrue(self.exists(in_case) and self.exists(waiting))

    def test_a_young_item_is_kept(self):
        young = self.item(captured_days_ago=364)
        self.assertEqual(self.run_kind("content"), 0)
        self.assertTrue(self.exists(young))

    def test_an_old_item_that_never_became_a_finding_is_purged_with_its_media(self):
        old = self.item(captured_days_ago=366, media=b"\x89PNG gambar")
        path = MediaFile.objects.get(content=old).file.path
        self.assertTrue(os.path.exists(path))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.run_kind("content"), 1)
        self.assertFalse(self.exists(old))
        self.assertFalse(MediaFile.objects.filter(content_id=old.pk).exists())
        self.assertFalse(os.path.exists(path))
        entry = AuditEntry.objects.get(model=PURGE_MODEL)
        self.assertEqual((entry.after["kind"], entry.after["count"], entry.after["content"],
                          entry.after["setting"], entry.after["days"]),
                         ("content", 1, [old.pk], "RETENTION_CONTENT_DAYS", 365))
        self.assertNotIn("paslon", str(entry.before) + str(entry.after))  # what went, never what it said
        self.assertFalse(AuditEntry.objects.filter(action="delete").exists())
        self.assertEqual(ContentDigest.objects.get(content_id=old.pk).purged_seq, entry.seq)
        # On the audit page of the Admins who see the purged records' units, not of others.
        self.assertEqual(entry.unit_path, self.upt_a.path)
        self.assertTrue(AuditEntry.objects.visible_to(self.admin).filter(pk=entry.pk).exists())
        self.assertFalse(AuditEntry.objects.visible_to(self.other_admin).filter(pk=entry.pk).exists())
        self.assert_verifies()

    def test_a_dismissed_finding_goes_long_after_the_decision_with_its_item(self):
        old = self.item(captured_days_ago=900)
        f_old = self.finding(old, status=Finding.Status.DISMISSED, decided_days_ago=731)
        recent = self.item(captured_days_ago=900)
        f_recent = self.finding(recent, status=Finding.Status.DISMISSED, decided_days_ago=100)
        # A duplicate of a finding that sits in a case follows that case, not this rule.
        case = self.case()
        original = self.item(captured_days_ago=900)
        f_orig = self.finding(original, status=Finding.Status.CONFIRMED, decided_days_ago=800, case=case)
        dup = self.item(captured_days_ago=900)
        self.finding(dup, status=Finding.Status.DUPLICATE, decided_days_ago=800, duplicate_of=f_orig)
        self.assertEqual(self.run_kind("dismissed_findings"), 1)
        self.assertFalse(self.exists(old) or self.exists(f_old))
        self.assertTrue(self.exists(f_recent) and self.exists(recent) and self.exists(dup) and self.exists(original))
        self.assertEqual(AuditEntry.objects.get(model=PURGE_MODEL).after["findings"], [f_old.pk])
        self.assert_verifies()

    def test_an_item_that_a_kept_correction_or_duplicate_needs_is_kept(self):
        corrected = self.item(captured_days_ago=400)
        self.item(captured_days_ago=10, supersedes=corrected)  # the young correction stays
        original = self.item(captured_days_ago=900)
        f_orig = self.finding(original, status=Finding.Status.DISMISSED, decided_days_ago=800)
        dup = self.item(captured_days_ago=900)
        self.finding(dup, status=Finding.Status.DUPLICATE, decided_days_ago=10, duplicate_of=f_orig)
        # An old correction with its old original both go together.
        a = self.item(captured_days_ago=500)
        b = self.item(captured_days_ago=450, supersedes=a)
        self.assertEqual(self.run_kind("content") + self.run_kind("dismissed_findings"), 2)
        self.assertTrue(self.exists(corrected) and self.exists(original) and self.exists(dup))
        self.assertFalse(self.exists(a) or self.exists(b))
        self.assert_verifies()

    def test_a_correction_follows_the_finding_of_the_item_it_corrects(self):
        case = self.case()
        in_case = self.item(captured_days_ago=3000)
        self.finding(in_case, status=Finding.Status.CONFIRMED, decided_days_ago=2900, case=case)
        correction = self.item(captured_days_ago=2000, supersedes=in_case)  # no finding of its own
        dismissed = self.item(captured_days_ago=3000)
        self.finding(dismissed, status=Finding.Status.DISMISSED, decided_days_ago=2900)
        its_correction = self.item(captured_days_ago=20, supersedes=dismissed)
        self.assertEqual(self.run_kind("content"), 0)  # neither correction goes by the content rule
        self.assertTrue(self.exists(correction) and self.exists(its_correction))
        self.assertEqual(self.run_kind("dismissed_findings"), 2)  # the dismissed one takes its correction
        self.assertFalse(self.exists(dismissed) or self.exists(its_correction))
        self.assertTrue(self.exists(in_case) and self.exists(correction))
        self.assert_verifies()

    def test_an_item_tampered_with_is_never_purged(self):
        old = self.item(captured_days_ago=400)
        ContentItem.objects.filter(pk=old.pk).update(text="Teks yang diubah")
        with self.assertLogs("netral.monitoring.retention", "ERROR"):
            self.assertEqual(self.run_kind("content"), 0)
        self.assertTrue(self.exists(old))
        self.assertTrue(verify_stored()[1])  # still reported by verify_evidence

    def test_an_item_captured_before_anchoring_is_anchored_then_purged(self):
        self.item(captured_days_ago=400, anchored=False)
        self.assertEqual(self.run_kind("content"), 1)
        self.assert_verifies()


class PurgeVerificationTestCase(RetentionWorld):
    def setUp(self):
        self.old = self.item(captured_days_ago=400)
        self.kept = self.item(captured_days_ago=1)
        self.run_kind("content")
        self.entry = AuditEntry.objects.get(model=PURGE_MODEL)

    def test_a_purge_verifies_and_a_deletion_by_hand_does_not(self):
        self.assert_verifies()
        ContentItem.objects.filter(pk=self.kept.pk)._raw_delete(ContentItem.objects.db)
        self.assertIn("hilang dari basis data", str(verify_stored()[1]))

    def test_a_deletion_by_hand_passed_off_as_purged_is_caught(self):
        ContentItem.objects.filter(pk=self.kept.pk)._raw_delete(ContentItem.objects.db)
        ContentDigest.objects.filter(content_id=self.kept.pk).update(purged_seq=self.entry.seq)
        self.assertIn("daftar konten yang dihapus diubah", str(verify_stored()[1]))
        ContentDigest.objects.filter(content_id=self.kept.pk).update(purged_seq=self.entry.seq - 1)
        self.assertIn("tidak ada di rantai audit", str(verify_stored()[1]))

    def test_an_edited_purge_entry_is_caught(self):
        AuditEntry.objects.filter(pk=self.entry.pk).update(after=dict(self.entry.after, count=5))
        self.assertIn("entri audit diubah", str(verify_stored()[1]))
        self.assertIsNotNone(verify_chain()[1])

    def test_an_item_marked_purged_but_still_there_is_reported(self):
        ContentDigest.objects.filter(content_id=self.kept.pk).update(purged_seq=self.entry.seq)
        self.assertIn("masih ada di basis data", str(verify_stored()[1]))


@override_settings(RETENTION_CASE_EVIDENCE_DAYS=1825)
class CaseEvidenceRetentionTestCase(RetentionWorld):
    def test_the_evidence_of_a_long_closed_case_goes_and_its_decision_record_stays(self):
        emp = self.employee()
        case = self.case(closed_days_ago=1826, employees=[emp])
        it = self.item(captured_days_ago=2500, employee=emp, media=b"gambar")
        f = self.finding(it, status=Finding.Status.CONFIRMED, decided_days_ago=2400, case=case)
        dup = self.item(captured_days_ago=2500)
        self.finding(dup, status=Finding.Status.DUPLICATE, decided_days_ago=2400, duplicate_of=f)
        evidence, package = self.document(case), self.document(case, CaseDocument.Kind.PACKAGE)
        decree = self.document(case, CaseDocument.Kind.DECREE)
        path = evidence.file.path
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.run_kind("case_evidence"), 4)
        self.assertFalse(any(self.exists(o) for o in (it, f, dup, evidence, package)))
        self.assertFalse(os.path.exists(path))
        self.assertTrue(self.exists(case) and self.exists(decree) and self.exists(emp))
        notes = list(AuditEntry.objects.filter(model=PURGE_MODEL).values_list("after__kind", flat=True))
        self.assertEqual(sorted(notes), ["case_documents", "case_evidence"])
        self.assert_verifies()
        self.assertEqual(self.run_kind("case_evidence"), 0)  # twice is harmless

    def test_the_corrections_of_a_case_item_go_with_the_case_evidence(self):
        case = self.case(closed_days_ago=2000)
        first = self.item(captured_days_ago=3000)
        it = self.item(captured_days_ago=2990, supersedes=first)
        self.finding(it, status=Finding.Status.CONFIRMED, decided_days_ago=2900, case=case)
        later = self.item(captured_days_ago=2980, supersedes=it)
        self.assertEqual(self.run_kind("content"), 0)
        self.assertEqual(self.run_kind("case_evidence"), 3)
        self.assertFalse(any(self.exists(o) for o in (first, it, later)))
        self.assert_verifies()

    def test_open_recent_and_still_needed_cases_keep_their_evidence(self):
        emp, other = self.employee(), self.employee("Siti")
        open_case = self.case(employees=[emp])
        recent = self.case(closed_days_ago=1000, employees=[other])
        old_but_needed = self.case(closed_days_ago=3000, employees=[emp])  # emp has an open case
        kept = []
        for case in (open_case, recent, old_but_needed):
            it = self.item(captured_days_ago=3500)
            self.finding(it, status=Finding.Status.CONFIRMED, decided_days_ago=3400, case=case)
            kept += [it, self.document(case)]
        self.assertEqual(self.run_kind("case_evidence"), 0)
        self.assertTrue(all(self.exists(o) for o in kept))


@override_settings(RETENTION_PACT_DAYS=1825)
class PactRetentionTestCase(RetentionWorld):
    def test_pacts_and_attendance_go_long_after_their_election(self):
        old_election, recent_election = self.election(date(2019, 4, 17)), self.election(date(2024, 2, 14))
        budi, siti = self.employee(), self.employee("Siti")
        old = self.pact(old_election, budi, scan=b"%PDF-1.4 pindaian")
        path = old.scan.path
        recent = self.pact(recent_election, budi)
        needed = self.pact(old_election, siti)
        self.case(employees=[siti])  # an open case cites Siti's pact
        old_att = self.attendance(budi, election=old_election)
        no_election_att = self.attendance(budi, starts_days_ago=1900)
        young_att = self.attendance(budi, starts_days_ago=100)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(self.run_kind("pacts"), 1)
        self.assertEqual(self.run_kind("attendance"), 2)
        self.assertFalse(self.exists(old) or self.exists(old_att) or self.exists(no_election_att))
        self.assertFalse(os.path.exists(path))
        self.assertTrue(self.exists(recent) and self.exists(needed) and self.exists(young_att))
        self.assertTrue(self.exists(budi))
        self.assertFalse(AuditEntry.objects.filter(action="delete").exists())
        self.assert_verifies()

    def test_a_replaced_pact_goes_with_its_replacement(self):
        e = self.election(date(2019, 4, 17))
        budi = self.employee()
        first = self.pact(e, budi)
        IntegrityPact.objects.filter(pk=first.pk).update(status=IntegrityPact.Status.SUPERSEDED)
        second = self.pact(e, budi)
        IntegrityPact.objects.filter(pk=second.pk).update(supersedes=first)
        self.assertEqual(self.run_kind("pacts"), 2)


@override_settings(RETENTION_DEPARTED_EMPLOYEE_DAYS=730)
class DepartedEmployeeRetentionTestCase(RetentionWorld):
    def test_a_departed_employee_with_nothing_left_is_deleted_and_the_login_scrubbed(self):
        login = make_user("mantan", "pegawai", self.upt_a, password="sandi-lama-yang-panjang", email="m@contoh.go.id",
                          is_active=False, totp_secret="enc1$x$y")
        RecoveryCode.objects.create(user=login, code_hash="0" * 64)
        gone = self.employee("Mantan", active=False, ended_days_ago=731, user=login)
        SocialAccount.objects.create(employee=gone, platform="x", handle="mantan_asn")
        self.assertEqual(self.run_kind("departed_employees"), 1)
        self.assertFalse(self.exists(gone))
        self.assertFalse(SocialAccount.objects.filter(handle="mantan_asn").exists())
        login.refresh_from_db()
        self.assertEqual((login.email, login.totp_secret, login.has_usable_password(), login.is_active),
                         ("", "", False, False))
        self.assertEqual(login.username, "mantan")  # the audit chain names it as an actor
        self.assertFalse(RecoveryCode.objects.filter(user=login).exists())
        entry = AuditEntry.objects.get(model=PURGE_MODEL)
        self.assertEqual(entry.after["deleted"], [gone.pk])
        self.assertNotIn("Mantan", str(entry.after))
        self.assert_verifies()

    def test_a_departed_employee_that_a_closed_case_cites_is_minimised_not_deleted(self):
        emp = self.employee("Tercatat", active=False, ended_days_ago=1000)
        self.case(closed_days_ago=100, employees=[emp])
        self.assertEqual(self.run_kind("departed_employees"), 1)
        emp.refresh_from_db()
        self.assertEqual((emp.nik, emp.email, emp.phone), ("", "", ""))
        self.assertEqual((emp.name, emp.internal_id[:3]), ("Tercatat", "PP-"))
        self.assertEqual(self.run_kind("departed_employees"), 0)  # nothing left to do

    def test_young_active_and_needed_employees_are_kept_whole(self):
        young = self.employee("Baru", active=False, ended_days_ago=700)
        active = self.employee("Aktif")
        in_open_case = self.employee("Diperiksa", active=False, ended_days_ago=2000)
        self.case(employees=[in_open_case])
        pending = self.employee("Menunggu", active=False, ended_days_ago=2000)
        self.finding(self.item(captured_days_ago=5, employee=pending))
        heard = self.employee("Dipanggil", active=False, ended_days_ago=2000)
        hearing_case = self.case(employees=[heard])
        Hearing.objects.create(case=hearing_case, employee=heard, summons_sent_on=date(2020, 1, 1),
                               scheduled_at=days_ago(2000), place="Kantor")
        before = {e.pk: (e.nik, e.email, e.phone) for e in Employee.objects.all()}
        self.assertEqual(self.run_kind("departed_employees"), 0)
        self.assertEqual({e.pk: (e.nik, e.email, e.phone) for e in Employee.objects.all()}, before)
        self.assertTrue(all(self.exists(e) for e in (young, active, in_open_case, pending, heard)))

    def test_a_pact_still_kept_holds_the_employee_back_until_it_goes(self):
        emp = self.employee("Berpakta", active=False, ended_days_ago=3000)
        pact = self.pact(self.election(date(2019, 4, 17)), emp)
        with override_settings(RETENTION_PACT_DAYS=5000):
            purge(NOW)
        self.assertTrue(self.exists(pact) and self.exists(emp))
        emp.refresh_from_db()
        self.assertEqual(emp.nik, "")  # minimised meanwhile
        with override_settings(RETENTION_PACT_DAYS=1825):
            purge(NOW)  # pacts run before employees: both go in one run
        self.assertFalse(self.exists(pact) or self.exists(emp))
        self.assert_verifies()


class AllKindsTestCase(RetentionWorld):
    """One run of everything: each kind takes only its own records."""

    def snapshot(self):
        return {m.__name__: set(m._base_manager.values_list("pk", flat=True)) for m in (
            ContentItem, Finding, CaseDocument, IntegrityPact, Attendance, Employee, Case)}

    def test_each_kind_leaves_the_others_untouched(self):
        emp = self.employee()
        case = self.case(closed_days_ago=4000, employees=[emp])
        it = self.item(captured_days_ago=5000, employee=emp)
        self.finding(it, status=Finding.Status.CONFIRMED, decided_days_ago=4500, case=case)
        self.document(case)
        self.item(captured_days_ago=5000)
        self.finding(self.item(captured_days_ago=5000), status=Finding.Status.DISMISSED, decided_days_ago=4000)
        self.pact(self.election(date(2015, 4, 9)), emp)
        self.attendance(emp, starts_days_ago=4000)
        self.employee("Lama", active=False, ended_days_ago=4000)
        owns = {"case_evidence": {"ContentItem", "Finding", "CaseDocument"}, "dismissed_findings":
                {"ContentItem", "Finding"}, "content": {"ContentItem"}, "pacts": {"IntegrityPact"},
                "attendance": {"Attendance"}, "departed_employees": {"Employee"}}
        for name, _fn in kinds():
            before = self.snapshot()
            with self.subTest(kind=name):
                self.assertGreater(self.run_kind(name), 0)
                after = self.snapshot()
                changed = {m for m in before if before[m] != after[m]}
                self.assertEqual(changed, owns[name])
        self.assertTrue(self.exists(case))
        self.assert_verifies()
        self.assertEqual(sum(v or 0 for k, v in purge(NOW).items() if k in owns), 0)
