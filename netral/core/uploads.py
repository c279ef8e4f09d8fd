"""What an uploaded file really is, read from its content, never from its name.

`check_content(f, kinds)` is called by `core.forms.validate_upload(..., kinds=[...])`, the one
upload check every upload field uses (pact scans, event materials, decrees, regulations, evidence
screenshots). It refuses, with Indonesian messages:
- a file whose bytes are not one of the accepted kinds (an HTML page renamed .jpg or .pdf);
- markup (HTML, SVG, XML) anywhere an image or document is expected: an SVG can carry scripts;
- a PDF with embedded JavaScript or auto-run actions;
- an image Pillow cannot decode or that decompresses to an absurd size (pixel bomb);
- an .xlsx or .docx whose zip would expand past XLSX_MAX_EXPANDED bytes or with an absurd ratio (zip bomb), or a
  zip that is not such a document.
Spreadsheet imports additionally go through core.tabular's reader and its own limits.
"""

import re
import zipfile

from django import forms
from django.utils.translation import gettext as _

LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "xlsx": "Excel (.xlsx)",
          "docx": "Word (.docx)", "csv": "CSV"}
IMAGE_KINDS = {"jpeg", "png", "gif", "webp"}
XLSX_MAX_EXPANDED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 200
IMAGE_MAX_PIXELS = 60_000_000
MARKUP = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script|<head|<body|<iframe|<\!--)", re.I)
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


def sniff(head: bytes) -> str:
    """The kind the first bytes say: pdf, jpeg, png, gif, webp, zip, markup, binary or text."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    body = head.lstrip(b"\xef\xbb\xbf")
    if MARKUP.match(body) or re.search(rb"<(svg|script|html)[\s>]", body[:1024], re.I):
        return "markup"
    if b"\x00" in head:
        return "binary"
    return "text"


def _refuse(message):
    raise forms.ValidationError(message, code="content")


def _read_all(f) -> bytes:
    f.seek(0)
    data = f.read()
    f.seek(0)
    return data


def check_content(f, kinds, message=None) -> str:
    """The accepted kind the file really is; ValidationError otherwise. `message` replaces the
    generic "not one of ..." message (specific dangers keep their own)."""
    f.seek(0)
    head = f.read(2048)
    f.seek(0)
    found = sniff(head)
    wanted = ", ".join(LABELS.get(k, k) for k in kinds)
    if found == "markup":
        _refuse(message or _("Isi berkas adalah HTML/SVG/XML, bukan %(kinds)s. Jenis berkas diperiksa dari "
                             "isinya, bukan dari namanya.") % {"kinds": wanted})
    if found == "zip" and "xlsx" in kinds:
        _check_xlsx(f)
        return "xlsx"
    if found == "zip" and "docx" in kinds:
        _check_xlsx(f, part="word/", what=_("Word"), not_it=_("Berkas ZIP ini bukan dokumen Word (.docx)."))
        return "docx"
    if found == "text" and "csv" in kinds:
        return "csv"
    if found not in kinds:
        _refuse(message or _("Isi berkas bukan %(kinds)s yang sah. Jenis berkas diperiksa dari isinya, bukan dari "
                             "namanya.") % {"kinds": wanted})
    if found == "pdf" and PDF_ACTIVE.search(_read_all(f)):
        _refuse(_("PDF ini berisi JavaScript atau tindakan otomatis; tidak diterima. Cetak ulang ke PDF biasa."))
    if found in IMAGE_KINDS:
        _check_image(f)
    return found


def _check_image(f):
    from PIL import Image

    try:
        with Image.open(f) as img:
            if img.width * img.height > IMAGE_MAX_PIXELS:
                _refuse(_("Gambar terlalu besar (%(w)d×%(h)d piksel).") % {"w": img.width, "h": img.height})
            img.verify()
    except forms.ValidationError:
        raise
    except Exception:  # Pillow raises many kinds for a broken or hostile image
        _refuse(_("Gambar rusak atau tidak dapat dibaca."))
    finally:
        f.seek(0)


def _check_xlsx(f, part="xl/", what=None, not_it=None):
    """An Office document (an .xlsx; a .docx with part="word/"): a zip with its content types and its part folder,
    not inflating past XLSX_MAX_EXPANDED or XLSX_MAX_RATIO."""
    try:
        with zipfile.ZipFile(f) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            expanded = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
    except (zipfile.BadZipFile, OSError, ValueError):
        _refuse(_("Berkas %(what)s rusak atau tidak sah.") % {"what": what} if what
                else _("Berkas Excel rusak atau bukan .xlsx yang sah."))
    finally:
        f.seek(0)
    if "[Content_Types].xml" not in names or not any(n.startswith(part) for n in names):
        _refuse(not_it or _("Berkas ZIP ini bukan berkas Excel (.xlsx)."))
    if expanded > XLSX_MAX_EXPANDED or expanded / packed > XLSX_MAX_RATIO:
        _refuse(_("Berkas Excel ini mengembang menjadi %(mb)d MB saat dibuka (kemungkinan bom zip); tidak "
                  "diterima.") % {"mb": expanded // (1024 * 1024)} if not what
                else _("Berkas %(what)s ini mengembang menjadi %(mb)d MB saat dibuka (kemungkinan bom zip); tidak "
                       "diterima.") % {"what": what, "mb": expanded // (1024 * 1024)})
