"""Demo data: one finished monev report of the Kanwil for the Pilkada 2024 campaign."""


def seed_reports():
    from netral.core import audit
    from netral.core.models import OrgUnit, User
    from netral.reports import figures
    from netral.reports.actions import fill_office, run_report
    from netral.reports.models import MonevReport

    kanwil = OrgUnit.objects.filter(code="KW-JATENG").first()
    if kanwil is None or MonevReport.objects.exists():
        return
    from netral.elections.models import Election

    election = Election.objects.filter(slug="pilkada-2024").first() or figures.election_in_focus()
    date_from, date_to = figures.default_period(election, phase="kampanye")
    with audit.acting_as("demo"):
        triage_some()
        report = MonevReport(unit=kanwil, election=election, phase="kampanye", date_from=date_from, date_to=date_to,
                             title="Laporan Monitoring dan Evaluasi Netralitas ASN Masa Kampanye Pilkada 2024",
                             created_by=User.objects.filter(username="pengawas").first(),
                             recommendations="Memperkuat sosialisasi di UPT dengan cakupan pakta di bawah 80%.\n"
                                             "Menindaklanjuti temuan berulang melalui klarifikasi oleh atasan langsung.\n"
                                             "Menetapkan penanggung jawab mitigasi titik rawan yang belum berjalan.")
        fill_office(report)
        report.report_date = date_to
        report.save()
        report.units.set([kanwil])
        run_report(report.pk)


def triage_some():
    """The demo queue comes untriaged; a report is more telling with some decisions in it:
    every fifth partisan finding confirmed (the detector's SKB item kept), some others dismissed.
    Only when nobody has decided anything yet."""
    from django.utils import timezone

    from netral.core.models import User
    from netral.monitoring.models import Finding

    if Finding.objects.exclude(status="new").exists():
        return
    pengawas = User.objects.filter(username="pengawas").first()
    ids = list(Finding.objects.filter(partisan=True).order_by("pk").values_list("pk", flat=True))
    confirm = ids[::5]
    dismiss = list(Finding.objects.filter(partisan=False).order_by("pk").values_list("pk", flat=True))[::3]
    now = timezone.now()
    Finding.objects.filter(pk__in=confirm).update(status="confirmed", decided_by=pengawas, decided_at=now,
                                                  reason="Demo: dikonfirmasi tim.")
    Finding.objects.filter(pk__in=confirm, skb_item="").update(skb_item="post_comment_share_like")
    Finding.objects.filter(pk__in=dismiss).update(status="dismissed", decided_by=pengawas, decided_at=now,
                                                  reason="Demo: bukan pelanggaran.")
