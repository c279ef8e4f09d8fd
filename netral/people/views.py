import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import imports
from netral.core.access import record_access
from netral.core.confirm import confirmation, confirmed
from netral.core.models import AuditEntry, Role
from netral.core.scoping import STAFF_ROLES, as_pk, get_scoped_or_404, role_required, scoped
from netral.core.tabular import TableError, read_table, safe_cell
from netral.core.pagination import paginate
from netral.people import actions, roster_import
from netral.people.accounts import AccountError
from netral.people.forms import (AccountForm, ActivationForm, EmployeeFilterForm, EmployeeForm, LoginIssueForm,
                                 MappingForm, RemoveAccountForm, RosterUploadForm)
from netral.people.models import AccountRemovalRequest, Employee, RosterImport, SocialAccount
from netral.people.tasks import run_roster_import

ROSTER_EDITORS = (Role.ADMIN, Role.OPERATOR)
ACCOUNT_EDITORS = (Role.ADMIN, Role.OPERATOR, Role.PENGAWAS)


def _filtered(request):
    form = EmployeeFilterForm(request.GET or None, user=request.user)
    qs = scoped(Employee, request.user).select_related("unit")
    return form, form.apply(qs).order_by("name", "pk")


@role_required(*STAFF_ROLES)
def employee_list(request):
    form, qs = _filtered(request)
    page = paginate(request, qs, 50)
    # The "has accounts" mark for the page's rows only: as an EXISTS on every row PostgreSQL hashed the whole
    # accounts table on each page load (make bench-explain).
    page.object_list = rows = list(page.object_list)
    with_accounts = set(SocialAccount.objects.filter(employee__in=rows, removed_at__isnull=True)
                        .values_list("employee_id", flat=True))
    for e in rows:
        e.has_accounts = e.pk in with_accounts
    params = request.GET.copy()
    params.pop("page", None)
    ctx = {"form": form, "page": page, "params": params.urlencode(),
           "can_edit": request.user.has_role(*ROSTER_EDITORS)}
    template = "people/_employee_table.html" if request.htmx and not request.htmx.boosted else "people/employee_list.html"
    return render(request, template, ctx)


@role_required(*STAFF_ROLES)
def employee_detail(request, pk):
    emp = get_scoped_or_404(Employee.objects.select_related("unit", "user"), request.user, pk=pk)
    record_access(request, emp)
    accounts = emp.accounts.order_by("removed_at", "platform", "handle")
    # The employee's history: the employee row, their accounts and the removal requests on them.
    account_ids = [str(pk) for pk in emp.accounts.values_list("pk", flat=True)]
    requests = AccountRemovalRequest.objects.filter(account__employee=emp).select_related("account", "requested_by")
    history = AuditEntry.objects.for_user(request.user).filter(
        Q(model="people.employee", object_pk=str(emp.pk))
        | Q(model="people.socialaccount", object_pk__in=account_ids)
        | Q(model="people.accountremovalrequest", object_pk__in=[str(r.pk) for r in requests])).order_by("-seq")[:50]
    return render(request, "people/employee_detail.html", {
        "emp": emp, "accounts": accounts, "moves": emp.moves.select_related("from_unit", "to_unit", "moved_by"),
        "history": history, "account_form": AccountForm(), "remove_form": RemoveAccountForm(),
        "can_edit": request.user.has_role(*ROSTER_EDITORS),
        "can_edit_accounts": request.user.has_role(*ACCOUNT_EDITORS),
        "pending_requests": [r for r in requests if r.status == AccountRemovalRequest.Status.PENDING],
        "can_review": request.user.has_role(*actions.REVIEWERS),
    })


