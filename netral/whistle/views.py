from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netral.core.access import record_access
from netral.core.scoping import OVERSIGHT_ROLES, STAFF_ROLES, get_scoped_or_404, role_required, scoped
from netral.core.views import paginate
from netral.whistle import actions, crypto, throttle
from netral.whistle.forms import (
    PLATFORM_CHOICES, AskForm, CodeForm, MergeForm, ReceiptConfirmForm, RejectForm, ReplyForm, ReportForm,
)
from netral.whistle.models import Message, Report

TOKEN_SALT = "netral.whistle.status"
TOKEN_AGE = 3600


# --- Public pages (no login, no session; see middleware.py) ------------------------------------------

def keys_required(view):
    """A report that the configured keys cannot open (a wrong or missing KEK after a bad rotation
    or restore) gets an explained 503, never a 500 with a traceback."""
    from functools import wraps

    from django.core.exceptions import ImproperlyConfigured

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (crypto.KeyError_, ImproperlyConfigured):
            public = request.path.startswith("/lapor/")
            return render(request, "whistle/key_error.html", {"public": public}, status=503)

    return wrapper


def _client(request):
    return getattr(request, "whistle_client", "")


@keys_required
def report_form(request):
    units = actions.reporting_units()
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, units=units)
        if not throttle.submission_allowed(_client(request)):
            form.is_valid()
            form.add_error(None, _("Terlalu banyak pengaduan dari jaringan yang sama dalam satu jam. Coba lagi nanti."))
        elif form.is_valid():
            data = form.cleaned_data
            report, code = actions.submit_report(data, data["evidence"], unit=data.get("unit"))
            throttle.record_submission(_client(request))
            return render(request, "whistle/receipt.html", {
                "grouped": crypto.group_receipt(code), "form": ReceiptConfirmForm(initial={"code": code})})
    else:
        initial = {}
        code = request.GET.get("unit", "")
        if code:
            initial["unit"] = units.filter(code=code).first()
        form = ReportForm(units=units, initial=initial)
    return render(request, "whistle/form.html", {"form": form, **stored_context()})


def stored_context():
    # The plain statement of what is kept quotes the configured periods.
    return {"untriaged_days": settings.WHISTLE_UNTRIAGED_DAYS, "retention_days": settings.WHISTLE_RETENTION_DAYS,
            "access_days": settings.WHISTLE_ACCESS_DAYS}


@require_POST
def receipt_confirm(request):
    form = ReceiptConfirmForm(request.POST)
    if form.is_valid():
        return render(request, "whistle/receipt_done.html")
    code = crypto.normalise_receipt(request.POST.get("code"))
    if code is None:
        # Nothing to show again; never an oracle for codes either (nothing is looked up here).
        return redirect("whistle_status")
    return render(request, "whistle/receipt.html", {"grouped": crypto.group_receipt(code), "form": form})


def _token_for(report):
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(str(report.uuid))


def _report_from_token(token):
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token or "", max_age=TOKEN_AGE)
    except signing.BadSignature:
        return None
    return Report.objects.select_related("unit").filter(uuid=value).first()


def _status_page(request, report, reply_form=None, sent=False):
    actions.mark_seen(report)
    token = _token_for(report)
    msgs = [(m, m.text()) for m in report.messages.filter(author__in=[Message.Author.TEAM,
                                                                           Message.Author.REPORTER])]
    files = [a.info()["name"] for a in report.attachments.filter(is_original=False)]
    return render(request, "whistle/status.html", {
        "report": report, "msgs": msgs, "files": files, "sent": sent,
        "reply_form": reply_form or ReplyForm(initial={"token": token}),
        "access_until": report.reporter_seen_on + timedelta(days=settings.WHISTLE_ACCESS_DAYS),
    })


@keys_required
def status(request):
    """Enter the code (POST, never in the URL), then read and answer. Nothing is remembered
    between requests but a signed, hour-long token in the page's own form."""
    if request.method == "POST" and "token" in request.POST:
        report = _report_from_token(request.POST.get("token"))
        if report is None:
            return render(request, "whistle/status_login.html", {
                "form": CodeForm(), "error": _("Sesi halaman ini sudah berakhir. Masukkan kode Anda lagi.")},
                status=400)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            actions.reporter_reply(report, data.get("text") or "", data["evidence"])
            return _status_page(request, report, sent=True)
        form.data = form.data.copy()
        form.data["token"] = _token_for(report)
        return _status_page(request, report, reply_form=form)

    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        client = _client(request)
        if not throttle.code_checks_allowed(client):
            throttle.slow_down()
            return render(request, "whistle/status_login.html", {
                "form": CodeForm(), "error": _("Terlalu banyak kode yang salah. Tunggu 15 menit lalu coba lagi.")},
                status=429)
        if form.is_valid():
            report = actions.find_by_receipt(form.cleaned_data["code"])
            if report is not None and not report.access_expired():
                return _status_page(request, report)
            throttle.record_failure(client)
            if report is not None:
                form.add_error("code", _("Akses dengan kode ini sudah berakhir karena tidak dibuka selama "
                                         "%(days)s hari.") % {"days": settings.WHISTLE_ACCESS_DAYS})
            else:
                form.add_error("code", _("Kode tidak dikenal. Periksa kembali 16 angkanya."))
        else:
            throttle.record_failure(client)
        return render(request, "whistle/status_login.html", {"form": form}, status=400)
    return render(request, "whistle/status_login.html", {"form": form})


