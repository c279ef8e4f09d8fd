"""Monev report workflow: create, generate in the background, schedule, notify."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import audit
from netral.core.dates import DOCUMENT_LANGUAGE, month_name
from netral.core.models import OrgUnit, Role, User
from netral.reports import figures, render
from netral.reports.models import MonevReport
from netral.reports.office import office_identity, office_unit

log = logging.getLogger(__name__)
STEPS = ["pembinaan", "pemantauan", "titik_rawan", "kasus", "selesai"]


def params_for(report, today=None):
    return figures.Params(paths=report.paths(), date_from=report.date_from, date_to=report.date_to,
                          election=report.election, phase=report.phase,
                          today=today or min(timezone.localdate(), report.date_to))


def fill_office(report):
    office = office_identity(report.unit)
    report.office = office.as_dict()
    report.signer_name = report.signer_name or office.head_name
    report.signer_nip = report.signer_nip or office.head_nip
    report.signer_title = report.signer_title or office.head_title
    report.place = report.place or office.city
    return report


def run_report(report_id):
    """Compute the figures, store the snapshot, render PDF and workbook. Safe to run twice: a
    report is claimed from "queued" with a conditional UPDATE; a finished one is left alone."""
    claimed = MonevReport.objects.filter(pk=report_id, status=MonevReport.Status.QUEUED).update(
        status=MonevReport.Status.RUNNING, progress_done=0, progress_total=len(STEPS) + 2)
    if not claimed:
        return "skipped"
    report = MonevReport.objects.select_related("unit", "election").get(pk=report_id)

    def progress(step):
        MonevReport.objects.filter(pk=report_id).update(progress_done=STEPS.index(step) + 1)

    report.figures = figures.compute(params_for(report), progress=progress)
    MonevReport.objects.filter(pk=report_id).update(figures=report.figures)
    render_files(report)
    report.status = MonevReport.Status.DONE
    report.finished_at = timezone.now()
    report.progress_done = report.progress_total = len(STEPS) + 2
    report.save(update_fields=["status", "finished_at", "progress_done", "progress_total"])
    audit.record_event(report, "laporan monev dibuat", actor=report.created_by,
                       data={"pdf_sha256": report.pdf_sha256, "xlsx_sha256": report.xlsx_sha256})
    if report.scheduled:
        notify_pimpinan(report)
    return "done"


def render_files(report):
    """(Re)draw the files from the stored snapshot; the figures themselves never change."""
    pdf = render.render_pdf(report)
    MonevReport.objects.filter(pk=report.pk).update(progress_done=len(STEPS) + 1)
    xlsx = render.render_xlsx(report)
    stamp = f"monev-{report.pk}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}"
    for name, data, ext in (("pdf", pdf, "pdf"), ("xlsx", xlsx, "xlsx")):
        old = getattr(report, name)
        if old:
            old.delete(save=False)
        getattr(report, name).save(f"{stamp}.{ext}", ContentFile(data), save=False)
        setattr(report, f"{name}_sha256", hashlib.sha256(data).hexdigest())
    report.save(update_fields=["pdf", "pdf_sha256", "xlsx", "xlsx_sha256"])


# --- Scheduled reports --------------------------------------------------------------------------

def previous_month(today):
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


def phase_of(election, date_from, date_to):
    """The report phase whose stages overlap the period the most ("" when unknown)."""
    if election is None:
        return ""
    best, best_days = "", 0
    for key, phases in figures.REPORT_PHASES.items():
        days = 0
        for s in election.stages.filter(phase__in=phases):
            lo, hi = max(s.start, date_from), min(s.end, date_to)
            days = max(days, (hi - lo).days + 1 if hi >= lo else 0)
        if days > best_days:
            best, best_days = key, days
    return best


def offices_for_schedule():
    """Offices that get a monthly report: every unit where an active Pimpinan account sits."""
    ids = User.objects.filter(role=Role.PIMPINAN, is_active=True, unit__isnull=False).values("unit_id")
    return [office_unit(u) for u in OrgUnit.objects.filter(pk__in=ids, is_active=True)]


def create_scheduled(today=None):
    """On settings.MONEV_REPORT_DAY of each month: last month's report for each office."""
    today = today or timezone.localdate()
    if today.day != settings.MONEV_REPORT_DAY:
        return []
    date_from, date_to = previous_month(today)
    election = figures.election_in_focus(date_to)
    created = []
    for unit in {u.pk: u for u in offices_for_schedule()}.values():
        report = MonevReport(unit=unit, election=election, date_from=date_from, date_to=date_to, scheduled=True,
                             phase=phase_of(election, date_from, date_to), report_date=today,
                             title=_("Laporan Monev Netralitas ASN %(month)s %(year)s — %(unit)s") % {
                                 "month": month_name(date_from.month, language=DOCUMENT_LANGUAGE), "year": date_from.year,
                                 "unit": unit.name})
        fill_office(report)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # already made by an earlier run of the same day
            continue
        report.units.set([unit])
        created.append(report)
    return created


def notify_pimpinan(report):
    """Email the Pimpinan of the report's office that a report is ready (once per report)."""
    if not MonevReport.objects.filter(pk=report.pk, notified_at__isnull=True).update(notified_at=timezone.now()):
        return 0
    users = User.objects.filter(role=Role.PIMPINAN, is_active=True, unit=report.unit).exclude(email="")
    url = settings.SITE_ROOT.rstrip("/") + reverse("report_detail", args=[report.pk])
    subject = _("Laporan monev siap: %(title)s") % {"title": report.title}
    body = _("Laporan monitoring dan evaluasi periode %(period)s sudah dibuat dan menunggu pemeriksaan serta "
             "tanda tangan Anda.\n\nBuka: %(url)s\n") % {"period": render.period_label(report.figures), "url": url}
    return send_mass_mail([(subject, body, None, [u.email]) for u in users], fail_silently=True)
