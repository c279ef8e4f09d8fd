from datetime import datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, DurationField, F, ProtectedError, Q, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import audit, dashboard, roles
from netral.core.confirm import confirmation, confirmed
from netral.core.actions import UNIT_COLUMNS, check_unit_table
from netral.core.forms import AuditFilterForm, OfficeProfileForm, OrgUnitForm, UnitImportForm, UserForm
from netral.core.models import AuditEntry, OfficeProfile, OrgUnit, Role, UnitImport, User, office_for
from netral.core.scoping import STAFF_ROLES, get_scoped_or_404, role_required, scoped
from netral.core import import_jobs, imports
from netral.core.pagination import paginate
from netral.core.tabular import TableError, read_table



def day_start(day):
    """The instant the office's local day begins."""
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def home(request):
    return render(request, "core/home.html", {"cards": dashboard.cards_for(request)})


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


# --- Org units ---------------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def unit_list(request):
    qs = scoped(OrgUnit, request.user).annotate(n_users=Count("users")).order_by("path")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(regency__icontains=q))
    if kind in OrgUnit.Kind.values:
        qs = qs.filter(kind=kind)
    return render(request, "core/unit_list.html", {
        "page": paginate(request, qs, 100), "q": q, "kind": kind, "kinds": OrgUnit.Kind.choices,
    })


@role_required(*STAFF_ROLES)
def unit_detail(request, pk):
    unit = get_scoped_or_404(OrgUnit, request.user, pk=pk)
    children = scoped(OrgUnit, request.user).filter(parent=unit)
    users = scoped(User, request.user).filter(unit=unit).order_by("username") if request.user.is_admin else None
    return render(request, "core/unit_detail.html", {"unit": unit, "children": children, "users": users,
                                                     "ancestors": unit.ancestors().filter(
                                                         path__startswith=request.user.unit.path
                                                         if request.user.unit_id else "")})


@role_required(Role.ADMIN)
def unit_edit(request, pk=None):
    unit = get_scoped_or_404(OrgUnit, request.user, pk=pk) if pk else None
    form = OrgUnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Unit %(name)s tersimpan.") % {"name": unit.name})
        return redirect("unit_list")
    return render(request, "core/unit_form.html", {"form": form, "unit": unit})


@role_required(Role.ADMIN)
@require_POST
def unit_delete(request, pk):
    unit = get_scoped_or_404(OrgUnit, request.user, pk=pk)
    if unit == request.user.unit:
        messages.error(request, _("Anda tidak dapat menghapus unit Anda sendiri."))
        return redirect("unit_list")
    if not confirmed(request):
        return confirmation(
            request, title=_("Hapus unit"), button=_("Ya, hapus unit"),
            cancel_url=reverse("unit_edit", args=[unit.pk]),
            message=_("Unit %(name)s (%(code)s) akan dihapus. Unit yang masih memiliki unit bawahan atau data "
                      "terkait tidak dapat dihapus; penghapusan tercatat di jejak audit.")
            % {"name": unit.name, "code": unit.code})
    try:
        unit.delete()
    except ProtectedError:
        messages.error(request, _("Unit %(name)s masih memiliki unit bawahan atau data terkait; nonaktifkan saja.")
                       % {"name": unit.name})
    else:
        messages.success(request, _("Unit %(name)s dihapus.") % {"name": unit.name})
    return redirect("unit_list")


@role_required(Role.ADMIN)
def unit_import(request):
    """Step 1 of a units import: the file is read once (limits first), its columns checked, and stored as a job."""
    form = UnitImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            table = read_table(f)
            check_unit_table(table)
            if not table.rows:
                raise TableError(_("Berkas hanya berisi judul kolom, tanpa data unit."))
            job = import_jobs.create_job(UnitImport, request.user, f, parsed=table.to_json(), rows=len(table.rows))
        except imports.RefusedFile as e:
            form.add_error("file", str(e))
        else:
            return redirect("unit_import_detail", job.pk)
    recent = scoped(UnitImport, request.user).select_related("created_by").defer("parsed")[:10]
    return render(request, "core/unit_import.html", {"form": form, "recent": recent, "columns": UNIT_COLUMNS})


def _unit_crumbs():
    return [(reverse("unit_list"), _("Unit kerja")), (reverse("unit_import"), _("Impor"))]


@role_required(*UnitImport.ROLES)
def unit_import_detail(request, pk):
    job = get_scoped_or_404(UnitImport.objects.select_related("created_by"), request.user, pk=pk)
    return import_jobs.job_page(request, job, crumbs=_unit_crumbs())


@role_required(*UnitImport.ROLES)
def unit_import_status(request, pk):
    return import_jobs.job_status(request, get_scoped_or_404(UnitImport.objects.defer("parsed"), request.user, pk=pk))


