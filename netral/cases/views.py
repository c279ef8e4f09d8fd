import csv

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.cases import actions
from netral.cases.forms import (
    AssignForm, AttendanceForm, CaseFilterForm, CaseForm, EvidenceForm, ForwardForm, HearingForm, HolidayForm, NoteForm,
    RecommendationForm, ReplyForm, SanctionForm, SignedMinutesForm, SLAForm, TransitionForm,
)
from netral.cases.models import Case, Deadline, Forwarding, Hearing, Holiday, Notification, SLARule, State
from netral.core.access import record_access
from netral.core.confirm import confirmation, confirmed
from netral.core.models import AuditEntry, Role
from netral.core.scoping import OVERSIGHT_ROLES, as_pk, get_scoped_or_404, role_required, scoped
from netral.core.pagination import paginate

HANDLER_ROLES = (Role.ADMIN, Role.PENGAWAS)


def _cases(request):
    return scoped(Case, request.user)


@role_required(*OVERSIGHT_ROLES)
def case_list(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    qs = form.apply(_cases(request)).select_related("unit", "assignee", "stage").prefetch_related("employees")
    page = paginate(request, qs.order_by("-opened_at", "-pk"), 25)
    rows = list(page.object_list)
    today = timezone.localdate()
    pending = {}
    for d in Deadline.objects.filter(case__in=rows, done_at__isnull=True).order_by("due"):
        pending.setdefault(d.case_id, d)
    for c in rows:
        c.next_deadline = pending.get(c.pk)
        c.light = c.next_deadline.light(today) if c.next_deadline else ""
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "cases/case_list.html", {
        "form": form, "page": page, "rows": rows, "params": params.urlencode(),
        "can_open": request.user.has_role(*HANDLER_ROLES)})


@role_required(*OVERSIGHT_ROLES)
def overdue_list(request):
    today = timezone.localdate()
    deadlines = Deadline.objects.for_user(request.user).overdue(today).exclude(case__state=State.CLOSED) \
        .select_related("case__unit", "case__assignee").order_by("due")
    return render(request, "cases/overdue.html", {"deadlines": deadlines, "today": today})


EXPORT_HEADER = ["Nomor", "Judul", "Status", "Unit", "Pegawai", "NIP/NIK", "Butir SKB", "Pemilu", "Tahapan",
                 "Penanggung jawab", "Sumber", "Dibuka", "Diputuskan", "Selesai", "Batas waktu terdekat",
                 "Lewat batas waktu"]


def _export_rows(qs, today):
    qs = qs.select_related("unit", "assignee", "election", "stage").prefetch_related("employees", "deadlines")
    for c in qs.order_by("-opened_at", "-pk").iterator(chunk_size=500):
        pending = sorted((d for d in c.deadlines.all() if not d.done_at), key=lambda d: d.due)
        emps = list(c.employees.all())
        yield [c.number, c.title, c.get_state_display(), c.unit.name, "; ".join(e.name for e in emps),
               "; ".join(e.identifier for e in emps), "; ".join(str(x) for x in c.skb_labels()),
               c.election.name if c.election_id else "", c.stage.name if c.stage_id else "",
               str(c.assignee) if c.assignee_id else "", c.get_source_display(),
               timezone.localtime(c.opened_at).strftime("%Y-%m-%d"),
               timezone.localtime(c.decided_at).strftime("%Y-%m-%d") if c.decided_at else "",
               timezone.localtime(c.closed_at).strftime("%Y-%m-%d") if c.closed_at else "",
               pending[0].due.isoformat() if pending else "",
               "Ya" if any(d.due < today for d in pending) else "Tidak"]


@role_required(*OVERSIGHT_ROLES)
def case_export(request):
    from netral.people.views import _Echo, _safe_cell

    form = CaseFilterForm(request.GET or None, user=request.user)
    qs = form.apply(_cases(request))
    fmt = request.GET.get("format", "csv")
    today = timezone.localdate()
    stamp = today.isoformat()
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Kasus")
        ws.append(EXPORT_HEADER)
        for row in _export_rows(qs, today):
            ws.append([_safe_cell(v) for v in row])
        resp = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        resp["Content-Disposition"] = f'attachment; filename="kasus-{stamp}.xlsx"'
        wb.save(resp)
        return resp
    if fmt != "csv":
        raise Http404
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        yield writer.writerow(EXPORT_HEADER)
        for row in _export_rows(qs, today):
            yield writer.writerow([_safe_cell(v) for v in row])

    resp = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="kasus-{stamp}.csv"'
    return resp


