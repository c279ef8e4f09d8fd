"""Who signs a report: the office letterhead and the head of office.

Everything a report needs to know about the office comes from `office_identity(unit)` alone.
Source: the office profile the Admin sets (`core.models.office_for(unit)`: name, parent, address,
city, head of office with NIP). Until one is set, the unit tree and the active Pimpinan account of
the office (with its linked employee record, for the NIP) stand in.
"""

from dataclasses import asdict, dataclass

from netral.core.models import OrgUnit, Role, office_for

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


def _pimpinan(office):
    head = (office.users.filter(role=Role.PIMPINAN, is_active=True).select_related("employee").order_by("pk")
            .first())
    employee = getattr(head, "employee", None) if head else None
    return (head.get_full_name() if head else ""), (employee.nip or "" if employee else "")


def office_identity(unit) -> Office:
    profile = office_for(unit)
    if profile.pk:
        # The Admin-set profile speaks for the office; a head left blank there is the Pimpinan account.
        office = profile.unit or office_unit(unit)
        head_name, head_nip = profile.head_name, profile.head_nip
        if not head_name:
            head_name, pim_nip = _pimpinan(office)
            head_nip = head_nip or pim_nip
        return Office(unit_id=office.pk, name=profile.name, parent_name=profile.parent_name,
                      address=profile.address or "", city=profile.city or _city(office), head_name=head_name,
                      head_nip=head_nip, head_title=profile.head_title or f"Kepala {office.name}")
    office = office_unit(unit)
    parent = office.parent
    head_name, head_nip = _pimpinan(office)
    return Office(unit_id=office.pk, name=office.name, parent_name=parent.name if parent else "",
                  address=office.address or "", city=_city(office), head_name=head_name, head_nip=head_nip,
                  head_title=f"Kepala {office.name}")
