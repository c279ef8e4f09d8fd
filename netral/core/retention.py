"""Retention of personal data (docs/privacy.md): what the scheduler deletes, and when.

`purge()` runs daily (task `purge_expired_data`, registered in CoreConfig.ready). Each kind has a
RETENTION_*_DAYS setting. Audit entries and evidence are NOT purged here: the audit chain is the
legal record and evidence follows the case it belongs to (cases app).
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


def _import_models():
    """Every concrete import model (core.ImportJob subclasses) with a stored upload."""
    from netral.core.models import ImportJob

    for model in apps.get_models():
        if issubclass(model, ImportJob) and any(f.name == "file" for f in model._meta.fields):
            yield model


def purge(now=None) -> dict:
    from django.contrib.sessions.models import Session

    from netral.core.models import AccessLog, LoginEvent

    now = now or timezone.now()
    done = {}
    cutoff = now - timedelta(days=settings.RETENTION_LOGIN_HISTORY_DAYS)
    done["login_history"] = LoginEvent.objects.filter(at__lt=cutoff).delete()[0]
    cutoff = now - timedelta(days=settings.RETENTION_ACCESS_LOG_DAYS)
    done["access_log"] = AccessLog.objects.filter(at__lt=cutoff).delete()[0]
    # Expired sessions (what `manage.py clearsessions` does for the database backend).
    done["sessions"] = Session.objects.filter(expire_date__lt=now).delete()[0]

    # Uploaded import files: the rows they produced stay; the raw file (names, NIK, phone numbers
    # of a whole unit) goes once the import is long finished. The job row keeps its summary.
    cutoff = now - timedelta(days=settings.RETENTION_IMPORT_FILE_DAYS)
    files = 0
    for model in _import_models():
        # Only finished imports: an upload still waiting for its column mapping needs its file.
        for job in model.objects.filter(finished_at__lt=cutoff).exclude(file=""):
            try:
                job.file.delete(save=False)
            except OSError:  # already gone from the disk: clearing the field is what matters
                log.warning("Berkas impor %s tidak ditemukan saat dihapus", job.file.name)
            model.objects.filter(pk=job.pk).update(file="")
            files += 1
    done["import_files"] = files

    # Finished background-task results carry arguments and return values (ids, summaries).
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: nothing stored here
        done["task_results"] = 0
    else:
        cutoff = now - timedelta(days=settings.RETENTION_TASK_RESULT_DAYS)
        done["task_results"] = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()[0]
    return done
