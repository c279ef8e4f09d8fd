"""Logins for employees (issue 11, point 5; docs/roster.md, "Logins for employees")."""

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from netral.core.models import User
from netral.people import actions
from netral.people.models import Employee, LoginActivation
from netral.people.tests.base import RosterTestCase

STRONG = "Netral-Aman-2024!"


class LoginTests(RosterTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.new_a = Employee.objects.create(unit=cls.upt_a, employment_type="ppnpn", internal_id="PP-7",
                                            name="Sari Baru")
        cls.new_a2 = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="199001012015031001",
                                             name="Tono Baru")

    def issue(self, data, user=None):
        self.login(user or self.operator)
        return self.client.post(reverse("employee_logins"), data)

    def links(self, response):
        return re.findall(r"http://testserver(/pegawai/aktivasi/[^/<\s]+/)", response.text)

    def test_a_unit_filter_that_is_not_a_number_shows_every_unit_not_a_500(self):
        self.login(self.operator)
        for bad in ("abc", "2024-02-30", "\x00", "1 OR 1=1"):
            r = self.client.get(reverse("employee_logins"), {"unit": bad})
            assert r.status_code == 200, bad
            assert r.context["unit"] is None
        # Another Kanwil's unit is no filter either: nothing of it is shown.
        r = self.client.get(reverse("employee_logins"), {"unit": self.upt_c.pk})
        assert r.status_code == 200 and r.context["unit"] is None

    def test_an_operator_creates_logins_for_a_whole_unit_with_a_printable_sheet(self):
        r = self.issue({"unit": self.upt_a.pk, "whole_unit": "on"})
        assert r.status_code == 200 and r["Cache-Control"] == "private, no-store"
        self.assertContains(r, "Sari Baru")
        self.assertContains(r, "Lapas Uji A")
        self.assertContains(r, "<svg")  # the QR of the link
        links = self.links(r)
        assert len(links) == 2  # Budi already has a login (the pegawai persona): not in "whole unit"
        sari = Employee.objects.get(pk=self.new_a.pk)
        assert sari.user.role == "pegawai" and sari.user.unit == self.upt_a
        assert not sari.user.has_usable_password()
        # Only hashes are stored.
        token = links[0].rstrip("/").rsplit("/", 1)[1]
        assert not LoginActivation.objects.filter(token_hash=token).exists()

    def test_the_employee_sets_a_password_once(self):
        r = self.issue({"ids": [self.new_a.pk]})
        link = self.links(r)[0]
        self.client.logout()
        r = self.client.post(link, {"password1": "123", "password2": "123"})
        assert r.status_code == 200 and r.context["form"].errors["password1"]
        r = self.client.post(link, {"password1": STRONG, "password2": STRONG + "x"})
        assert r.context["form"].errors["password2"]
        r = self.client.post(link, {"password1": STRONG, "password2": STRONG})
        self.assertRedirects(r, reverse("login"), fetch_redirect_response=False)
        login = User.objects.get(employee=self.new_a)
        assert self.client.login(username=login.username, password=STRONG)
        self.client.logout()
        r = self.client.post(link, {"password1": "Lain-" + STRONG, "password2": "Lain-" + STRONG})
        assert r.status_code == 410
        assert self.client.login(username=login.username, password=STRONG)

    def test_an_expired_or_unknown_link_reads_the_same(self):
        r = self.issue({"ids": [self.new_a.pk]})
        link = self.links(r)[0]
        LoginActivation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        self.client.logout()
        expired = self.client.get(link)
        unknown = self.client.get(reverse("login_activate", args=["tidak-ada"]))
        assert expired.status_code == unknown.status_code == 410
        strip = lambda r: re.sub(rb'value="[^"]{20,}"|"X-CSRFToken": "[^"]+"', b"", r.content)  # noqa: E731
        assert strip(expired) == strip(unknown) and "tidak berlaku" in expired.text

    def test_a_new_link_replaces_the_old_one(self):
        first = self.links(self.issue({"ids": [self.new_a.pk]}))[0]
        second = self.links(self.issue({"ids": [self.new_a.pk]}))[0]
        assert first != second
        self.client.logout()
        assert self.client.get(first).status_code == 410
        assert self.client.get(second).status_code == 200
        assert User.objects.filter(employee=self.new_a).count() == 1

    def test_employees_outside_scope_get_no_login(self):
        r = self.issue({"ids": [self.emp_b.pk]})  # an employee of UPT-B
        assert r.status_code == 200 and r.context["form"].errors
        issued, skipped = actions.issue_logins([self.emp_c], user=self.operator)
        assert (issued, skipped) == ([], 1)
        assert Employee.objects.get(pk=self.emp_c.pk).user_id is None
        r = self.issue({"ids": [self.new_a.pk]}, user=self.pegawai)
        assert r.status_code == 403

    def test_one_login_one_employee_in_the_database(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Employee.objects.filter(pk=self.new_a.pk).update(user=self.pegawai)

    def test_deactivating_an_employee_deactivates_the_login(self):
        self.issue({"ids": [self.new_a.pk]})
        self.login(self.operator)
        emp = Employee.objects.get(pk=self.new_a.pk)
        r = self.client.post(reverse("employee_edit", args=[emp.pk]), {
            "name": emp.name, "employment_type": "ppnpn", "nip": "", "nik": "", "internal_id": "PP-7",
            "unit": self.upt_a.pk, "position": "", "position_class": "pelaksana", "grade": "", "email": "",
            "phone": "", "end_date": "2024-12-31", "move_note": ""})  # is_active unticked
        assert r.status_code == 302
        assert not User.objects.get(pk=emp.user_id).is_active

    def test_the_periodic_check_catches_bulk_changes(self):
        self.issue({"ids": [self.new_a.pk]})
        Employee.objects.filter(pk=self.new_a.pk).update(is_active=False, end_date="2024-12-31")
        from netral.people.models import deactivate_logins

        assert deactivate_logins() == 1
        assert not User.objects.get(employee=self.new_a).is_active