@role_required(*UnitImport.ROLES)
def unit_import_report(request, pk):
    job = get_scoped_or_404(UnitImport.objects.defer("parsed"), request.user, pk=pk)
    return import_jobs.job_report(request, job, f"impor-unit-{job.pk}-laporan.csv")


# --- Users -------------------------------------------------------------------------------------


@role_required(Role.ADMIN)
def user_list(request):
    qs = scoped(User, request.user).select_related("unit").order_by("unit__path", "username")
    if hasattr(User, "derived_role"):
        qs = qs.select_related("derived_role__task_force")
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
                       | Q(email__icontains=q))
    if role in Role.values:
        qs = qs.filter(role=role)
    return render(request, "core/user_list.html", {"page": paginate(request, qs), "q": q, "role": role,
                                                   "roles": Role.choices})


@role_required(Role.ADMIN)
def user_edit(request, pk=None):
    obj = get_scoped_or_404(User, request.user, pk=pk) if pk else None
    grant = roles.derived(obj) if obj else None
    if grant is not None:
        # The form edits the assigned role and unit; the derived one is shown beside it.
        obj.role, obj.unit_id = grant.base_role, grant.base_unit_id
    form = UserForm(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        if obj is not None and obj == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        else:
            with transaction.atomic():
                saved = form.save()
                roles.role_assigned.send(sender=User, user=saved)
            messages.success(request, _("Pengguna %(u)s tersimpan.") % {"u": saved.username})
            return redirect("user_list")
    return render(request, "core/user_form.html", {"form": form, "obj": obj, "grant": grant})


# --- Audit -------------------------------------------------------------------------------------


@role_required(Role.ADMIN, Role.PIMPINAN)
def audit_list(request):
    base = AuditEntry.objects.visible_to(request.user)
    form = AuditFilterForm(request.GET or None, models=audit.chain_models(), national=request.user.is_admin)
    # Newest first by time (seq breaks ties): a date range is then a range scan of the `at` index that stops
    # after one page; ordered by seq, PostgreSQL walked the seq index through every entry newer than the range.
    qs = base.order_by("-at", "-seq")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("scope") == "national":
            qs = qs.filter(unit_path="", model__in=audit.national_models())
        elif d.get("scope") == "units":
            qs = qs.exclude(unit_path="")
        if d.get("q"):
            qs = qs.filter(Q(object_repr__icontains=d["q"]) | Q(object_pk=d["q"]) | Q(note__icontains=d["q"]))
        if d.get("model"):
            qs = qs.filter(model=d["model"])
        if d.get("action"):
            qs = qs.filter(action=d["action"])
        if d.get("actor"):
            qs = qs.filter(actor_name__icontains=d["actor"])
        # A range on the stored instant (not at__date) so the index on `at` serves it; days are local days.
        if d.get("date_from"):
            qs = qs.filter(at__gte=day_start(d["date_from"]))
        if d.get("date_to"):
            qs = qs.filter(at__lt=day_start(d["date_to"] + timedelta(days=1)))
    params = request.GET.copy()
    params.pop("page", None)
    # A text search: its matches come from the trigram indexes; when they are few, sort them (by an expression the
    # `at` index does not serve) instead of walking every newer entry to reach them (core/pagination.py).
    searched = form.is_valid() and (form.cleaned_data.get("q") or form.cleaned_data.get("actor"))
    sort_few = [(F("at") + Value(timedelta(0), output_field=DurationField())).desc(), "-seq"] if searched else None
    return render(request, "core/audit_list.html", {"form": form, "page": paginate(request, qs, sort_few=sort_few),
                                                    "params": params.urlencode()})


@role_required(Role.ADMIN, Role.PIMPINAN)
def audit_detail(request, seq):
    entry = get_object_or_404(AuditEntry.objects.visible_to(request.user), seq=seq)
    return render(request, "core/audit_detail.html", {"entry": entry})




# --- Office identity ----------------------------------------------------------------------------


@role_required(Role.ADMIN)
def office_edit(request):
    """Admin sets the identity of their own unit's office (the letterhead of every document)."""
    profile = OfficeProfile.objects.filter(unit=request.user.unit).first() or OfficeProfile(unit=request.user.unit)
    if not profile.pk:
        inherited = office_for(request.user.unit)
        for field in ("parent_name", "name", "address", "city", "head_title"):
            setattr(profile, field, getattr(inherited, field))
    form = OfficeProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Identitas kantor tersimpan. Kop surat dan kaki halaman memakai data ini."))
        return redirect("office_edit")
    return render(request, "core/office_form.html", {"form": form, "profile": profile})


@login_required
def office_logo(request, pk):
    profile = get_object_or_404(OfficeProfile, pk=pk)
    if not profile.logo:
        raise Http404
    try:
        with profile.logo.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:  # the row outlived its file (storage restored from an older backup)
        raise Http404 from None
    mime = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    response = HttpResponse(data, content_type=mime)
    response["Cache-Control"] = "private, max-age=3600"
    return response
