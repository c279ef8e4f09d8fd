import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core.access import record_access
from netral.core.models import AuditEntry, Role
from netral.core.scoping import STAFF_ROLES, get_scoped_or_404, role_required, scoped
from netral.core.tabular import TableError, read_table, safe_cell
from netral.people import actions, roster_import
from netral.people.accounts import AccountError
from netral.people.forms import (AccountForm, EmployeeFilterForm, EmployeeForm, MappingForm, RemoveAccountForm,
                                 RosterUploadForm)
from netral.people.models import Employee, RosterImport, SocialAccount
from netral.people.tasks import run_roster_import

ROSTER_EDITORS = (Role.ADMIN, Role.OPERATOR)
ACCOUNT_EDITORS = (Role.ADMIN, Role.OPERATOR, Role.PENGAWAS)


def _filtered(request):
    form = EmployeeFilterForm(request.GET or None, user=request.user)
    qs = scoped(Employee, request.user).with_account_flag().select_related("unit")
    return form, form.apply(qs).order_by("name", "pk")


@role_required(*STAFF_ROLES)
def employee_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
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
    history = AuditEntry.objects.for_user(request.user).filter(
        model__in=["people.employee"], object_pk=str(emp.pk)).order_by("-seq")[:50]
    return render(request, "people/employee_detail.html", {
        "emp": emp, "accounts": accounts, "moves": emp.moves.select_related("from_unit", "to_unit", "moved_by"),
        "history": history, "account_form": AccountForm(), "remove_form": RemoveAccountForm(),
        "can_edit": request.user.has_role(*ROSTER_EDITORS),
        "can_edit_accounts": request.user.has_role(*ACCOUNT_EDITORS),
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
    if form.is_valid():
        actions.remove_account(acc, reason=form.cleaned_data["reason"], user=request.user)
        messages.success(request, _("Akun %(acc)s dihapus dari daftar aktif.") % {"acc": acc})
    else:
        messages.error(request, _("Alasan penghapusan wajib diisi."))
    return redirect("employee_detail", acc.employee_id)


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
                    mapping=roster_import.guess_mapping(table.header), progress_total=len(table.rows))
                return redirect("roster_import_detail", imp.pk)
    recent = scoped(RosterImport, request.user).select_related("created_by")[:10]
    return render(request, "people/import_upload.html", {"form": form, "recent": recent,
                                                         "fields": roster_import.FIELDS})


@role_required(*ROSTER_EDITORS)
def import_detail(request, pk):
    imp = get_scoped_or_404(RosterImport, request.user, pk=pk)
    if imp.status != RosterImport.Status.UPLOADED:
        return render(request, "people/import_status_page.html", {"imp": imp})
    with imp.file.open("rb") as fh:
        table = read_table(fh)
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
            dry = actions.dry_run(imp)
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
def import_status(request, pk):
    imp = get_scoped_or_404(RosterImport, request.user, pk=pk)
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
            acc = SocialAccount.objects.current().filter(employee=emp, pk=request.POST.get("account")).first()
            if acc is None:
                raise Http404
            try:
                actions.remove_account(acc, reason=request.POST.get("reason", ""), user=request.user)
            except AccountError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, _("Akun %(acc)s dihapus dari daftar Anda.") % {"acc": acc})
        return redirect("me")
    return render(request, "people/me.html", {
        "emp": emp, "accounts": emp.accounts.current(), "account_form": AccountForm(),
        "remove_form": RemoveAccountForm(),
    })
