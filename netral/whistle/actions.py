"""Workflows of the reporting channel: filing, the reporter's follow-up, the team's intake,
retention, and the rotation of the key-encryption key. Every change is audited through the
models' `audited` flag (sealed fields excluded) or an explicit `audit.record_event`."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import audit
from netral.core.models import OrgUnit, Role, User
from netral.whistle import crypto
from netral.whistle.models import Attachment, Message, Report

log = logging.getLogger(__name__)


def default_unit():
    """Where reports naming no unit go: WHISTLE_DEFAULT_UNIT, else the first Kanwil."""
    qs = OrgUnit.objects.filter(is_active=True)
    if settings.WHISTLE_DEFAULT_UNIT:
        unit = qs.filter(code=settings.WHISTLE_DEFAULT_UNIT).first()
        if unit:
            return unit
    return qs.filter(kind=OrgUnit.Kind.KANWIL).order_by("path").first() or qs.order_by("path").first()


def reporting_units():
    """The units a reporter may name: the default unit and everything below it."""
    qs = OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnit.Kind.MINISTRY).order_by("path")
    root = default_unit() if settings.WHISTLE_DEFAULT_UNIT else None
    return qs.filter(path__startswith=root.path) if root is not None else qs


def _store_files(report, evidence, message=None):
    for ev in evidence:
        att = Attachment(report=report, message=message)
        att.write(ev.data, ev.info(ev.data))
        att.save()
        if ev.original is not None:
            orig = Attachment(report=report, message=message, is_original=True)
            orig.write(ev.original, dict(ev.info(ev.original), name="asli-" + ev.name))
            orig.save()


def submit_report(data, evidence, unit=None):
    """File a report. Returns (report, receipt code). The code exists only in the return value."""
    code = crypto.new_receipt()
    report = Report(unit=unit or default_unit(), unit_named=unit is not None,
                    receipt_bucket=crypto.receipt_bucket(code), receipt_hash=crypto.receipt_hash(code))
    report.set_new_key()
    report.set_content(data)
    report.has_files = bool(evidence)
    written = []
    try:
        with transaction.atomic(), audit.acting_as("pelapor anonim"):
            report.save()
            _store_files(report, evidence)
            written = list(report.attachments.all())
    except Exception:
        for att in written:
            att.remove_file()
        raise
    return report, code


def find_by_receipt(code):
    """The report a receipt code opens, or None. Always costs at least one Argon2id verification."""
    code = crypto.normalise_receipt(code)
    if code is None:
        crypto.burn_one_verify("0" * 16)
        return None
    for report in Report.objects.filter(receipt_bucket=crypto.receipt_bucket(code)).select_related("unit"):
        if crypto.receipt_matches(code, report.receipt_hash):
            return report
    crypto.burn_one_verify(code)
    return None


def mark_seen(report):
    today = timezone.localdate()
    if report.reporter_seen_on != today:
        Report.objects.filter(pk=report.pk).update(reporter_seen_on=today)
        report.reporter_seen_on = today


def reporter_reply(report, text, evidence):
    with transaction.atomic(), audit.acting_as("pelapor anonim"):
        msg = None
        if text.strip():
            msg = Message(report=report, author=Message.Author.REPORTER, kind=Message.Kind.REPLY)
            msg.set_text(text.strip())
            msg.save()
        _store_files(report, evidence, message=msg)
        if evidence and not report.has_files:
            report.has_files = True
            report.save(update_fields=["has_files"])
    return msg


# --- The team's intake ---------------------------------------------------------------------------

def _acknowledge(report, user):
    if report.acknowledged_on is None:
        report.acknowledged_on = timezone.localdate()
    if report.status == Report.Status.NEW:
        report.status = Report.Status.ACKNOWLEDGED


def _editable(report):
    if report.status in (Report.Status.MERGED, Report.Status.REJECTED, Report.Status.TRIAGED):
        raise ValidationError(_("Pengaduan ini sudah diputuskan (%(status)s).") % {"status": report.get_status_display()})


def acknowledge(report, user):
    with transaction.atomic(), audit.acting_as(user):
        report = Report.objects.select_for_update().get(pk=report.pk)
        _editable(report)
        _acknowledge(report, user)
        report.save()
    return report


def ask(report, user, text):
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Tulis pertanyaan atau pesan untuk pelapor."))
    with transaction.atomic(), audit.acting_as(user):
        report = Report.objects.select_for_update().get(pk=report.pk)
        msg = Message(report=report, author=Message.Author.TEAM, kind=Message.Kind.QUESTION, staff=user)
        msg.set_text(text)
        msg.save()
        if report.status == Report.Status.NEW:
            _acknowledge(report, user)
            report.save()
    return msg


def reject(report, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan penolakan wajib diisi; pelapor akan membacanya."))
    with transaction.atomic(), audit.acting_as(user):
        report = Report.objects.select_for_update().get(pk=report.pk)
        _editable(report)
        msg = Message(report=report, author=Message.Author.TEAM, kind=Message.Kind.REASON, staff=user)
        msg.set_text(reason)
        msg.save()
        _acknowledge(report, user)
        report.status = Report.Status.REJECTED
        report.decided_on = timezone.localdate()
        report.save()
    return report


def merge(report, target, user):
    """Mark `report` a duplicate of `target`. Both must be in the user's scope (the caller
    fetched them with get_scoped_or_404); the reporter keeps following their own report."""
    if target.pk == report.pk:
        raise ValidationError(_("Pengaduan tidak dapat digabung dengan dirinya sendiri."))
    if target.status == Report.Status.MERGED:
        raise ValidationError(_("Pengaduan tujuan sendiri sudah digabung; pilih pengaduan induknya."))
    if not Report.objects.for_user(user).filter(pk=target.pk).exists():
        raise ValidationError(_("Pengaduan tujuan tidak ditemukan."))
    with transaction.atomic(), audit.acting_as(user):
        report = Report.objects.select_for_update().get(pk=report.pk)
        _editable(report)
        _acknowledge(report, user)
        report.status = Report.Status.MERGED
        report.merged_into = target
        report.decided_on = timezone.localdate()
        report.save()
        # Duplicates already merged into this one follow it to the new target.
        Report.objects.filter(merged_into=report).update(merged_into=target)
        audit.record_event(target, _("Pengaduan %(dup)s digabung ke pengaduan ini") % {"dup": report.number},
                           actor=user)
    return report


# --- Retention ---------------------------------------------------------------------------------------

def purge_report(report, today=None):
    """Delete a report, its messages and files. The audit entry says what went, not what it said."""
    today = today or timezone.localdate()
    n_msgs, n_files = report.messages.count(), report.attachments.count()
    atts = list(report.attachments.all())
    with transaction.atomic(), audit.acting_as("sistem"):
        audit.record_event(report, _("Pengaduan dihapus sesuai retensi"), data={
            "number": report.number, "unit": report.unit.code, "status": report.status,
            "received_on": report.received_on, "messages": n_msgs, "files": n_files, "purged_on": today})
        Report.objects.filter(merged_into=report).update(merged_into=None)
        report.delete()
    for att in atts:  # after the commit: a failed delete leaves the files, never rows without files
        att.remove_file()
    return n_msgs, n_files


def due_for_purge(today=None):
    today = today or timezone.localdate()
    out = []
    for report in Report.objects.select_related("unit", "merged_into").iterator():
        expires = report.expires_on()
        if expires is not None and expires <= today:
            out.append(report)
    return out


def purge_expired(today=None):
    done = 0
    for report in due_for_purge(today):
        purge_report(report, today)
        done += 1
    return done


def team_for(report):
    """Active oversight users whose unit is the report's unit or above it."""
    prefixes = [report.unit.path[:i] for i in range(5, len(report.unit.path) + 1, 5)]
    return User.objects.filter(is_active=True, role__in=[Role.ADMIN, Role.PENGAWAS],
                               unit__path__in=prefixes).exclude(email="")


