"""Retention of pacts and attendance (docs/privacy.md, core/retention.py).

`RETENTION_PACT_DAYS` after the election a pact belongs to ended (its last stage, or its voting day
when later or when it has no calendar), its integrity pacts go: every pact of that election (signed,
pending, replaced) with its scanned paper. Attendance of socialisation and ikrar events goes after
the same period, counted from the end of the event's election, or from the event itself when it
belongs to no election.

Never touched: the pacts and attendance of an employee that an open case names (the pact is cited
in the case).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from netral.core import audit
from netral.core.retention import record_purge
from netral.pledges.models import Attendance, Event, IntegrityPact

log = logging.getLogger(__name__)


def _limit_day(now):
    return timezone.localdate(now or timezone.now()) - timedelta(days=settings.RETENTION_PACT_DAYS)


def expired_elections(now=None):
    """Elections whose end is more than RETENTION_PACT_DAYS ago."""
    from netral.elections.models import Election

    limit = _limit_day(now)
    out = []
    for e in Election.objects.with_span().order_by("pk"):
        end = max(e.voting_day, e.last_day or e.voting_day)
        if end < limit:
            out.append(e)
    return out


def _needed_employees():
    from netral.cases.retention import employees_in_open_cases

    return employees_in_open_cases()


def _delete_files(names):
    storage = IntegrityPact._meta.get_field("scan").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("Pindaian pakta %s tidak dapat dihapus", name)


def purge_pacts(now=None):
    done = 0
    for election in expired_elections(now):
        pacts = IntegrityPact.objects.filter(election=election).exclude(employee__in=_needed_employees())
        rows = list(pacts.values_list("pk", "scan", "employee__unit__path"))
        if not rows:
            continue
        ids = [pk for pk, _s, _p in rows]
        with transaction.atomic():
            record_purge("pacts", setting="RETENTION_PACT_DAYS", count=len(ids),
                         unit_paths={p for *_r, p in rows},
                         note=f"retensi: pakta integritas {election.slug} dihapus",
                         data={"election": election.slug, "pacts": ids})
            with audit.disabled():
                # A replacement points at the pact it replaced (PROTECT): the newest go first.
                left = set(ids)
                while left:
                    leaves = set(IntegrityPact.objects.filter(pk__in=left, superseded_by__isnull=True)
                                 .values_list("pk", flat=True))
                    if not leaves:  # a replacement outside the election: never made by the app
                        raise RuntimeError(f"retensi: pakta {sorted(left)[:5]} digantikan pakta yang disimpan")
                    IntegrityPact.objects.filter(pk__in=leaves).delete()
                    left -= leaves
            names = [s for _pk, s, _p in rows if s]
            transaction.on_commit(lambda names=names: _delete_files(names))
        done += len(ids)
    return done


def purge_attendance(now=None):
    limit = _limit_day(now)
    expired = {e.pk for e in expired_elections(now)}
    events = [ev for ev in Event.objects.only("pk", "election_id", "starts_at").order_by("pk")
              if (ev.election_id in expired) or (ev.election_id is None and timezone.localdate(ev.starts_at) < limit)]
    done = 0
    for event in events:
        rows = list(Attendance.objects.filter(event=event).exclude(employee__in=_needed_employees())
                    .values_list("pk", "employee__unit__path"))
        ids = [pk for pk, _p in rows]
        if not ids:
            continue
        with transaction.atomic():
            record_purge("attendance", setting="RETENTION_PACT_DAYS", count=len(ids),
                         unit_paths={p for _pk, p in rows},
                         note=f"retensi: daftar hadir kegiatan #{event.pk} dihapus",
                         data={"event": event.pk, "attendance": ids})
            with audit.disabled():
                Attendance.objects.filter(pk__in=ids).delete()
        done += len(ids)
    return done
