import pytest

from netral.browser import page  # noqa: F401  (fixture)
from netral.core import audit
from netral.core.models import Role
from netral.monitoring.models import Finding
from netral.monitoring.tests.helpers import SAMPLES
from netral.people.models import Employee, SocialAccount
from netral.test import make_unit, make_user


@pytest.mark.django_db(transaction=True)
def test_it_imports_a_file_then_confirms_a_finding_into_a_case(page):  # noqa: F811
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    upt = make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    make_user("pengawas", Role.PENGAWAS, kanwil, password="sandi-browser-123", first_name="Dewi")
    with audit.disabled():
        emp = Employee.objects.create(unit=upt, employment_type="ppnpn", internal_id="P-1", name="Budi Santoso")
        SocialAccount.objects.create(employee=emp, platform="x", handle="budi_asn")

    page.goto("/masuk/")
    page.fill("#id_username", "pengawas")
    page.fill("#id_password", "sandi-browser-123")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Selamat datang")
    page.goto("/pemantauan/impor/")
    page.set_input_files("#id_file", str(SAMPLES / "x_v2.json"))
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Impor selesai")
    page.click("text=Buka antrean temuan")
    row = page.locator("tr[data-row]", has_text="Ayo ramaikan")
    row.wait_for()
    assert "Budi Santoso" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_selector("mark.nt-hit")
    page.click("button:has-text('Konfirmasi')")
    # One more step names who is concerned before anything happens.
    page.wait_for_selector("text=Periksa sebelum melanjutkan")
    assert "Budi Santoso" in page.inner_text("main")
    page.click("button:has-text('Ya, konfirmasi')")
    page.wait_for_selector("text=Temuan dalam kasus ini")
    assert "Budi Santoso" in page.inner_text("h1")
    assert page.locator("li", has_text="Ayo ramaikan").count() == 1
    f = Finding.objects.get(content__external_id="1855000000000000301")
    assert f.status == "confirmed" and f.case is not None
