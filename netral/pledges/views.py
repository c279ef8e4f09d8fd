import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core.confirm import confirmation, confirmed
from netral.core import import_jobs
from netral.core.imports import RefusedFile
from netral.core.models import Role
from netral.core.pagination import paginate
from netral.core.scoping import OVERSIGHT_ROLES, STAFF_ROLES, get_scoped_or_404, role_required, scoped
from netral.core.tabular import TableError, read_table
from netral.pledges import actions, tasks
from netral.pledges.forms import (
    AttendanceImportForm, EventForm, MemberForm, PactTemplateForm, RegulationForm, ScanForm, SignForm, TaskForceForm,
)
from netral.pledges.models import (
    Attendance, AttendanceImport, Event, IntegrityPact, PactGeneration, PactTemplate, Regulation, SignError, TaskForce,
    TaskForceMember, sha256_file,
)
from netral.pledges.reference import PROHIBITED_ACTS



def stream(fieldfile, filename=None, inline=True):
    """Serve a stored file after the caller's permission check (never a public media URL)."""
    if not fieldfile:
        raise Http404
    try:
        fh = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = filename or fieldfile.name.rsplit("/", 1)[-1]
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    resp = FileResponse(fh, as_attachment=not inline, filename=name, content_type=ctype)
    resp["X-Content-Type-Options"] = "nosniff"
    resp["Cache-Control"] = "private, no-store"
    return resp


def own_employee(user):
    return getattr(user, "employee", None) if user.is_authenticated else None


# --- Regulation library ---------------------------------------------------------------------


@login_required
def regulation_list(request):
    return render(request, "pledges/regulation_list.html", {
        "regulations": Regulation.objects.all(), "acts": PROHIBITED_ACTS})


@login_required
def rules(request):
    """The rules in full, searchable without JavaScript (a GET form)."""
    from netral.pledges import rules as rulebook

    q = request.GET.get("q", "").strip()[:100]
    sections, acts, tiers = rulebook.search(q)
    return render(request, "pledges/rules.html", {"q": q, "sections": sections, "acts": acts, "tiers": tiers,
                                                  "skb_source": rulebook.SKB_SOURCE})


@login_required
def regulation_detail(request, pk):
    return render(request, "pledges/regulation_detail.html", {"reg": get_object_or_404(Regulation, pk=pk)})


@login_required
def regulation_file(request, pk):
    reg = get_object_or_404(Regulation, pk=pk)
    return stream(reg.file, f"{reg.key}.pdf")


@role_required(Role.ADMIN)
def regulation_edit(request, pk=None):
    reg = get_object_or_404(Regulation, pk=pk) if pk else None
    form = RegulationForm(request.POST or None, request.FILES or None, instance=reg)
    if request.method == "POST" and form.is_valid():
        reg = form.save(commit=False)
        if "file" in request.FILES:
            reg.file_sha256 = sha256_file(request.FILES["file"])
        reg.save()
        messages.success(request, _("Regulasi tersimpan."))
        return redirect("regulation_detail", reg.pk)
    return render(request, "pledges/form.html", {
        "form": form, "title": _("Ubah regulasi") if reg else _("Regulasi baru"), "multipart": True,
        "back": reverse("regulation_list"), "back_label": _("Regulasi")})


# --- Events -------------------------------------------------------------------------------------


def visible_events(user):
    return Event.objects.visible_to(user)


@login_required
def event_list(request):
    qs = visible_events(request.user).select_related("unit").annotate(n_att=Count("attendances", distinct=True))
    kind = request.GET.get("kind", "")
    if kind in Event.Kind.values:
        qs = qs.filter(kind=kind)
    employee = own_employee(request.user)
    attended = set(Attendance.objects.filter(employee=employee).values_list("event_id", flat=True)) \
        if employee else set()
    return render(request, "pledges/event_list.html", {
        "page": paginate(request, qs.order_by("-starts_at")), "kind": kind, "kinds": Event.Kind.choices,
        "attended": attended, "can_edit": request.user.has_role(*STAFF_ROLES)})


