"""Demo content: a few thousand captured items across the demo staff (mostly neutral, some
partisan, some hate or hoax), scanned so that the triage queue has work in it."""

import random
from datetime import UTC, datetime, timedelta

NEUTRAL = [
    "Selamat pagi rekan-rekan, semangat bekerja melayani masyarakat hari ini!",
    "Alhamdulillah kegiatan donor darah di kantor berjalan lancar, terima kasih semua.",
    "Macet parah di jalan Pemuda pagi ini, hati-hati di jalan ya.",
    "Resep soto ayam ala ibu, enak banget buat sarapan keluarga.",
    "Ikut senam bersama warga binaan dalam rangka hari bakti pemasyarakatan.",
    "Liburan ke Dieng bersama keluarga, udaranya sejuk sekali.",
    "Pelayanan paspor hari Sabtu tetap buka, silakan datang sesuai jadwal antrean.",
    "Ayo gunakan hak pilih kalian dengan bijak, jangan golput ya. Pilih sesuai hati nurani.",
    "Jaga kesehatan, musim hujan mulai datang. Sedia payung sebelum hujan.",
    "Selamat ulang tahun untuk ibu tercinta, semoga sehat selalu.",
    "Rapat koordinasi persiapan pengamanan pemilu di aula kanwil, tetap netral!",
    "Pertandingan voli antar UPT seru sekali sore ini.",
]
PARTISAN = [
    "Jangan lupa coblos nomor 2 ya! ✌️ Prabowo Gibran untuk Indonesia maju",
    "Ayo dukung paslon 01 AMIN, perubahan untuk Indonesia! #AminAjaDulu",
    "Ganjar Mahfud pasti menang, coblos nomor 3 tanggal 14 Februari!",
    "Relawan siap kawal suara paslon nomor urut 2 sampai TPS, gas terus!",
    "Salam dua jari ✌️ lanjutkan pembangunan bersama Prabowo Gibran",
    "Hadir di kampanye akbar Anies Muhaimin di Semarang, luar biasa massanya! Coblos 1!",
    "Teman-teman kantor, pilih PDI Perjuangan ya di pileg nanti. Nomor 3!",
    "Bangga jadi bagian tim pemenangan paslon 02 di kecamatan kami",
]
HATE = [
    "dasar cebong goblok semua, otaknya di dengkul",
    "kadrun tolol bisanya cuma demo dan fitnah",
    "bani serbet memang bodoh, mending pulang kampung aja",
]
HOAX = [
    "Beredar kabar surat suara sudah dicoblos, sebarkan!",
    "Kontainer surat suara yang sudah dicoblos ditemukan di pelabuhan, viralkan!",
]
INTERACTIONS = ["post"] * 6 + ["comment"] * 2 + ["share"] * 2 + ["like"]


def seed_monitoring(total=3000):
    from netral.core import audit
    from netral.core.models import OrgUnit, User
    from netral.monitoring.ingest.common import Record
    from netral.monitoring.models import ContentItem
    from netral.monitoring.scanning import scan_items
    from netral.monitoring.store import save_records
    from netral.people.models import SocialAccount

    if ContentItem.objects.exists():
        return
    rng = random.Random(40)
    accounts = list(SocialAccount.objects.current().values_list("platform", "handle"))
    if not accounts:
        return
    kanwil = OrgUnit.objects.filter(code="KW-JATENG").first() or OrgUnit.objects.order_by("path").first()
    user = User.objects.filter(username="pengawas").first()
    # Posting times over the Pilkada 2024 campaign and the Pemilu 2024 campaign of the demo calendar.
    pilkada_end = datetime(2024, 11, 27, 12, tzinfo=UTC)
    pemilu_end = datetime(2024, 2, 14, 12, tzinfo=UTC)
    records = []
    for i in range(total):
        platform, handle = rng.choice(accounts)
        if rng.random() < 0.04:
            handle = f"akun_anonim{rng.randint(1, 40)}"  # not (yet) declared by anyone
        r = rng.random()
        pool = PARTISAN if r < 0.10 else HATE if r < 0.13 else HOAX if r < 0.15 else NEUTRAL
        kind = rng.choice(INTERACTIONS)
        base = rng.choice(pool)
        text = base if kind in ("post", "comment") else ""
        ref = base if kind in ("share", "like") else ""
        if kind == "share" and rng.random() < 0.5:
            text = rng.choice(["Setuju!", "Mantap", "Simak baik-baik", "👍"])
        end = pemilu_end if rng.random() < 0.3 else pilkada_end
        when = end - timedelta(days=rng.uniform(0, 75), minutes=rng.randint(0, 1440))
        records.append(Record(
            line=i + 1, platform=platform, external_id=f"demo-{i:06d}", interaction=kind, handle=handle,
            url=f"https://contoh.invalid/{platform}/{handle}/{i}", text=text, ref_text=ref,
            posted_at=when, posted_at_raw=when.isoformat(),
            payload={"id": f"demo-{i:06d}", "text": text, "ref_text": ref, "author": handle, "kind": kind}))
    with audit.disabled():
        result = save_records(records, unit=kanwil, user=user)
        scan_items(result["ids"])
    audit.record("event", model="monitoring.contentitem", object_pk="demo", object_repr="Data contoh pemantauan",
                 after={"items": len(result["ids"])}, note="seed_demo")
