"""Reference data shipped with Netral: the 2024 calendars, the 2024 parties and presidential
pairs, and the default risk points (titik rawan) per phase that a unit can adopt.

Sources are in ../shared/DOMAIN.md and docs/elections.md. The data migration 0002 loads the
calendars and contestants through `load_reference_data(apps)`; it is idempotent (keyed on the
election slug and the contestant key), so running it twice changes nothing.
"""

from datetime import date as d

PEMILU_2024 = {
    "slug": "pemilu-2024",
    "kind": "pemilu",
    "name": "Pemilu 2024",
    "level": "national",
    "region_name": "Seluruh Indonesia",
    "voting_day": d(2024, 2, 14),
    "candidates_set_on": d(2023, 11, 13),
    "legal_basis": "PKPU 3/2022",
    "notes": "Pemilu serentak presiden/wakil presiden, DPR, DPD, DPRD provinsi dan DPRD kabupaten/kota.",
    "stages": [
        ("Perencanaan program dan anggaran serta penyusunan peraturan", d(2022, 6, 14), d(2024, 6, 14), "preparation"),
        ("Pendaftaran dan verifikasi partai politik peserta pemilu", d(2022, 7, 29), d(2022, 12, 13), "preparation"),
        ("Pemutakhiran data pemilih dan penyusunan daftar pemilih", d(2022, 10, 14), d(2023, 6, 21), "preparation"),
        ("Penetapan jumlah kursi dan daerah pemilihan", d(2022, 10, 14), d(2023, 2, 9), "preparation"),
        ("Pencalonan anggota DPD", d(2022, 12, 6), d(2023, 11, 25), "candidacy"),
        ("Penetapan partai politik peserta pemilu", d(2022, 12, 14), d(2022, 12, 14), "preparation"),
        ("Pencalonan anggota DPR, DPRD provinsi dan DPRD kabupaten/kota", d(2023, 4, 24), d(2023, 11, 25), "candidacy"),
        ("Pencalonan presiden dan wakil presiden", d(2023, 10, 19), d(2023, 11, 25), "candidacy"),
        ("Penetapan pasangan calon presiden dan wakil presiden", d(2023, 11, 13), d(2023, 11, 13), "candidacy"),
        ("Pengundian nomor urut pasangan calon", d(2023, 11, 14), d(2023, 11, 14), "candidacy"),
        ("Masa kampanye", d(2023, 11, 28), d(2024, 2, 10), "campaign"),
        ("Masa tenang", d(2024, 2, 11), d(2024, 2, 13), "quiet"),
        ("Pemungutan dan penghitungan suara", d(2024, 2, 14), d(2024, 2, 15), "voting"),
        ("Rekapitulasi hasil penghitungan suara", d(2024, 2, 15), d(2024, 3, 20), "counting"),
        ("Pengucapan sumpah/janji anggota DPR dan DPD", d(2024, 10, 1), d(2024, 10, 1), "post"),
        ("Pengucapan sumpah/janji presiden dan wakil presiden", d(2024, 10, 20), d(2024, 10, 20), "post"),
    ],
}

PILKADA_2024 = {
    "slug": "pilkada-2024",
    "kind": "pilkada",
    "name": "Pilkada 2024",
    "level": "national",
    "region_name": "Serentak di 37 provinsi dan 508 kabupaten/kota",
    "voting_day": d(2024, 11, 27),
    "candidates_set_on": d(2024, 9, 22),
    "legal_basis": "PKPU 2/2024",
    "notes": "Pemilihan gubernur, bupati dan wali kota serentak nasional.",
    "stages": [
        ("Pemenuhan persyaratan dukungan pasangan calon perseorangan", d(2024, 5, 5), d(2024, 8, 19), "candidacy"),
        ("Pendaftaran pasangan calon", d(2024, 8, 27), d(2024, 8, 29), "candidacy"),
        ("Penelitian persyaratan calon", d(2024, 8, 27), d(2024, 9, 21), "candidacy"),
        ("Penetapan pasangan calon", d(2024, 9, 22), d(2024, 9, 22), "candidacy"),
        ("Pengundian dan pengumuman nomor urut pasangan calon", d(2024, 9, 23), d(2024, 9, 23), "candidacy"),
        ("Masa kampanye", d(2024, 9, 25), d(2024, 11, 23), "campaign"),
        ("Masa tenang", d(2024, 11, 24), d(2024, 11, 26), "quiet"),
        ("Pemungutan suara", d(2024, 11, 27), d(2024, 11, 27), "voting"),
        ("Penghitungan suara dan rekapitulasi hasil", d(2024, 11, 27), d(2024, 12, 16), "counting"),
    ],
}

CALENDARS = [PEMILU_2024, PILKADA_2024]