@role_required(*HANDLER_ROLES)
def case_create(request):
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = actions.open_case(
                user=request.user, unit=d["unit"], source="manual", employees=d.get("employees") or [],
                title=d["title"], description=d["description"], skb_items=d.get("skb_items") or [],
                occurred_on=d.get("occurred_on"), assignee=d.get("assignee"))
        except actions.CaseError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Kasus %(n)s dibuka.") % {"n": case.number})
            return redirect("case_detail", case.pk)
    return render(request, "cases/case_form.html", {"form": form})


def _timeline(case, user):
    events = list(case.events.select_related("user").order_by("at", "pk"))
    return events


@role_required(*OVERSIGHT_ROLES)
def case_detail(request, pk):
    case = get_scoped_or_404(Case.objects.select_related("unit", "assignee", "election", "stage", "team",
                                                         "opened_by"), request.user, pk=pk)
    record_access(request, case)  # a case file is personal data: who read it is kept (docs/security.md)
    today = timezone.localdate()
    deadlines = list(case.deadlines.order_by("due", "pk"))
    for d in deadlines:
        d.color = d.light(today)
        d.left = d.days_left(today)
    from netral.cases.people import people_of

    return render(request, "cases/case_detail.html", {
        "case": case, "deadlines": deadlines, "events": _timeline(case, request.user),
        "findings": case.findings.select_related("content").order_by("pk"),
        "links": case.links.select_related("content_type"),
        "documents": case.documents.select_related("created_by", "hearing"),
        "hearings": case.hearings.select_related("employee"),
        "sanctions": case.sanctions.select_related("employee"),
        "forwardings": case.forwardings.select_related("summary", "package"),
        "people": people_of(case, request.user),
        "transitions": case.allowed_transitions(request.user),
        "can_handle": request.user.has_role(*HANDLER_ROLES) and case.is_open,
        "can_decide": request.user.has_role(Role.PIMPINAN),
        "history": AuditEntry.objects.for_user(request.user).filter(model="cases.case", object_pk=str(case.pk))
        .order_by("-seq")[:20],
        "today": today,
        **_workflow_context(case, request.user),
    })


def _workflow_context(case, user):
    from netral.cases.people import repeat_offences

    suggestions = actions.suggestions_for(case)
    regime = case.regime or "discipline"
    # PPNPN only: their contract is the regime of the decision
    sanction_regime = case.regime or ("contract" if suggestions and all(
        s.regime == "contract" for _e, _i, s in suggestions) else "discipline")
    return {
        "suggestions": suggestions,
        "suggested_tier": actions._suggested_tier(case, regime) if suggestions else "",
        "repeat": repeat_offences(case, user),
        "assign_form": AssignForm(user=user, initial={"assignee": case.assignee_id, "team": case.team_id}),
        "note_form": NoteForm(),
        "evidence_form": EvidenceForm(),
        "hearing_form": HearingForm(case=case, initial={"summons_sent_on": timezone.localdate()}),
        "attendance_form": AttendanceForm(),
        "minutes_form": SignedMinutesForm(),
        "recommendation_form": RecommendationForm(initial={
            "regime": regime, "recommended_tier": case.recommended_tier or actions._suggested_tier(case, regime),
            "legal_basis": case.legal_basis or "\n".join(dict.fromkeys(
                str(a) for _e, _i, s in suggestions if s.regime != "ethics" for a in s.articles)),
            "recommendation": case.recommendation, "override_reason": case.override_reason}),
        "sanction_form": SanctionForm(case=case, initial={
            "regime": sanction_regime, "legal_basis": case.legal_basis, "decree_date": timezone.localdate(),
            "tier": case.recommended_tier or (actions._suggested_tier(case, sanction_regime) if suggestions else "")}),
        "forward_form": ForwardForm(initial={"sent_on": timezone.localdate(),
                                             "to": "bawaslu" if case.candidates_set else "bkn"}),
        "reply_form": ReplyForm(initial={"reply_on": timezone.localdate()}),
    }


