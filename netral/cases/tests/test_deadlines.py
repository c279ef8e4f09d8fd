import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from netral.cases import actions
from netral.cases.models import Case, CaseEvent, Deadline, Holiday, Notification, SLARule, State
from netral.cases.tests.helpers import CasesTestCase
from netral.cases.workdays import add_days, working_days_between
from netral.core.models import Role
from netral.pledges.models import TaskForce, TaskForceMember
from netral.test import make_user

D = dt.date


class WorkdayTests(CasesTestCase):
    def test_it_skips_weekends(self):
        # Friday + 1 working day = Monday; + 5 = next Friday
        assert add_days(D(2024, 3, 1), 1, working=True) == D(2024, 3, 4)
        assert add_days(D(2024, 3, 1), 5, working=True) == D(2024, 3, 8)
        assert add_days(D(2024, 3, 2), 0, working=True) == D(2024, 3, 2)
        with pytest.raises(ValueError):
            add_days(D(2024, 3, 1), -1, working=True)

    def test_it_skips_holidays_and_cuti_bersama_loaded_by_the_migration(self):
        holidays = Holiday.dates()
        # Lebaran 2024: 8, 9, 12, 15 April cuti bersama; 10, 11 April Idul Fitri
        assert {D(2024, 4, d) for d in (8, 9, 10, 11, 12, 15)} <= holidays
        assert Holiday.objects.get(date=D(2024, 4, 8)).kind == "cuti_bersama"
        assert add_days(D(2024, 4, 5), 7, working=True, holidays=holidays) == D(2024, 4, 24)
        assert add_days(D(2024, 4, 5), 7, working=True) == D(2024, 4, 16)  # without the list
        assert working_days_between(D(2024, 4, 5), D(2024, 4, 24), holidays) == 7
        # Christmas 2025 (Thu) + cuti bersama 26 Dec (Fri)
        assert add_days(D(2025, 12, 24), 1, working=True, holidays=holidays) == D(2025, 12, 29)
        # every year 2024-2026 has its national day and Christmas
        for y in (2024, 2025, 2026):
            assert {D(y, 8, 17), D(y, 12, 25), D(y, 1, 1)} <= holidays

    def test_a_deadline_running_into_2027_does_not_count_new_years_day(self):
        # Until the 2027 decree is out, the holidays fixed by law and by the Easter date are loaded (migration
        # 0005): 31 Dec 2026 (Thu) + 1 working day is Monday 4 Jan 2027, not Friday 1 Jan.
        holidays = Holiday.dates()
        assert add_days(D(2026, 12, 31), 1, working=True, holidays=holidays) == D(2027, 1, 4)
        assert {D(2027, 1, 1), D(2027, 3, 26), D(2027, 5, 6), D(2027, 6, 1), D(2027, 8, 17), D(2027, 12, 25)} <= holidays
        # Easter 2027 is 28 March: Good Friday two days before, Ascension 39 days after (Gregorian computus).
        assert D(2027, 3, 28).weekday() == 6 and D(2027, 3, 26).weekday() == 4 and D(2027, 5, 6).weekday() == 3

    def test_the_2027_migration_leaves_earlier_years_as_an_admin_left_them(self):
        from netral.cases.holidays import load

        Holiday.objects.filter(date=D(2025, 12, 26)).delete()  # an Admin removed a cuti bersama
        Holiday.objects.filter(date=D(2027, 1, 1)).delete()
        assert load(Holiday, years={2027}) == 1
        assert not Holiday.objects.filter(date=D(2025, 12, 26)).exists()

    def test_it_counts_calendar_days_across_29_february(self):
        rule = SLARule.objects.get(key="verification")
        assert rule.due_from(D(2024, 2, 26)) == D(2024, 3, 4)
        assert add_days(D(2024, 2, 29), 7, working=False) == D(2024, 3, 7)

    def test_it_follows_the_sla_table_as_edited_by_admin(self):
        SLARule.objects.filter(key="verification").update(days=3, working_days=True)
        case = self.open()
        d = Deadline.objects.get(case=case, key="verification")
        assert d.due == add_days(d.start, 3, working=True, holidays=Holiday.dates()) and d.working_days

    def test_it_uses_the_pilkada_follow_up_for_a_pilkada_case(self):
        from netral.elections.models import Election

        pilkada = Election.objects.get(slug="pilkada-2024")
        case = self.open(election=pilkada)
        d = Deadline.objects.get(case=case, key="followup_pilkada")
        assert d.due == d.start + dt.timedelta(days=3)
        actions.extend_followup(case, self.pengawas, "Saksi tambahan diperlukan")
        ext = Deadline.objects.get(case=case, key="followup_pilkada_ext")
        assert ext.due == d.due + dt.timedelta(days=2)
        with pytest.raises(actions.CaseError, match="sudah pernah diperpanjang"):
            actions.extend_followup(case, self.pengawas, "lagi")

    def test_it_extends_pemilu_follow_up_by_14_working_days(self):
        case = self.open()
        with pytest.raises(actions.CaseError, match="Alasan"):
            actions.extend_followup(case, self.pengawas, " ")
        d = actions.extend_followup(case, self.pengawas, "Keterangan tambahan dari pelapor")
        first = Deadline.objects.get(case=case, key="followup_pemilu")
        assert d.due == add_days(first.due, 14, working=True, holidays=Holiday.dates())
        assert first.done_at and first.met is None

    def test_it_shows_traffic_lights(self):
        case = self.open()
        d = Deadline.objects.get(case=case, key="verification")
        assert d.light(d.due - dt.timedelta(days=5)) == "green"
        assert d.light(d.due - dt.timedelta(days=2)) == "amber"
        assert d.light(d.due + dt.timedelta(days=1)) == "red"


