import pytest

from netral.browser import page  # noqa: F401  (fixture)
from netral.core.models import Role
from netral.elections.actions import adopt_templates
from netral.elections.models import Election
from netral.elections.reference import load_reference_data
from netral.test import make_unit, make_user


@pytest.mark.django_db(transaction=True)
def test_it_opens_the_calendar_and_the_risk_matrix(page):  # noqa: F811
    load_reference_data()  # a transactional test may run after another one flushed the tables
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    upt = make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    make_user("pengawas", Role.PENGAWAS, kanwil, password="sandi-browser-123", first_name="Dewi")
    pilkada = Election.objects.get(slug="pilkada-2024")
    adopt_templates(upt, pilkada)

    page.goto("/masuk/")
    page.fill("#id_username", "pengawas")
    page.fill("#id_password", "sandi-browser-123")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Selamat datang, Dewi")
    page.goto("/pemilu/kalender/pilkada-2024/?tanggal=2024-10-28")
    page.wait_for_selector("[data-testid=regime-summary]")
    assert "hari ke-34 dari 60" in page.inner_text("[data-testid=regime-summary]")
    assert page.locator(".nt-tl-bar").count() == pilkada.stages.count()
    assert page.locator(".nt-tl-marker").count() == 1
    # The bundled app CSS loaded: the campaign bar has its phase colour.
    bg = page.eval_on_selector(".nt-tl-bar.current", "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("", "rgba(0, 0, 0, 0)")
    # Choosing another date with the date picker.
    page.fill("#id_tanggal", "2024-11-25")
    page.click("text=Tampilkan")
    page.wait_for_selector("text=masa tenang Pilkada 2024, hari ke-2 dari 3")

    page.click("text=Matriks risiko")
    page.wait_for_selector("#nt-risk-matrix")
    counts = page.eval_on_selector_all("#nt-risk-matrix td", "els => els.map(e => +e.dataset.count)")
    assert len(counts) == 25 and sum(counts) == 9
    page.locator("#nt-risk-matrix td:not(.nt-empty) a").first.click()
    page.wait_for_selector("text=Hanya sel kemungkinan")