@role_required(*OVERSIGHT_ROLES)
@require_POST
def case_transition(request, pk):
    case = get_scoped_or_404(Case.objects.select_related("unit"), request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Permintaan perubahan status tidak sah."))
        return redirect("case_detail", case.pk)
    d = form.cleaned_data
    try:
        actions.transition(case, d["to_state"], request.user, note=d["note"], expected_state=d["expected_state"])
    except actions.CaseError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Status kasus %(n)s: %(s)s.") % {"n": case.number, "s": case.get_state_display()})
    return redirect("case_detail", case.pk)


@role_required(*OVERSIGHT_ROLES)
def notification_list(request):
    qs = Notification.objects.for_user(request.user).select_related("case")
    page = paginate(request, qs, 50)
    return render(request, "cases/notifications.html", {"page": page})


@role_required(*OVERSIGHT_ROLES)
@require_POST
def notification_read(request):
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("case_notifications")


@role_required(*OVERSIGHT_ROLES)
def case_document(request, pk, doc_pk):
    case = get_scoped_or_404(Case, request.user, pk=pk)
    doc = get_scoped_or_404(case.documents.all(), request.user, pk=doc_pk)
    try:
        fh = doc.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (storage restored from an older backup): not a 500
        raise Http404 from None
    resp = FileResponse(fh, content_type=doc.mime or "application/octet-stream",
                        as_attachment=True, filename=doc.original_name)
    resp["Cache-Control"] = "private, no-store"
    return resp


@role_required(*OVERSIGHT_ROLES)
def employee_file(request, pk):
    from netral.cases.people import employee_file as build
    from netral.people.models import Employee

    employee = get_scoped_or_404(Employee.objects.select_related("unit"), request.user, pk=pk)
    record_access(request, employee, kind="cases.employee_file")
    return render(request, "cases/employee_file.html", build(employee, request.user))


# --- Workflow steps (each a POST on the case page) -----------------------------------------------------


def _handler_case(request, pk):
    return get_scoped_or_404(Case.objects.select_related("unit", "election"), request.user, pk=pk)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else e)


def _run(request, case, fn, success):
    try:
        fn()
    except actions.CaseError as e:
        messages.error(request, str(e))
        return False
    messages.success(request, success)
    return True


