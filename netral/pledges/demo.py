"""Demo data for pembinaan: regulations, a Pilkada 2024 pact campaign half done, a socialisation
event and an ikrar, and one task force set up by decree."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from netral.core import audit

DEMO_EMPLOYEES = [
    # name, position, type, unit code, nip or internal id
    ("Agus Setiawan", "Pengelola Data Pemasyarakatan", "pns", "LP-SMG", "198503122010121001"),
    ("Siti Rahmawati", "Kepala Seksi Binadik", "pns", "LP-SMG", "198107212005012002"),
    ("Budi Hartono", "Petugas Pengamanan", "pns", "LP-SMG", "199002052015031003"),
    ("Yuliana Putri", "Analis Kepegawaian", "pppk", "LP-SMG", "199305172023212004"),
    ("Slamet Riyadi", "Pengemudi", "ppnpn", "LP-SMG", "PPNPN-LPSMG-001"),
    ("Eko Prasetyo", "Pemeriksa Keimigrasian", "pns", "KANIM-SMG", "198811102012121005"),
    ("Dian Kartika", "Analis Keimigrasian", "pns", "KANIM-SMG", "199109232014022006"),
    ("Wahyu Nugroho", "Petugas Keamanan", "ppnpn", "KANIM-SMG", "PPNPN-KANIM-002"),
    ("Rina Marlina", "Kepala Subbagian Umum", "pns", "RUT-SMG", "198402142008012007"),
    ("Hendra Saputra", "Petugas Rutan", "pns", "RUT-SMG", "199512012019031008"),
]


def _ensure_employees(units):
    from netral.core.models import User
    from netral.people.models import Employee

    if Employee.objects.exists():
        return
    for name, position, etype, code, ident in DEMO_EMPLOYEES:
        unit = units.get(code)
        if unit is None:
            continue
        is_nip = ident.isdigit()
        Employee.objects.create(unit=unit, name=name, position=position, employment_type=etype,
                                nip=ident if is_nip else None, internal_id=None if is_nip else ident,
                                email=f"{name.split()[0].lower()}@example.go.id")
    pegawai = User.objects.filter(username="pegawai").first()
    if pegawai and not hasattr(pegawai, "employee"):
        Employee.objects.filter(name="Agus Setiawan", user__isnull=True).update(user=pegawai)


def seed_pledges():
    from netral.core.models import OrgUnit, User
    from netral.elections.models import Election
    from netral.people.models import Employee
    from netral.pledges.actions import add_member, generate_pacts
    from netral.pledges.models import Attendance, Event, IntegrityPact, PactTemplate, TaskForce
    from netral.pledges.reference import load_regulations

    load_regulations()
    units = {u.code: u for u in OrgUnit.objects.all()}
    kanwil = units.get("KW-JATENG")
    election = Election.objects.filter(slug="pilkada-2024").first() or Election.objects.first()
    if kanwil is None or election is None:
        return
    pimpinan = User.objects.filter(username="pimpinan").first()
    with audit.acting_as("demo"):
        _ensure_employees(units)
        pegawai = User.objects.filter(username="pegawai").first()
        if pegawai and not Employee.objects.filter(user=pegawai).exists():
            candidate = Employee.objects.filter(unit=pegawai.unit, user__isnull=True, is_active=True).order_by(
                "pk").first()
            if candidate:
                candidate.user = pegawai
                candidate.save()

        campaign = election.stage_for_phase("campaign")
        day = (campaign.start - timedelta(days=30)) if campaign else timezone.localdate()
        template, _ = PactTemplate.objects.get_or_create(election=election, unit=kanwil, defaults=dict(
            place="Semarang", pact_date=day, created_by=pimpinan))
        if not template.pacts.exists():
            generate_pacts(template)
        # Half the campaign done: every other pact signed (electronically or on paper), never the
        # demo "pegawai" so that the sign flow can be tried.
        pending = list(IntegrityPact.objects.pending().filter(template=template).select_related("employee")
                       .order_by("employee__unit__path", "employee__name"))
        for i, pact in enumerate(pending):
            if i % 2 or (pegawai and pact.employee.user_id == pegawai.pk):
                continue
            IntegrityPact.objects.filter(pk=pact.pk).update(
                status="signed", method="esign" if i % 4 == 0 else "paper",
                signed_at=timezone.make_aware(datetime.combine(day, time(9, 0))) + timedelta(minutes=i))

        tz = timezone.get_current_timezone()
        events = [
            dict(kind="sosialisasi", title="Sosialisasi Netralitas ASN pada Pilkada Serentak 2024",
                 place="Aula Kanwil Kemenkumham Jawa Tengah", online_link="https://zoom.us/j/0000000000",
                 speakers="Kepala Kantor Wilayah Kemenkumham Jawa Tengah\nNarasumber Bawaslu Provinsi Jawa Tengah",
                 materials="Pasal 9 ayat (2) UU 5/2014; PP 94/2021 Pasal 5 huruf n; SKB 22 September 2022: bentuk "
                           "pelanggaran di media sosial.", offset=-40),
            dict(kind="ikrar", title="Ikrar dan Penandatanganan Pakta Integritas Netralitas Pegawai",
                 place="Halaman Kanwil Kemenkumham Jawa Tengah", speakers="Kepala Kantor Wilayah",
                 pledge_text="Kami, pegawai Kantor Wilayah Kementerian Hukum dan HAM Jawa Tengah, berikrar: "
                             "menjaga netralitas, tidak berpihak kepada peserta pemilihan, tidak menggunakan "
                             "fasilitas negara untuk kepentingan politik, dan menjaga kondusivitas lingkungan kerja.",
                 offset=-30),
        ]
        for data in events:
            offset = data.pop("offset")
            event, created = Event.objects.get_or_create(title=data["title"], unit=kanwil, defaults=dict(
                election=election, created_by=pimpinan,
                starts_at=timezone.make_aware(datetime.combine(day + timedelta(days=offset + 30), time(9, 0)), tz),
                **{k: v for k, v in data.items() if k != "title"}))
            if created:
                event.targets.set([kanwil])
                attendees = list(Employee.objects.active().filter(unit__path__startswith=kanwil.path).order_by("pk"))
                keep = attendees[: max(1, len(attendees) * 2 // 3)] if data["kind"] == "sosialisasi" else attendees[::2]
                if data["kind"] == "sosialisasi" and pegawai is not None:
                    keep += list(Employee.objects.filter(user=pegawai))  # the demo pegawai was there
                Attendance.objects.bulk_create([Attendance(event=event, employee=e, method="import")
                                                for e in keep], ignore_conflicts=True)

        team, created = TaskForce.objects.get_or_create(decree_number="W.13-KP.04.01-123 Tahun 2024", defaults=dict(
            unit=kanwil, kind="satgas", name="Satgas Netralitas ASN Kanwil Kemenkumham Jawa Tengah",
            election=election, decree_date=date(2024, 1, 29),
            duties="Memantau akun media sosial pegawai; menerima dan menelaah pengaduan; melakukan klarifikasi "
                   "dengan berita acara; menyampaikan rekomendasi kepada Kepala Kantor Wilayah; melaporkan hasil "
                   "monitoring dan evaluasi setiap bulan."))
        if created:
            team.covered_units.set([u for c, u in units.items() if c in ("LP-SMG", "RUT-SMG", "KANIM-SMG")])
            for username, position in (("pengawas", "ketua"), ("admin", "sekretaris")):
                user = User.objects.filter(username=username).first()
                if user:
                    add_member(team, user, position, pimpinan)
