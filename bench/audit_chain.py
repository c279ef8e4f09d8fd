"""Audit chain: how fast changes are appended, and how fast the whole chain is verified."""

from bench.common import Timer, report, setup_django


def main(n=3000):
    setup_django("audit")
    from netral.core import audit
    from netral.core.models import OrgUnit

    root = OrgUnit.objects.create(code="ROOT", name="Root", kind="ministry")
    with Timer() as t:
        for i in range(n):
            OrgUnit.objects.create(code=f"U{i}", name=f"Unit {i}", kind="lapas", parent=root)
    report("audit_append", round(n / t.elapsed), "changes/s")
    with Timer() as t:
        checked, problem = audit.verify_chain()
    assert problem is None, problem
    report("audit_verify", round(checked / t.elapsed), "entries/s")


if __name__ == "__main__":
    main()