@role_required(*ROSTER_EDITORS)
def employee_edit(request, pk=None):
    emp = get_scoped_or_404(Employee, request.user, pk=pk) if pk else None
    form = EmployeeForm(request.POST or None, instance=emp, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_employee(form.save(commit=False), request.user, note=form.cleaned_data["move_note"])
        messages.success(request, _("Data %(name)s tersimpan.") % {"name": saved.name})
        return redirect("employee_detail", saved.pk)
    return render(request, "people/employee_form.html", {"form": form, "emp": emp})


@role_required(*ACCOUNT_EDITORS)
@require_POST
def account_add(request, pk):
    emp = get_scoped_or_404(Employee, request.user, pk=pk)
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            acc = actions.add_account(emp, form.cleaned_data["platform"], form.cleaned_data["handle"],
                                      user=request.user, source=SocialAccount.Source.FOUND,
                                      notes=form.cleaned_data["notes"])
        except (AccountError, actions.AccountConflict) as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Akun %(acc)s ditambahkan.") % {"acc": acc})
    else:
        messages.error(request, _("Akun tidak ditambahkan: periksa platform dan nama akun."))
    return redirect("employee_detail", emp.pk)


@role_required(*ACCOUNT_EDITORS)
@require_POST
def account_remove(request, pk):
    acc = get_scoped_or_404(SocialAccount.objects.current().select_related("employee"), request.user, pk=pk)
    form = RemoveAccountForm(request.POST)
    if form.is_valid() and not confirmed(request):
        return confirmation(
            request, title=_("Hapus akun media sosial"), button=_("Ya, hapus akun"),
            cancel_url=reverse("employee_detail", args=[acc.employee_id]),
            message=_("Akun %(acc)s milik %(emp)s akan dihapus dari daftar akun aktif (riwayatnya tetap tercatat). "
                      "Bila akun ini sudah menghasilkan temuan, penghapusan menunggu persetujuan Tim Pengawas.")
            % {"acc": acc, "emp": acc.employee.name},
            details=[_("Alasan: %(r)s") % {"r": form.cleaned_data["reason"]}])
    if form.is_valid():
        try:
            done = actions.remove_account(acc, reason=form.cleaned_data["reason"], user=request.user)
        except AccountError as e:
            messages.error(request, str(e))
        else:
            _removal_message(request, acc, done)
    else:
        messages.error(request, _("Alasan penghapusan wajib diisi."))
    return redirect("employee_detail", acc.employee_id)


def _removal_message(request, acc, done):
    if isinstance(done, AccountRemovalRequest):
        messages.info(request, _("Akun %(acc)s ditemukan oleh tim: permintaan penghapusan dikirim ke Tim Pengawas. "
                                 "Akun tetap tercatat sampai permintaan disetujui.") % {"acc": acc})
    else:
        messages.success(request, _("Akun %(acc)s dihapus dari daftar aktif.") % {"acc": acc})


@role_required(*actions.REVIEWERS)
def removal_list(request):
    qs = scoped(AccountRemovalRequest, request.user).select_related(
        "account__employee__unit", "requested_by", "decided_by")
    status = request.GET.get("status", "pending")
    if status in AccountRemovalRequest.Status.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("-requested_at", "-pk"), 50)
    return render(request, "people/removal_list.html", {"page": page, "status": status,
                                                        "statuses": AccountRemovalRequest.Status.choices})


@role_required(*actions.REVIEWERS)
@require_POST
def removal_decide(request, pk):
    req = get_scoped_or_404(AccountRemovalRequest.objects.select_related("account__employee"), request.user, pk=pk)
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Pilih setujui atau tolak."))
    else:
        try:
            actions.decide_removal(req, approve=decision == "approve", reason=request.POST.get("reason", ""),
                                   user=request.user)
        except AccountError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Permintaan hapus akun %(acc)s: %(s)s.") % {
                "acc": req.account, "s": req.get_status_display().lower()})
    nxt = request.POST.get("next", "")
    if nxt == "employee":
        return redirect("employee_detail", req.account.employee_id)
    return redirect("account_removals")


@role_required(Role.ADMIN, Role.PENGAWAS)
@require_POST
def account_verify(request, pk):
    acc = get_scoped_or_404(SocialAccount.objects.current(), request.user, pk=pk)
    acc.verified = not acc.verified
    acc.save()
    return redirect("employee_detail", acc.employee_id)


# --- Export ----------------------------------------------------------------------------------

EXPORT_HEADER = ["NIP", "NIK", "Nomor internal", "Nama", "Jenis pegawai", "Jabatan", "Kelas jabatan", "Golongan",
                 "Kode unit", "Unit kerja", "Email", "Telepon", "Status", "Tanggal berakhir", "Akun media sosial"]
ACCOUNT_HEADER = ["NIP / ID", "Nama", "Kode unit", "Platform", "Nama akun", "URL profil", "Sumber", "Terverifikasi",
                  "Dicatat"]


def _export_rows(qs):
    qs = qs.prefetch_related(Prefetch("accounts", queryset=SocialAccount.objects.current(), to_attr="current_accounts"))
    for e in qs.iterator(chunk_size=2000):
        yield [e.nip or "", e.nik, e.internal_id or "", e.name, e.get_employment_type_display(), e.position,
               e.get_position_class_display(), e.grade, e.unit.code, e.unit.name,
               e.email, e.phone, "Aktif" if e.is_active else "Tidak aktif", e.end_date.isoformat() if e.end_date else "",
               ", ".join(f"{a.platform}:@{a.handle}" for a in e.current_accounts)]