@login_required
def event_detail(request, pk):
    event = get_object_or_404(visible_events(request.user).select_related("unit", "election"), pk=pk)
    employee = own_employee(request.user)
    mine = Attendance.objects.filter(event=event, employee=employee).first() if employee else None
    is_staff = request.user.has_role(*STAFF_ROLES) and Event.objects.workable_by(request.user).filter(pk=pk).exists()
    can_edit = is_staff and Event.objects.for_user(request.user).filter(pk=pk).exists()
    ctx = {"event": event, "mine": mine, "employee": employee, "is_staff": is_staff, "can_edit": can_edit,
           "can_check_in": employee is not None and event.targets_employee(employee),
           "checkin_closed_reason": actions.checkin_open(event)[1]}
    if is_staff:
        ctx["coverage"] = actions.event_coverage(event, request.user)
        ctx["attendances"] = paginate(request, Attendance.objects.for_user(request.user).filter(event=event)
                                      .select_related("employee__unit").order_by("employee__name"))
    return render(request, "pledges/event_detail.html", ctx)


@role_required(*STAFF_ROLES)
def event_edit(request, pk=None):
    event = get_scoped_or_404(Event, request.user, pk=pk) if pk else None
    form = EventForm(request.POST or None, request.FILES or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        if not event.pk:
            event.created_by = request.user
        event.save()
        form.save_m2m()
        messages.success(request, _("Kegiatan tersimpan."))
        return redirect("event_detail", event.pk)
    return render(request, "pledges/form.html", {
        "form": form, "title": _("Ubah kegiatan") if event else _("Kegiatan baru"), "multipart": True,
        "back": reverse("event_list"), "back_label": _("Sosialisasi & ikrar")})


@login_required
@require_POST
def event_checkin(request, pk):
    event = get_object_or_404(visible_events(request.user), pk=pk)
    employee = own_employee(request.user)
    if employee is None:
        messages.error(request, _("Akun Anda belum terhubung dengan data pegawai; hubungi operator unit."))
        return redirect("event_detail", pk)
    try:
        _obj, created = actions.check_in(event, employee, Attendance.Method.SELF, request.user)
    except ValueError as e:
        messages.error(request, str(e))
        return redirect("event_detail", pk)
    messages.success(request, _("Kehadiran Anda tercatat.") if created else _("Kehadiran Anda sudah tercatat."))
    return redirect("event_detail", pk)


@role_required(*STAFF_ROLES)
def event_qr(request, pk):
    event = get_object_or_404(Event.objects.workable_by(request.user), pk=pk)
    url = request.build_absolute_uri(reverse("event_checkin_token", args=[actions.checkin_token(event)]))
    return render(request, "pledges/event_qr.html", {"event": event, "url": url, "svg": actions.qr_svg(url)})


def checkin_token(request, token):
    event = actions.event_from_token(token)
    if event is None:
        return render(request, "pledges/checkin.html", {"invalid": True}, status=410)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    employee = own_employee(request.user)
    ctx = {"event": event, "employee": employee}
    if employee is not None:
        ctx["mine"] = Attendance.objects.filter(event=event, employee=employee).first()
        ctx["eligible"] = event.targets_employee(employee)
        ctx["closed_reason"] = actions.checkin_open(event)[1]
    if request.method == "POST" and employee is not None:
        try:
            _obj, created = actions.check_in(event, employee, Attendance.Method.QR, request.user)
        except ValueError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Terima kasih, kehadiran Anda pada “%(t)s” tercatat.") % {"t": event.title}
                             if created else _("Kehadiran Anda sudah tercatat sebelumnya."))
            return redirect("event_detail", event.pk)
    return render(request, "pledges/checkin.html", ctx)