# --- The team's intake ------------------------------------------------------------------------------

STATUS_FILTERS = [("open", gettext_lazy("Perlu ditangani")), ("overdue", gettext_lazy("Lewat batas tanggapan")),
                  ("all", gettext_lazy("Semua"))]


@role_required(*OVERSIGHT_ROLES)
def report_list(request):
    qs = scoped(Report, request.user).select_related("unit").order_by("ack_due", "pk")
    state = request.GET.get("status", "open")
    if state == "open":
        qs = qs.open()
    elif state == "overdue":
        qs = qs.filter(actions.overdue_q())
    elif state in Report.Status.values:
        qs = qs.filter(status=state)
    return render(request, "whistle/report_list.html", {
        "page": paginate(request, qs), "state": state, "filters": STATUS_FILTERS, "today": timezone.localdate()})


def _detail_context(request, report, **forms):
    candidates = scoped(Report, request.user).exclude(pk=report.pk).exclude(status=Report.Status.MERGED)
    ctx = {
        "report": report, "content": report.content(), "today": timezone.localdate(),
        "platform_label": dict(PLATFORM_CHOICES).get(report.content().get("platform"), ""),
        "msgs": [(m, m.text()) for m in report.messages.select_related("staff")],
        "attachments": [(a, a.info()) for a in report.attachments.all()],
        "duplicates": scoped(Report, request.user).filter(merged_into=report),
        "ask_form": forms.get("ask_form") or AskForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "merge_form": forms.get("merge_form") or MergeForm(queryset=candidates),
        "decided": report.status in (Report.Status.MERGED, Report.Status.REJECTED, Report.Status.TRIAGED),
        "expires": report.expires_on(),
    }
    ctx.update(triage_context(request, report, forms.get("triage_form")))
    return ctx


def triage_context(request, report, form=None):
    from netral.whistle import triage

    return triage.context(request, report, form)


# Operators pass the role check but their scope holds no report: any id is a 404 for them.
@role_required(*STAFF_ROLES)
@keys_required
def report_detail(request, pk):
    report = get_scoped_or_404(Report.objects.select_related("unit", "merged_into"), request.user, pk=pk)
    record_access(request, report)  # only the number is logged, never the (encrypted) content
    return render(request, "whistle/report_detail.html", _detail_context(request, report))


# Only the oversight team acts on a report: an operator's POST (or GET) is refused before the method check.
@role_required(*OVERSIGHT_ROLES)
@require_POST
@keys_required
def report_action(request, pk, action):
    report = get_scoped_or_404(Report.objects.select_related("unit"), request.user, pk=pk)
    forms = {}
    try:
        if action == "acknowledge":
            actions.acknowledge(report, request.user)
        elif action == "ask":
            form = forms["ask_form"] = AskForm(request.POST)
            if form.is_valid():
                actions.ask(report, request.user, form.cleaned_data["text"])
        elif action == "reject":
            form = forms["reject_form"] = RejectForm(request.POST)
            if form.is_valid():
                actions.reject(report, request.user, form.cleaned_data["reason"])
        elif action == "merge":
            qs = scoped(Report, request.user).exclude(pk=report.pk)
            form = forms["merge_form"] = MergeForm(request.POST, queryset=qs)
            if form.is_valid():
                actions.merge(report, form.cleaned_data["target"], request.user)
        elif action == "triage":
            from netral.whistle import triage

            form = forms["triage_form"] = triage.form_for(request, report, request.POST)
            if form.is_valid():
                triage.run(request, report, form)
        else:
            raise Http404
    except ValidationError as exc:
        # A decision already taken (a second click) or a refused target: say so on the page.
        messages.error(request, " ".join(exc.messages))
        return redirect("whistle_detail", pk=report.pk)
    if any(f.errors for f in forms.values()):
        report.refresh_from_db()
        return render(request, "whistle/report_detail.html", _detail_context(request, report, **forms), status=400)
    messages.success(request, _("Tersimpan."))
    return redirect("whistle_detail", pk=report.pk)


@role_required(*STAFF_ROLES)
@keys_required
def attachment_download(request, pk, att_pk):
    report = get_scoped_or_404(Report, request.user, pk=pk)
    att = report.attachments.filter(pk=att_pk).first()
    if att is None:
        raise Http404
    info = att.info()
    try:
        data = att.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(data, content_type="application/octet-stream")
    name = info["name"].replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@role_required(*OVERSIGHT_ROLES)
def poster(request):
    """A4 poster of the office with a QR code to /lapor/ (pre-selecting the user's unit)."""
    import base64

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from django.template.loader import render_to_string

    from netral.pledges.actions import qr_svg

    unit = request.user.unit or actions.default_unit()
    url = settings.SITE_ROOT.rstrip("/") + reverse("whistle_form")
    if unit is not None and unit != actions.default_unit():
        url += f"?unit={unit.code}"
    qr = base64.b64encode(qr_svg(url, box=8).encode()).decode()
    html = render_to_string("whistle/poster_pdf.html", {"unit": unit, "url": url, "qr": qr,
                                                        "short_url": settings.SITE_ROOT.rstrip("/") + "/lapor/"})
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="poster-pengaduan.pdf"'
    return response

