import datetime as dt

import pytest

from netral.people.nip import NIPError, clean_nip, parse_nip

TODAY = dt.date(2026, 11, 23)


def test_it_parses_a_valid_nip():
    n = parse_nip("198503122010121001", TODAY)
    assert n.birth_date == dt.date(1985, 3, 12)
    assert n.appointed == (2010, 12)
    assert n.sex == "L"
    assert n.sequence == 1
    assert parse_nip("199001012015032002", TODAY).sex == "P"


def test_it_accepts_spaces_dots_and_excel_floats():
    assert clean_nip("19850312 201012 1 001") == "198503122010121001"
    assert clean_nip("198503122010121001.0") == "198503122010121001"
    assert parse_nip("19850312.201012.1.001", TODAY).value == "198503122010121001"


@pytest.mark.parametrize("nip, message", [
    ("", "NIP kosong"),
    ("19850312201012100A", "hanya boleh berisi angka"),
    ("1985031220101210", "harus 18 digit, bukan 16"),
    ("198513122010121001", "Tanggal lahir pada NIP"),          # month 13
    ("198502302010121001", "Tanggal lahir pada NIP"),          # 30 February
    ("193001012010121001", r"Tahun lahir pada NIP \(1930\)"),     # too old
    ("201501012010121001", r"Tahun lahir pada NIP \(2015\)"),     # a child
    ("198503122010131001", "Bulan pengangkatan"),              # TMT month 13
    ("198503122010001001", "Bulan pengangkatan"),              # TMT month 00
    ("198503122030011001", "masa depan"),                      # TMT in the future
    ("198503121995011001", "terlalu dekat dengan tahun lahir"),  # appointed at 9
    ("198503122010123001", "Digit jenis kelamin"),
    ("198503122010121000", "tidak boleh 000"),
])
def test_it_explains_each_kind_of_mistake(nip, message):
    with pytest.raises(NIPError, match=message):
        parse_nip(nip, TODAY)


@pytest.mark.parametrize("today", [dt.date(2028, 2, 29), dt.date(2024, 2, 29), dt.date(2025, 2, 28)])
def test_it_checks_an_nip_on_29_february_without_raising(today):
    assert parse_nip("198503122010121001", today).birth_date == dt.date(1985, 3, 12)


def test_a_birth_date_on_29_february_is_valid_only_in_leap_years():
    assert parse_nip("198802292010121001", TODAY).birth_date == dt.date(1988, 2, 29)
    with pytest.raises(NIPError, match="bukan tanggal yang sah"):
        parse_nip("198502292010121001", TODAY)


def test_the_age_limit_holds_for_someone_born_on_29_february():
    # 15 years after 29 Feb 2012 is 28 Feb / 1 Mar 2027: on 28 Feb 2027 the person is not yet 15.
    with pytest.raises(NIPError, match="tidak masuk akal"):
        parse_nip("201202292010121001", dt.date(2027, 2, 28))



@pytest.mark.django_db
def test_digits_of_other_scripts_are_no_nip_nik_or_signer_nip():
    # str.isdigit() accepts "²" and Arabic-Indic or full-width digits: a NIK of superscripts was stored, a signer NIP
    # "¹⁹⁸…" printed on the monev report, a reported NIP accepted; an NIP in other digits got a misleading message.
    from django.core.exceptions import ValidationError

    from netral.core.models import OrgUnit
    from netral.people.models import Employee
    from netral.reports.forms import ReportForm
    from netral.whistle.forms import ReportForm as WhistleForm

    for odd in ("\u00b2" * 16, "\u0661" * 16, "\uff11" * 16):
        emp = Employee(unit=OrgUnit(code="X", name="X", kind="lapas"), employment_type="ppnpn", name="A", nik=odd)
        with pytest.raises(ValidationError) as e:
            emp.clean()
        assert "NIK harus 16 digit angka" in str(e.value)
    arabic = "".join(chr(0x0660 + int(c)) for c in "198503122010121001")
    wide = "".join(chr(0xFF10 + int(c)) for c in "198503122010121001")
    for odd in (arabic, wide):
        with pytest.raises(NIPError, match="hanya boleh berisi angka"):
            parse_nip(odd, today=TODAY)
        form = WhistleForm(data={"what": "Ajakan memilih paslon saat apel pagi.", "subject_nip": odd},
                           units=OrgUnit.objects.none())
        assert not form.is_valid() and "subject_nip" in form.errors
        report_form = ReportForm.__new__(ReportForm)
        report_form.cleaned_data = {"signer_nip": odd}
        with pytest.raises(ValidationError):
            report_form.clean_signer_nip()
