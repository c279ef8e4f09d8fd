import pytest

from netral.browser import page  # noqa: F401  (fixture)
from netral.core.models import Role
from netral.test import make_unit, make_user


@pytest.mark.django_db(transaction=True)
def test_it_logs_in_and_sees_the_dashboard(page):  # noqa: F811
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    make_user("pimpinan", Role.PIMPINAN, kanwil, password="sandi-browser-123", first_name="Tejo")

    page.goto("/")
    assert "/masuk/" in page.url
    page.fill("#id_username", "pimpinan")
    page.fill("#id_password", "sandi-browser-123")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Selamat datang, Tejo")
    assert page.locator(".nt-card-label", has_text="Unit kerja dalam cakupan").count() == 1
    # The bundled CSS loaded (no CDN): the top bar is styled.
    bg = page.eval_on_selector(".nt-topbar", "e => getComputedStyle(e).backgroundImage")
    assert "gradient" in bg
    page.click("text=Unit kerja")
    page.wait_for_selector("text=Lapas Browser")