@role_required(*AttendanceImport.ROLES)
def event_import(request, pk):
    """Step 1 of an attendance import: the list is read once (limits first), its id column checked, and stored as
    a job (core.import_jobs: preview, dry run and the background task follow on the job page)."""
    event = get_object_or_404(Event.objects.workable_by(request.user), pk=pk)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            table = read_table(f)
            actions.check_attendance_table(table)
            if not table.rows:
                raise TableError(_("Berkas hanya berisi judul kolom, tanpa daftar hadir."))
            job = import_jobs.create_job(AttendanceImport, request.user, f, parsed=table.to_json(),
                                         rows=len(table.rows), event=event)
        except RefusedFile as e:
            form.add_error("file", str(e))
        else:
            return redirect("attendance_import_detail", job.pk)
    recent = (scoped(AttendanceImport, request.user).filter(event=event).select_related("created_by")
              .defer("parsed")[:10])
    return render(request, "pledges/event_import.html", {"event": event, "form": form, "recent": recent})


def _attendance_job(request, pk, **defer):
    qs = AttendanceImport.objects.select_related("created_by", "event")
    return get_scoped_or_404(qs.defer("parsed") if defer else qs, request.user, pk=pk)


@role_required(*AttendanceImport.ROLES)
def attendance_import_detail(request, pk):
    job = _attendance_job(request, pk)
    crumbs = [(reverse("event_list"), _("Sosialisasi & ikrar"))]
    if job.event_id:
        crumbs += [(reverse("event_detail", args=[job.event_id]), job.event.title[:60]),
                   (reverse("event_import", args=[job.event_id]), _("Impor daftar hadir"))]
    return import_jobs.job_page(request, job, crumbs=crumbs)


@role_required(*AttendanceImport.ROLES)
def attendance_import_status(request, pk):
    return import_jobs.job_status(request, _attendance_job(request, pk, defer=True))


@role_required(*AttendanceImport.ROLES)
def attendance_import_report(request, pk):
    job = _attendance_job(request, pk, defer=True)
    return import_jobs.job_report(request, job, f"impor-daftar-hadir-{job.pk}-laporan.csv")


@login_required
def event_material(request, pk):
    event = get_object_or_404(visible_events(request.user), pk=pk)
    return stream(event.material_file)


# --- Pact templates, generation, coverage ----------------------------------------------------------


@login_required
def index(request):
    return redirect("pledges_home" if request.user.has_role(*STAFF_ROLES) else "my_pledges")


@role_required(*STAFF_ROLES)
def pledges_home(request):
    templates = actions.templates_for(request.user).order_by("-election__voting_day", "unit__path")
    rows = [(t, actions.coverage(t, request.user).total) for t in templates]
    return render(request, "pledges/home.html", {"rows": rows, "can_create": request.user.has_role(*OVERSIGHT_ROLES)})


def template_or_404(user, pk):
    return get_object_or_404(actions.templates_for(user).select_related("election", "unit"), pk=pk)


@role_required(*STAFF_ROLES)
def template_detail(request, pk):
    template = template_or_404(request.user, pk)
    cov = actions.coverage(template, request.user)
    unsigned = actions.unsigned_employees(template, request.user).order_by("unit__path", "name")
    page = paginate(request, unsigned, 25)
    pacts = {p.employee_id: p for p in IntegrityPact.objects.current().filter(
        template=template, employee__in=[e.pk for e in page])}
    for e in page:
        e.pact = pacts.get(e.pk)
    last_gen = template.generations.first()
    return render(request, "pledges/template_detail.html", {
        "template": template, "cov": cov, "page": page, "last_gen": last_gen,
        "campaign_start": template.campaign_start(), "n_pacts": IntegrityPact.objects.current().filter(
            template=template).for_user(request.user).count(),
        "can_manage": request.user.has_role(*OVERSIGHT_ROLES)
        and PactTemplate.objects.for_user(request.user).filter(pk=pk).exists(),
        "signed_recent": IntegrityPact.objects.signed().filter(template=template).for_user(request.user)
        .select_related("employee__unit").order_by("-signed_at")[:10]})