def _account_rows(qs):
    accs = SocialAccount.objects.current().filter(employee__in=qs.values("pk")).select_related("employee__unit")
    for a in accs.order_by("employee__name", "platform").iterator(chunk_size=2000):
        yield [a.employee.identifier, a.employee.name, a.employee.unit.code, a.get_platform_display(), a.handle,
               a.profile_url, a.get_source_display(), "Ya" if a.verified else "Tidak",
               timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M")]


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value):
    # One helper for every export (core.tabular.safe_cell): formulas are neutralised.
    return safe_cell("" if value is None else str(value))


@role_required(*STAFF_ROLES)
def employee_export(request):
    _form, qs = _filtered(request)
    fmt = request.GET.get("format", "csv")
    what = request.GET.get("jenis", "pegawai")
    stamp = timezone.localdate().isoformat()
    header, rows = (ACCOUNT_HEADER, _account_rows(qs)) if what == "akun" else (EXPORT_HEADER, _export_rows(qs))
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Pegawai")
        ws.append(EXPORT_HEADER)
        for row in _export_rows(qs):
            ws.append([_safe_cell(v) for v in row])
        ws2 = wb.create_sheet("Akun media sosial")
        ws2.append(ACCOUNT_HEADER)
        for row in _account_rows(qs):
            ws2.append([_safe_cell(v) for v in row])
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="pegawai-{stamp}.xlsx"'
        wb.save(response)
        return response
    if fmt != "csv":
        raise Http404
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # BOM: Excel on Windows then reads UTF-8 correctly
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_safe_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    name = "akun-medsos" if what == "akun" else "pegawai"
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


# --- Import ----------------------------------------------------------------------------------


@role_required(*ROSTER_EDITORS)
def import_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            table = read_table(f)
        except TableError as e:
            form.add_error("file", str(e))
        else:
            if not table.rows:
                form.add_error("file", _("Berkas hanya berisi judul kolom, tanpa data pegawai."))
            else:
                f.seek(0)
                imp = RosterImport.objects.create(
                    unit=request.user.unit, file=f, original_name=f.name[:255], created_by=request.user,
                    mapping=roster_import.guess_mapping(table.header), progress_total=len(table.rows),
                    table=table.to_json())
                return redirect("roster_import_detail", imp.pk)
    recent = scoped(RosterImport, request.user).select_related("created_by").defer("table")[:10]
    return render(request, "people/import_upload.html", {"form": form, "recent": recent,
                                                         "fields": roster_import.FIELDS})


@role_required(*ROSTER_EDITORS)
def import_detail(request, pk):
    imp = get_scoped_or_404(RosterImport, request.user, pk=pk)
    if imp.status != RosterImport.Status.UPLOADED:
        return render(request, "people/import_status_page.html", {"imp": imp})
    table = actions.parsed_table(imp)  # parsed once at upload; never again per view
    form = MappingForm(request.POST or None, header=table.header, initial_mapping=imp.mapping)
    dry = imp.dry_run
    if request.method == "POST" and form.is_valid():
        imp.mapping = form.mapping()
        imp.save(update_fields=["mapping"])
        try:
            if request.POST.get("action") == "run":
                roster_import.plan(table, imp.mapping, request.user)  # refuse early if columns are missing
                RosterImport.objects.filter(pk=imp.pk, status=RosterImport.Status.UPLOADED).update(
                    status=RosterImport.Status.QUEUED)
                run_roster_import.enqueue(imp.pk)
                return redirect("roster_import_detail", imp.pk)
            dry = actions.dry_run(imp, table)
        except TableError as e:
            messages.error(request, str(e))
            dry = None
    preview = []
    for number, row in table.rows[:8]:
        preview.append((number, [row.get(imp.mapping.get(k, ""), "") if imp.mapping.get(k) else ""
                                 for k, _l, _a in roster_import.FIELDS]))
    labels = [label for _k, label, _a in roster_import.FIELDS]
    return render(request, "people/import_detail.html", {
        "imp": imp, "form": form, "dry": dry, "preview": preview, "labels": labels, "rows": len(table.rows)})


@role_required(*ROSTER_EDITORS)
def import_report(request, pk):
    """The rejected rows and notes of an import (or of its dry run) as a CSV: row, column, reason."""
    imp = get_scoped_or_404(RosterImport.objects.defer("table"), request.user, pk=pk)
    rows = imp.report_rows()
    if rows is None:  # neither a dry run nor a result yet
        raise Http404
    return imports.report_response(rows, f"impor-pegawai-{imp.pk}-laporan.csv")


