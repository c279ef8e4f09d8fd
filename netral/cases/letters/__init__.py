"""Letters of a case as .docx: the invitation to a clarification hearing (undangan klarifikasi)
and its minutes (berita acara klarifikasi).

The templates are ordinary Word files in this folder (`build_templates.py` made the defaults) with placeholders such as
`{{nama_pegawai}}`; an office edits them in Word (or puts its own files with the same names in
the folder named by the CASE_LETTER_DIR setting, which wins). `render()` replaces the
placeholders paragraph by paragraph, in table cells, headers and footers, so a placeholder that
Word has split over several runs is still found. `letterhead()` is the one place the office
identity comes from (the Admin-set office profile, else the case's Kanwil from the unit tree);
`{{logo}}` alone in a paragraph (the default templates have it in the letterhead's left cell)
becomes the profile's logo, or nothing when none is set.

The letters are documents the office signs: they stay in Indonesian (dates, days, months) whatever
language the user reads the interface in.
"""

import io
import logging
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from netral.core.dates import DOCUMENT_LANGUAGE, tanggal_id, weekday_name

TEMPLATE_DIR = Path(__file__).parent
TEMPLATES = {"invitation": "undangan_klarifikasi.docx", "minutes": "berita_acara_klarifikasi.docx"}
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
LOGO_HEIGHT_CM, LOGO_MAX_WIDTH_CM = 2.0, 2.3  # fits the 2.4 cm left cell of the default letterhead
log = logging.getLogger(__name__)
# Characters XML 1.0 (and so Word) cannot hold: a pasted control character must not break a letter.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value):
    return NOT_XML.sub("", str(value))


def letterhead(case):
    """Office identity for the letter head: the Admin-set office profile (core.office_for), else the
    Kanwil of the case from the unit tree."""
    from netral.core.models import office_for

    profile = office_for(case.unit)
    if profile.pk:
        return {"instansi": profile.parent_name.upper(), "kantor": profile.name.upper(),
                "alamat_kantor": profile.address or "", "kota": profile.city or ""}
    office = case.kanwil()
    parent = office.parent.name if office.parent_id else ""
    return {"instansi": parent.upper(), "kantor": office.name.upper(), "alamat_kantor": office.address or "",
            "kota": (office.regency or office.province or "").replace("Kota ", "").replace("Kabupaten ", "")}


def letterhead_logo(case):
    """The bytes of the office logo for the letter head, or b"" (no profile, no logo, file lost)."""
    from netral.core.models import office_for

    profile = office_for(case.unit)
    if not (profile.pk and profile.logo):
        return b""
    try:
        with profile.logo.open("rb") as fh:
            return fh.read()
    except OSError:
        log.warning("office logo %s is missing; letters go out without it", profile.logo.name)
        return b""


def hari_tanggal(dt):
    local = timezone.localtime(dt) if timezone.is_aware(dt) else dt
    return f"{weekday_name(local.weekday(), language=DOCUMENT_LANGUAGE)}, {tanggal_id(local.date())}"


def context_for(case, hearing=None):
    # A letter is a document the office signs: Indonesian (day and month names, SKB labels, employee type)
    # whatever the language of the person who generates it.
    with translation.override(DOCUMENT_LANGUAGE):
        return _context_for(case, hearing)


def _context_for(case, hearing=None):
    ctx = dict(letterhead(case))
    ctx["logo"] = letterhead_logo(case)
    employees = list(case.employees.all())
    emp = hearing.employee if hearing else (employees[0] if employees else None)
    ctx.update({
        "nomor_kasus": case.number, "judul_kasus": case.title, "uraian": case.description or case.title,
        "butir_skb": "; ".join(str(x) for x in case.skb_labels()) or "-",
        "unit_kerja": case.unit.name, "tanggal_surat": tanggal_id(timezone.localdate()),
        "nama_pegawai": emp.name if emp else "-", "nip": emp.identifier if emp else "-",
        "jabatan": (emp.position or "-") if emp else "-", "unit_pegawai": emp.unit.name if emp else "-",
        "jenis_pegawai": emp.get_employment_type_display() if emp else "-",
        "pemilu": case.election.name if case.election_id else "-",
    })
    if hearing:
        local = timezone.localtime(hearing.scheduled_at)
        ctx.update({
            "nomor_surat": hearing.letter_number or "-", "panggilan_ke": "pertama" if hearing.summons == 1 else "kedua",
            "hari_tanggal": hari_tanggal(hearing.scheduled_at), "pukul": local.strftime("%H.%M") + " WIB",
            "tempat": hearing.place, "pemeriksa": hearing.examiner or "-",
            "tanggal_panggilan": tanggal_id(hearing.summons_sent_on),
        })
    return ctx


def template_path(kind):
    name = TEMPLATES[kind]
    override = getattr(settings, "CASE_LETTER_DIR", "")
    if override and (Path(override) / name).exists():
        return Path(override) / name
    return TEMPLATE_DIR / name


def _put_logo(p, data):
    """Replace the paragraph's text by the logo picture (height 2 cm, at most 2.3 cm wide), or by nothing."""
    from docx.image.image import Image
    from docx.shared import Cm

    for r in p.runs:
        r.text = ""
    if not data:
        return
    try:
        image = Image.from_blob(data)
        px_w, px_h = image.px_width, image.px_height
    except Exception:  # noqa: BLE001 - a logo python-docx cannot read must not stop the letter
        log.warning("office logo not readable as PNG/JPEG; letter goes out without it")
        return
    height = Cm(LOGO_HEIGHT_CM)
    width = int(height * px_w / max(px_h, 1))
    if width > Cm(LOGO_MAX_WIDTH_CM):
        width = Cm(LOGO_MAX_WIDTH_CM)
        height = int(width * px_h / max(px_w, 1))
    p.runs[0].add_picture(io.BytesIO(data), width=width, height=height)


def _value(ctx, name, raw):
    if name == "logo":  # only a paragraph of its own becomes the picture (_put_logo)
        return ""
    return _xml_safe(ctx.get(name, raw))


def _replace_in_paragraph(p, ctx):
    text = "".join(r.text for r in p.runs)
    if "{{" not in text:
        return
    whole = PLACEHOLDER.fullmatch(text.strip())
    if whole and whole.group(1) == "logo" and "logo" in ctx:
        _put_logo(p, ctx["logo"])
        return
    new = PLACEHOLDER.sub(lambda m: _value(ctx, m.group(1), m.group(0)), text)
    if new == text:
        return
    # Keep the first run's formatting for the whole paragraph: placeholders split by Word over
    # several runs are found this way.
    p.runs[0].text = new
    for r in p.runs[1:]:
        r.text = ""


def _paragraphs(doc):
    def walk(container):
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(doc)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header):
            yield from walk(part)


def render(kind, ctx):
    """bytes of the .docx for `kind` with `ctx` filled in."""
    from docx import Document

    doc = Document(str(template_path(kind)))
    for p in _paragraphs(doc):
        _replace_in_paragraph(p, ctx)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_text(data: bytes) -> str:
    """All text of a .docx (body, tables, headers): for tests and previews."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in _paragraphs(doc))
