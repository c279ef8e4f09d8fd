from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, Prefetch, ProtectedError, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core.confirm import confirmation, confirmed
from netral.core.dates import month_name
from netral.core.models import Role
from netral.core.pagination import paginate
from netral.core.scoping import ALL_ROLES, STAFF_ROLES, get_scoped_or_404, role_required, scoped
from netral.core import import_jobs, imports
from netral.core.tabular import TableError, read_table
from netral.elections import hooks
from netral.elections.actions import (
    CSV_COLUMNS, adopt_templates, check_contestant_table, copy_election, kpu_records, parse_kpu_json,
)
from netral.elections.forms import (
    AdoptForm, ContestantForm, ContestantImportForm, ElectionCopyForm, ElectionForm, MitigationForm, RiskFilterForm,
    RiskPointForm, StageForm,
)
from netral.elections.models import (
    IMPACT_LABELS, LIKELIHOOD_LABELS, Contestant, ContestantImport, Election, Level, Mitigation, RiskPoint, Stage, risk_level,
    risk_score,
)
from netral.elections.regime import current_regimes, nearest_elections, regime_for

RISK_EDITORS = (Role.ADMIN, Role.PENGAWAS, Role.OPERATOR)


def chosen_date(request):
    """`?tanggal=YYYY-MM-DD`, or today. Returns (date, error message or "")."""
    raw = request.GET.get("tanggal", "").strip()
    today = timezone.localdate()
    if not raw:
        return today, ""
    try:
        day = date.fromisoformat(raw)
        if not imports.MIN_YEAR <= day.year <= imports.MAX_YEAR:  # the forms' rule; the page also shows the day before and after
            raise ValueError(raw)
        return day, ""
    except ValueError:
        return today, _("Tanggal %(raw)s tidak sah (format TTTT-BB-HH); ditampilkan hari ini.") % {"raw": raw[:20]}


def can_edit_risk(user):
    return user.has_role(*RISK_EDITORS)


# --- Elections and their calendar ---------------------------------------------------------------


@role_required(*ALL_ROLES)
def election_list(request):
    day, error = chosen_date(request)
    if error:
        messages.warning(request, error)
    # Admin keeps the national reference data complete; everyone else sees the elections of their region.
    unit = None if request.user.is_admin else request.user.unit
    elections = list(Election.objects.for_unit(unit).with_span().prefetch_related("stages").annotate(
        n_contestants=Count("contestants", distinct=True)))
    rows = [(e, regime_for(e, day, list(e.stages.all()))) for e in elections]
    regimes = [r for _e, r in rows if r.is_running]
    last, nxt = (None, None) if regimes else nearest_elections(day, unit)
    return render(request, "elections/election_list.html", {
        "rows": rows, "regimes": regimes, "day": day, "today": timezone.localdate(), "last": last, "next": nxt,
    })


