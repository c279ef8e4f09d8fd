"""Monitoring workflows across models: imports, manual capture with OCR, triage decisions."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import audit
from netral.monitoring import ingest, ocr
from netral.monitoring.ingest.common import stable_id
from netral.monitoring.models import ContentImport, ContentItem, Finding, MediaFile
from netral.monitoring.store import record_import_audit, save_records
from netral.monitoring.tasks import enqueue_scans


# --- Bulk import ---------------------------------------------------------------------------------


def execute_import(imp: ContentImport):
    with imp.file.open("rb") as fh:
        data = fh.read()
    records = list(ingest.parse(data, imp.format, account_handle=imp.account_handle))
    ContentImport.objects.filter(pk=imp.pk).update(progress_total=len(records))

    def progress(done):
        ContentImport.objects.filter(pk=imp.pk).update(progress_done=done)

    with audit.acting_as(imp.created_by):
        result = save_records(records, unit=imp.unit, user=imp.created_by, content_import=imp, progress=progress)
        record_import_audit(imp, result, imp.created_by)
    ids = result.pop("ids")
    ContentImport.objects.filter(pk=imp.pk).update(
        status=ContentImport.Status.DONE, result=result, progress_done=len(records), finished_at=timezone.now())
    enqueue_scans(ids)
    return result


def start_import(*, f, fmt, user, unit, account_handle="", platform=""):
    from netral.monitoring.tasks import run_content_import

    data = f.read()
    f.seek(0)
    imp = ContentImport.objects.create(
        unit=unit, file=f, original_name=(f.name or "berkas")[:255], format=fmt, created_by=user,
        account_handle=account_handle, platform=platform, file_sha256=hashlib.sha256(data).hexdigest())
    run_content_import.enqueue(imp.pk)
    return imp


# --- Manual capture --------------------------------------------------------------------------------


def capture_manual(*, platform, url, handle, interaction, text, ref_text, posted_at, employee, images, user, unit):
    """One item typed or pasted by the team, with screenshots (OCR'd). Returns (item, created)."""
    account = None
    if employee is not None and handle:
        account = employee.accounts.current().filter(platform=platform, handle=handle).first()
    elif handle:
        from netral.people.models import SocialAccount

        account = SocialAccount.objects.current().filter(platform=platform, handle=handle).select_related(
            "employee").first()
        employee = account.employee if account else None
    ext = ("url:" + url) if url else stable_id(platform, interaction, handle, posted_at, (text or "") + (ref_text or ""))
    existing = ContentItem.objects.filter(platform=platform, external_id=ext[:200]).first()
    if existing:
        return existing, False
    hashes = []
    for img in images:
        img.seek(0)
        hashes.append(hashlib.sha256(img.read()).hexdigest())
        img.seek(0)
    payload = {"entered_by": user.get_username(), "url": url, "handle": handle, "interaction": interaction,
               "text": text, "ref_text": ref_text, "posted_at": posted_at.isoformat() if posted_at else "",
               "employee_id": employee.pk if employee else None,
               "files": [{"name": i.name, "sha256": h} for i, h in zip(images, hashes, strict=True)]}
    with transaction.atomic(), audit.acting_as(user):
        item = ContentItem(
            platform=platform, external_id=ext[:200], url=url, handle=handle, interaction=interaction, text=text,
            ref_text=ref_text, posted_at=posted_at, posted_at_raw=posted_at.isoformat() if posted_at else "",
            captured_by=user, source=ContentItem.Source.MANUAL, payload=payload,
            employee=employee, account=account, unit=employee.unit if employee else unit)
        item.save()
        ocr_texts, statuses, media = [], [], []
        for img, digest in zip(images, hashes, strict=True):
            m = MediaFile(content=item, original_name=img.name[:255], mime=(getattr(img, "content_type", "") or "")[:60],
                          size=img.size, sha256=digest)
            m.file.save(img.name, img, save=False)
            m.save()
            media.append(m)
            status, txt = ocr.read_image(m.file.path)
            statuses.append(status)
            if txt:
                m.ocr_text = txt
                m.save(update_fields=["ocr_text"])
                ocr_texts.append(txt)
        if media:
            status = "done" if "done" in statuses else statuses[0]
            ContentItem.objects.filter(pk=item.pk).update(ocr_status=status, ocr_text="\n\n".join(ocr_texts))
            item.refresh_from_db()
            if ocr_texts:
                from netral.monitoring.models import fingerprint

                ContentItem.objects.filter(pk=item.pk).update(fingerprint=fingerprint(item.scan_text()))
    enqueue_scans([item.pk])
    return item, True


def correct_item(item, *, text, ref_text, note, user):
    """A correction is a new row that supersedes the old one; the old one stays as evidence."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Alasan koreksi wajib diisi."))
    n = ContentItem.objects.filter(external_id__startswith=item.external_id + "#koreksi-").count() + 1
    with transaction.atomic(), audit.acting_as(user):
        new = ContentItem.objects.create(
            platform=item.platform, external_id=f"{item.external_id}#koreksi-{n}"[:200], url=item.url,
            handle=item.handle, account=item.account, employee=item.employee, unit=item.unit,
            interaction=item.interaction, text=text, ref_text=ref_text, ref_url=item.ref_url,
            ref_author=item.ref_author, posted_at=item.posted_at, posted_at_raw=item.posted_at_raw,
            captured_by=user, source=ContentItem.Source.MANUAL, payload=dict(item.payload, _correction_of=item.pk),
            supersedes=item, correction_note=note[:255])
    enqueue_scans([new.pk])
    return new


# --- Triage ----------------------------------------------------------------------------------------

class TriageError(ValueError):
    pass


def decide(finding, action, *, user, reason="", duplicate_of=None):
    """Apply one triage decision. Raises TriageError with an Indonesian message."""
    reason = (reason or "").strip()
    if finding.status != Finding.Status.NEW and action != "reopen":
        raise TriageError(_("Temuan #%(n)s sudah ditelaah (%(s)s).") % {"n": finding.pk,
                                                                      "s": finding.get_status_display()})
    with transaction.atomic(), audit.acting_as(user):
        if action == "confirm":
            from netral.cases.actions import CaseError, case_for_finding

            finding._deciding = True  # the case link is saved with the decision below
            try:
                case, opened = case_for_finding(finding, user)
            except CaseError as e:
                raise TriageError(str(e)) from e
            finding.status, finding.case, finding.reason = Finding.Status.CONFIRMED, case, reason
            note = _("dikonfirmasi, %(what)s kasus %(n)s") % {"what": _("membuka") if opened else _("bergabung ke"),
                                                              "n": case.number}
        elif action == "dismiss":
            if not reason:
                raise TriageError(_("Alasan penolakan wajib diisi."))
            finding.status, finding.reason = Finding.Status.DISMISSED, reason
            note = _("ditolak")
        elif action == "duplicate":
            if duplicate_of is None:
                duplicate_of = Finding.objects.filter(group_key=finding.group_key).exclude(pk=finding.pk).exclude(
                    group_key="").order_by("pk").first()
            if duplicate_of is None or duplicate_of.pk == finding.pk:
                raise TriageError(_("Temuan #%(n)s tidak punya temuan serupa; sebutkan nomor temuan aslinya.") % {
                    "n": finding.pk})
            finding.status, finding.duplicate_of, finding.reason = Finding.Status.DUPLICATE, duplicate_of, reason
            note = _("ditandai duplikat dari #%(n)s") % {"n": duplicate_of.pk}
        elif action == "reopen":
            if not user.has_role("admin"):
                raise TriageError(_("Hanya admin yang dapat membuka kembali temuan."))
            if not reason:
                raise TriageError(_("Alasan membuka kembali wajib diisi."))
            finding.status, finding.case, finding.duplicate_of, finding.reason = Finding.Status.NEW, None, None, reason
            note = _("dibuka kembali")
        else:
            raise TriageError(_("Tindakan tidak dikenal."))
        finding.decided_by, finding.decided_at = user, timezone.now()
        finding.save()
        audit.record_event(finding, f"triase: {note}"[:255], actor=user,
                           data={"action": action, "reason": reason, "case": finding.case_id})
    return finding


def decide_many(findings, action, *, user, reason=""):
    """Bulk triage: each finding decided on its own; returns (done, errors)."""
    done, errors = 0, []
    for f in findings:
        try:
            decide(f, action, user=user, reason=reason)
            done += 1
        except TriageError as e:
            errors.append(str(e))
    return done, errors
