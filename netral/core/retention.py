"""Retention of personal data (docs/privacy.md): what the scheduler deletes, and when.

`purge()` runs daily (task `purge_expired_data`, registered in CoreConfig.ready). Each kind has a
RETENTION_*_DAYS setting. Core purges its own records (login history, access log, sessions, import
files, task results); apps register the kinds they own with `register(name, fn, order)`: evidence
of closed cases (cases), dismissed findings and content never flagged (monitoring), pacts and
attendance (pledges), departed employees (people). `fn(now)` returns how many records it purged.

Rules every kind follows: nothing an open case (or a pending finding) still needs is touched, nor
anything another kind's unexpired retention still needs; the per-row audit signals are off during a
purge (a delete entry would copy the very data being erased into the permanent chain) and ONE audit
event per batch says what went and why (`record_purge`): kind, ids, count, the setting and its days.
Audit entries themselves are never purged: the chain is the legal record.
"""

import logging
import os
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


_kinds = []


def register(name, fn, order=100):
    """An app's purge for one kind of personal data: `fn(now) -> int`, run by `purge()` in `order`."""
    if not any(n == name for _o, n, _f in _kinds):
        _kinds.append((order, name, fn))
        _kinds.sort(key=lambda k: k[0])


def kinds():
    return [(name, fn) for _o, name, fn in _kinds]


def cutoff(setting, now=None):
    """The moment before which records of a kind are past their period (`setting` names the days)."""
    return (now or timezone.now()) - timedelta(days=getattr(settings, setting))


PURGE_MODEL = "core.retention"


def common_unit_path(paths):
    """The deepest unit containing every path ("0001/0002/" for units of one Kanwil), so that the
    purge entry shows on the audit page of the Admins who see all of it."""
    paths = [p for p in paths if p]
    if not paths:
        return ""
    prefix = os.path.commonprefix(paths)
    return prefix[:prefix.rfind("/") + 1]


def record_purge(kind, *, setting, count, data=None, unit_path="", unit_paths=(), note=""):
    """One audit entry for one purged batch: what kind, how many, which ids (in `data`), under which
    setting; never the purged values themselves. `unit_paths`: the units of the purged records."""
    from netral.core import audit

    unit_path = unit_path or common_unit_path(unit_paths)

    after = {"kind": kind, "count": count, "setting": setting, "days": getattr(settings, setting)}
    after.update(data or {})
    return audit.record("event", model=PURGE_MODEL, object_pk=kind, object_repr=f"{count} {kind}",
                        unit_path=unit_path, after=after, note=(note or f"retensi: {kind} dihapus")[:255],
                        actor="sistem")


def purge(now=None) -> dict:
    from django.contrib.sessions.models import Session

    from netral.core.models import AccessLog, LoginEvent

    now = now or timezone.now()
    done = {}
    limit = now - timedelta(days=settings.RETENTION_LOGIN_HISTORY_DAYS)
    done["login_history"] = LoginEvent.objects.filter(at__lt=limit).delete()[0]
    limit = now - timedelta(days=settings.RETENTION_ACCESS_LOG_DAYS)
    done["access_log"] = AccessLog.objects.filter(at__lt=limit).delete()[0]
    # Expired sessions (what `manage.py clearsessions` does for the database backend).
    done["sessions"] = Session.objects.filter(expire_date__lt=now).delete()[0]

    # Uploaded import files: the rows they produced stay; the raw file (names, NIK, phone numbers
    # of a whole unit) goes once the import is long finished. The job row keeps its summary.
    limit = now - timedelta(days=settings.RETENTION_IMPORT_FILE_DAYS)
    files = 0
    for model in _import_models():
        # Only finished imports: an upload still waiting for its column mapping needs its file.
        for job in model.objects.filter(finished_at__lt=limit).exclude(file=""):
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
        limit = now - timedelta(days=settings.RETENTION_TASK_RESULT_DAYS)
        done["task_results"] = DBTaskResult.objects.filter(finished_at__lt=limit).delete()[0]

    from netral.core import audit

    for name, fn in kinds():
        try:
            with audit.acting_as("sistem"):
                done[name] = fn(now)
        except Exception:  # one kind's failure must not keep the others' data past their period
            log.exception("Retensi %s gagal", name)
            done[name] = None
    return done
