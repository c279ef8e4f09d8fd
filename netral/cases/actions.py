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
        The only way a case moves (to "sanctioned" and "forwarded" through record_sanction() and
        forward(), which record the decision or the package with the same transition). Checks the transition table (`models.TRANSITIONS`) and the role,
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


def close_deadlines(case, *, state=None, key=None, when=None, done_on=None):
    """Mark pending deadlines met (or late) when the case reaches `state` or an action closes `key`.
    `done_on`: the day the thing actually happened (a reply dated before it was recorded)."""
    when = when or timezone.now()
    today = done_on or timezone.localdate(when)
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
    findings = list(findings)
    if findings:
        from netral.monitoring.models import Finding

        visible = set(Finding.objects.for_user(user).filter(pk__in=[f.pk for f in findings])
                      .values_list("pk", flat=True))
        if len(visible) != len({f.pk for f in findings}):
            raise CaseError(_("Ada temuan di luar cakupan Anda."))
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


# Reached only with their record: the PPK's decision (record_sanction) or the package (forward).
RECORDED_STATES = (State.SANCTIONED, State.FORWARDED)


def transition(case, to_state, user, note="", expected_state=None):
    if to_state in RECORDED_STATES:
        raise CaseError(_("Status “%(s)s” dicatat melalui formulir %(f)s, bukan tombol status.") % {
            "s": State(to_state).label, "f": _("keputusan sanksi") if to_state == State.SANCTIONED
            else _("penerusan")})
    return _transition(case, to_state, user, note, expected_state)


def _transition(case, to_state, user, note="", expected_state=None):
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


# --- Assignment, notes, extension -----------------------------------------------------------------------


def _in_scope(case, user):
    if not Case.objects.for_user(user).filter(pk=case.pk).exists():
        raise CaseError(_("Kasus tidak ditemukan."))


def _require_open(case):
    if case.state == State.CLOSED:
        raise CaseError(_("Kasus sudah selesai; buka kembali dahulu."))


def assign(case, assignee, user, team=None):
    """Set who handles the case (and optionally the task force whose lead hears of escalations)."""
    _in_scope(case, user)
    if not (assignee.is_active and assignee.has_role(Role.ADMIN, Role.PENGAWAS) and assignee.can_see_unit(case.unit)):
        raise CaseError(_("Penanggung jawab harus anggota tim pengawas yang cakupannya meliputi unit ini."))
    if team is not None:
        from netral.pledges.models import TaskForce

        if not TaskForce.objects.for_user(user).filter(pk=team.pk).exists():
            raise CaseError(_("Tim tidak ditemukan."))
    with transaction.atomic(), audit.acting_as(user):
        fields = {"assignee": assignee} if team is None else {"assignee": assignee, "team": team}
        Case.objects.filter(pk=case.pk).update(**fields)
        for k, v in fields.items():
            setattr(case, k, v)
        audit.record_event(case, "penugasan", actor=user, data={"assignee": assignee.pk,
                                                                "team": team.pk if team else None})
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.ASSIGN,
                                 note=_("Penanggung jawab: %(u)s%(t)s") % {"u": assignee,
                                                                          "t": f" ({team})" if team else ""})
    return case


def add_note(case, note, user):
    _in_scope(case, user)
    note = (note or "").strip()
    if not note:
        raise CaseError(_("Catatan tidak boleh kosong."))
    with audit.acting_as(user):
        return CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.NOTE, note=note[:4000])


