"""Benchmark: generating the pending pacts of 5,000 employees (what the background task does:
render each text, hash it, bulk insert), plus the on-demand PDF rendering of one pact.

Prints `BENCH pact_generation <n> pacts/s` and `BENCH pact_pdf <n> pdfs/s`.
"""

from bench.common import Timer, report, setup_django

N = 5000
PDFS = 20


def main():
    setup_django("pact_generation")
    from datetime import date

    from netral.core import audit
    from netral.core.models import OrgUnit
    from netral.elections.models import Election, Stage
    from netral.people.models import Employee
    from netral.pledges import actions
    from netral.pledges.models import IntegrityPact, PactGeneration, PactTemplate

    with audit.disabled():
        kanwil = OrgUnit.objects.create(code="KW", name="Kanwil Bench", kind="kanwil")
        upts = [OrgUnit.objects.create(code=f"UPT{i}", name=f"Lapas Bench {i}", kind="lapas", parent=kanwil)
                for i in range(20)]
        Employee.objects.bulk_create([
            Employee(unit=upts[i % 20], name=f"Pegawai {i}", employment_type="pns",
                     nip=f"1985{i:014d}",
                     position="Pelaksana") for i in range(N)], batch_size=1000)
        election = Election.objects.create(slug="bench", kind="pilkada", name="Pilkada Bench",
                                           voting_day=date(2024, 11, 27))
        Stage.objects.create(election=election, name="Kampanye", start=date(2024, 9, 25), end=date(2024, 11, 23),
                             phase="campaign")
        template = PactTemplate.objects.create(election=election, unit=kanwil, place="Semarang")
    gen = PactGeneration.objects.create(template=template, progress_total=N)
    with Timer() as t:
        actions.run_generation(gen.pk)
    n = IntegrityPact.objects.count()
    assert n == N, n
    report("pact_generation", n / t.elapsed, "pacts/s")
    pacts = list(IntegrityPact.objects.select_related("employee__unit", "election")[:PDFS])
    actions.pact_pdf(pacts[0])  # warm fonts
    with Timer() as t:
        for p in pacts:
            actions.pact_pdf(p)
    report("pact_pdf", PDFS / t.elapsed, "pdfs/s")


if __name__ == "__main__":
    main()
