"""Background tasks of the reports module (ids in, safe to run twice)."""

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def generate_report(report_id):
    from netral.reports.actions import run_report
    from netral.reports.models import MonevReport

    try:
        return run_report(report_id)
    except Exception:  # never leave a report stuck in "running"
        log.exception("Laporan monev #%s gagal dibuat", report_id)
        MonevReport.objects.filter(pk=report_id).update(
            status=MonevReport.Status.FAILED, finished_at=timezone.now(),
            error="Laporan gagal dibuat karena kesalahan sistem. Buat ulang laporan; data tidak berubah.")
        return "failed"


@task()
def scheduled_reports():
    """Scheduler job (daily): on the configured day, last month's report for each office."""
    from netral.reports.actions import create_scheduled

    made = create_scheduled()
    for report in made:
        generate_report.enqueue(report.pk)
    return {"created": len(made)}


@task()
def refresh_figures():
    """Scheduler job (every REPORT_SUMMARY_EVERY seconds): bring the precomputed figure cells up
    to date when they no longer describe the data (reports/summary.py); a no-op when they do."""
    from netral.reports import summary

    done, state = summary.refresh()
    return {"done": done, "cells": state.cells, "ms": state.build_ms}
