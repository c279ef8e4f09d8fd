"""Background imports with a job page: the apply stage of the import pipeline for units, contestants and attendance.

One way for all three (`core.models.StagedImport` subclasses: `core.UnitImport`, `elections.ContestantImport`,
`pledges.AttendanceImport`), the roster's way (docs/architecture.md, "Import pipeline"):

1. upload: the app's view checks the form, parses the file ONCE (limits first, `core.tabular.read_table` or the
   KPU JSON reader), refuses a file without its required columns, and `create_job` stores the file, its SHA-256
   and the parsed rows;
2. the job page (`job_page`): a preview of the first rows, *Uji coba* (the importer in a rolled-back
   transaction, `imports.dry_run`, results on the page) and *Impor sekarang*, which claims the job
   (uploaded -> queued, a conditional UPDATE: a second click finds it taken) and enqueues `core.tasks.run_import_job`;
3. the task (`execute`): claims queued -> running (a second delivery is skipped), checks again that the uploader
   may still import into the job's unit, runs the importer in chunks of `imports.CHUNK_ROWS` rows (one savepoint
   per row, the uploader's scope re-checked before every chunk, progress after every commit), stores the result and
   anchors it in the audit chain (one event with the file's SHA-256 and the counts, in the transaction that
   closes the job);
4. the status partial (`job_status`, polled by htmx every second while the job is queued or running) and the
   report (`job_report`: row, column, reason as CSV through `core.tabular.safe_cell`).

Every view fetches the job through `get_scoped_or_404` (a job of a unit outside the user's scope is a 404) and the
app's `role_required`; the app's views are thin wrappers that give the breadcrumbs.
"""

import hashlib
import logging

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import audit, imports

log = logging.getLogger(__name__)


def sha256_of(f) -> str:
    h = hashlib.sha256()
    f.seek(0)
    for chunk in f.chunks() if hasattr(f, "chunks") else iter(lambda: f.read(1024 * 1024), b""):
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


def create_job(model, user, f, *, parsed, rows, **fields):
    """Store an upload that has been parsed and checked: the file (purged later by core.retention), its SHA-256,
    the parsed rows and the row count. Raises RefusedFile when the user has no unit to file it under."""
    if not user.unit_id:
        raise imports.RefusedFile(_("Akun Anda belum memiliki unit kerja; impor tidak dapat dicatat."))
    digest = sha256_of(f)
    return model.objects.create(unit=user.unit, file=f, file_sha256=digest, original_name=f.name[:255],
                                created_by=user, parsed=parsed, progress_total=rows, **fields)


# --- The task's work --------------------------------------------------------------------------------------------


def _close(job, *, status, note, user, result=None, error=""):
    model = type(job)
    with transaction.atomic():
        model.objects.filter(pk=job.pk).update(status=status, result=result, error=error[:2000], parsed=None,
                                               finished_at=timezone.now(),
                                               **({"progress_done": job.progress_total} if result else {}))
        data = {"berkas": job.original_name, "sha256": job.file_sha256}
        if result is not None:
            data.update(summary=result.get("summary") or {}, ditolak=len(result.get("errors") or []))
        if error:
            data["alasan"] = error[:500]
        audit.record_event(job, note, actor=user, data=data)


