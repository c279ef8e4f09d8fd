"""The cases section of the "Data saya" export (netral.core.privacy, UU PDP right of access).

Only cases that are closed: a case under processing is excluded (UU 27/2022 Pasal 15 ayat (1);
the export's own "not_included" note says so). Of a closed case the person gets what was decided
about them, not the team's working notes, handlers or the reporter's words (the description may
quote a third party)."""

from netral.core.privacy import record

FIELDS = ("number", "unit", "title", "occurred_on", "skb_items", "opened_at", "decided_at", "closed_at", "regime",
          "legal_basis", "decision_note")


def closed_cases(user, employee):
    from netral.cases.models import Case, State

    if not employee:
        return []
    qs = Case.objects.filter(employees=employee, state=State.CLOSED).select_related("unit").order_by("opened_at")
    skip = {f.name for f in Case._meta.concrete_fields} - set(FIELDS)
    return [record(c, exclude=skip) for c in qs]