def send_retention_reminders(today=None):
    """One email per report, WHISTLE_REMINDER_DAYS before it is purged."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + timedelta(days=settings.WHISTLE_REMINDER_DAYS)
    for report in Report.objects.filter(reminded_on__isnull=True).select_related("unit", "merged_into"):
        expires = report.expires_on()
        if expires is None or expires > horizon or expires <= today:
            continue
        recipients = list(team_for(report).values_list("email", flat=True))
        url = settings.SITE_ROOT.rstrip("/") + reverse("whistle_detail", args=[report.pk])
        body = render_to_string("whistle/email/retention_reminder.txt",
                                {"report": report, "expires": expires, "url": url})
        if recipients:
            send_mail(_("Pengaduan %(n)s akan dihapus pada %(d)s") % {"n": report.number, "d": expires.isoformat()},
                      body, None, recipients)
            sent += 1
        with audit.acting_as("sistem"):
            report.reminded_on = today
            report.save(update_fields=["reminded_on"])
    return sent


# --- Key rotation --------------------------------------------------------------------------------------

def rewrap_all(old_key, new_key):
    """Re-wrap every report's data key with `new_key` in one transaction. The sealed content is
    untouched (its data key does not change). Returns the number of reports."""
    n = 0
    new_id = crypto.key_id(new_key)
    with transaction.atomic():
        for report in Report.objects.select_for_update().only("pk", "wrapped_key", "kek_id").iterator():
            if report.kek_id == new_id:
                continue
            dek = crypto.unwrap(report.wrapped_key, report.kek_id, key=old_key)
            wrapped, kid = crypto.wrap(dek, key=new_key)
            Report.objects.filter(pk=report.pk).update(wrapped_key=wrapped, kek_id=kid)
            n += 1
        audit.record("event", model="whistle.report", object_pk="*", object_repr=_("semua pengaduan"),
                     note=_("Kunci pembungkus (KEK) pengaduan dirotasi"), after={"reports": n, "kek_id": new_id},
                     actor="sistem")
    return n


def overdue_q(today=None):
    today = today or timezone.localdate()
    return Q(status=Report.Status.NEW, ack_due__lt=today)
