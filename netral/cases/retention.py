"""Retention of the evidence of closed cases (docs/privacy.md, core/retention.py).

`RETENTION_CASE_EVIDENCE_DAYS` after a case was closed, its evidence goes: the captured content of
its findings (text, payload, media, scans and the finding rows, through `monitoring.retention`),
duplicates of those findings that are in no case, the uploaded evidence files and the forwarding
packages (zips holding copies of that content). What stays is the record of the decision: the case,
its events, deadlines, hearings, sanctions, letters, signed minutes, summary and decree.

Never touched: a case that is not closed, and a closed case of which any employee is named in a
case that is still open (a repeat offence is weighed against the earlier one).
"""

import logging

from django.db import transaction

from netral.cases.models import Case, CaseDocument, State
from netral.core import audit
from netral.core.retention import cutoff, record_purge

log = logging.getLogger(__name__)

PURGED_KINDS = (CaseDocument.Kind.EVIDENCE, CaseDocument.Kind.PACKAGE)


def employees_in_open_cases():
    """Employees that an open case names: what they are part of is still needed."""
    from netral.people.models import Employee

    return Employee.objects.filter(cases__in=Case.objects.exclude(state=State.CLOSED))


def expired_cases(now=None):
    return (Case.objects.filter(state=State.CLOSED, closed_at__lt=cutoff("RETENTION_CASE_EVIDENCE_DAYS", now))
            .exclude(employees__in=employees_in_open_cases()))


def _delete_files(names):
    storage = CaseDocument._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("Berkas kasus %s tidak dapat dihapus", name)


def purge_case_evidence(now=None):
    from netral.monitoring.models import Finding
    from netral.monitoring.retention import purge_items

    done = 0
    for case in expired_cases(now).select_related("unit").order_by("pk").iterator():
        items = set(Finding.objects.filter(case=case).values_list("content_id", flat=True))
        items |= set(Finding.objects.filter(duplicate_of__case=case, case__isnull=True)
                     .values_list("content_id", flat=True))
        docs = list(CaseDocument.objects.filter(case=case, kind__in=PURGED_KINDS).values_list("pk", "file"))
        if not items and not docs:
            continue
        purged_items = purge_items(items, kind="case_evidence", setting="RETENTION_CASE_EVIDENCE_DAYS",
                                   data={"case": case.number}) if items else 0
        if docs:
            with transaction.atomic():
                record_purge("case_documents", setting="RETENTION_CASE_EVIDENCE_DAYS", count=len(docs),
                             unit_path=case.unit.path, note=f"retensi: berkas bukti kasus {case.number} dihapus",
                             data={"case": case.number, "documents": [pk for pk, _f in docs]})
                with audit.disabled():  # Forwarding.package/summary point here: SET_NULL
                    CaseDocument.objects.filter(pk__in=[pk for pk, _f in docs]).delete()
                names = [f for _pk, f in docs if f]
                transaction.on_commit(lambda names=names: _delete_files(names))
        done += purged_items + len(docs)
    return done