def execute(job):
    """Run a claimed (running) job as the user who uploaded it; never raises, never leaves it running."""
    from netral.core.models import User

    model = type(job)
    user = User.objects.select_related("unit").filter(pk=job.created_by_id).first()
    reason = job.refusal(user)
    if reason:
        _close(job, status=model.Status.FAILED, user=user, note="impor ditolak",
               error=_("Impor tidak dijalankan; tidak ada data yang disimpan: %(reason)s") % {"reason": reason})
        return "refused"

    def progress(done, _total):
        model.objects.filter(pk=job.pk).update(progress_done=done)

    def recheck():
        # The uploader's role, account and unit as they are now, and the job's unit where it is now.
        user.refresh_from_db()
        job.unit.refresh_from_db()
        return job.refusal(user)

    try:
        with audit.acting_as(user):
            result = job.apply(user, progress=progress, recheck=recheck)
    except imports.Stopped as e:
        _close(job, status=model.Status.FAILED, user=user, note="impor dihentikan",
               error=_("Impor dihentikan setelah %(n)d baris: %(reason)s Baris sebelumnya sudah tersimpan; "
                       "sisanya tidak dibaca.") % {"n": e.done, "reason": e.reason})
        return "stopped"
    except imports.RefusedFile as e:
        _close(job, status=model.Status.FAILED, user=user, note="impor ditolak", error=str(e))
        return "failed"
    except Exception:  # never leave an import stuck in "running"
        log.exception("Impor %s #%s gagal", model._meta.label_lower, job.pk)
        done = model.objects.filter(pk=job.pk).values_list("progress_done", flat=True).first() or 0
        _close(job, status=model.Status.FAILED, user=user, note="impor gagal",
               error=_("Impor berhenti karena kesalahan sistem setelah %(n)d baris. Baris yang sudah tersimpan tetap "
                       "ada; mengimpor ulang berkas yang sama aman (data yang sama tidak digandakan). Hubungi admin.")
               % {"n": done})
        return "failed"
    _close(job, status=model.Status.DONE, user=user, note="impor selesai", result=result)
    return "done"


# --- Views (the apps wrap these with their role check and breadcrumbs) -----------------------------------------


def _links(job):
    return {"status_url": reverse(job.status_url, args=[job.pk]), "report_url": reverse(job.report_url, args=[job.pk]),
            "done_link": job.done_link() if job.status == type(job).Status.DONE else None}


def job_page(request, job, *, crumbs):
    """The job page: preview, dry run and apply while uploaded; then progress, result and report."""
    from netral.core.tasks import run_import_job

    model = type(job)
    ctx = {"job": job, "crumbs": crumbs, **_links(job)}
    if job.status != model.Status.UPLOADED:
        ctx["result_items"] = job.summary_items(job.result)
        return render(request, "core/import_job.html", ctx)
    dry = job.dry_run
    if request.method == "POST":
        action = request.POST.get("action")
        reason = job.refusal(job.created_by)
        if reason:
            messages.error(request, _("Impor ini tidak dapat dijalankan: %(reason)s") % {"reason": reason})
        elif action == "run":
            with transaction.atomic():
                claimed = model.objects.filter(pk=job.pk, status=model.Status.UPLOADED).update(
                    status=model.Status.QUEUED, progress_done=0)
                if claimed:
                    audit.record_event(job, "impor dimasukkan ke antrean", actor=request.user)
            if claimed:  # a second click (or a second tab) finds the job already taken
                run_import_job.enqueue(model._meta.label_lower, job.pk)
            return redirect(job.detail_url, job.pk)
        elif action == "dry":
            try:
                with audit.acting_as(job.created_by):
                    dry = imports.dry_run(job.apply, job.created_by)
            except imports.RefusedFile as e:
                messages.error(request, str(e))
                dry = None
            else:
                model.objects.filter(pk=job.pk).update(dry_run=dry)
                job.dry_run = dry
    header, rows = job.preview()
    ctx.update(dry=dry, dry_items=job.summary_items(dry) if dry else None, header=header, preview=rows)
    return render(request, "core/import_job.html", ctx)


def job_status(request, job):
    """The progress partial, polled while the job is queued or running (the parsed rows are never loaded)."""
    return render(request, "core/_import_job_status.html",
                  {"job": job, "result_items": job.summary_items(job.result), **_links(job)})


def job_report(request, job, filename):
    """Row, column, reason of every refused row of the import (or of its dry run), as CSV."""
    rows = job.report_rows()
    if rows is None:  # neither a dry run nor a result yet
        raise Http404
    return imports.report_response(rows, filename)