@role_required(*ROSTER_EDITORS)
def import_status(request, pk):
    # polled every second while the import runs: the stored table is never loaded for it
    imp = get_scoped_or_404(RosterImport.objects.defer("table"), request.user, pk=pk)
    return render(request, "people/_import_status.html", {"imp": imp})


# --- Self-service --------------------------------------------------------------------------------


@login_required
def me(request):
    emp = Employee.objects.filter(user=request.user).select_related("unit").first()
    if emp is None:
        return render(request, "people/me.html", {"emp": None})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            form = AccountForm(request.POST)
            if form.is_valid():
                try:
                    acc = actions.add_account(emp, form.cleaned_data["platform"], form.cleaned_data["handle"],
                                              user=request.user, source=SocialAccount.Source.DECLARED,
                                              notes=form.cleaned_data["notes"])
                except (AccountError, actions.AccountConflict) as e:
                    messages.error(request, str(e))
                else:
                    messages.success(request, _("Akun %(acc)s tercatat. Terima kasih telah melaporkan.") % {"acc": acc})
            else:
                messages.error(request, _("Periksa kembali platform dan nama akun."))
        elif action == "remove":
            acc = SocialAccount.objects.current().filter(employee=emp, pk=as_pk(request.POST.get("account"))).first()
            if acc is None:
                raise Http404
            try:
                done = actions.remove_account(acc, reason=request.POST.get("reason", ""), user=request.user)
            except AccountError as e:
                messages.error(request, str(e))
            else:
                _removal_message(request, acc, done)
        return redirect("me")
    return render(request, "people/me.html", {
        "emp": emp, "accounts": emp.accounts.current(), "account_form": AccountForm(),
        "pending": set(AccountRemovalRequest.objects.filter(
            account__employee=emp, status=AccountRemovalRequest.Status.PENDING).values_list("account_id", flat=True)),
        "remove_form": RemoveAccountForm(),
    })


# --- Logins for employees --------------------------------------------------------------------------


@role_required(*ROSTER_EDITORS)
def logins(request):
    """Create Pegawai logins in bulk; the answer to the POST is the printable sheet of links."""
    form = LoginIssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        issued, skipped = actions.issue_logins(form.employees(), user=request.user)
        if not issued:
            messages.info(request, _("Tidak ada akun yang dibuat: pegawai yang dipilih sudah mengaktifkan akunnya, "
                                     "tidak aktif, atau di luar unit Anda."))
            return redirect("employee_logins")
        rows = []
        for item in issued:
            link = request.build_absolute_uri(reverse("login_activate", args=[item.token]))
            rows.append({"emp": item.employee, "user": item.user, "link": link, "qr": qr_svg(link),
                         "created": item.created})
        response = render(request, "people/login_sheet.html", {
            "rows": rows, "skipped": skipped, "days": getattr(settings, "LOGIN_ACTIVATION_DAYS", 14)})
        response["Cache-Control"] = "private, no-store"  # the links are secrets
        return response
    picked = as_pk(request.GET.get("unit"))
    unit = form.fields["unit"].queryset.filter(pk=picked).first() if picked else None
    qs = scoped(Employee, request.user).active().select_related("unit", "user").order_by("unit__path", "name")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    page = paginate(request, qs, 100)
    if unit is not None and not form.is_bound:
        form.initial["unit"] = unit.pk
    return render(request, "people/logins.html", {"form": form, "page": page, "unit": unit})


def activate_login(request, token):
    """Public: the employee opens their one-time link and sets a password."""
    act = actions.activation_for(token)
    if act is None:
        # Unknown, used and expired links read the same.
        return render(request, "people/activate.html", {"invalid": True}, status=410)
    form = ActivationForm(request.POST or None, user=act.user)
    if request.method == "POST" and form.is_valid():
        if actions.activate(act, form.cleaned_data["password1"]):
            messages.success(request, _("Kata sandi tersimpan. Silakan masuk dengan nama pengguna %(u)s.") % {
                "u": act.user.username})
            return redirect("login")
        return render(request, "people/activate.html", {"invalid": True}, status=410)
    response = render(request, "people/activate.html", {"form": form, "login": act.user})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves in a Referer; "no-referrer" would break the CSRF origin check
    return response


def qr_svg(data, box=6):
    import io

    import qrcode
    import qrcode.image.svg

    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode("utf-8")