def _timeline(stages, day):
    """Positions (in % of the election's span) of each stage bar, the day marker and the ticks."""
    first, last = min(s.start for s in stages), max(s.end for s in stages)
    total = (last - first).days + 1

    def pct(d):
        return round(100 * (d - first).days / total, 3)

    bars = []
    for s in stages:
        left = pct(s.start)
        width = max(round(100 * s.days / total, 3), 0.8)
        bars.append({"stage": s, "left": min(left, 99.2), "width": width,
                     "state": "past" if s.end < day else "future" if s.start > day else "current"})
    ticks = []
    step = 3 if total > 500 else 1
    m = date(first.year, first.month, 1)
    while m <= last:
        if m >= first and (m.month - 1) % step == 0:
            name = month_name(m.month, short=True)  # the reader's language
            label = f"{name} {m.year}" if m.month == 1 or not ticks else name
            ticks.append({"left": pct(m), "label": label})
        m = date(m.year + (m.month // 12), m.month % 12 + 1, 1)
    marker = pct(day) + 100 / total / 2 if first <= day <= last else None
    return {"bars": bars, "ticks": ticks, "marker": marker, "first": first, "last": last}


@role_required(*ALL_ROLES)
def election_calendar(request, slug):
    election = get_object_or_404(Election, slug=slug)
    day, error = chosen_date(request)
    if error:
        messages.warning(request, error)
    stages = list(election.stages.all())
    regime = regime_for(election, day, stages)
    focus = []
    if regime.stages:
        focus.extend(regime.stages)
    if regime.next_stage and regime.next_stage not in focus:
        focus.append(regime.next_stage)
    staff = request.user.has_role(*STAFF_ROLES)
    sections = []
    for stage in focus:
        risks = []
        if staff:
            risks = list(scoped(RiskPoint, request.user).relevant_to(stage).select_related("unit").prefetch_related(
                Prefetch("mitigations", queryset=Mitigation.objects.order_by("due_on"))).order_by("-score")[:50])
        open_mitigations = sorted(((r, m) for r in risks for m in r.open_mitigations),
                                  key=lambda rm: (rm[1].due_on or date.max, -rm[0].score))
        sections.append({
            "stage": stage, "is_next": stage == regime.next_stage and stage not in regime.stages,
            "risks": risks, "open_mitigations": open_mitigations[:6], "more_mitigations": max(len(open_mitigations) - 6, 0),
            "activity": hooks.stage_activity(stage, request.user),
        })
    contestants = election.contestants.filter(region_code="").exclude(kind=Contestant.Kind.EMPTY)
    return render(request, "elections/calendar.html", {
        "election": election, "stages": stages, "regime": regime, "day": day, "today": timezone.localdate(),
        "timeline": _timeline(stages, day) if stages else None, "sections": sections, "staff": staff,
        "n_contestants": election.contestants.count(), "national_contestants": contestants,
        "prev_day": day - timedelta(days=1), "next_day": day + timedelta(days=1),
    })


@role_required(Role.ADMIN)
def election_edit(request, slug=None):
    election = get_object_or_404(Election, slug=slug) if slug else None
    form = ElectionForm(request.POST or None, instance=election)
    if request.method == "POST" and form.is_valid():
        election = form.save()
        messages.success(request, _("%(name)s tersimpan.") % {"name": election.name})
        return redirect("election_calendar", election.slug)
    return render(request, "elections/election_form.html", {"form": form, "election": election})


@role_required(Role.ADMIN)
def election_copy(request):
    initial = {}
    source = Election.objects.filter(slug=request.GET.get("dari", "")).first()
    if source:
        initial = {"source": source.pk}
    form = ElectionCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        election = copy_election(d["source"], slug=d["slug"], name=d["name"], shift_days=d["shift_days"],
                                 user=request.user, copy_contestants=d["copy_contestants"])
        messages.success(request, _("%(name)s dibuat dari %(src)s; tanggal digeser %(n)d hari. Periksa setiap "
                                    "tahapan dengan PKPU yang berlaku.")
                         % {"name": election.name, "src": d["source"].name, "n": d["shift_days"]})
        return redirect("election_calendar", election.slug)
    return render(request, "elections/election_copy.html", {"form": form})


@role_required(Role.ADMIN)
@require_POST
def election_delete(request, slug):
    election = get_object_or_404(Election, slug=slug)
    blocking = election.dependents()
    if blocking:
        messages.error(request, _("%(name)s tidak dapat dihapus karena sudah dipakai: %(what)s. Data itu adalah "
                                  "catatan kerja dan harus tetap tersimpan.")
                       % {"name": election.name, "what": ", ".join(f"{n} {label}" for label, n in blocking)})
        return redirect("election_calendar", election.slug)
    if not confirmed(request):
        return confirmation(
            request, title=_("Hapus pemilu"), button=_("Ya, hapus pemilu"),
            cancel_url=reverse("election_edit", args=[election.slug]),
            message=_("%(name)s akan dihapus beserta %(s)d tahapan dan %(c)d pesertanya. Penghapusan tercatat di "
                      "jejak audit dan tidak dapat dibatalkan.")
            % {"name": election.name, "s": election.stages.count(), "c": election.contestants.count()})
    try:
        election.delete()
    except ProtectedError:  # a record added between the check and the delete
        messages.error(request, _("%(name)s tidak dapat dihapus karena sudah dipakai oleh data lain.")
                       % {"name": election.name})
        return redirect("election_calendar", election.slug)
    messages.success(request, _("%(name)s dihapus.") % {"name": election.name})
    return redirect("election_list")


@role_required(Role.ADMIN)
def stage_edit(request, slug, pk=None):
    election = get_object_or_404(Election, slug=slug)
    stage = get_object_or_404(Stage, pk=pk, election=election) if pk else None
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        stage = form.save(commit=False)
        stage.election = election
        stage.save()
        messages.success(request, _("Tahapan %(name)s tersimpan.") % {"name": stage.name})
        return redirect("election_calendar", election.slug)
    return render(request, "elections/stage_form.html", {"form": form, "election": election, "stage": stage})


@role_required(Role.ADMIN)
@require_POST
def stage_delete(request, slug, pk):
    stage = get_object_or_404(Stage.objects.select_related("election"), pk=pk, election__slug=slug)
    if not confirmed(request):
        return confirmation(
            request, title=_("Hapus tahapan"), button=_("Ya, hapus tahapan"),
            cancel_url=reverse("stage_edit", args=[slug, stage.pk]),
            message=_("Tahapan %(name)s dari %(election)s akan dihapus. Titik rawan yang terkait dengan tahapan ini "
                      "tetap tersimpan.") % {"name": stage.name, "election": stage.election.name})
    stage.delete()
    messages.success(request, _("Tahapan %(name)s dihapus.") % {"name": stage.name})
    return redirect("election_calendar", slug)


# --- Contestants -------------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def contestant_list(request, slug):
    election = get_object_or_404(Election, slug=slug)
    qs = election.contestants.all()
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    region = request.GET.get("wilayah", "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(key__icontains=q) | Q(aliases__icontains=q)
                       | Q(region_name__icontains=q))
    if kind in Contestant.Kind.values:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_code=region)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "elections/contestant_list.html", {
        "election": election, "page": paginate(request, qs.order_by("kind", "region_code", "number"), 100),
        "q": q, "kind": kind, "region": region, "kinds": Contestant.Kind.choices, "params": params.urlencode(),
    })


