from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core.models import OrgUnit
from netral.core.scoping import OVERSIGHT_ROLES, STAFF_ROLES, get_scoped_or_404, role_required, scoped
from netral.monitoring.forms import FindingFilterForm
from netral.monitoring.models import Finding
from netral.reports import exports, figures, render as rendering, tasks
from netral.reports.actions import fill_office, render_files
from netral.reports.forms import DashboardForm, ExportForm, ReportForm
from netral.reports.models import MonevReport
from netral.reports.render import bucket_label, num


def scope_paths(user, unit=None):
    """Unit subtrees a user's figures cover: the picked unit (already limited to the user's scope
    by the form) or the user's own unit; a superuser without a unit sees every root."""
    if unit is not None:
        return [unit.path]
    if user.unit_id:
        return [user.unit.path]
    if user.is_superuser:
        return list(OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True))
    return []


def dashboard_params(request):
    form = DashboardForm(request.GET or None, user=request.user)
    d = form.cleaned_data if form.is_valid() else {}
    election = d.get("election") or figures.election_in_focus()
    df, dt = figures.default_period(election)
    date_from, date_to = d.get("date_from") or df, d.get("date_to") or dt
    if date_from > date_to:  # only one end given, beyond the default other end
        date_from, date_to = (date_from, date_from + timedelta(days=89)) if d.get("date_from") else \
            (date_to - timedelta(days=89), date_to)
    unit = d.get("unit")
    if not form.is_bound or not form.is_valid():  # show the period and election actually used
        form.initial.update(date_from=date_from, date_to=date_to, election=election.slug if election else None)
    return form, unit, figures.Params(paths=scope_paths(request.user, unit), date_from=date_from, date_to=date_to,
                                      election=election)


class Links:
    """URLs of the lists behind each number, with the dashboard's filters applied."""

    def __init__(self, p, unit, election):
        self.p, self.unit, self.election = p, unit, election

    _bases = {}

    def _url(self, name, **params):
        params = {k: v for k, v in params.items() if v not in (None, "")}
        base = self._bases.get(name) or self._bases.setdefault(name, reverse(name))
        return base + ("?" + urlencode(params) if params else "")

    def findings(self, unit_id=None, date_from=None, date_to=None, **extra):
        return self._url("finding_list", status=extra.pop("status", "all"),
                         unit=unit_id or (self.unit.pk if self.unit else None),
                         date_from=(date_from or self.p.date_from).isoformat(),
                         date_to=(date_to or self.p.date_to).isoformat(), **extra)

    def employees(self, unit_id=None, **extra):
        return self._url("employee_list", unit=unit_id or (self.unit.pk if self.unit else None), **extra)

    def risks(self, unit_id=None, **extra):
        return self._url("risk_list", election=self.election.pk if self.election else None,
                         unit=unit_id or (self.unit.pk if self.unit else None), **extra)


