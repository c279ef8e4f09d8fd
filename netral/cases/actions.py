"""Case workflows across models. The stable API other apps build on:

    open_case(*, user, unit, source, employees=(), findings=(), title, description="", skb_items=(),
              election=None, stage=None, occurred_on=None, handle="", assignee=None, team=None) -> Case
        Opens a case in state "received" with its verification and follow-up deadlines. `source` is
        "finding", "report" or "manual". Everything passed in must be in the user's scope
        (CaseError otherwise).
    case_for_finding(finding, user) -> (case, opened)
        A confirmed finding joins the open (not yet decided) case of the same employee, looked up
        only among the cases the user may see (`Case.objects.for_user(user)`), else opens one.
    attach_report(case, report, user, kind="report", label="") -> CaseLink
        Links any saved model instance (a whistle Report, ...) to the case by a generic relation;
        linking twice returns the existing link.
    attach_finding(case, finding, user)
    transition(case, to_state, user, note="", expected_state=None) -> Case
        The only way a case moves. Checks the transition table (`models.TRANSITIONS`) and the role,
        then a conditional UPDATE on `expected_state` (default: the state the caller last read):
        of two concurrent attempts exactly one wins, the other gets CaseConflict with an Indonesian
        message. Audited, written to the timeline, closes the deadlines that state meets.
    Case.objects.for_user(user)   (models) the cases a user may see.

Errors are CaseError (a ValueError) with an Indonesian message; CaseConflict is its subclass for a
lost race. The workflow steps (hearings, letters, recommendation, decision, forwarding) and the
scheduler's deadline warnings and escalations are further down.
"""

import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import audit
from netral.core.models import Role, User
from netral.cases.models import (
    DECISION_STATES, Case, CaseDocument, CaseEvent, CaseLink, Deadline, Forwarding, Hearing, Holiday,
    Notification, Sanction, Source, State, find_transition, sla,
)


class CaseError(ValueError):
    pass


class CaseConflict(CaseError):
    pass


# --- Numbers and deadlines -----------------------------------------------------------------------------


def _next_number(year):
    prefix = f"KS-{year}-"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    n = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{n:05d}"


def add_deadline(case, key, start, closes_on=(), user=None):
    rule = sla(key)
    holidays = Holiday.dates() if rule.working_days else frozenset()
    d = Deadline.objects.create(
        case=case, key=rule.key, label=rule.label, start=start, due=rule.due_from(start, holidays),
        working_days=rule.working_days, days=rule.days, warn_days=rule.warn_days, closes_on=list(closes_on))
    CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.DEADLINE,
                             note=_("Batas waktu %(l)s: %(d)s") % {"l": d.label, "d": d.due.strftime("%d-%m-%Y")})
    return d


def close_deadlines(case, *, state=None, key=None, when=None):
    """Mark pending deadlines met (or late) when the case reaches `state` or an action closes `key`."""
    when = when or timezone.now()
    today = timezone.localdate(when)
    for d in Deadline.objects.filter(case=case, done_at__isnull=True):
        if (state and state in (d.closes_on or [])) or (key and d.key == key):
            Deadline.objects.filter(pk=d.pk, done_at__isnull=True).update(done_at=when, met=today <= d.due)
            audit.record_event(d, "batas waktu ditutup", data={"met": today <= d.due})


def _start_deadlines(case, start, user=None):
    add_deadline(case, "verification", start,
                 closes_on=[State.CLARIFICATION, State.RECOMMENDATION, *DECISION_STATES], user=user)
    add_deadline(case, f"followup_{case.followup_kind()}", start, closes_on=list(DECISION_STATES), user=user)


# --- Opening and linking ---------------------------------------------------------------------------------


def _regime_of(day):
    from netral.elections.regime import current_regimes

    regimes = current_regimes(day)
    return regimes[0] if regimes else None


