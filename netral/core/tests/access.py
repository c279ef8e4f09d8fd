"""Access rules of the core URLs (units, users, audit, auth pages) for the access matrix."""

from django.core.files.base import ContentFile

from netral.core.models import AuditEntry, OfficeProfile, OrgUnit, Role, UnitImport
from netral.core.tests.matrix import ALL, CONFIRMED, PUBLIC, STAFF, Url
from netral.test import make_user


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def build(fx, side):
    side.office = OfficeProfile(unit=side.kanwil, name=f"Kantor {side.name}", city="Kota")
    side.office.logo.save("logo.png", ContentFile(PNG), save=True)
    side.leaf = OrgUnit.objects.create(code=f"LEAF-{side.name}", name=f"Seksi {side.name}", kind="division",
                                       parent=side.upt)
    side.user = make_user(f"staf_{side.name}", Role.OPERATOR, side.upt)
    # A units import of the side's Admin, uploaded and dry-run (its report is downloadable), not yet applied.
    side.unit_import = UnitImport(unit=side.kanwil, original_name="unit.csv", created_by=side.staff,
                                  parsed={"header": ["kode", "nama", "jenis", "kode induk"],
                                          "rows": [[2, {"kode": f"IMP-{side.name}", "nama": "Unit Impor",
                                                        "jenis": "divisi", "kode induk": side.upt.code}]]},
                                  progress_total=1,
                                  dry_run={"summary": {"created": 1}, "errors": [[3, "jenis", "Jenis tidak dikenal"]]})
    side.unit_import.file.save("unit.csv", ContentFile(b"kode,nama,jenis,kode induk\n"), save=True)


def finish(fx, side):
    """Called after every app has built its objects: the newest audit entry of the side's unit."""
    side.audit_seq = AuditEntry.objects.filter(unit_path__startswith=side.upt.path).order_by("-seq").values_list(
        "seq", flat=True).first()


def unit_data(side):
    return {"code": f"BARU-{side.name}", "name": "Unit Baru", "kind": "division", "parent": side.upt.pk,
            "is_active": "on"}


def user_data(side):
    return {"username": f"baru_{side.name}", "first_name": "Baru", "role": "operator", "unit": side.upt.pk,
            "is_active": "on", "password": "kata-sandi-kuat-91"}


ACCESS = {
    "login": Url(PUBLIC, post={"username": "x", "password": "y"}),
    "logout": Url(PUBLIC, post={}, get=False),
    "password_change": Url(ALL, post={}),
    "password_change_done": Url(ALL),
    "set_language": Url(PUBLIC, post={"language": "en"}, get=False),
    "javascript-catalog": Url(PUBLIC),
    "home": Url(ALL),
    "unit_list": Url(STAFF),
    "unit_create": Url((Role.ADMIN,), post=unit_data, writes=True),
    "unit_import": Url((Role.ADMIN,), post={}),
    # "run" queues the job (the task runs inline in tests and creates the unit): a write only in scope.
    "unit_import_detail": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.unit_import.pk}, post={"action": "run"},
                              writes=True),
    "unit_import_status": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.unit_import.pk}, htmx=True),
    "unit_import_report": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.unit_import.pk}),
    "unit_detail": Url(STAFF, kwargs=lambda s: {"pk": s.leaf.pk}),
    "unit_edit": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.leaf.pk},
                     post=lambda s: dict(unit_data(s), code=s.leaf.code, name="Diubah"), writes=True),
    "unit_delete": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.leaf.pk}, post=CONFIRMED, get=False, writes=True),
    "user_list": Url((Role.ADMIN,)),
    "user_create": Url((Role.ADMIN,), post=user_data, writes=True),
    "user_edit": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.user.pk},
                     post=lambda s: dict(user_data(s), username=s.user.username, first_name="Diubah",
                                         password=""), writes=True),
    "password_reset": Url(PUBLIC, post={"email": "tidak-ada@example.go.id"}),
    "password_reset_done": Url(PUBLIC),
    "password_reset_confirm": Url(PUBLIC, kwargs=lambda s: {"uidb64": "MQ", "token": "token-salah"}, scoped=False,
                                  post={"new_password1": "Kata-Sandi-Kuat-2024", "new_password2": "Kata-Sandi-Kuat-2024"}),
    "password_reset_complete": Url(PUBLIC),
    # Always the admin's own office: the data names no unit, so one side is enough.
    "office_edit": Url((Role.ADMIN,), post={"name": "Kantor Diubah", "city": "Kota", "parent_name": "", "address": "",
                                            "phone": "", "email": "", "website": "", "head_title": "Kepala"},
                       writes=True),
    # Logos are printed on every letterhead: any login may fetch one (national-style reference data).
    "office_logo": Url(ALL, kwargs=lambda s: {"pk": s.office.pk}, scoped=False),
    "audit_list": Url((Role.ADMIN, Role.PIMPINAN)),
    "audit_detail": Url((Role.ADMIN, Role.PIMPINAN), kwargs=lambda s: {"seq": s.audit_seq}),
    # Security (logins, 2FA, the person's own data): every page acts on the logged-in user only.
    # Without a pending password step the code page sends back to the login page.
    "login_code": Url(PUBLIC, post={"code": "123456"}),
    "account_security": Url(ALL),
    "twofactor_enrol": Url(ALL, post={"code": "000000", "password": "salah"}),
    "twofactor_disable": Url(ALL, post={"password": "salah"}, get=False),
    "recovery_codes_renew": Url(ALL, post={"password": "salah"}, get=False),
    "logout_everywhere": Url(ALL, post=CONFIRMED, get=False, writes=True),
    "my_data": Url(ALL, also=(({"format": "json"}, False),)),
    "login_history": Url((Role.ADMIN,)),
    "access_log": Url((Role.ADMIN,)),
    "user_2fa_reset": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.user.pk}, post=CONFIRMED, get=False,
                          writes=True),
}