def attach_links(fig, links, template):
    """Add `url` keys to a copy-safe figures dict (the dashboard's; never stored)."""
    for r in fig["children"]:
        r["url_staff"] = links.employees(r["unit_id"])
        r["url_no_account"] = links.employees(r["unit_id"], accounts="tidak")
        r["url_monitored"] = links.employees(r["unit_id"], accounts="ya")
        r["url_findings"] = links.findings(r["unit_id"])
        r["url_confirmed"] = links.findings(r["unit_id"], status="confirmed")
    fd = fig["findings"]
    for r in fd["by_label"]:
        r["url"] = links.findings(label=r["key"])
    for r in fd["by_status"]:
        r["url"] = links.findings(status=r["key"])
    for r in fd["by_platform"]:
        r["url"] = links.findings(platform=r["key"])
    for r in fd["by_skb"]:
        r["url"] = links.findings(status="confirmed")
    for r in fd["repeat_offenders"]:
        r["url"] = reverse("employee_detail", args=[r["employee_id"]])
    step = timedelta(days=7) if fd["granularity"] == "week" else None
    for r in fd["series"]:
        start = rendering.day(r["start"])
        if step:
            end = start + step - timedelta(days=1)
        else:
            end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        r["label"] = bucket_label(r["start"], fd["granularity"])
        r["url"] = links.findings(date_from=max(start, links.p.date_from), date_to=min(end, links.p.date_to))
    for r in fig["per_100"]:
        r["url"] = links.findings(r["unit_id"], status="confirmed")
    cases = fig["cases"]
    if cases.get("available"):
        unit_pk = links.unit.pk if links.unit else None
        cases["url"] = links._url("case_list", unit=unit_pk)
        cases["url_overdue"] = links._url("case_list", unit=unit_pk, overdue="on")
        for r in cases["by_state"]:
            r["url"] = links._url("case_list", state=r["key"], unit=unit_pk)
    risk = fig["risk"]
    for r in risk["points"]:
        r["url"] = reverse("risk_detail", args=[r["id"]])
    for r in risk["by_level"]:
        r["url"] = links.risks(level=r["key"])
    urls = {
        "staff": links.employees(), "no_account": links.employees(accounts="tidak"),
        "monitored": links.employees(accounts="ya"), "findings": links.findings(),
        "confirmed": links.findings(status="confirmed"), "open_findings": links._url("finding_list", status="new"),
        "content": reverse("content_list"), "events": reverse("event_list"), "risks": links.risks(),
        "pacts": reverse("template_detail", args=[template.pk]) if template else reverse("pledges_home"),
    }
    attention = {"triage": urls["open_findings"], "mitigation_overdue": urls["risks"],
                 "risk_unmitigated": urls["risks"], "pacts_pending": urls["pacts"],
                 "cases_overdue": cases.get("url_overdue", "")}
    for item in fig["attention"]:
        item["url"] = attention.get(item["key"], "")
    fig["urls"] = urls
    return fig


def chart_data(fig):
    """What static/reports/dashboard.js draws; the same numbers are in the tables below each chart."""
    fd = fig["findings"]
    units = [u for u in fig["children"] if u["staff"]]
    return {"charts": [
        {"id": "chart-coverage", "type": "bar", "horizontal": True, "labels": [u["name"] for u in units],
         "links": [u["url_staff"] for u in units], "suffix": "%",
         "datasets": [{"label": _("Sosialisasi"), "data": [u["reached_pct"] for u in units]},
                      {"label": _("Ikrar"), "data": [u["ikrar_pct"] for u in units]},
                      {"label": _("Pakta sah"), "data": [u["signed_pct"] for u in units]}]},
        {"id": "chart-series", "type": "bar", "labels": [r["label"] for r in fd["series"]],
         "links": [r["url"] for r in fd["series"]],
         "datasets": [{"label": _("Partisan"), "data": [r["partisan"] for r in fd["series"]]},
                      {"label": _("Ujaran kebencian"), "data": [r["hate"] for r in fd["series"]]},
                      {"label": _("Hoaks"), "data": [r["hoax"] for r in fd["series"]]}]},
        {"id": "chart-platform", "type": "bar", "labels": [r["label"] for r in fd["by_platform"]],
         "links": [r["url"] for r in fd["by_platform"]],
         "datasets": [{"label": _("Temuan"), "data": [r["n"] for r in fd["by_platform"]]}]},
        {"id": "chart-units", "type": "bar", "horizontal": True,
         "labels": [u["name"] for u in fig["children"] if u["findings"]],
         "links": [u["url_findings"] for u in fig["children"] if u["findings"]],
         "datasets": [{"label": _("Temuan"), "data": [u["findings"] for u in fig["children"] if u["findings"]]},
                      {"label": _("Dikonfirmasi"),
                       "data": [u["confirmed"] for u in fig["children"] if u["findings"]]}]},
        {"id": "chart-cases", "type": "bar", "labels": [r["label"] for r in fig["cases"].get("by_state", [])],
         "links": [r.get("url", "") for r in fig["cases"].get("by_state", [])],
         "datasets": [{"label": _("Kasus"), "data": [r["n"] for r in fig["cases"].get("by_state", [])]}]},
        {"id": "chart-risk", "type": "bar", "labels": [r["label"] for r in fig["risk"]["by_level"]],
         "links": [r["url"] for r in fig["risk"]["by_level"]],
         "datasets": [{"label": _("Titik rawan terbuka"), "data": [r["n"] for r in fig["risk"]["by_level"]]}]},
    ]}


