import pytest

from netral.browser import page  # noqa: F401  (fixture)
from netral.core.models import Role
from netral.elections.actions import adopt_templates
from netral.elections.models import Election
from netral.elections.reference import load_reference_data
from netral.test import make_unit, make_user


@pytest.mark.django_db(transaction=True)
def test_pages_render_under_the_strict_csp_without_violations(page):  # noqa: F811
    load_reference_data()
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    upt = make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    make_user("pengawas", Role.PENGAWAS, kanwil, password="sandi-browser-123", first_name="Dewi")
    adopt_templates(upt, Election.objects.get(slug="pilkada-2024"))
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto("/masuk/")
    page.fill("#id_username", "pengawas")
    page.fill("#id_password", "sandi-browser-123")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Selamat datang, Dewi")
    page.goto("/pemilu/kalender/pilkada-2024/?tanggal=2024-10-28")
    page.wait_for_selector(".nt-tl-marker")
    # Positions come from data attributes, applied by netral.js (no inline style="" in the HTML).
    left = page.eval_on_selector(".nt-tl-marker", "e => e.style.left")
    assert left.endswith("%") and float(left[:-1]) > 0
    page.goto("/akun/keamanan/")
    page.wait_for_selector("text=Riwayat masuk")
    page.goto("/akun/2fa/")
    page.wait_for_selector("img.nt-qr-img")
    assert page.eval_on_selector("img.nt-qr-img", "e => e.naturalWidth") > 0
    assert violations == []
