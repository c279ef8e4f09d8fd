import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.whistle import actions
from netral.whistle.models import Report

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% RAHASIA-PDF-BUKTI-42\ntrailer<<>>\n%%EOF\n"


def jpeg_with_gps(color=(200, 30, 30)):
    """A small JPEG whose EXIF holds a camera model and GPS coordinates."""
    from PIL import Image

    im = Image.new("RGB", (40, 30), color)
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    exif[0x0110] = "PonselPelapor X1"  # Model
    gps = {1: "S", 2: (6.0, 58.0, 30.0), 3: "E", 4: (110.0, 25.0, 10.0)}
    exif[0x8825] = gps
    buf = io.BytesIO()
    im.save(buf, format="JPEG", exif=exif.tobytes())
    return buf.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(**extra):
    data = {"what": "Kepala seksi mengajak staf memilih paslon nomor 2 saat apel pagi.",
            "subject_name": "Pak Rahasia", "subject_unit": "Seksi umum", "subject_nip": "",
            "occurred": "Senin lalu", "place": "Aula", "platform": "", "link": "", "contact": ""}
    data.update(extra)
    return data


def make_report(unit=None, text="Isi pengaduan uji yang cukup panjang.", files=()):
    from netral.whistle.uploads import evidence_from_bytes

    evidence = [evidence_from_bytes(name, data) for name, data in files]
    report, code = actions.submit_report(form_data(what=text), evidence, unit=unit)
    return Report.objects.get(pk=report.pk), code


def submit(client, **extra):
    files = extra.pop("files", None)
    data = form_data(**extra)
    if files:
        data["files"] = files
    return client.post(reverse("whistle_form"), data, **extra.pop("headers", {}))


def receipt_from(response):
    import re

    m = re.search(rb"(\d{4} \d{4} \d{4} \d{4})", response.content)
    assert m, "no receipt on the page"
    return m.group(1).decode()
