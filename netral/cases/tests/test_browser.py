import datetime as dt

import pytest
from django.utils import timezone

from netral.browser import page  # noqa: F401  (fixture)
from netral.cases.letters import docx_text
from netral.cases.models import Case
from netral.core import audit
from netral.core.models import Role
from netral.monitoring import ingest
from netral.monitoring.models import ContentItem, Finding
from netral.monitoring.scanning import scan_items
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import sample
from netral.people.models import Employee, SocialAccount
from netral.test import make_unit, make_user

PASSWORD = "sandi-browser-123"


def login(page, username):  # noqa: F811
    page.context.clear_cookies()
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Selamat datang")


@pytest.mark.django_db(transaction=True)
def test_it_takes_a_finding_through_clarification_to_a_decision(page, tmp_path):  # noqa: F811
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser", address="Jl. Uji No. 5")
    upt = make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    pengawas = make_user("pengawas", Role.PENGAWAS, kanwil, password=PASSWORD, first_name="Dewi")
    make_user("pimpinan", Role.PIMPINAN, kanwil, password=PASSWORD, first_name="Tejo")
    with audit.disabled():
        emp = Employee.objects.create(unit=upt, employment_type="pns", nip="199001012015031001", name="Budi Santoso",
                                      position="Penjaga Tahanan")
        SocialAccount.objects.create(employee=emp, platform="x", handle="budi_asn")
    save_records(list(ingest.parse(sample("x_v2.json"), "x_v2")), unit=kanwil, user=pengawas)
    scan_items(ContentItem.objects.values_list("pk", flat=True))
    finding = Finding.objects.get(content__external_id="1855000000000000301")

    login(page, "pengawas")
    page.goto(f"/pemantauan/temuan/{finding.pk}/")
    page.click("button:has-text('Konfirmasi')")
    page.wait_for_selector("[data-state=received]")
    assert "Budi Santoso" in page.inner_text("h1")
    page.click("button:has-text('Mulai verifikasi')")
    page.wait_for_selector("[data-state=verification]")
    page.click("button:has-text('Lanjut ke klarifikasi')")
    page.wait_for_selector("[data-state=clarification]")

    today = timezone.localdate()
    page.select_option("#hearing-form select[name=employee]", str(emp.pk))
    page.fill("#hearing-form input[name=summons_sent_on]", today.isoformat())
    page.fill("#hearing-form input[name=scheduled_at]", f"{today + dt.timedelta(days=3)}T09:00")
    page.fill("#hearing-form input[name=place]", "Aula Kanwil")
    page.click("button:has-text('Jadwalkan klarifikasi')")
    page.wait_for_selector("text=paling cepat")  # too early: refused with the date it may be held
    page.select_option("#hearing-form select[name=employee]", str(emp.pk))
    page.fill("#hearing-form input[name=summons_sent_on]", today.isoformat())
    page.fill("#hearing-form input[name=scheduled_at]", f"{today + dt.timedelta(days=21)}T09:00")
    page.fill("#hearing-form input[name=place]", "Aula Kanwil")
    page.click("button:has-text('Jadwalkan klarifikasi')")
    page.wait_for_selector("[data-hearing]")
    with page.expect_download() as info:
        page.click("button:has-text('Unduh undangan klarifikasi')")
    path = tmp_path / "undangan.docx"
    info.value.save_as(path)
    text = docx_text(path.read_bytes())
    case = Case.objects.get()
    assert "Budi Santoso" in text and case.number in text and "Aula Kanwil" in text and "KANWIL BROWSER" in text

    page.goto(f"/kasus/{case.pk}/")
    page.select_option("[data-hearing] select[name=attended]", "1")
    page.click("[data-hearing] button:has-text('Catat')")
    page.wait_for_selector("text=Kehadiran dicatat")
    page.fill("#id_note", "Mengakui unggahan dalam klarifikasi")
    page.click("button:has-text('Susun rekomendasi')")
    page.wait_for_selector("[data-state=recommendation]")
    page.fill("textarea[name=recommendation]", "Hukuman disiplin berat kepada PPK")
    page.click("button:has-text('Simpan rekomendasi')")
    page.wait_for_selector("text=Rekomendasi tersimpan")

    login(page, "pimpinan")
    page.goto(f"/kasus/{case.pk}/")
    page.screenshot(path=str(tmp_path / "keputusan.png"), full_page=True)
    form = page.locator("#decision form")
    form.locator("select[name=employee]").select_option(str(emp.pk))
    form.locator("input[name=kind]").fill("Penurunan jabatan setingkat lebih rendah selama 12 bulan")
    form.locator("input[name=ppk_name]").fill("Kepala Kantor Wilayah")
    form.locator("input[name=decree_number]").fill("W.12-KP.04-77")
    form.locator("input[name=decree_date]").fill(today.isoformat())
    form.locator("button:has-text('Catat sanksi')").click()
    page.wait_for_selector("[data-state=sanctioned]")
    case.refresh_from_db()
    s = case.sanctions.get()
    assert case.state == "sanctioned" and s.decree_number == "W.12-KP.04-77" and s.tier == "berat"
    assert s.recorded_by.username == "pimpinan" and case.findings.get() == finding