def extend_followup(case, user, reason):
    """More information needed: the follow-up deadline gets its legal extension (Pemilu +14 working
    days, Pilkada +2 days), counted from the original due date. Once per case."""
    _in_scope(case, user)
    _require_open(case)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Alasan perpanjangan wajib diisi."))
    kind = case.followup_kind()
    with transaction.atomic(), audit.acting_as(user):
        if not Case.objects.filter(pk=case.pk, more_info=False).update(more_info=True):
            raise CaseError(_("Batas waktu tindak lanjut sudah pernah diperpanjang."))
        current = Deadline.objects.filter(case=case, key=f"followup_{kind}", done_at__isnull=True).first()
        if current is None:
            raise CaseError(_("Tidak ada batas waktu tindak lanjut yang berjalan."))
        Deadline.objects.filter(pk=current.pk).update(done_at=timezone.now(), met=None)
        d = add_deadline(case, f"followup_{kind}_ext", current.due, closes_on=current.closes_on, user=user)
        case.more_info = True
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.DEADLINE,
                                 note=_("Tindak lanjut diperpanjang sampai %(d)s: %(r)s") % {
                                     "d": d.due.strftime("%d-%m-%Y"), "r": reason})
    return d


# --- Clarification: hearings, letters, signed minutes -----------------------------------------------------


def schedule_hearing(case, *, user, employee, summons_sent_on, scheduled_at, place, examiner="", letter_number=""):
    """Summons must reach the employee at least 7 working days before the hearing (PP 94/2021);
    a second summons only after a missed first one."""
    _in_scope(case, user)
    if case.state != State.CLARIFICATION:
        raise CaseError(_("Klarifikasi hanya dapat dijadwalkan pada status Klarifikasi."))
    if not case.employees.filter(pk=employee.pk).exists():
        raise CaseError(_("Pegawai bukan pihak dalam kasus ini."))
    earlier = list(Hearing.objects.filter(case=case, employee=employee).order_by("summons"))
    if any(h.attended is None for h in earlier):
        raise CaseError(_("Catat dahulu kehadiran pada panggilan sebelumnya."))
    if any(h.attended for h in earlier):
        raise CaseError(_("Pegawai sudah hadir pada klarifikasi; tidak perlu panggilan lagi."))
    opened_on = timezone.localdate(case.opened_at)
    if summons_sent_on < opened_on:
        raise CaseError(_("Surat panggilan tidak mungkin diterima sebelum kasus dibuka (%(d)s).") % {
            "d": opened_on.strftime("%d-%m-%Y")})
    summons = len(earlier) + 1
    if summons > 2:
        raise CaseError(_("Panggilan kedua sudah dilakukan; lanjutkan pemeriksaan berdasarkan bukti yang ada."))
    rule = sla("summons_notice")
    holidays = Holiday.dates()
    earliest = rule.due_from(summons_sent_on, holidays)
    hearing_day = timezone.localdate(scheduled_at) if timezone.is_aware(scheduled_at) else scheduled_at.date()
    if hearing_day < earliest:
        raise CaseError(_("Klarifikasi paling cepat %(d)s: surat panggilan harus diterima paling lambat %(n)s hari "
                          "kerja sebelumnya (PP 94/2021).") % {"d": earliest.strftime("%d-%m-%Y"), "n": rule.days})
    if not (place or "").strip():
        raise CaseError(_("Tempat klarifikasi wajib diisi."))
    with transaction.atomic(), audit.acting_as(user):
        h = Hearing.objects.create(case=case, employee=employee, summons=summons, summons_sent_on=summons_sent_on,
                                   scheduled_at=scheduled_at, place=place.strip()[:200], examiner=examiner[:200],
                                   letter_number=letter_number[:100], created_by=user)
        if summons == 2:
            close_deadlines(case, key="second_summons", done_on=min(summons_sent_on, timezone.localdate()))
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.HEARING, note=_(
            "Panggilan %(s)s untuk %(e)s: klarifikasi %(w)s di %(p)s") % {
            "s": summons, "e": employee, "w": timezone.localtime(scheduled_at).strftime("%d-%m-%Y %H:%M")
            if timezone.is_aware(scheduled_at) else scheduled_at, "p": h.place})
    return h