def open_case(*, user, unit, source, employees=(), findings=(), title, description="", skb_items=(),
              election=None, stage=None, occurred_on=None, handle="", assignee=None, team=None):
    from netral.people.models import Employee

    if source not in Source.values:
        raise CaseError(_("Sumber kasus tidak dikenal."))
    title = (title or "").strip()
    if not title:
        raise CaseError(_("Judul kasus wajib diisi."))
    if unit is None or not user.can_see_unit(unit):
        raise CaseError(_("Unit kerja di luar cakupan Anda."))
    employees = list(employees)
    if employees:
        in_scope = set(Employee.objects.for_user(user).filter(pk__in=[e.pk for e in employees])
                       .values_list("pk", flat=True))
        if len(in_scope) != len({e.pk for e in employees}):
            raise CaseError(_("Ada pegawai di luar cakupan Anda."))
    from netral.cases.suggest import SKB_ITEMS

    skb_items = [k for k in dict.fromkeys(skb_items or []) if k]
    unknown = [k for k in skb_items if k not in SKB_ITEMS]
    if unknown:
        raise CaseError(_("Butir SKB tidak dikenal: %(k)s") % {"k": ", ".join(unknown)})
    if assignee is not None and not (assignee.unit_id and assignee.can_see_unit(unit)
                                     and assignee.has_role(Role.ADMIN, Role.PENGAWAS)):
        raise CaseError(_("Penanggung jawab harus anggota tim pengawas yang cakupannya meliputi unit ini."))
    now = timezone.now()
    day = occurred_on or timezone.localdate(now)
    candidates_set = False
    if election is None:
        regime = _regime_of(day)
        if regime is not None:
            election, stage = regime.election, stage or regime.stage
            candidates_set = regime.candidates_set
    elif election.candidates_set_on:
        candidates_set = day >= election.candidates_set_on
    with transaction.atomic(), audit.acting_as(user):
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    case = Case.objects.create(
                        number=_next_number(now.year), unit=unit, title=title[:255], description=description,
                        source=source, handle=handle[:120], election=election, stage=stage,
                        candidates_set=candidates_set, occurred_on=occurred_on, skb_items=skb_items,
                        assignee=assignee, team=team, opened_at=now, opened_by=user, state_changed_at=now)
                break
            except IntegrityError:  # two cases opened at once took the same number: take the next
                continue
        else:
            raise CaseError(_("Nomor kasus tidak dapat dibuat; coba lagi."))
        if employees:
            case.employees.add(*employees)
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.OPENED, to_state=State.RECEIVED,
                                 note=_("Dibuka dari %(s)s") % {"s": Source(source).label.lower()})
        _start_deadlines(case, timezone.localdate(now), user)
        for f in findings:
            attach_finding(case, f, user)
    return case


def case_for_finding(finding, user):
    """(case, opened): join the user's visible, undecided case of the same employee (or the same
    account when the employee is unknown), else open one. Never a case outside the user's scope."""
    qs = Case.objects.for_user(user).joinable()
    if finding.employee_id:
        case = qs.filter(employees=finding.employee_id).order_by("-opened_at", "-pk").first()
    else:
        handle = f"{finding.platform}:{finding.content.handle}"
        case = qs.filter(employees__isnull=True, handle=handle).order_by("-opened_at", "-pk").first()
    if case is not None:
        attach_finding(case, finding, user)
        return case, False
    who = finding.employee.name if finding.employee_id else f"@{finding.content.handle or '?'}"
    case = open_case(
        user=user, unit=finding.unit, source=Source.FINDING,
        employees=[finding.employee] if finding.employee_id else [],
        title=_("Dugaan pelanggaran netralitas: %(who)s") % {"who": who},
        skb_items=[finding.skb_item] if finding.skb_item else [], election=finding.election, stage=finding.stage,
        occurred_on=timezone.localdate(finding.posted_at) if finding.posted_at else None,
        handle=f"{finding.platform}:{finding.content.handle}")
    attach_finding(case, finding, user)
    return case, True


