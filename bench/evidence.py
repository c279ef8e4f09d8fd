"""Evidence anchoring: import throughput with one chain entry per 1,000 items, and how fast
`verify_evidence` recomputes every item's digest against the anchors."""

import os
import random

from bench.common import Timer, report, setup_django
from bench.monitoring import make_jsonl

N = int(os.environ.get("BENCH_EVIDENCE_N", "20000"))


def main():
    setup_django("evidence")
    from netral.core.models import AuditEntry, OrgUnit, User
    from netral.monitoring import ingest
    from netral.monitoring.anchoring import ANCHOR_MODEL
    from netral.monitoring.evidence import verify_stored
    from netral.monitoring.store import save_records

    root = OrgUnit.objects.create(code="KW", name="Kanwil", kind="kanwil")
    user = User.objects.create(username="pengawas", role="pengawas", unit=root)
    data = make_jsonl(N, [f"akun{i}" for i in range(500)], random.Random(1))
    with Timer() as t:
        result = save_records(ingest.parse(data, "generic"), unit=root, user=user)
    assert result["summary"]["create"] == N - 1, result["summary"]
    report("evidence_import_anchored", round(N / t.elapsed), "items/s")
    report("evidence_anchor_entries", AuditEntry.objects.filter(model=ANCHOR_MODEL).count(), "entries")
    with Timer() as t:
        checked, problems = verify_stored()
    assert not problems, problems[:3]
    report("evidence_verify", round(checked / t.elapsed), "items/s")


if __name__ == "__main__":
    main()
