"""Indonesian national holidays and cuti bersama 2024–2026 (and the fixed-date holidays of 2027), as set by the yearly joint decree of
the Minister of Religious Affairs, the Minister of Manpower and the MenPANRB (SKB 3 Menteri), plus
the voting days the President declared holidays. Entered from those decrees; they change (a
revised SKB moved or added days in past years), so an Admin must check the list each year on the
holiday page and add the next year's decree. Loaded by migration 0002 and `manage.py
load_holidays`.
"""

N, C = "national", "cuti_bersama"
SKB_2024 = "SKB 3 Menteri No. 855/2023, 3/2023, 4/2023"
SKB_2025 = "SKB 3 Menteri No. 1017/2024, 2/2024, 2/2024"
SKB_2026 = "SKB 3 Menteri 2025 (libur nasional dan cuti bersama 2026)"
FIXED_2027 = "Tanggal tetap (Keppres; Paskah menurut kalender Gregorian); SKB 2027 belum dimuat"

HOLIDAYS = [
    # 2024
    ("2024-01-01", "Tahun Baru 2024 Masehi", N, SKB_2024),
    ("2024-02-08", "Isra Mikraj Nabi Muhammad SAW", N, SKB_2024),
    ("2024-02-09", "Cuti bersama Tahun Baru Imlek", C, SKB_2024),
    ("2024-02-10", "Tahun Baru Imlek 2575 Kongzili", N, SKB_2024),
    ("2024-02-14", "Pemungutan suara Pemilu 2024", N, "Keppres 10/2024"),
    ("2024-03-11", "Hari Suci Nyepi Tahun Baru Saka 1946", N, SKB_2024),
    ("2024-03-12", "Cuti bersama Hari Suci Nyepi", C, SKB_2024),
    ("2024-03-29", "Wafat Isa Al Masih", N, SKB_2024),
    ("2024-03-31", "Hari Paskah", N, SKB_2024),
    ("2024-04-08", "Cuti bersama Idul Fitri 1445 H", C, SKB_2024),
    ("2024-04-09", "Cuti bersama Idul Fitri 1445 H", C, SKB_2024),
    ("2024-04-10", "Idul Fitri 1445 H", N, SKB_2024),
    ("2024-04-11", "Idul Fitri 1445 H", N, SKB_2024),
    ("2024-04-12", "Cuti bersama Idul Fitri 1445 H", C, SKB_2024),
    ("2024-04-15", "Cuti bersama Idul Fitri 1445 H", C, SKB_2024),
    ("2024-05-01", "Hari Buruh Internasional", N, SKB_2024),
    ("2024-05-09", "Kenaikan Isa Al Masih", N, SKB_2024),
    ("2024-05-10", "Cuti bersama Kenaikan Isa Al Masih", C, SKB_2024),
    ("2024-05-23", "Hari Raya Waisak 2568 BE", N, SKB_2024),
    ("2024-05-24", "Cuti bersama Hari Raya Waisak", C, SKB_2024),
    ("2024-06-01", "Hari Lahir Pancasila", N, SKB_2024),
    ("2024-06-17", "Idul Adha 1445 H", N, SKB_2024),
    ("2024-06-18", "Cuti bersama Idul Adha", C, SKB_2024),
    ("2024-07-07", "Tahun Baru Islam 1446 H", N, SKB_2024),
    ("2024-08-17", "Hari Kemerdekaan Republik Indonesia", N, SKB_2024),
    ("2024-09-16", "Maulid Nabi Muhammad SAW", N, SKB_2024),
    ("2024-11-27", "Pemungutan suara Pilkada serentak 2024", N, "Keppres 33/2024"),
    ("2024-12-25", "Hari Raya Natal", N, SKB_2024),
    ("2024-12-26", "Cuti bersama Hari Raya Natal", C, SKB_2024),
    # 2025
    ("2025-01-01", "Tahun Baru 2025 Masehi", N, SKB_2025),
    ("2025-01-27", "Isra Mikraj Nabi Muhammad SAW", N, SKB_2025),
    ("2025-01-28", "Cuti bersama Tahun Baru Imlek", C, SKB_2025),
    ("2025-01-29", "Tahun Baru Imlek 2576 Kongzili", N, SKB_2025),
    ("2025-03-28", "Cuti bersama Hari Suci Nyepi", C, SKB_2025),
    ("2025-03-29", "Hari Suci Nyepi Tahun Baru Saka 1947", N, SKB_2025),
    ("2025-03-31", "Idul Fitri 1446 H", N, SKB_2025),
    ("2025-04-01", "Idul Fitri 1446 H", N, SKB_2025),
    ("2025-04-02", "Cuti bersama Idul Fitri 1446 H", C, SKB_2025),
    ("2025-04-03", "Cuti bersama Idul Fitri 1446 H", C, SKB_2025),
    ("2025-04-04", "Cuti bersama Idul Fitri 1446 H", C, SKB_2025),
    ("2025-04-07", "Cuti bersama Idul Fitri 1446 H", C, SKB_2025),
    ("2025-04-18", "Wafat Isa Al Masih", N, SKB_2025),
    ("2025-04-20", "Hari Paskah", N, SKB_2025),
    ("2025-05-01", "Hari Buruh Internasional", N, SKB_2025),
    ("2025-05-12", "Hari Raya Waisak 2569 BE", N, SKB_2025),
    ("2025-05-13", "Cuti bersama Hari Raya Waisak", C, SKB_2025),
    ("2025-05-29", "Kenaikan Isa Al Masih", N, SKB_2025),
    ("2025-05-30", "Cuti bersama Kenaikan Isa Al Masih", C, SKB_2025),
    ("2025-06-01", "Hari Lahir Pancasila", N, SKB_2025),
    ("2025-06-06", "Idul Adha 1446 H", N, SKB_2025),
    ("2025-06-09", "Cuti bersama Idul Adha", C, SKB_2025),
    ("2025-06-27", "Tahun Baru Islam 1447 H", N, SKB_2025),
    ("2025-08-17", "Hari Kemerdekaan Republik Indonesia", N, SKB_2025),
    ("2025-08-18", "Cuti bersama HUT Kemerdekaan RI (tambahan)", C, "Perubahan SKB 3 Menteri 2025"),
    ("2025-09-05", "Maulid Nabi Muhammad SAW", N, SKB_2025),
    ("2025-12-25", "Hari Raya Natal", N, SKB_2025),
    ("2025-12-26", "Cuti bersama Hari Raya Natal", C, SKB_2025),
    # 2026
    ("2026-01-01", "Tahun Baru 2026 Masehi", N, SKB_2026),
    ("2026-01-16", "Isra Mikraj Nabi Muhammad SAW", N, SKB_2026),
    ("2026-02-16", "Cuti bersama Tahun Baru Imlek", C, SKB_2026),
    ("2026-02-17", "Tahun Baru Imlek 2577 Kongzili", N, SKB_2026),
    ("2026-03-18", "Cuti bersama Hari Suci Nyepi", C, SKB_2026),
    ("2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948", N, SKB_2026),
    ("2026-03-20", "Cuti bersama Idul Fitri 1447 H", C, SKB_2026),
    ("2026-03-21", "Idul Fitri 1447 H", N, SKB_2026),
    ("2026-03-22", "Idul Fitri 1447 H", N, SKB_2026),
    ("2026-03-23", "Cuti bersama Idul Fitri 1447 H", C, SKB_2026),
    ("2026-03-24", "Cuti bersama Idul Fitri 1447 H", C, SKB_2026),
    ("2026-04-03", "Wafat Isa Al Masih", N, SKB_2026),
    ("2026-04-05", "Hari Paskah", N, SKB_2026),
    ("2026-05-01", "Hari Buruh Internasional", N, SKB_2026),
    ("2026-05-14", "Kenaikan Isa Al Masih", N, SKB_2026),
    ("2026-05-15", "Cuti bersama Kenaikan Isa Al Masih", C, SKB_2026),
    ("2026-05-27", "Idul Adha 1447 H", N, SKB_2026),
    ("2026-05-28", "Cuti bersama Idul Adha", C, SKB_2026),
    ("2026-05-31", "Hari Raya Waisak 2570 BE", N, SKB_2026),
    ("2026-06-01", "Hari Lahir Pancasila", N, SKB_2026),
    ("2026-06-16", "Tahun Baru Islam 1448 H", N, SKB_2026),
    ("2026-08-17", "Hari Kemerdekaan Republik Indonesia", N, SKB_2026),
    ("2026-08-25", "Maulid Nabi Muhammad SAW", N, SKB_2026),
    ("2026-12-24", "Cuti bersama Hari Raya Natal", C, SKB_2026),
    ("2026-12-25", "Hari Raya Natal", N, SKB_2026),
    # 2027: the SKB for 2027 was not out when this list was last updated (1 Dec 2026). Deadlines that run into
    # January must not count New Year's Day as a working day, so the holidays whose date is fixed by law
    # (Keppres 24/1953 and its amendments, Keppres 24/2016 for 1 June) or by the Gregorian Easter date are
    # entered now; the lunar and lunisolar ones (Isra Mikraj, Imlek, Nyepi, Idul Fitri, Waisak, Idul Adha,
    # 1 Muharram, Maulid) and every cuti bersama wait for the decree: an Admin adds them on the holiday page.
    ("2027-01-01", "Tahun Baru 2027 Masehi", N, FIXED_2027),
    ("2027-03-26", "Wafat Isa Al Masih", N, FIXED_2027),
    ("2027-03-28", "Hari Paskah", N, FIXED_2027),
    ("2027-05-01", "Hari Buruh Internasional", N, FIXED_2027),
    ("2027-05-06", "Kenaikan Isa Al Masih", N, FIXED_2027),
    ("2027-06-01", "Hari Lahir Pancasila", N, FIXED_2027),
    ("2027-08-17", "Hari Kemerdekaan Republik Indonesia", N, FIXED_2027),
    ("2027-12-25", "Hari Raya Natal", N, FIXED_2027),
]


def load(Holiday, SLARule=None, years=None):
    """Insert missing holidays (of `years`, default all) and SLA defaults; never overwrite what an Admin edited."""
    from datetime import date

    added = 0
    for day, name, kind, source in HOLIDAYS:
        if years is not None and int(day[:4]) not in years:
            continue
        _obj, created = Holiday.objects.get_or_create(date=date.fromisoformat(day),
                                                      defaults={"name": name, "kind": kind, "source": source})
        added += created
    if SLARule is not None:
        from netral.cases.models import SLA_DEFAULTS

        for key, label, days, working, warn, basis in SLA_DEFAULTS:
            SLARule.objects.get_or_create(key=key, defaults={"label": label, "days": days, "working_days": working,
                                                             "warn_days": warn, "legal_basis": basis})
    return added