@role_required(Role.ADMIN)
def contestant_edit(request, slug, pk=None):
    election = get_object_or_404(Election, slug=slug)
    obj = get_object_or_404(Contestant, pk=pk, election=election) if pk else None
    form = ContestantForm(request.POST or None, instance=obj, election=election)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.election = election
        obj.save()
        messages.success(request, _("Peserta %(name)s tersimpan.") % {"name": obj.name})
        return redirect("contestant_list", election.slug)
    return render(request, "elections/contestant_form.html", {"form": form, "election": election, "obj": obj})


@role_required(Role.ADMIN)
@require_POST
def contestant_delete(request, slug, pk):
    obj = get_object_or_404(Contestant.objects.select_related("election"), pk=pk, election__slug=slug)
    if not confirmed(request):
        return confirmation(
            request, title=_("Hapus peserta"), button=_("Ya, hapus peserta"),
            cancel_url=reverse("contestant_edit", args=[slug, obj.pk]),
            message=_("Peserta %(name)s dari %(election)s akan dihapus dan tidak lagi dikenali oleh pendeteksi.")
            % {"name": obj.name, "election": obj.election.name})
    obj.delete()
    messages.success(request, _("Peserta %(name)s dihapus.") % {"name": obj.name})
    return redirect("contestant_list", slug)


@role_required(*ContestantImport.ROLES)
def contestant_import(request):
    """Step 1 of a contestants import: the file is read once (limits first), its shape checked, and stored as a job
    (core.import_jobs: preview, dry run and the background task follow on the job page)."""
    form = ContestantImportForm(request.POST or None, request.FILES or None,
                                initial={"election": Election.objects.filter(slug=request.GET.get("pemilu", "")).first()})
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            if f.name.lower().endswith(".json"):
                data = parse_kpu_json(f.read())
                records, _errors = kpu_records(data)
                job = import_jobs.create_job(ContestantImport, request.user, f, parsed=data, rows=len(records),
                                             format=ContestantImport.Format.KPU,
                                             election=form.cleaned_data["election"])
            else:
                table = read_table(f)
                check_contestant_table(table)
                if not table.rows:
                    raise TableError(_("Berkas hanya berisi judul kolom, tanpa data peserta."))
                job = import_jobs.create_job(ContestantImport, request.user, f, parsed=table.to_json(),
                                             rows=len(table.rows))
        except imports.RefusedFile as e:
            form.add_error("file", str(e))
        else:
            return redirect("contestant_import_detail", job.pk)
    recent = scoped(ContestantImport, request.user).select_related("created_by").defer("parsed")[:10]
    return render(request, "elections/contestant_import.html", {"form": form, "recent": recent,
                                                                "columns": CSV_COLUMNS})


