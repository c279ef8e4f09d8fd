"""Shared test base with named personas.

Tree:  ministry ─ kanwil ─┬─ upt_a (Lapas)   ← operator, pegawai
                          └─ upt_b (Rutan)   ← outsider (an operator of another UPT)
       ministry ─ other_kanwil ─ upt_c
admin, pimpinan and pengawas sit at the kanwil; other_admin at other_kanwil.
"""

from django.test import TestCase

from netral.core.models import OrgUnit, Role, User


def make_unit(code, kind, parent=None, **extra):
    return OrgUnit.objects.create(code=code, name=extra.pop("name", f"Unit {code}"), kind=kind, parent=parent, **extra)


def make_user(username, role, unit, password=None, **extra):
    user = User(username=username, role=role, unit=unit, first_name=extra.pop("first_name", username.title()), **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


class Personas:
    @classmethod
    def build_personas(cls):
        cls.ministry = make_unit("MIN", "ministry", name="Kementerian Uji")
        cls.kanwil = make_unit("KW", "kanwil", cls.ministry, name="Kanwil Uji", province="Jawa Tengah")
        cls.upt_a = make_unit("UPT-A", "lapas", cls.kanwil, name="Lapas Uji A")
        cls.upt_b = make_unit("UPT-B", "rutan", cls.kanwil, name="Rutan Uji B")
        cls.other_kanwil = make_unit("KW2", "kanwil", cls.ministry, name="Kanwil Lain")
        cls.upt_c = make_unit("UPT-C", "imigrasi", cls.other_kanwil, name="Kanim Uji C")
        cls.admin = make_user("admin", Role.ADMIN, cls.kanwil)
        cls.pimpinan = make_user("pimpinan", Role.PIMPINAN, cls.kanwil)
        cls.pengawas = make_user("pengawas", Role.PENGAWAS, cls.kanwil)
        cls.operator = make_user("operator", Role.OPERATOR, cls.upt_a)
        cls.pegawai = make_user("pegawai", Role.PEGAWAI, cls.upt_a)
        cls.outsider = make_user("outsider", Role.OPERATOR, cls.upt_b)
        cls.other_admin = make_user("other_admin", Role.ADMIN, cls.other_kanwil)


class BaseTestCase(Personas, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    def login(self, user):
        self.client.force_login(user)


def run_db_worker():
    """Run the database task backend's real worker (`db_worker --batch`) inside a TestCase.

    The worker calls close_old_connections() around every task, which drops a connection that is
    inside a transaction; inside a TestCase that is the test's own connection (on PostgreSQL the
    test then fails with "the connection is closed"; SQLite's in-memory test database ignores the
    close). Only that housekeeping call is skipped: the tasks run on the real queue and database.
    """
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