# (number, short name, full name, Aceh local)
PARTIES_2024 = [
    (1, "PKB", "Partai Kebangkitan Bangsa", False),
    (2, "Gerindra", "Partai Gerakan Indonesia Raya", False),
    (3, "PDI-P", "Partai Demokrasi Indonesia Perjuangan", False),
    (4, "Golkar", "Partai Golongan Karya", False),
    (5, "NasDem", "Partai NasDem", False),
    (6, "Partai Buruh", "Partai Buruh", False),
    (7, "Gelora", "Partai Gelombang Rakyat Indonesia", False),
    (8, "PKS", "Partai Keadilan Sejahtera", False),
    (9, "PKN", "Partai Kebangkitan Nusantara", False),
    (10, "Hanura", "Partai Hati Nurani Rakyat", False),
    (11, "Garuda", "Partai Garda Republik Indonesia", False),
    (12, "PAN", "Partai Amanat Nasional", False),
    (13, "PBB", "Partai Bulan Bintang", False),
    (14, "Demokrat", "Partai Demokrat", False),
    (15, "PSI", "Partai Solidaritas Indonesia", False),
    (16, "Perindo", "Partai Persatuan Indonesia", False),
    (17, "PPP", "Partai Persatuan Pembangunan", False),
    (18, "PNA", "Partai Nanggroe Aceh", True),
    (19, "Gabthat", "Partai Generasi Atjeh Beusaboh Tha'at dan Taqwa", True),
    (20, "PDA", "Partai Darul Aceh", True),
    (21, "Partai Aceh", "Partai Aceh", True),
    (22, "PAS Aceh", "Partai Adil Sejahtera Aceh", True),
    (23, "SIRA", "Partai Solidaritas Independen Rakyat Aceh", True),
    (24, "Partai Ummat", "Partai Ummat", False),
]

PAIRS_2024 = [
    {
        "key": "anies-muhaimin", "number": 1, "name": "Anies Baswedan – Muhaimin Iskandar",
        "aliases": ["AMIN", "Anies-Muhaimin", "Anies-Imin", "Anies Baswedan", "Anies", "Muhaimin Iskandar", "Cak Imin",
                    "paslon 01", "paslon 1", "nomor 1"],
        "parties": ["NasDem", "PKB", "PKS"],
        "hashtags": ["#AMIN", "#AniesMuhaimin", "#Perubahan"],
        "slogans": ["Perubahan"],
        "gesture": 1,
    },
    {
        "key": "prabowo-gibran", "number": 2, "name": "Prabowo Subianto – Gibran Rakabuming Raka",
        "aliases": ["Prabowo-Gibran", "Prabowo Subianto", "Prabowo", "Gibran Rakabuming Raka", "Gibran", "gemoy",
                    "paslon 02", "paslon 2", "nomor 2"],
        "parties": ["Gerindra", "Golkar", "PAN", "Demokrat", "PBB", "Gelora", "Garuda", "PSI"],
        "hashtags": ["#PrabowoGibran", "#IndonesiaMaju"],
        "slogans": ["Indonesia Maju", "lanjutkan"],
        "gesture": 2,
    },
    {
        "key": "ganjar-mahfud", "number": 3, "name": "Ganjar Pranowo – Mahfud MD",
        "aliases": ["Ganjar-Mahfud", "Ganjar Pranowo", "Ganjar", "Mahfud MD", "Mahfud", "paslon 03", "paslon 3",
                    "nomor 3"],
        "parties": ["PDI-P", "PPP", "Perindo", "Hanura"],
        "hashtags": ["#GanjarMahfud", "#SatSet"],
        "slogans": ["Sat Set", "Gerak Cepat"],
        "gesture": 3,
    },
]