@role_required(*ContestantImport.ROLES)
def contestant_import_detail(request, pk):
    job = get_scoped_or_404(ContestantImport.objects.select_related("created_by", "election"), request.user, pk=pk)
    crumbs = [(reverse("election_list"), _("Kalender tahapan")), (reverse("contestant_import"), _("Impor peserta"))]
    return import_jobs.job_page(request, job, crumbs=crumbs)


@role_required(*ContestantImport.ROLES)
def contestant_import_status(request, pk):
    job = get_scoped_or_404(ContestantImport.objects.defer("parsed"), request.user, pk=pk)
    return import_jobs.job_status(request, job)


@role_required(*ContestantImport.ROLES)
def contestant_import_report(request, pk):
    job = get_scoped_or_404(ContestantImport.objects.defer("parsed"), request.user, pk=pk)
    return import_jobs.job_report(request, job, f"impor-peserta-{job.pk}-laporan.csv")


# --- Risk points -------------------------------------------------------------------------------


def _risk_queryset(request):
    form = RiskFilterForm(request.GET or None, user=request.user)
    qs = scoped(RiskPoint, request.user).select_related("unit", "election", "stage")
    return form, form.filter(qs)


@role_required(*STAFF_ROLES)
def risk_list(request):
    form, qs = _risk_queryset(request)
    qs = qs.annotate(n_open=Count("mitigations", filter=~Q(mitigations__status=Mitigation.Status.DONE)))
    params = request.GET.copy()
    params.pop("page", None)
    nocell = params.copy()
    nocell.pop("likelihood", None)
    nocell.pop("impact", None)
    return render(request, "elections/risk_list.html", {
        "params_nocell": nocell.urlencode(),
        "form": form, "page": paginate(request, qs.order_by("-score", "election", "title")),
        "params": params.urlencode(), "can_edit": can_edit_risk(request.user),
        "cell": (form.cleaned_data.get("likelihood"), form.cleaned_data.get("impact")) if form.is_valid() else None,
    })


@role_required(*STAFF_ROLES)
def risk_matrix(request):
    form, qs = _risk_queryset(request)
    counts = {(r["likelihood"], r["impact"]): r["n"]
              for r in qs.order_by().values("likelihood", "impact").annotate(n=Count("pk"))}
    params = request.GET.copy()
    for k in ("likelihood", "impact", "page"):
        params.pop(k, None)
    base = params.urlencode()
    rows = []
    for lk in range(5, 0, -1):
        cells = []
        for im in range(1, 6):
            cells.append({"likelihood": lk, "impact": im, "n": counts.get((lk, im), 0),
                          "score": risk_score(lk, im), "level": risk_level(lk, im),
                          "query": f"{base}&likelihood={lk}&impact={im}" if base else f"likelihood={lk}&impact={im}"})
        rows.append({"likelihood": lk, "label": LIKELIHOOD_LABELS[lk], "cells": cells})
    by_level = {r["level"]: r["n"] for r in qs.order_by().values("level").annotate(n=Count("pk"))}
    levels = [(value, label, by_level.get(value, 0)) for value, label in Level.choices]
    return render(request, "elections/risk_matrix.html", {
        "form": form, "rows": rows, "impacts": [(i, IMPACT_LABELS[i]) for i in range(1, 6)], "levels": levels,
        "total": sum(counts.values()), "top": qs.order_by("-score", "title")[:8], "params": base,
    })


@role_required(*STAFF_ROLES)
def risk_detail(request, pk):
    risk = get_scoped_or_404(RiskPoint.objects.select_related("unit", "election", "stage"), request.user, pk=pk)
    return render(request, "elections/risk_detail.html", {
        "risk": risk, "mitigations": risk.mitigations.select_related("owner").order_by("status", "due_on"),
        "can_edit": can_edit_risk(request.user), "today": timezone.localdate(),
        "status_choices": Mitigation.Status.choices,
    })


