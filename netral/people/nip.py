"""NIP (Nomor Induk Pegawai) validation.

An NIP has 18 digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, sex digit 1 (male) or
2 (female), and a three-digit sequence. Each kind of mistake gets its own Indonesian message so
that an operator fixing a spreadsheet knows which part to look at.
"""

import datetime as dt
from dataclasses import dataclass


class NIPError(ValueError):
    pass


@dataclass(frozen=True)
class NIP:
    value: str
    birth_date: dt.date
    appointed: tuple[int, int]  # (year, month)
    sex: str  # "L" or "P"
    sequence: int


def is_digits(s) -> bool:
    """Only the digits 0-9. `str.isdigit` also accepts "²", Arabic-Indic and full-width digits: an NIP, NIK or
    signer NIP written with them is not one (and `int()` refuses some of them)."""
    return bool(s) and s.isascii() and s.isdigit()


def clean_nip(raw) -> str:
    """Strip the spaces, dots and dashes people type inside an NIP (e.g. '19850312 201012 1 001')."""
    s = str(raw or "").strip()
    if s.endswith(".0") and is_digits(s[:-2]):  # a number that went through Excel as a float
        s = s[:-2]
    for ch in " .-_\u00a0\t":
        s = s.replace(ch, "")
    return s


def _years_before(day, years):
    """The same day `years` earlier; 29 February falls back to 28 February in a common year
    (`date.replace` would raise on it)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def parse_nip(raw, today=None) -> NIP:
    today = today or dt.date.today()
    s = clean_nip(raw)
    if not s:
        raise NIPError("NIP kosong.")
    if not is_digits(s):
        raise NIPError("NIP hanya boleh berisi angka.")
    if len(s) != 18:
        raise NIPError(f"NIP harus 18 digit, bukan {len(s)} digit.")
    try:
        birth = dt.date(int(s[0:4]), int(s[4:6]), int(s[6:8]))
    except ValueError:
        raise NIPError(f"Tanggal lahir pada NIP (digit 1–8: {s[0:8]}) bukan tanggal yang sah.") from None
    if birth.year < 1940 or birth > _years_before(today, 15):
        raise NIPError(f"Tahun lahir pada NIP ({birth.year}) tidak masuk akal untuk seorang pegawai.")
    year, month = int(s[8:12]), int(s[12:14])
    if not 1 <= month <= 12:
        raise NIPError(f"Bulan pengangkatan (TMT CPNS) pada NIP (digit 13–14: {s[12:14]}) harus 01–12.")
    if (year, month) > (today.year, today.month):
        raise NIPError(f"TMT CPNS pada NIP ({year}-{month:02d}) berada di masa depan.")
    if year < birth.year + 17:
        raise NIPError(f"TMT CPNS pada NIP ({year}) terlalu dekat dengan tahun lahir ({birth.year}): usia di bawah 17.")
    sex = s[14]
    if sex not in "12":
        raise NIPError(f"Digit jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan), bukan {sex}.")
    seq = int(s[15:18])
    if seq == 0:
        raise NIPError("Nomor urut pada NIP (digit 16–18) tidak boleh 000.")
    return NIP(s, birth, (year, month), "L" if sex == "1" else "P", seq)


def validate_nip(raw) -> str:
    """Django-style validator: returns the cleaned NIP or raises NIPError."""
    return parse_nip(raw).value
