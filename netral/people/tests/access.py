"""Access rules of the roster URLs for the access matrix (netral/core/tests/matrix.py)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from netral.core.models import Role
from netral.core.tests.matrix import ALL, CONFIRMED, PUBLIC, STAFF, Url
from netral.people import actions
from netral.people.models import AccountRemovalRequest, Employee, LoginActivation, RosterImport, SocialAccount
from netral.test import make_user

ROSTER = (Role.ADMIN, Role.OPERATOR)
ACCOUNTS = (Role.ADMIN, Role.OPERATOR, Role.PENGAWAS)
NIPS = {"in": "198503122010121001", "out": "197812252005011003"}


def build(fx, side):
    side.employee = Employee.objects.create(unit=side.upt, employment_type="pns", nip=NIPS[side.name],
                                            name=f"Pegawai {side.name}", user=side.pegawai_user)
    side.account = SocialAccount.objects.create(employee=side.employee, platform="instagram",
                                                handle=f"akun_{side.name}", source=SocialAccount.Source.FOUND)
    side.removal = AccountRemovalRequest.objects.create(
        account=SocialAccount.objects.create(employee=side.employee, platform="tiktok", handle=f"tt_{side.name}"),
        reason="akun lama", requested_by=side.pegawai_user)
    side.fresh_login = make_user(f"aktivasi_{side.name}", Role.PEGAWAI, side.upt)
    side.activation_token = f"token-matriks-{side.name}"
    LoginActivation.objects.create(user=side.fresh_login, token_hash=actions._hash_token(side.activation_token),
                                   expires_at=timezone.now() + timedelta(days=1))
    side.roster_import = RosterImport(unit=side.upt, original_name="daftar.csv", created_by=side.staff,
                                      mapping={"name": "Nama"},
                                      # a dry run already made: its report is downloadable
                                      dry_run={"errors": [[2, "Kode unit tidak dikenal"]], "warnings": []})
    side.roster_import.file.save("daftar.csv", ContentFile("Nama,NIP,Jenis,Kode unit\nA,,PPNPN,X\n".encode()),
                                 save=True)


def employee_data(side):
    return {"name": "Dewi Baru", "employment_type": "ppnpn", "nip": "", "nik": "", "internal_id": f"M-{side.name}",
            "unit": side.upt.pk, "position": "", "position_class": "pelaksana", "grade": "", "email": "",
            "phone": "", "is_active": "on", "end_date": "", "move_note": ""}


ACCESS = {
    "employee_list": Url(STAFF, also=(({"q": "Pegawai"}, True),)),
    "employee_create": Url(ROSTER, post=employee_data, writes=True),
    "employee_export": Url(STAFF, query={"format": "csv"},
                           also=(({"format": "csv", "jenis": "akun"}, False), ({"format": "xlsx"}, False))),
    "me": Url(ALL, post={"action": "add", "platform": "x", "handle": "akun_baru_me"}),
    "roster_import": Url(ROSTER, post={}),
    "roster_import_detail": Url(ROSTER, kwargs=lambda s: {"pk": s.roster_import.pk},
                                post={"name": "Nama", "action": "dry"}),
    "roster_import_status": Url(ROSTER, kwargs=lambda s: {"pk": s.roster_import.pk}, htmx=True),
    "roster_import_report": Url(ROSTER, kwargs=lambda s: {"pk": s.roster_import.pk}),
    "account_remove": Url(ACCOUNTS, kwargs=lambda s: {"pk": s.account.pk}, post={"reason": "bukan miliknya", **CONFIRMED},
                          get=False, writes=True),
    "account_verify": Url((Role.ADMIN, Role.PENGAWAS), kwargs=lambda s: {"pk": s.account.pk}, post={}, get=False,
                          writes=True),
    "employee_detail": Url(STAFF, kwargs=lambda s: {"pk": s.employee.pk}),
    "employee_edit": Url(ROSTER, kwargs=lambda s: {"pk": s.employee.pk},
                         post=lambda s: dict(employee_data(s), name="Diubah", employment_type="pns",
                                             nip=s.employee.nip, internal_id=""), writes=True),
    "account_add": Url(ACCOUNTS, kwargs=lambda s: {"pk": s.employee.pk},
                       post=lambda s: {"platform": "x", "handle": f"tambah_{s.name}"}, get=False, writes=True),
    "account_removals": Url(actions.REVIEWERS),
    "account_removal_decide": Url(actions.REVIEWERS, kwargs=lambda s: {"pk": s.removal.pk},
                                  post={"decision": "reject", "reason": "akun masih dipakai"}, get=False, writes=True),
    "employee_logins": Url(ROSTER, post=lambda s: {"ids": [s.employee.pk]}, writes=True),
    "login_activate": Url(PUBLIC, kwargs=lambda s: {"token": s.activation_token}, scoped=False,
                          post={"password1": "Kata-Sandi-Kuat-2024", "password2": "Kata-Sandi-Kuat-2024"}, writes=True),
}
