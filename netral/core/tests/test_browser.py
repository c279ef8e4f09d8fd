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


@pytest.mark.django_db(transaction=True)
def test_an_import_job_page_follows_the_background_task(page, settings, tmp_path):  # noqa: F811
    """Units import: upload, dry run, apply; the page polls (htmx, no inline script) until the worker is done."""
    from netral.core.models import UnitImport
    from netral.core.tasks import run_import_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # a worker that waits
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    make_user("admin", Role.ADMIN, kanwil, password="sandi-browser-123", first_name="Rina")
    csv = tmp_path / "unit.csv"
    csv.write_text("kode;nama;jenis;kode induk\nLP-1;Lapas Satu;lapas;KW\nLP-2;Lapas Dua;kapal;KW\n")

    page.goto("/masuk/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "sandi-browser-123")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Selamat datang")
    page.goto("/unit/impor/")
    page.set_input_files("#id_file", str(csv))
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_selector("text=Lapas Satu")  # the preview
    page.click("button[value=dry]")
    page.wait_for_selector("text=Hasil uji coba")
    page.click("button[value=run]")
    page.wait_for_selector("text=Dalam antrean")
    job = UnitImport.objects.get()
    assert run_import_job.call("core.unitimport", job.pk) == "done"
    page.wait_for_selector("text=Impor selesai", timeout=10000)  # swapped in by the htmx poll
    assert "Jenis unit tidak dikenal" in page.inner_text("#import-status")
    assert page.locator("#import-status[hx-trigger]").count() == 0  # polling stopped
