"""Retention: how fast the daily purge deletes captured content past its period (anchoring the
digests, one chain entry per batch of 500, deleting rows), and `verify_evidence` afterwards."""

import os
import random
from datetime import timedelta

from bench.common import Timer, report, setup_django
from bench.monitoring import make_jsonl

N = int(os.environ.get("BENCH_RETENTION_N", "20000"))


def main():
    setup_django("retention")
    from django.utils import timezone

    from netral.core.models import AuditEntry, OrgUnit, User
    from netral.core.retention import PURGE_MODEL
    from netral.monitoring import ingest
    from netral.monitoring.evidence import verify_stored
    from netral.monitoring.models import ContentItem
    from netral.monitoring.retention import purge_unflagged_content
    from netral.monitoring.store import save_records

    root = OrgUnit.objects.create(code="KW", name="Kanwil", kind="kanwil")
    user = User.objects.create(username="pengawas", role="pengawas", unit=root)
    data = make_jsonl(N, [f"akun{i}" for i in range(500)], random.Random(1))
    save_records(ingest.parse(data, "generic"), unit=root, user=user)
    stored = ContentItem.objects.count()
    later = timezone.now() + timedelta(days=400)
    with Timer() as t:
        done = purge_unflagged_content(later)
    assert done == stored and not ContentItem.objects.exists(), (done, stored)
    report("retention_purge_content", round(done / t.elapsed), "items/s")
    report("retention_purge_entries", AuditEntry.objects.filter(model=PURGE_MODEL).count(), "entries")
    with Timer() as t:
        _checked, problems = verify_stored()
    assert not problems, problems[:3]
    report("retention_verify_after_purge", round(t.elapsed, 2), "s")


if __name__ == "__main__":
    main()