@role_required(*RISK_EDITORS)
def risk_edit(request, pk=None):
    risk = get_scoped_or_404(RiskPoint, request.user, pk=pk) if pk else None
    initial = {}
    if risk is None:
        e = Election.objects.filter(slug=request.GET.get("pemilu", "")).first()
        if e:
            initial["election"] = e.pk
        if request.GET.get("fase"):
            initial["phase"] = request.GET["fase"]
    form = RiskPointForm(request.POST or None, instance=risk, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        risk = form.save(commit=False)
        if risk.created_by_id is None:
            risk.created_by = request.user
        risk.save()
        messages.success(request, _("Titik rawan %(t)s tersimpan (tingkat %(l)s).")
                         % {"t": risk.title, "l": risk.get_level_display().lower()})
        return redirect("risk_detail", risk.pk)
    return render(request, "elections/risk_form.html", {"form": form, "risk": risk})


@role_required(*RISK_EDITORS)
@require_POST
def risk_delete(request, pk):
    risk = get_scoped_or_404(RiskPoint, request.user, pk=pk)
    if not confirmed(request):
        return confirmation(
            request, title=_("Hapus titik rawan"), button=_("Ya, hapus titik rawan"),
            cancel_url=reverse("risk_detail", args=[risk.pk]),
            message=(_("Titik rawan %(t)s akan dihapus beserta %(n)d mitigasinya.") if risk.mitigations.exists()
                     else _("Titik rawan %(t)s akan dihapus.")) % {"t": risk.title, "n": risk.mitigations.count()})
    risk.delete()
    messages.success(request, _("Titik rawan %(t)s dihapus.") % {"t": risk.title})
    return redirect("risk_list")


@role_required(*RISK_EDITORS)
def mitigation_edit(request, risk_pk, pk=None):
    risk = get_scoped_or_404(RiskPoint, request.user, pk=risk_pk)
    obj = get_scoped_or_404(Mitigation, request.user, pk=pk, risk_point=risk) if pk else None
    form = MitigationForm(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.risk_point = risk
        obj.save()
        messages.success(request, _("Mitigasi tersimpan."))
        return redirect("risk_detail", risk.pk)
    return render(request, "elections/mitigation_form.html", {"form": form, "risk": risk, "obj": obj})


@role_required(*RISK_EDITORS)
@require_POST
def mitigation_status(request, pk):
    obj = get_scoped_or_404(Mitigation, request.user, pk=pk)
    status = request.POST.get("status", "")
    if status not in Mitigation.Status.values:
        raise Http404
    obj.status = status
    obj.save()
    messages.success(request, _("Status mitigasi: %(s)s.") % {"s": obj.get_status_display()})
    return redirect("risk_detail", obj.risk_point_id)


@role_required(*RISK_EDITORS)
def risk_adopt(request):
    initial = {}
    e = Election.objects.filter(slug=request.GET.get("pemilu", "")).first()
    if e:
        initial["election"] = e.pk
    form = AdoptForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        created = adopt_templates(d["unit"], d["election"], request.user, keys=d["templates"])
        if created:
            messages.success(request, _("%(n)d titik rawan bawaan diadopsi ke %(u)s; sesuaikan kemungkinan dan "
                                        "dampaknya dengan kondisi unit.") % {"n": len(created), "u": d["unit"]})
        else:
            messages.info(request, _("Semua titik rawan yang dipilih sudah ada di unit ini."))
        return redirect(f"{_url('risk_list')}?election={d['election'].pk}&unit={d['unit'].pk}")
    return render(request, "elections/risk_adopt.html", {"form": form})


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# --- Dashboard card ----------------------------------------------------------------------------


def election_card(request):
    today = timezone.localdate()
    unit = request.user.unit
    regimes = current_regimes(today, unit)
    last, nxt = (None, None) if regimes else nearest_elections(today, unit)
    return {"regimes": regimes[:3], "today": today, "last": last, "next": nxt}