def attach_finding(case, finding, user):
    """Record the link on the timeline and add the finding's SKB item (the caller saves
    `finding.case` itself when it is deciding the finding; otherwise it is saved here)."""
    if finding.case_id != case.pk:
        finding.case = case
        if finding.pk and not getattr(finding, "_deciding", False):
            finding.save(update_fields=["case"])
    if finding.skb_item and finding.skb_item not in (case.skb_items or []):
        case.skb_items = [*(case.skb_items or []), finding.skb_item]
        with audit.acting_as(user):
            case.save(update_fields=["skb_items"])
    CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.LINK,
                             note=_("Temuan #%(n)s ditautkan") % {"n": finding.pk})


def attach_report(case, report, user, kind="report", label=""):
    """Link any saved object (a whistle Report, an evidence record) to the case."""
    if getattr(report, "pk", None) is None:
        raise CaseError(_("Objek yang ditautkan belum tersimpan."))
    if not Case.objects.for_user(user).filter(pk=case.pk).exists():
        raise CaseError(_("Kasus tidak ditemukan."))
    ct = ContentType.objects.get_for_model(report)
    with transaction.atomic(), audit.acting_as(user):
        link, created = CaseLink.objects.get_or_create(
            case=case, content_type=ct, object_id=str(report.pk),
            defaults={"kind": kind[:20], "label": (label or str(report))[:255], "created_by": user})
        if created:
            CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.LINK,
                                     note=_("%(k)s ditautkan: %(l)s") % {"k": kind, "l": link.label})
    return link


def links_of(obj):
    """The case links pointing at `obj` (for the other app's page)."""
    ct = ContentType.objects.get_for_model(obj)
    return CaseLink.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("case")


_LOCK_RETRIES = 50


# --- Transitions -----------------------------------------------------------------------------------------


def _apply_transition(case, t, expected, to_state, fields, note, user, now, reopening):
    with transaction.atomic():
        if not Case.objects.for_user(user).filter(pk=case.pk).exists():
            raise CaseError(_("Kasus tidak ditemukan."))
        won = Case.objects.filter(pk=case.pk, state=expected).update(**fields)
        if not won:
            current = Case.objects.filter(pk=case.pk).values_list("state", flat=True).first()
            raise CaseConflict(_("Kasus %(n)s sudah dipindahkan oleh pengguna lain ke status “%(s)s”. Muat ulang "
                                 "halaman dan periksa kembali sebelum bertindak.") % {
                "n": case.number, "s": State(current).label if current else "?"})
        audit.record("update", model="cases.case", object_pk=case.pk, object_repr=str(case),
                     unit_path=case.unit.path, before={"state": expected}, after={"state": to_state},
                     note=f"{t.label}: {note}"[:255], actor=user)
        with audit.acting_as(user):
            CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.TRANSITION, from_state=expected,
                                     to_state=to_state, note=note)
            close_deadlines(case, state=to_state, when=now)
            if reopening:
                _start_deadlines(case, timezone.localdate(now), user)


def transition(case, to_state, user, note="", expected_state=None):
    expected = expected_state or case.state
    note = (note or "").strip()
    t = find_transition(expected, to_state)
    if t is None:
        raise CaseError(_("Perpindahan status dari “%(a)s” ke “%(b)s” tidak diizinkan.") % {
            "a": State(expected).label if expected in State.values else expected,
            "b": State(to_state).label if to_state in State.values else to_state})
    if not user.has_role(*t.roles):
        raise CaseError(_("Peran Anda tidak berwenang untuk: %(t)s.") % {"t": t.label})
    if t.note_required and not note:
        raise CaseError(_("Catatan/alasan wajib diisi untuk: %(t)s.") % {"t": t.label})
    now = timezone.now()
    fields = {"state": to_state, "state_changed_at": now}
    if to_state in DECISION_STATES:
        fields["decided_at"] = now
    if to_state == State.CLOSED:
        fields["closed_at"] = now
    reopening = to_state == State.VERIFICATION and expected in (State.CLOSED, *DECISION_STATES)
    if reopening:
        fields.update(decided_at=None, closed_at=None)
    for attempt in range(_LOCK_RETRIES):
        try:
            _apply_transition(case, t, expected, to_state, fields, note, user, now, reopening)
            break
        except OperationalError as e:
            # SQLite answers "locked" instead of waiting in some modes (shared-cache test databases);
            # the transaction rolled back, so trying again is safe. PostgreSQL waits on the row lock.
            if "locked" not in str(e) or attempt == _LOCK_RETRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    for k, v in fields.items():
        setattr(case, k, v)
    return case


