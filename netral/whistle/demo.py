"""Demo reports: one new and overdue report for the Kanwil, one for Lapas Semarang with a
question from the team and an answer. The demo receipt code of the first one is printed in
docs/whistle.md (demo data only) so the status page can be tried."""

from datetime import timedelta

from django.utils import timezone

from netral.core import audit

DEMO_RECEIPT = "1111222233334444"


def seed_whistle():
    from netral.core.models import OrgUnit, User
    from netral.whistle import actions, crypto
    from netral.whistle.models import Report

    if Report.objects.exists():
        return
    units = {u.code: u for u in OrgUnit.objects.all()}
    if "KW-JATENG" not in units:
        return
    pengawas = User.objects.filter(username="pengawas").first()
    today = timezone.localdate()
    with audit.acting_as("demo"):
        r1, _ = actions.submit_report({
            "what": "Seorang pegawai membagikan poster pasangan calon di grup WhatsApp kantor dan mengajak "
                    "rekan-rekan memilihnya.",
            "subject_unit": "Bagian umum", "occurred": "minggu lalu", "platform": "whatsapp",
        }, [])
        # A known code for the demo only (generated codes are random and never stored).
        Report.objects.filter(pk=r1.pk).update(
            receipt_bucket=crypto.receipt_bucket(DEMO_RECEIPT), receipt_hash=crypto.receipt_hash(DEMO_RECEIPT),
            received_on=today - timedelta(days=6), ack_due=actions_ack_due(today - timedelta(days=6)))
        if "LP-SMG" in units:
            r2, _ = actions.submit_report({
                "what": "Petugas berfoto dengan salam dua jari bersama calon bupati saat kunjungan ke lapas, lalu "
                        "mengunggahnya di Instagram.",
                "subject_name": "Budi", "subject_unit": "Petugas pengamanan", "occurred": "3 Oktober 2024",
                "place": "Lapas Kelas I Semarang", "platform": "instagram",
                "link": "https://www.instagram.com/p/contoh/",
            }, [], unit=units["LP-SMG"])
            if pengawas:
                actions.ask(r2, pengawas, "Terima kasih. Apakah Anda menyimpan tangkapan layar unggahan tersebut?")
                actions.reporter_reply(r2, "Ya, akan saya unggah. Unggahan itu sudah dihapus kemarin.", [])


def actions_ack_due(day):
    from netral.whistle.models import add_working_days

    return add_working_days(day, 3)