@role_required(*HANDLER_ROLES)
@require_POST
def case_assign(request, pk):
    case = _handler_case(request, pk)
    form = AssignForm(request.POST, user=request.user)
    if form.is_valid():
        _run(request, case, lambda: actions.assign(case, form.cleaned_data["assignee"], request.user,
                                                   team=form.cleaned_data.get("team")),
             _("Penanggung jawab diperbarui."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


@role_required(*OVERSIGHT_ROLES)
@require_POST
def case_note(request, pk):
    case = _handler_case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        _run(request, case, lambda: actions.add_note(case, form.cleaned_data["note"], request.user),
             _("Catatan ditambahkan."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


@role_required(*HANDLER_ROLES)
@require_POST
def case_extend(request, pk):
    case = _handler_case(request, pk)
    _run(request, case, lambda: actions.extend_followup(case, request.user, request.POST.get("reason", "")),
         _("Batas waktu tindak lanjut diperpanjang."))
    return redirect("case_detail", case.pk)


@role_required(*HANDLER_ROLES)
@require_POST
def hearing_create(request, pk):
    case = _handler_case(request, pk)
    form = HearingForm(request.POST, case=case)
    if form.is_valid():
        d = form.cleaned_data
        _run(request, case, lambda: actions.schedule_hearing(case, user=request.user, **d),
             _("Klarifikasi dijadwalkan. Buat undangannya di bawah."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


def _hearing(request, pk, hearing_pk):
    case = _handler_case(request, pk)
    return get_scoped_or_404(Hearing.objects.filter(case=case).select_related("case__unit", "employee__unit"),
                             request.user, pk=hearing_pk)


@role_required(*HANDLER_ROLES)
@require_POST
def hearing_attendance(request, pk, hearing_pk):
    h = _hearing(request, pk, hearing_pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        _run(request, h.case, lambda: actions.record_attendance(h, user=request.user, **form.cleaned_data),
             _("Kehadiran dicatat."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", h.case.pk)


@role_required(*HANDLER_ROLES)
@require_POST
def hearing_letter(request, pk, hearing_pk, kind):
    h = _hearing(request, pk, hearing_pk)
    if kind not in ("invitation", "minutes"):
        raise Http404
    try:
        doc = actions.generate_letter(h, kind, request.user)
    except actions.CaseError as e:
        messages.error(request, str(e))
        return redirect("case_detail", h.case.pk)
    return redirect("case_document", h.case.pk, doc.pk)


@role_required(*HANDLER_ROLES)
@require_POST
def hearing_minutes_upload(request, pk, hearing_pk):
    h = _hearing(request, pk, hearing_pk)
    form = SignedMinutesForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, h.case, lambda: actions.upload_signed_minutes(h, form.cleaned_data["file"], form.mime,
                                                                    request.user),
             _("Berita acara bertanda tangan tersimpan."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", h.case.pk)


@role_required(*HANDLER_ROLES)
@require_POST
def case_evidence(request, pk):
    case = _handler_case(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, case, lambda: actions.upload_evidence(case, form.cleaned_data["file"], form.mime, request.user,
                                                            note=form.cleaned_data["note"]),
             _("Bukti tersimpan dengan hash SHA-256-nya."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


@role_required(*HANDLER_ROLES)
@require_POST
def case_recommend(request, pk):
    case = _handler_case(request, pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        _run(request, case, lambda: actions.record_recommendation(case, user=request.user, **form.cleaned_data),
             _("Rekomendasi tersimpan."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


@role_required(Role.PIMPINAN)
@require_POST
def case_sanction(request, pk):
    case = _handler_case(request, pk)
    form = SanctionForm(request.POST, case=case)
    if form.is_valid():
        d = form.cleaned_data
        _run(request, case, lambda: actions.record_sanction(case, user=request.user,
                                                            expected_state=request.POST.get("expected_state"), **d),
             _("Keputusan sanksi dicatat."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


@role_required(Role.PIMPINAN)
@require_POST
def case_forward(request, pk):
    case = _handler_case(request, pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        _run(request, case, lambda: actions.forward(case, user=request.user,
                                                    expected_state=request.POST.get("expected_state"),
                                                    **form.cleaned_data),
             _("Paket penerusan dibuat dan kasus diteruskan."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


@role_required(*OVERSIGHT_ROLES)
@require_POST
def forwarding_reply(request, pk, fw_pk):
    case = _handler_case(request, pk)
    fw = get_scoped_or_404(Forwarding.objects.filter(case=case), request.user, pk=fw_pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        _run(request, case, lambda: actions.record_reply(fw, user=request.user, **form.cleaned_data),
             _("Balasan dicatat; batas waktu tindak lanjut PPK berjalan."))
    else:
        _form_errors(request, form)
    return redirect("case_detail", case.pk)


# --- Admin: SLA table and holidays ---------------------------------------------------------------------


@role_required(Role.ADMIN)
def case_settings(request):
    if request.method == "POST":
        what = request.POST.get("what")
        if what == "sla":
            form = SLAForm(request.POST, instance=get_object_or_404(SLARule, pk=as_pk(request.POST.get("pk"))))
            if form.is_valid():
                form.save()
                messages.success(request, _("Batas waktu diperbarui. Berlaku untuk batas waktu yang dibuat sesudah "
                                            "ini."))
            else:
                _form_errors(request, form)
        elif what == "holiday":
            form = HolidayForm(request.POST)
            if form.is_valid():
                form.save()
                messages.success(request, _("Hari libur ditambahkan."))
            else:
                _form_errors(request, form)
        elif what == "holiday_delete":
            pk = as_pk(request.POST.get("pk"))
            holiday = Holiday.objects.filter(pk=pk).first() if pk else None
            if holiday is None:
                messages.error(request, _("Hari libur tidak ditemukan."))
            elif not confirmed(request):
                return confirmation(
                    request, title=_("Hapus hari libur"), button=_("Ya, hapus hari libur"),
                    cancel_url=reverse("case_settings"),
                    message=_("%(name)s (%(date)s) akan dihapus dari daftar hari libur. Batas waktu hari kerja yang "
                              "dihitung sesudah ini akan menghitung tanggal itu sebagai hari kerja.")
                    % {"name": holiday.name, "date": date_format(holiday.date, "j F Y")})
            else:
                holiday.delete()
                messages.success(request, _("Hari libur dihapus."))
        return redirect("case_settings")
    year = request.GET.get("tahun", str(timezone.localdate().year))
    holidays = Holiday.objects.all()
    if 0 < (as_pk(year) or 0) <= 9999:  # a year a date can have; anything else lists every holiday
        holidays = holidays.filter(date__year=as_pk(year))
    return render(request, "cases/settings.html", {
        "rules": SLARule.objects.all(),
        "holidays": holidays, "holiday_form": HolidayForm(), "year": year,
        "years": sorted({d.year for d in Holiday.objects.values_list("date", flat=True)})})
