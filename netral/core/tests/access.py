"""Access rules of the core URLs (units, users, audit, auth pages) for the access matrix."""

from netral.core.models import AuditEntry, OrgUnit, Role
from netral.core.tests.matrix import ALL, PUBLIC, STAFF, Url
from netral.test import make_user


def build(fx, side):
    side.leaf = OrgUnit.objects.create(code=f"LEAF-{side.name}", name=f"Seksi {side.name}", kind="division",
                                       parent=side.upt)
    side.user = make_user(f"staf_{side.name}", Role.OPERATOR, side.upt)


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
    "unit_detail": Url(STAFF, kwargs=lambda s: {"pk": s.leaf.pk}),
    "unit_edit": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.leaf.pk},
                     post=lambda s: dict(unit_data(s), code=s.leaf.code, name="Diubah"), writes=True),
    "unit_delete": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.leaf.pk}, post={}, get=False, writes=True),
    "user_list": Url((Role.ADMIN,)),
    "user_create": Url((Role.ADMIN,), post=user_data, writes=True),
    "user_edit": Url((Role.ADMIN,), kwargs=lambda s: {"pk": s.user.pk},
                     post=lambda s: dict(user_data(s), username=s.user.username, first_name="Diubah",
                                         password=""), writes=True),
    "audit_list": Url((Role.ADMIN, Role.PIMPINAN)),
    "audit_detail": Url((Role.ADMIN, Role.PIMPINAN), kwargs=lambda s: {"seq": s.audit_seq}),
}
