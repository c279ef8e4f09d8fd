import pytest

from netral.browser import page  # noqa: F401  (fixture)
from netral.test import make_unit
from netral.whistle.models import Message, Report
from netral.whistle.tests.helpers import jpeg_with_gps


@pytest.mark.django_db(transaction=True)
def test_a_reporter_files_on_a_phone_and_follows_it_with_the_code(page, live_server):  # noqa: F811
    kanwil = make_unit("KW", "kanwil", name="Kanwil Browser")
    make_unit("UPT", "lapas", kanwil, name="Lapas Browser")
    requests, violations = [], []
    page.on("request", lambda req: requests.append(req.url))
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto("/lapor/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    page.fill("#id_what", "Petugas membagikan poster paslon di grup WhatsApp pegawai dan mengajak memilih.")
    page.select_option("#id_unit", label="Lapas Browser")
    page.set_input_files("#id_files", files=[{"name": "bukti.jpg", "mimeType": "image/jpeg",
                                               "buffer": jpeg_with_gps()}])
    page.click("button[type=submit]")
    receipt = page.locator("[data-testid=receipt]").inner_text().strip()
    assert len(receipt.replace(" ", "")) == 16 and receipt.count(" ") == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.check("#id_confirmed")
    page.click("text=Selesai")
    page.click("text=Lihat status pengaduan")
    page.fill("#id_code", receipt)
    page.click("button[type=submit]")
    assert page.locator("[data-testid=status]").inner_text() == "Diterima, belum ditelaah"
    page.fill("#id_text", "Saya punya tangkapan layar tambahan.")
    page.click("button:has-text('Kirim')")
    page.wait_for_selector("text=Terkirim. Terima kasih.")

    report = Report.objects.get()
    assert report.unit.code == "UPT" and report.attachments.count() == 1
    assert Message.objects.get(report=report).text() == "Saya punya tangkapan layar tambahan."
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert violations == []
    cookies = {c["name"] for c in page.context.cookies()}
    assert cookies <= {"csrftoken"}