@role_required(*OVERSIGHT_ROLES)
def template_edit(request, pk=None):
    template = get_scoped_or_404(PactTemplate, request.user, pk=pk) if pk else None
    form = PactTemplateForm(request.POST or None, instance=template, user=request.user)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        if not template.pk:
            template.created_by = request.user
        template.save()
        messages.success(request, _("Templat pakta tersimpan. Pakta yang sudah dibuat tetap memakai naskah saat "
                                    "dibuat."))
        return redirect("template_detail", template.pk)
    return render(request, "pledges/form.html", {
        "form": form, "title": _("Ubah templat pakta") if template else _("Templat pakta baru"),
        "back": reverse("pledges_home"), "back_label": _("Pakta integritas"),
        "help": _("Tempat isian diganti dengan data setiap pegawai: {nama}, {nip}, {jabatan}, {unit}, {tempat}, "
                  "{tanggal}, {pemilu}.")})


@role_required(*OVERSIGHT_ROLES)
@require_POST
def template_generate(request, pk):
    template = get_scoped_or_404(PactTemplate, request.user, pk=pk)
    running = template.generations.filter(status__in=[PactGeneration.Status.QUEUED, PactGeneration.Status.RUNNING])
    gen = running.first()
    if gen is None:
        gen = PactGeneration.objects.create(template=template, created_by=request.user,
                                            progress_total=template.employees().count())
        tasks.generate_pacts.enqueue(gen.pk)
    return redirect("generation_detail", gen.pk)


@role_required(*OVERSIGHT_ROLES)
def generation_detail(request, pk):
    gen = get_scoped_or_404(PactGeneration.objects.select_related("template__election"), request.user, pk=pk)
    tpl = "pledges/partials/generation_status.html" if request.htmx else "pledges/generation.html"
    return render(request, tpl, {"gen": gen})


@role_required(*STAFF_ROLES)
@require_POST
def template_remind(request, pk):
    template = template_or_404(request.user, pk)
    if not confirmed(request):
        pending = IntegrityPact.objects.pending().filter(template=template).for_user(request.user).count()
        return confirmation(
            request, title=_("Kirim pengingat"), button=_("Ya, kirim pengingat"), danger=False,
            cancel_url=reverse("template_detail", args=[template.pk]),
            message=_("Email pengingat akan dikirim kepada pegawai dalam cakupan Anda yang belum menandatangani "
                      "pakta %(t)s (saat ini %(n)d pakta belum ditandatangani; paling banyak satu email per hari "
                      "per pegawai).") % {"t": template.election.name, "n": pending})
    tasks.send_pact_reminders.enqueue(template.pk, request.user.pk)
    messages.success(request, _("Pengingat dijadwalkan untuk pegawai dalam cakupan Anda yang belum "
                                "menandatangani (paling banyak satu email per hari per pegawai)."))
    return redirect("template_detail", pk)


# --- Pacts --------------------------------------------------------------------------------------


def pact_for_viewer(user, pk):
    """Staff see pacts in their scope; an employee sees their own."""
    qs = IntegrityPact.objects.select_related("employee__unit", "election", "template", "signed_by")
    if user.has_role(*STAFF_ROLES):
        pact = qs.for_user(user).filter(pk=pk).first()
        if pact:
            return pact
    employee = own_employee(user)
    if employee is not None:
        pact = qs.filter(pk=pk, employee=employee).first()
        if pact:
            return pact
    raise Http404


@role_required(*STAFF_ROLES)
def pact_detail(request, pk):
    pact = get_scoped_or_404(IntegrityPact.objects.select_related("employee__unit", "election", "template",
                                                                  "signed_by", "supersedes"), request.user, pk=pk)
    history = []
    p = pact
    while p.supersedes_id:
        p = p.supersedes
        history.append(p)
    newer = getattr(pact, "superseded_by", None) if pact.status == IntegrityPact.Status.SUPERSEDED else None
    form = ScanForm()
    return render(request, "pledges/pact_detail.html", {"pact": pact, "history": history, "newer": newer,
                                                        "form": form})