def load_reference_data(apps=None):
    """Create the shipped elections, stages and contestants if missing. Safe to run again."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    Election = apps.get_model("elections", "Election")
    Stage = apps.get_model("elections", "Stage")
    Contestant = apps.get_model("elections", "Contestant")
    created = 0
    for cal in CALENDARS:
        fields = {k: v for k, v in cal.items() if k not in ("slug", "stages")}
        election, new = Election.objects.get_or_create(slug=cal["slug"], defaults=fields)
        if new:
            created += 1
            stages = Stage.objects.bulk_create([Stage(election=election, name=name, start=start, end=end, phase=phase)
                                                for name, start, end, phase in cal["stages"]])
            if getattr(Stage, "audited", False):  # the live model (not a migration's): audit like a save
                from netral.core import audit

                audit.record_many([dict(action="create", model="elections.stage", object_pk=s.pk, object_repr=str(s),
                                        after=audit.snapshot(s), note="data referensi") for s in stages])
    pemilu = Election.objects.get(slug="pemilu-2024")
    for number, short, full, local in PARTIES_2024:
        key = "partai-" + short.lower().replace(" ", "-")
        Contestant.objects.get_or_create(election=pemilu, key=key, defaults=dict(
            kind="party", number=number, name=short, aliases=[full] if full != short else [], is_local=local,
            region_name="Aceh" if local else "", region_code="11" if local else ""))
    for pair in PAIRS_2024:
        data = dict(pair)
        key = data.pop("key")
        Contestant.objects.get_or_create(election=pemilu, key=key, defaults=dict(kind="pair", **data))
    return created


# --- Default risk points (titik rawan) -----------------------------------------------------------
# key, phase, title, description, likelihood, impact, mitigations [(action, owner, days before phase end)]
RISK_TEMPLATES = [
    {
        "key": "abuse_of_authority", "phase": "candidacy",
        "title": "Penyalahgunaan wewenang untuk kepentingan bakal calon",
        "description": "Pejabat atau pegawai membuat keputusan, izin, mutasi atau memberi fasilitas yang "
                       "menguntungkan atau merugikan bakal calon (PP 94/2021 Pasal 5 huruf n angka 5).",
        "likelihood": 2, "impact": 5,
        "mitigations": [("Telaah keputusan dan disposisi pimpinan unit yang berkaitan dengan bakal calon", "Tim Pengawas Internal"),
                        ("Sosialisasi larangan keputusan yang berpihak kepada seluruh pejabat struktural", "Kepala Subbagian Umum")],
    },
    {
        "key": "party_approach", "phase": "candidacy",
        "title": "Pegawai didekati atau mendekati partai politik",
        "description": "Pegawai diajak menjadi bakal calon, tim pemenangan atau pengurus partai; atau mengumpulkan "
                       "fotokopi KTP untuk calon perseorangan.",
        "likelihood": 3, "impact": 4,
        "mitigations": [("Penandatanganan pakta integritas netralitas oleh seluruh pegawai dan PPNPN", "Operator unit"),
                        ("Pendataan pegawai yang berencana maju sebagai calon (wajib mengundurkan diri)", "Kepegawaian")],
    },
    {
        "key": "socmed_campaign", "phase": "campaign",
        "title": "Kampanye atau sosialisasi calon melalui media sosial",
        "description": "Pegawai mengunggah, mengomentari, membagikan, menyukai atau mengikuti akun pemenangan calon. "
                       "Kategori pelanggaran terbesar pada Pilkada 2020 (30,4%).",
        "likelihood": 5, "impact": 4,
        "mitigations": [("Pemantauan akun media sosial pegawai setiap hari selama kampanye", "Tim Pengawas Internal"),
                        ("Imbauan tertulis larangan like, komentar dan share konten calon", "Kepala unit")],
    },
    {
        "key": "attend_campaign", "phase": "campaign",
        "title": "Pegawai menghadiri kampanye atau deklarasi calon",
        "description": "Pegawai hadir dan ikut mendukung dalam deklarasi atau kampanye, termasuk kampanye pasangan "
                       "yang merupakan suami/istri pegawai.",
        "likelihood": 3, "impact": 4,
        "mitigations": [("Pengecekan kehadiran pegawai pada jadwal kampanye terbuka di wilayah unit", "Tim Pengawas Internal")],
    },
    {
        "key": "office_facilities", "phase": "campaign",
        "title": "Penggunaan fasilitas kantor untuk kampanye",
        "description": "Kendaraan dinas, ruang rapat, aula atau perlengkapan kantor dipakai untuk kegiatan calon atau "
                       "tim kampanye (PP 94/2021 Pasal 5 huruf n angka 4).",
        "likelihood": 2, "impact": 4,
        "mitigations": [("Pencatatan pemakaian kendaraan dinas dan ruang rapat selama masa kampanye", "Kepala Subbagian Umum")],
    },
    {
        "key": "photo_with_candidate", "phase": "campaign",
        "title": "Foto bersama calon atau simbol jari/gestur dukungan",
        "description": "Pegawai mengunggah foto bersama calon atau tim sukses, menunjukkan simbol tangan (salam jari), "
                       "atribut partai atau latar kampanye.",
        "likelihood": 4, "impact": 3,
        "mitigations": [("Sosialisasi larangan foto dengan gestur jari dan atribut calon", "Operator unit")],
    },
    {
        "key": "quiet_partisan_posts", "phase": "quiet",
        "title": "Unggahan partisan pada masa tenang",
        "description": "Pegawai menyebarkan ajakan memilih, hoaks atau ujaran kebencian tentang calon di media sosial "
                       "dan grup percakapan pada masa tenang.",
        "likelihood": 4, "impact": 4,
        "mitigations": [("Pemantauan intensif media sosial pegawai selama masa tenang", "Tim Pengawas Internal")],
    },
    {
        "key": "money_politics", "phase": "quiet",
        "title": "Politik uang dan pembagian barang",
        "description": "Pegawai ikut membagikan uang, sembako atau barang dari calon kepada rekan kerja, keluarga atau "
                       "masyarakat (kegiatan partisan, PP 94/2021 Pasal 5 huruf n angka 6).",
        "likelihood": 2, "impact": 5,
        "mitigations": [("Imbauan pimpinan dan saluran pengaduan anonim untuk laporan politik uang", "Kepala unit")],
    },
    {
        "key": "mobilising_staff", "phase": "voting",
        "title": "Pengerahan pegawai untuk memilih calon tertentu",
        "description": "Atasan mengarahkan atau mengerahkan pegawai, PPNPN atau keluarganya untuk memilih calon tertentu "
                       "(PP 94/2021 Pasal 5 huruf n angka 3).",
        "likelihood": 2, "impact": 5,
        "mitigations": [("Apel netralitas dan penegasan kebebasan memilih menjelang hari pemungutan suara", "Kepala unit")],
    },
]

TEMPLATES_BY_KEY = {t["key"]: t for t in RISK_TEMPLATES}
