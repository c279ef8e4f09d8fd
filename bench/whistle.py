"""Anonymous reports: the cost of a receipt-code check (Argon2id at the configured cost, which is
also what slows guessing), and sealing/opening evidence with AES-256-GCM."""

import os

from bench.common import Timer, report, setup_django


def main(checks=20, mib=20):
    setup_django("whistle")
    from netral.core.models import OrgUnit
    from netral.whistle import actions, crypto

    OrgUnit.objects.create(code="KW", name="Kanwil", kind="kanwil")
    report_, code = actions.submit_report({"what": "Bench"}, [])
    with Timer() as t:
        for _ in range(checks):
            assert actions.find_by_receipt(code) is not None
    report("whistle_code_check", t.elapsed / checks * 1000, "ms")
    with Timer() as t:
        for _ in range(checks):
            assert actions.find_by_receipt("0" * 16) is None
    report("whistle_wrong_code_check", t.elapsed / checks * 1000, "ms")
    data = os.urandom(mib * 1024 * 1024)
    dek = crypto.new_data_key()
    with Timer() as t:
        blob = crypto.seal(dek, data, "bench")
    report("whistle_seal", mib / t.elapsed, "MiB/s")
    with Timer() as t:
        assert crypto.open_(dek, blob, "bench") == data
    report("whistle_open", mib / t.elapsed, "MiB/s")


if __name__ == "__main__":
    main()
