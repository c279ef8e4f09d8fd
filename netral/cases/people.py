"""The people of a case and their file: earlier cases (and which were proven), sanctions, pact
status and findings. Every lookup goes through the user's scope, so a case or finding in another
Kanwil never shows, even for an employee who moved."""

from netral.cases.models import Case, Sanction, State


def employee_file(employee, user, exclude_case=None):
    from netral.monitoring.models import Finding
    from netral.pledges.models import IntegrityPact

    cases = Case.objects.for_user(user).of_employee(employee).select_related("unit").order_by("-opened_at")
    if exclude_case is not None:
        cases = cases.exclude(pk=exclude_case.pk)
    sanctions = Sanction.objects.for_user(user).filter(employee=employee).select_related("case")
    pacts = IntegrityPact.objects.for_user(user).current().filter(employee=employee).select_related("election")
    findings = Finding.objects.for_user(user).filter(employee=employee).select_related("content", "case") \
        .order_by("-pk")
    cases = list(cases)
    return {
        "employee": employee,
        "cases": cases,
        "proven": [c for c in cases if c.state == State.SANCTIONED or c.sanctions.exists()],
        "sanctions": list(sanctions),
        "pacts": list(pacts),
        "findings": list(findings[:50]),
        "findings_total": findings.count(),
    }


def people_of(case, user):
    return [employee_file(e, user, exclude_case=case) for e in case.employees.select_related("unit")]


def repeat_offences(case, user):
    """Earlier proven cases (a sanction recorded) of the case's employees, in the user's scope."""
    return list(Sanction.objects.for_user(user).filter(employee__in=case.employees.all()).exclude(case=case)
                .select_related("case", "employee").order_by("-decree_date"))