# --- Scheduler: warnings and escalation ------------------------------------------------------------------


def _leads_and_pimpinan(case):
    """Who hears of an overdue case: the team lead(s) and the Pimpinan whose unit covers the case."""
    users = {}
    if case.team_id:
        for m in case.team.members.filter(position="ketua").select_related("user"):
            users[m.user.pk] = m.user
    for u in User.objects.filter(is_active=True, role=Role.PIMPINAN).select_related("unit"):
        if u.unit_id and case.unit.path.startswith(u.unit.path):
            users[u.pk] = u
    if not case.team_id:  # no team recorded: the task-force members above the unit stand in for the lead
        for u in User.objects.filter(is_active=True, role=Role.PENGAWAS).select_related("unit"):
            if u.unit_id and case.unit.path.startswith(u.unit.path) and u.pk != case.assignee_id:
                users[u.pk] = u
    return list(users.values())


def _notify(user, case, deadline, kind, message):
    try:
        with transaction.atomic():
            n = Notification.objects.create(user=user, case=case, deadline=deadline, kind=kind, message=message[:500])
    except IntegrityError:
        return None  # already notified about this deadline
    if user.email:
        url = settings.SITE_ROOT.rstrip("/") + f"/kasus/{case.pk}/"
        sent = send_mail(f"[Netral] {message}"[:200], f"{message}\n\n{url}\n", settings.DEFAULT_FROM_EMAIL,
                         [user.email], fail_silently=True)
        if sent:
            Notification.objects.filter(pk=n.pk).update(emailed=True)
    return n


def warn_and_escalate(today=None):
    """Warn the assignee of deadlines inside their warning window; escalate overdue ones to the
    team lead and Pimpinan. Each deadline is claimed with a conditional UPDATE, so running twice
    (or two schedulers) notifies once. Returns (warned, escalated)."""
    today = today or timezone.localdate()
    now = timezone.now()
    warned = escalated = 0
    pending = Deadline.objects.filter(done_at__isnull=True).exclude(case__state=State.CLOSED).select_related(
        "case__unit", "case__assignee", "case__team")
    with audit.acting_as("sistem"):
        for d in pending.filter(due__lt=today, escalated_at__isnull=True):
            if not Deadline.objects.filter(pk=d.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            msg = _("Kasus %(n)s lewat batas waktu “%(l)s” (%(d)s).") % {
                "n": d.case.number, "l": d.label, "d": d.due.strftime("%d-%m-%Y")}
            targets = _leads_and_pimpinan(d.case)
            if d.case.assignee_id and d.case.assignee not in targets:
                targets.append(d.case.assignee)
            for u in targets:
                _notify(u, d.case, d, Notification.Kind.ESCALATION, msg)
            CaseEvent.objects.create(case=d.case, kind=CaseEvent.Kind.DEADLINE,
                                     note=_("Eskalasi: %(m)s Diberitahukan kepada %(u)s.") % {
                                         "m": msg, "u": ", ".join(str(u) for u in targets) or "—"})
            escalated += 1
        for d in pending.filter(due__gte=today, warned_at__isnull=True):
            if (d.due - today).days > d.warn_days:
                continue
            if not Deadline.objects.filter(pk=d.pk, warned_at__isnull=True).update(warned_at=now):
                continue
            msg = _("Batas waktu “%(l)s” kasus %(n)s jatuh pada %(d)s.") % {
                "n": d.case.number, "l": d.label, "d": d.due.strftime("%d-%m-%Y")}
            targets = [d.case.assignee] if d.case.assignee_id else _leads_and_pimpinan(d.case)
            for u in targets:
                _notify(u, d.case, d, Notification.Kind.WARNING, msg)
            warned += 1
    return warned, escalated