@role_required(Role.ADMIN, Role.PENGAWAS, Role.OPERATOR)
def pact_scan(request, pk):
    pact = get_scoped_or_404(IntegrityPact.objects.select_related("employee__unit", "election"), request.user, pk=pk)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = pact.attach_scan(request.user, form.cleaned_data["scan"], replace=form.cleaned_data["replace"],
                                      reason=form.cleaned_data["reason"])
        except SignError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Pindaian tersimpan; pakta %(code)s sah.") % {"code": result.code})
            return redirect("pact_detail", result.pk)
    return render(request, "pledges/pact_detail.html", {"pact": pact, "form": form, "history": [],
                                                        "show_scan": True}, status=400 if form.errors else 200)


def pact_pdf(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    pact = pact_for_viewer(request.user, pk)
    resp = HttpResponse(actions.pact_pdf(pact), content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="pakta-{pact.code}.pdf"'
    resp["Cache-Control"] = "private, no-store"
    return resp


@role_required(*STAFF_ROLES)
def pact_scan_file(request, pk):
    pact = get_scoped_or_404(IntegrityPact, request.user, pk=pk)
    return stream(pact.scan)


@login_required
def my_pledges(request):
    employee = own_employee(request.user)
    ctx = {"employee": employee, "regulations": Regulation.objects.all()}
    if employee is not None:
        ctx["pacts"] = IntegrityPact.objects.current().filter(employee=employee).select_related(
            "election").order_by("-election__voting_day")
        ctx["attendances"] = Attendance.objects.filter(employee=employee).select_related("event").order_by(
            "-event__starts_at")
        ctx["upcoming"] = Event.objects.for_employee(employee).exclude(attendances__employee=employee).order_by(
            "-starts_at")[:5]
    return render(request, "pledges/my_pledges.html", ctx)


@login_required
def pact_sign(request, pk):
    employee = own_employee(request.user)
    if employee is None:
        raise Http404
    pact = get_object_or_404(IntegrityPact.objects.select_related("election", "employee__unit"), pk=pk,
                             employee=employee)
    if pact.status != IntegrityPact.Status.PENDING:
        if request.method == "POST":
            messages.error(request, _("Pakta ini sudah ditandatangani; tanda tangan kedua tidak diterima."))
        return redirect("pact_verify", pact.code)
    form = SignForm(request.POST or None, initial={"text_sha256": pact.text_sha256})
    if request.method == "POST" and form.is_valid():
        try:
            pact.sign_electronic(request.user, typed_id=form.cleaned_data["nip"],
                                 consent=form.cleaned_data["consent"], text_sha256=form.cleaned_data["text_sha256"])
        except SignError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Pakta integritas Anda telah ditandatangani. Terima kasih."))
            return redirect("pact_verify", pact.code)
    return render(request, "pledges/pact_sign.html", {"pact": pact, "form": form,
                                                      "regulations": Regulation.objects.all()},
                  status=400 if form.errors else 200)


@login_required
def pact_verify_form(request):
    code = request.GET.get("code", "").strip().upper().replace(" ", "")
    if code:
        if len(code) == 12 and "-" not in code:
            code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
        if IntegrityPact.objects.filter(code=code).exists():
            return redirect("pact_verify", code)
        messages.error(request, _("Kode verifikasi tidak ditemukan."))
    return render(request, "pledges/verify_form.html", {"code": code})


@login_required
def pact_verify(request, code):
    pact = get_object_or_404(IntegrityPact.objects.select_related("employee__unit", "election"), code=code)
    newer = getattr(pact, "superseded_by", None) if pact.status == IntegrityPact.Status.SUPERSEDED else None
    return render(request, "pledges/verify.html", {"pact": pact, "newer": newer, "intact": pact.text_matches()})


# --- Task forces ----------------------------------------------------------------------------------

POSITION_ORDER = Case(When(position="ketua", then=Value(0)), When(position="sekretaris", then=Value(1)),
                      default=Value(2), output_field=IntegerField())


@role_required(*STAFF_ROLES)
def taskforce_list(request):
    qs = scoped(TaskForce, request.user).select_related("unit", "election").annotate(n=Count("members"))
    return render(request, "pledges/taskforce_list.html", {
        "teams": qs, "can_edit": request.user.has_role(Role.ADMIN, Role.PIMPINAN)})


@role_required(*STAFF_ROLES)
def taskforce_detail(request, pk):
    team = get_scoped_or_404(TaskForce.objects.select_related("unit", "election"), request.user, pk=pk)
    can_edit = request.user.has_role(Role.ADMIN, Role.PIMPINAN)
    return render(request, "pledges/taskforce_detail.html", {
        "team": team, "members": team.members.select_related("user__unit").order_by(POSITION_ORDER, "user__first_name"),
        "covered": team.covered_units.all(), "scope_unit": team.scope_unit(), "can_edit": can_edit,
        "form": MemberForm(user=request.user, task_force=team) if can_edit else None})


@role_required(Role.ADMIN, Role.PIMPINAN)
def taskforce_edit(request, pk=None):
    team = get_scoped_or_404(TaskForce, request.user, pk=pk) if pk else None
    form = TaskForceForm(request.POST or None, request.FILES or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        team = form.save(commit=False)
        if "decree_file" in request.FILES:
            team.decree_sha256 = sha256_file(request.FILES["decree_file"])
        team.save()
        form.save_m2m()
        # Covered units or the active flag may have changed: the members' roles follow.
        actions.sync_roles([m.user for m in team.members.select_related("user")])
        messages.success(request, _("Tim tersimpan."))
        return redirect("taskforce_detail", team.pk)
    return render(request, "pledges/form.html", {
        "form": form, "title": _("Ubah tim") if team else _("Tim pengawas baru"), "multipart": True,
        "back": reverse("taskforce_list"), "back_label": _("Tim pengawas")})


@role_required(Role.ADMIN, Role.PIMPINAN)
@require_POST
def taskforce_member_add(request, pk):
    team = get_scoped_or_404(TaskForce, request.user, pk=pk)
    form = MemberForm(request.POST, user=request.user, task_force=team)
    if form.is_valid():
        member = actions.add_member(team, form.cleaned_data["user"], form.cleaned_data["position"], request.user)
        messages.success(request, _("%(u)s ditambahkan sebagai %(p)s.") % {"u": member.user,
                                                                           "p": member.get_position_display()})
    else:
        messages.error(request, _("Pilih pengguna dan kedudukan yang sah."))
    return redirect("taskforce_detail", pk)


@role_required(Role.ADMIN, Role.PIMPINAN)
@require_POST
def taskforce_member_remove(request, pk, member_pk):
    team = get_scoped_or_404(TaskForce, request.user, pk=pk)
    member = get_object_or_404(TaskForceMember.objects.select_related("user"), pk=member_pk, task_force=team)
    if not confirmed(request):
        return confirmation(
            request, title=_("Keluarkan anggota tim"), button=_("Ya, keluarkan"),
            cancel_url=reverse("taskforce_detail", args=[team.pk]),
            message=_("%(who)s (%(pos)s) akan dikeluarkan dari %(team)s. Peran dan unit semula dikembalikan bila ia "
                      "tidak lagi anggota tim lain.")
            % {"who": member.user.get_full_name() or member.user.username, "pos": member.get_position_display(),
               "team": team.name})
    actions.remove_member(member, request.user)
    messages.success(request, _("Anggota dikeluarkan dari tim."))
    return redirect("taskforce_detail", pk)


@role_required(*STAFF_ROLES)
def taskforce_decree(request, pk):
    team = get_scoped_or_404(TaskForce, request.user, pk=pk)
    return stream(team.decree_file)

