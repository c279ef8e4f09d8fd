from datetime import timedelta

from django.db import migrations


def move(apps, schema_editor):
    """Every CasePlaceholder becomes a Case with the same number, unit, employee and findings.
    Open ones land in "received" with their verification and follow-up deadlines counted from the
    day the placeholder was opened (calendar days, as the SLA defaults are); closed ones in "closed"."""
    Placeholder = apps.get_model("monitoring", "CasePlaceholder")
    Finding = apps.get_model("monitoring", "Finding")
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Deadline = apps.get_model("cases", "Deadline")
    SLARule = apps.get_model("cases", "SLARule")
    from netral.cases.models import SLA_DEFAULTS

    defaults = {k: SLARule(key=k, label=label, days=days, working_days=working, warn_days=warn)
                for k, label, days, working, warn, _basis in SLA_DEFAULTS}
    rules = {**defaults, **{r.key: r for r in SLARule.objects.all()}}
    decided = ["sanctioned", "not_proven", "forwarded"]
    for p in Placeholder.objects.order_by("pk").iterator():
        closed = p.status == "closed"
        case = Case.objects.create(
            number=p.number, unit_id=p.unit_id, title=p.title, source="finding", handle=p.handle,
            state="closed" if closed else "received", opened_at=p.created_at, opened_by_id=p.created_by_id,
            state_changed_at=p.created_at, closed_at=p.created_at if closed else None)
        if p.employee_id:
            case.employees.add(p.employee_id)
        findings = Finding.objects.filter(case_id=p.pk)
        skb = sorted({s for s in findings.values_list("skb_item", flat=True) if s})
        if skb:
            Case.objects.filter(pk=case.pk).update(skb_items=skb)
        findings.update(case_file_id=case.pk)
        CaseEvent.objects.create(case=case, at=p.created_at, user_id=p.created_by_id, kind="opened",
                                 to_state=case.state, note="Dipindahkan dari kasus sementara (pemantauan)")
        if closed:
            continue
        start = p.created_at.date()
        for key, closes_on in (("verification", ["clarification", "recommendation", *decided]),
                               ("followup_pemilu", decided)):
            rule = rules.get(key)
            if rule is None or rule.working_days:
                continue
            Deadline.objects.create(case=case, key=key, label=rule.label, start=start,
                                    due=start + timedelta(days=rule.days), days=rule.days, warn_days=rule.warn_days,
                                    working_days=False, closes_on=closes_on)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_finding_case_file")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