def record_attendance(hearing, *, user, attended, notes=""):
    """A missed first summons starts the 7-working-day deadline for the second."""
    _in_scope(hearing.case, user)
    day = timezone.localdate(hearing.scheduled_at) if timezone.is_aware(hearing.scheduled_at) else \
        hearing.scheduled_at.date()
    if day > timezone.localdate():
        # Recording "tidak hadir" ahead of time would start the second-summons deadline before the hearing.
        raise CaseError(_("Klarifikasi ini belum berlangsung (%(d)s); kehadiran dicatat pada atau setelah "
                          "harinya.") % {"d": day.strftime("%d-%m-%Y")})
    with transaction.atomic(), audit.acting_as(user):
        if not Hearing.objects.filter(pk=hearing.pk, attended__isnull=True).update(attended=attended,
                                                                                  notes=notes or ""):
            raise CaseError(_("Kehadiran untuk panggilan ini sudah dicatat."))
        hearing.attended, hearing.notes = attended, notes or ""
        CaseEvent.objects.create(case=hearing.case, user=user, kind=CaseEvent.Kind.HEARING, note=_(
            "Panggilan %(s)s: %(e)s %(a)s") % {"s": hearing.summons, "e": hearing.employee,
                                               "a": _("hadir") if attended else _("tidak hadir")})
        if not attended and hearing.summons == 1:
            add_deadline(hearing.case, "second_summons", timezone.localdate(hearing.scheduled_at), user=user)
    return hearing


def store_document(case, *, kind, data, name, mime, user, hearing=None):
    from django.core.files.base import ContentFile

    with audit.acting_as(user):
        doc = CaseDocument(case=case, hearing=hearing, kind=kind, original_name=name[:255], mime=mime[:80],
                           size=len(data), sha256=CaseDocument.digest(data), created_by=user)
        doc.file.save(name, ContentFile(data), save=False)
        doc.save()
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.DOCUMENT,
                                 note=f"{doc.get_kind_display()}: {doc.original_name}")
    return doc


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def generate_letter(hearing, kind, user):
    """The invitation or the draft minutes of a hearing as a stored .docx document."""
    from netral.cases import letters

    _in_scope(hearing.case, user)
    data = letters.render(kind, letters.context_for(hearing.case, hearing))
    prefix = "undangan-klarifikasi" if kind == "invitation" else "berita-acara-klarifikasi"
    name = f"{prefix}-{hearing.case.number}-panggilan-{hearing.summons}.docx"
    doc_kind = CaseDocument.Kind.INVITATION if kind == "invitation" else CaseDocument.Kind.MINUTES
    return store_document(hearing.case, kind=doc_kind, data=data, name=name, mime=DOCX_MIME, user=user,
                          hearing=hearing)


def upload_signed_minutes(hearing, f, mime, user):
    _in_scope(hearing.case, user)
    f.seek(0)
    data = f.read()
    ext = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(mime, ".docx")
    name = f"berita-acara-ttd-{hearing.case.number}-panggilan-{hearing.summons}{ext}"
    return store_document(hearing.case, kind=CaseDocument.Kind.MINUTES_SIGNED, data=data, name=name, mime=mime,
                          user=user, hearing=hearing)


def upload_evidence(case, f, mime, user, note=""):
    """A photo or document of what the team saw (offline observations have no finding behind them)."""
    import re

    _in_scope(case, user)
    _require_open(case)
    f.seek(0)
    data = f.read()
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", (f.name or "bukti").rsplit("/", 1)[-1])[-80:].strip("-.") or "bukti"
    doc = store_document(case, kind=CaseDocument.Kind.EVIDENCE, data=data, name=base, mime=mime, user=user)
    if note.strip():
        add_note(case, _("Bukti %(n)s: %(t)s") % {"n": doc.original_name, "t": note.strip()}, user)
    return doc


# --- Recommendation and decision ------------------------------------------------------------------------


def suggestions_for(case):
    """[(employee, regime, Suggestion)] for every employee × SKB item × regime of the case."""
    from netral.cases.suggest import suggest

    out = []
    for e in case.employees.all():
        for item in case.skb_items or []:
            # PPNPN have one regime (their contract): one row, not two identical ones
            for regime in ("discipline",) if e.employment_type == "ppnpn" else ("ethics", "discipline"):
                try:
                    out.append((e, item, suggest(e.employment_type, item, case.phase, regime)))
                except ValueError:
                    continue
    return out


