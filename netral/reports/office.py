"""Who signs a report: the office letterhead and the head of office.

There is no office-identity model yet. Everything a report needs to know about the office comes
from `office_identity(unit)` alone, so that a later model (letterhead logo, head of office with
NIP, deputy when the head is away) replaces this one function and nothing else.
Sources, in order: settings (OFFICE_HEAD_NAME / OFFICE_HEAD_NIP / OFFICE_HEAD_TITLE), then the
active Pimpinan account of the office with its linked employee record (for the NIP).
"""

from dataclasses import asdict, dataclass

from django.conf import settings

from netral.core.models import OrgUnit, Role

OFFICE_KINDS = ("kanwil", "ministry")


@dataclass
class Office:
    unit_id: int
    name: str
    parent_name: str
    address: str
    city: str
    head_name: str
    head_nip: str
    head_title: str

    def as_dict(self):
        return asdict(self)


def _city(unit):
    regency = (unit.regency or "").strip()
    for prefix in ("Kota ", "Kabupaten "):
        if regency.startswith(prefix):
            return regency[len(prefix):]
    return regency or unit.province or ""


def office_unit(unit):
    """The office a unit reports through: itself when it is a Kanwil or ministry or a UPT with
    its own head, else the nearest Kanwil above it."""
    if unit.kind in OFFICE_KINDS or unit.kind in OrgUnit.UPT_KINDS:
        return unit
    for anc in reversed(list(unit.ancestors())):
        if anc.kind in OFFICE_KINDS:
            return anc
    return unit


def office_identity(unit) -> Office:
    office = office_unit(unit)
    parent = office.parent
    head = (office.users.filter(role=Role.PIMPINAN, is_active=True).select_related("employee").order_by("pk")
            .first())
    head_name = getattr(settings, "OFFICE_HEAD_NAME", "") or (head.get_full_name() if head else "")
    employee = getattr(head, "employee", None) if head else None
    head_nip = getattr(settings, "OFFICE_HEAD_NIP", "") or (employee.nip or "" if employee else "")
    head_title = getattr(settings, "OFFICE_HEAD_TITLE", "") or f"Kepala {office.name}"
    return Office(unit_id=office.pk, name=office.name, parent_name=parent.name if parent else "",
                  address=office.address or "", city=_city(office), head_name=head_name, head_nip=head_nip,
                  head_title=head_title)