def pact_template(user, election):
    from netral.pledges.actions import templates_for

    if election is None:
        return None
    return templates_for(user).filter(election=election).order_by("-created_at").first()


@login_required
def dashboard(request):
    user = request.user
    if not user.has_role(*STAFF_ROLES):
        return my_status(request)
    form, unit, p = dashboard_params(request)
    fig = figures.cached_compute(p)
    template = pact_template(user, p.election)
    attach_links(fig, Links(p, unit, p.election), template)
    if user.has_role(*OVERSIGHT_ROLES):
        tpl = "reports/dashboard.html"
    else:
        tpl = "reports/dashboard_operator.html"
    params = request.GET.copy()
    return render(request, tpl, {"form": form, "fig": fig, "p": p, "charts": chart_data(fig), "num": num,
                                 "summary": rendering.summary_rows(fig), "period": rendering.period_label(fig),
                                 "params": params.urlencode(), "unit": unit})


def my_status(request):
    """Pegawai: their own pacts, events attended and declared accounts (no one else's)."""
    from netral.pledges.cards import my_status_card

    ctx = my_status_card(request)
    employee = ctx.get("employee")
    ctx["accounts"] = list(employee.accounts.filter(removed_at__isnull=True)) if employee else []
    return render(request, "reports/dashboard_pegawai.html", {"ctx": ctx})


# --- Home cards ----------------------------------------------------------------------------------

def attention_card(request):
    """Home page: what needs attention today in the user's scope, from the same figures."""
    election = figures.election_in_focus()
    df, dt = figures.default_period(election)
    p = figures.Params(paths=scope_paths(request.user), date_from=df, date_to=dt, election=election)
    fig = figures.cached_compute(p)
    attach_links(fig, Links(p, None, election), pact_template(request.user, election))
    return {"items": fig["attention"], "fig": fig, "stage": fig["risk"]["stage"]}


def gaps_card(request):
    """Home page of an operator: the gaps of their own unit."""
    ctx = attention_card(request)
    total = ctx["fig"]["total"]
    return {"fig": ctx["fig"], "no_account": total["staff"] - total["monitored"],
            "not_reached": total["staff"] - total["reached"], "pending": total["pending"]}


# --- Monev reports -------------------------------------------------------------------------------

@role_required(*STAFF_ROLES)
def report_list(request):
    qs = scoped(MonevReport, request.user).select_related("unit", "election", "created_by")
    from netral.core.views import paginate

    return render(request, "reports/report_list.html", {"page": paginate(request, qs)})


@role_required(*STAFF_ROLES)
def report_create(request):
    user = request.user
    election = figures.election_in_focus()
    initial = {"election": election, "phase": "", "title": _("Laporan Monitoring dan Evaluasi Netralitas ASN")}
    if user.unit_id:
        office = fill_office(MonevReport(unit=user.unit))
        initial.update(signer_name=office.signer_name, signer_nip=office.signer_nip,
                       signer_title=office.signer_title, place=office.place)
    form = ReportForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        if not user.unit_id:
            form.add_error(None, _("Akun Anda belum memiliki unit kerja; laporan tidak dapat dibuat."))
        else:
            report = form.save(commit=False)
            report.unit = user.unit
            report.created_by = user
            if not report.date_from or not report.date_to:
                df, dt = figures.default_period(report.election, phase=report.phase)
                given_from = report.date_from
                report.date_from = report.date_from or df
                report.date_to = report.date_to or dt
                if report.date_from > report.date_to:  # the one date given lies beyond the phase: keep it (dashboard)
                    if given_from:
                        report.date_to = report.date_from + timedelta(days=89)
                    else:
                        report.date_from = report.date_to - timedelta(days=89)
            fill_office(report)
            report.save()
            form.save_m2m()
            tasks.generate_report.enqueue(report.pk)
            messages.success(request, _("Laporan sedang dibuat di latar belakang."))
            return redirect("report_detail", report.pk)
    return render(request, "reports/report_form.html", {"form": form})


