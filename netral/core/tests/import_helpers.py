"""Shared steps of the background imports (core.import_jobs) for the tests of units, contestants and attendance."""

from django.urls import reverse


def upload_and_run(case, upload_url, data, model, *, dry=True, run=True):
    """POST the upload form; when it makes a job: the dry run, then "Impor sekarang" (tasks run inline in tests).

    Returns (the upload response, the job or None)."""
    before = set(model.objects.values_list("pk", flat=True))
    r = case.client.post(upload_url, data)
    job = model.objects.exclude(pk__in=before).first()
    if job is None:
        return r, None
    case.assertRedirects(r, reverse(job.detail_url, args=[job.pk]))
    if dry:
        case.client.post(reverse(job.detail_url, args=[job.pk]), {"action": "dry"})
    if run:
        case.client.post(reverse(job.detail_url, args=[job.pk]), {"action": "run"})
    job.refresh_from_db()
    return r, job


def error_rows(job_or_result):
    result = job_or_result if isinstance(job_or_result, dict) else job_or_result.result
    return [row for row, _column, _reason in result["errors"]]