def _suggested_tier(case, regime):
    rows = [s for _e, _i, s in suggestions_for(case) if s.regime == regime or regime == "discipline"
            and s.regime in ("contract", "discipline")]
    order = ["none", "moral", "contract", "ringan", "sedang", "berat", "dismissal"]
    return max((s.tier for s in rows), key=order.index, default="")


def record_recommendation(case, *, user, regime, legal_basis, recommendation, recommended_tier, override_reason=""):
    """The reviewer's recommendation: the chosen regime, the legal basis in their words and a tier;
    a tier other than the system's suggestion needs a written reason."""
    _in_scope(case, user)
    if case.state not in (State.CLARIFICATION, State.RECOMMENDATION, State.VERIFICATION):
        raise CaseError(_("Rekomendasi disusun pada tahap verifikasi, klarifikasi atau rekomendasi."))
    if not user.has_role(Role.ADMIN, Role.PENGAWAS):
        raise CaseError(_("Hanya tim pengawas yang menyusun rekomendasi."))
    legal_basis, recommendation = (legal_basis or "").strip(), (recommendation or "").strip()
    if not legal_basis or not recommendation:
        raise CaseError(_("Dasar hukum dan isi rekomendasi wajib diisi."))
    suggested = _suggested_tier(case, regime)
    override_reason = (override_reason or "").strip()
    if suggested and recommended_tier != suggested and not override_reason:
        raise CaseError(_("Tingkat yang direkomendasikan berbeda dari saran sistem (%(s)s): tuliskan alasannya.") % {
            "s": suggested})
    with transaction.atomic(), audit.acting_as(user):
        Case.objects.filter(pk=case.pk).update(regime=regime, legal_basis=legal_basis, recommendation=recommendation,
                                               recommended_tier=recommended_tier, suggested_tier=suggested,
                                               override_reason=override_reason)
        case.refresh_from_db()
        audit.record_event(case, "rekomendasi", actor=user, data={
            "regime": regime, "tier": recommended_tier, "suggested": suggested, "override": override_reason})
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.NOTE, note=_(
            "Rekomendasi (%(r)s, %(t)s): %(x)s") % {"r": regime, "t": recommended_tier, "x": recommendation})
    return case


def record_sanction(case, *, user, employee, regime, tier, kind, legal_basis, ppk_name, decree_number, decree_date,
                    override_reason="", note="", expected_state=None):
    """Record what the PPK imposed (the system never decides) and move the case to "sanctioned"
    (from recommendation or forwarded) in one transaction."""
    _in_scope(case, user)
    if not case.employees.filter(pk=employee.pk).exists():
        raise CaseError(_("Pegawai bukan pihak dalam kasus ini."))
    for label, value in ((_("Jenis sanksi"), kind), (_("Dasar hukum"), legal_basis), (_("PPK"), ppk_name),
                         (_("Nomor keputusan"), decree_number)):
        if not (value or "").strip():
            raise CaseError(_("%(f)s wajib diisi.") % {"f": label})
    suggested = _suggested_tier(case, regime)
    if suggested and tier != suggested and not (override_reason or "").strip():
        raise CaseError(_("Sanksi berbeda dari saran sistem (%(s)s): tuliskan alasannya.") % {"s": suggested})
    expected = expected_state or case.state
    with transaction.atomic():
        if expected != State.SANCTIONED:
            _transition(case, State.SANCTIONED, user, note=note or decree_number, expected_state=expected)
        elif not user.has_role(Role.PIMPINAN):
            raise CaseError(_("Peran Anda tidak berwenang mencatat keputusan."))
        with audit.acting_as(user):
            s = Sanction.objects.create(
                case=case, employee=employee, regime=regime, tier=tier, kind=kind.strip()[:200],
                legal_basis=legal_basis.strip(), suggested_tier=suggested, override_reason=override_reason or "",
                ppk_name=ppk_name.strip()[:200], decree_number=decree_number.strip()[:120], decree_date=decree_date,
                recorded_by=user)
            CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.DECISION, note=_(
                "Sanksi untuk %(e)s: %(k)s (%(t)s), keputusan %(n)s tanggal %(d)s oleh %(p)s") % {
                "e": employee, "k": s.kind, "t": s.get_tier_display(), "n": s.decree_number,
                "d": decree_date.strftime("%d-%m-%Y"), "p": s.ppk_name})
    return s