@role_required(*STAFF_ROLES)
def report_detail(request, pk):
    report = get_scoped_or_404(MonevReport.objects.select_related("unit", "election", "created_by"), request.user,
                               pk=pk)
    if request.htmx:
        return render(request, "reports/partials/report_status.html", {"r": report})
    ctx = {"r": report, "can_edit": request.user.has_role(*OVERSIGHT_ROLES)}
    if report.figures:
        ctx.update(summary=[(label, num(v), note) for label, v, note in rendering.summary_rows(report.figures)],
                   period=rendering.period_label(report.figures),
                   computed_at=rendering.computed_label(report.figures))
    return render(request, "reports/report_detail.html", ctx)


@role_required(*STAFF_ROLES)
def report_file(request, pk, kind):
    report = get_scoped_or_404(MonevReport, request.user, pk=pk, status=MonevReport.Status.DONE)
    f = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if not f:
        raise Http404
    try:
        handle = f.open("rb")
    except FileNotFoundError:  # the file was lost (restore without media): a 404, never a 500
        raise Http404 from None
    return FileResponse(handle, as_attachment=kind == "xlsx", filename=f.name.rsplit("/", 1)[-1])


@role_required(*OVERSIGHT_ROLES)
@require_POST
def report_recommendations(request, pk):
    """The team's recommendations may be revised until the report is signed: the files are drawn
    again from the stored figures, which do not change."""
    report = get_scoped_or_404(MonevReport, request.user, pk=pk, status=MonevReport.Status.DONE)
    text = request.POST.get("recommendations", "")
    if len(text) > 20000:
        messages.error(request, _("Rekomendasi terlalu panjang (paling banyak 20.000 karakter)."))
        return redirect("report_detail", pk)
    report.recommendations = text.strip()
    report.save(update_fields=["recommendations"])
    render_files(report)
    messages.success(request, _("Rekomendasi tersimpan; berkas laporan diperbarui dengan angka yang sama."))
    return redirect("report_detail", pk)


# --- Exports -----------------------------------------------------------------------------------

def _export(request, *, filters, qs, columns, default, title, stem):
    """The shared part of the exports: the filters of the list on screen (its own form, same query
    string), the chosen columns, CSV or Excel, plain or pseudonymised."""
    form = ExportForm(request.GET if "format" in request.GET else None, columns=columns, default=default)
    # an invalid filter (a bad date, an unknown state) would drop the filters: show the errors, export nothing
    if form.is_bound and form.is_valid() and not (filters.is_bound and not filters.is_valid()):
        d = form.cleaned_data
        cols = exports.columns_for(columns, d["columns"], d["pseudonymise"], default)
        header = [c.label for c in cols]
        data = exports.rows(qs.order_by("pk"), cols, d["pseudonymise"])
        name = f"{stem}{'-samaran' if d['pseudonymise'] else ''}-{timezone.localdate().isoformat()}"
        if d["format"] == "xlsx":
            response = HttpResponse(exports.write_xlsx(title, header, data),
                                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        response = StreamingHttpResponse(exports.write_csv(header, data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return render(request, "reports/export.html", {"filters": filters, "form": form, "count": qs.count(),
                                                   "title": title})


@role_required(*OVERSIGHT_ROLES)
def export_findings(request):
    filters = FindingFilterForm(request.GET or None, user=request.user)
    qs = filters.apply(scoped(Finding, request.user)).select_related("unit", "employee", "content", "case")
    return _export(request, filters=filters, qs=qs, columns=exports.FINDING_COLUMNS,
                   default=exports.DEFAULT_FINDING_COLUMNS, title=_("Ekspor temuan"), stem="temuan")


@role_required(*OVERSIGHT_ROLES)
def export_cases(request):
    from netral.cases.forms import CaseFilterForm
    from netral.cases.models import Case

    filters = CaseFilterForm(request.GET or None, user=request.user)
    qs = filters.apply(scoped(Case, request.user)).select_related("unit", "election") \
        .prefetch_related("employees")
    return _export(request, filters=filters, qs=qs, columns=exports.CASE_COLUMNS,
                   default=exports.DEFAULT_CASE_COLUMNS, title=_("Ekspor kasus"), stem="kasus")