class EscalationTests(CasesTestCase):
    def test_it_warns_the_assignee_then_escalates_to_lead_and_pimpinan_once(self):
        lead = make_user("ketua", Role.PENGAWAS, self.kanwil, email="ketua@example.org")
        self.pimpinan.email = "pimpinan@example.org"
        self.pimpinan.save()
        self.pengawas.email = "pengawas@example.org"
        self.pengawas.save()
        team = TaskForce.objects.create(unit=self.kanwil, name="Tim Uji", decree_number="SK-1",
                                        decree_date=D(2024, 1, 2))
        TaskForceMember.objects.create(task_force=team, user=lead, position="ketua")
        case = self.open(assignee=self.pengawas, team=team)
        other = self.open(user=self.other_pengawas, employees=[self.joko], unit=self.upt_c)
        today = timezone.localdate()
        Deadline.objects.filter(case=case, key="verification").update(due=today + dt.timedelta(days=1))
        Deadline.objects.filter(case=case, key="followup_pemilu").update(due=today - dt.timedelta(days=1))
        Deadline.objects.filter(case=other).update(due=today + dt.timedelta(days=30))

        warned, escalated = actions.warn_and_escalate(today)
        assert (warned, escalated) == (1, 1)
        warning = Notification.objects.get(kind="warning")
        assert warning.user == self.pengawas and case.number in warning.message
        esc = set(Notification.objects.filter(kind="escalation").values_list("user__username", flat=True))
        assert {"ketua", "pimpinan"} <= esc and "other_pimpinan" not in esc
        assert {m.to[0] for m in mail.outbox} >= {"pengawas@example.org", "ketua@example.org", "pimpinan@example.org"}
        assert all("[Netral]" in m.subject for m in mail.outbox)
        assert CaseEvent.objects.filter(case=case, note__startswith="Eskalasi").count() == 1

        # run again (second scheduler, retry): nothing new
        n, sent = Notification.objects.count(), len(mail.outbox)
        assert actions.warn_and_escalate(today) == (0, 0)
        assert Notification.objects.count() == n and len(mail.outbox) == sent

    def test_it_runs_from_the_scheduler_task(self):
        from netral.cases.tasks import scheduled_deadlines
        from netral.core import scheduler

        assert "case_deadlines" in scheduler.jobs()
        case = self.open()
        Deadline.objects.filter(case=case).update(due=timezone.localdate() - dt.timedelta(days=3))
        scheduler.run_due()  # the immediate task backend runs it inline
        assert Notification.objects.filter(case=case, kind="escalation", user=self.pimpinan).exists()
        assert scheduled_deadlines.call() == {"warned": 0, "escalated": 0}

    def test_it_leaves_closed_cases_and_met_deadlines_alone(self):
        case = self.open()
        Case.objects.filter(pk=case.pk).update(state=State.CLOSED)
        Deadline.objects.filter(case=case).update(due=timezone.localdate() - dt.timedelta(days=3))
        assert actions.warn_and_escalate() == (0, 0)

    def test_it_lists_overdue_cases_in_scope(self):
        case = self.open()
        other = self.open(user=self.other_pengawas, employees=[self.joko], unit=self.upt_c)
        Deadline.objects.filter(case__in=[case, other], key="verification").update(
            due=timezone.localdate() - dt.timedelta(days=2))
        self.login(self.pengawas)
        from django.urls import reverse

        r = self.client.get(reverse("case_overdue"))
        assert case.number in r.text and other.number not in r.text
        r = self.client.get(reverse("case_list"), {"overdue": "on"})
        assert case.number in r.text and 'data-light="red"' in r.text

    def test_the_overdue_filter_lists_a_case_once_however_many_deadlines_passed(self):
        late, done, early = self.open(), self.open(), self.open()
        today = timezone.localdate()
        Deadline.objects.filter(case=late).update(due=today - dt.timedelta(days=2))
        Deadline.objects.create(case=late, key="extra", label="Tambahan", start=today - dt.timedelta(days=9),
                                due=today - dt.timedelta(days=1))
        Deadline.objects.filter(case=done).update(due=today - dt.timedelta(days=2), done_at=timezone.now())
        Deadline.objects.filter(case=early).update(due=today + dt.timedelta(days=2))
        assert Deadline.objects.filter(case=late, done_at__isnull=True, due__lt=today).count() >= 2
        assert list(Case.objects.overdue(today)) == [late]
        self.login(self.pengawas)
        from django.urls import reverse

        r = self.client.get(reverse("case_list"), {"overdue": "on"})
        assert [c.pk for c in r.context["rows"]] == [late.pk] and r.context["page"].paginator.count == 1
