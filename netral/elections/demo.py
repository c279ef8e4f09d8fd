"""Demo data for elections: the shipped calendars (normally already there from the data
migration) and default risk points adopted by a few demo units, with some mitigations under way."""

from datetime import timedelta

from netral.core import audit


DEMO_UNITS = [
    # unit code, election slug, adjustments {template key: (likelihood, impact)}
    ("LP-SMG", "pilkada-2024", {"socmed_campaign": (5, 5), "office_facilities": (3, 4)}),
    ("KANIM-SMG", "pilkada-2024", {"photo_with_candidate": (3, 3), "money_politics": (1, 4)}),
    ("RUT-SMG", "pilkada-2024", {"attend_campaign": (4, 4)}),
    ("KW-JATENG", "pilkada-2024", {"abuse_of_authority": (3, 5), "mobilising_staff": (2, 4)}),
    ("LP-SMG", "pemilu-2024", {}),
]


def seed_elections():
    from netral.core.models import OrgUnit
    from netral.elections.actions import adopt_templates
    from netral.elections.models import Election, Mitigation, RiskPoint
    from netral.elections.reference import load_reference_data

    load_reference_data()
    with audit.acting_as("demo"):
        for code, slug, adjust in DEMO_UNITS:
            unit = OrgUnit.objects.filter(code=code).first()
            election = Election.objects.filter(slug=slug).first()
            if unit is None or election is None:
                continue
            created = adopt_templates(unit, election, "demo")
            for rp in created:
                if rp.template_key in adjust:
                    rp.likelihood, rp.impact = adjust[rp.template_key]
                    rp.save()
            # Progress on the mitigations, so that the pages show every status.
            for i, m in enumerate(Mitigation.objects.filter(risk_point__in=created).order_by("pk")):
                if i % 3 == 0:
                    m.status = Mitigation.Status.DONE
                elif i % 3 == 1:
                    m.status = Mitigation.Status.IN_PROGRESS
                else:
                    continue
                m.save()
        # One risk point the unit wrote itself, tied to a single stage.
        unit = OrgUnit.objects.filter(code="LP-PATI").first()
        election = Election.objects.filter(slug="pilkada-2024").first()
        if unit and election and not RiskPoint.objects.filter(unit=unit, election=election, template_key="").exists():
            stage = election.stages.filter(phase="candidacy", name__startswith="Pemenuhan").first()
            rp = RiskPoint.objects.create(
                unit=unit, election=election, phase="candidacy", stage=stage, likelihood=3, impact=3,
                title="Pegawai dimintai fotokopi KTP untuk dukungan calon perseorangan",
                description="Tim calon perseorangan mengumpulkan dukungan di lingkungan keluarga pegawai dan PPNPN.")
            Mitigation.objects.create(risk_point=rp, action="Imbauan tertulis larangan memberi surat dukungan dan "
                                      "fotokopi KTP", owner_name="Kepala Lapas", due_on=stage.start + timedelta(days=14)
                                      if stage else None, status=Mitigation.Status.DONE)