# --- Forwarding to Bawaslu / BKN ------------------------------------------------------------------------


def forward(case, *, user, to, sent_on, letter_number="", note="", expected_state=None):
    """Build the package (PDF summary + evidence zip with a manifest of hashes), move the case to
    "forwarded" (unless it is already there) and start the reviewer's deadline."""
    from netral.cases import package

    _in_scope(case, user)
    if to not in Forwarding.To.values:
        raise CaseError(_("Tujuan penerusan tidak dikenal."))
    expected = expected_state or case.state
    with transaction.atomic():
        if expected != State.FORWARDED:
            _transition(case, State.FORWARDED, user, note=note or _("Diteruskan ke %(t)s") % {
                "t": Forwarding.To(to).label}, expected_state=expected)
        elif not user.has_role(Role.PIMPINAN):
            raise CaseError(_("Peran Anda tidak berwenang meneruskan kasus."))
        with audit.acting_as(user):
            fw = Forwarding.objects.create(case=case, to=to, sent_on=sent_on, letter_number=letter_number[:120],
                                           created_by=user)
            pdf = package.summary_pdf(case, user)
            summary = store_document(case, kind=CaseDocument.Kind.SUMMARY, data=pdf, user=user,
                                     name=f"ringkasan-{case.number}-{to}.pdf", mime="application/pdf")
            data = package.build_package(case, user, pdf)
            pkg = store_document(case, kind=CaseDocument.Kind.PACKAGE, data=data, user=user,
                                 name=f"paket-{case.number}-{to}.zip", mime="application/zip")
            Forwarding.objects.filter(pk=fw.pk).update(summary=summary, package=pkg)
            fw.summary, fw.package = summary, pkg
            add_deadline(case, "bkn_verification" if to == "bkn" else "bawaslu_review", sent_on, user=user)
            CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.FORWARD, note=_(
                "Dikirim ke %(t)s pada %(d)s%(n)s") % {"t": fw.get_to_display(), "d": sent_on.strftime("%d-%m-%Y"),
                                                      "n": f" ({letter_number})" if letter_number else ""})
    return fw


def record_reply(forwarding, *, user, reply_on, reply_text, reply_number=""):
    """The reply of Bawaslu/BKN: closes its review deadline and starts the PPK's 10 days."""
    case = forwarding.case
    _in_scope(case, user)
    if not (reply_text or "").strip():
        raise CaseError(_("Isi balasan wajib diisi."))
    if forwarding.sent_on and reply_on < forwarding.sent_on:
        raise CaseError(_("Tanggal balasan tidak boleh sebelum tanggal pengiriman."))
    with transaction.atomic(), audit.acting_as(user):
        if not Forwarding.objects.filter(pk=forwarding.pk, reply_on__isnull=True).update(
                reply_on=reply_on, reply_text=reply_text.strip(), reply_number=reply_number[:120]):
            raise CaseError(_("Balasan untuk penerusan ini sudah dicatat."))
        forwarding.refresh_from_db()
        close_deadlines(case, key="bkn_verification" if forwarding.to == "bkn" else "bawaslu_review", done_on=reply_on)
        add_deadline(case, "ppk_followup", reply_on, closes_on=[State.SANCTIONED, State.NOT_PROVEN, State.CLOSED],
                     user=user)
        CaseEvent.objects.create(case=case, user=user, kind=CaseEvent.Kind.REPLY, note=_(
            "Balasan %(t)s tanggal %(d)s: %(x)s") % {"t": forwarding.get_to_display(),
                                                    "d": reply_on.strftime("%d-%m-%Y"), "x": reply_text.strip()})
    return forwarding
