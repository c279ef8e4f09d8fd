"""Builds the default letter templates (run once; the .docx files are committed and then edited
in Word by each office):
    DJANGO_SETTINGS_MODULE=netral.settings python -c "import django; django.setup();
        from netral.cases.letters import build_templates as b; b.invitation(); b.minutes()"
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

HERE = Path(__file__).parent


def _base():
    doc = Document()
    for s in doc.sections:
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Cm(2), Cm(2), Cm(2.5), Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    # Single lines and a small gap: a letter with its signature block fits one A4 page.
    style.paragraph_format.space_after, style.paragraph_format.line_spacing = Pt(4), 1.0
    # The letterhead (kop surat): the office logo on the left ({{logo}} alone in its paragraph becomes the
    # picture, or nothing when no logo is set), the office lines centred on the page (a third, empty column as
    # wide as the logo's keeps them centred either way).
    head = doc.add_table(rows=1, cols=3)
    head.autofit = False
    widths = (Cm(2.4), Cm(11.7), Cm(2.4))
    for column, cell, width in zip(head.columns, head.rows[0].cells, widths):
        column.width = cell.width = width
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    logo = head.rows[0].cells[0].paragraphs[0]
    logo.alignment = WD_ALIGN_PARAGRAPH.LEFT
    logo.add_run("{{logo}}")
    text_cell = head.rows[0].cells[1]
    for i, (text, size, bold) in enumerate((("{{instansi}}", 12, True), ("{{kantor}}", 13, True),
                                            ("{{alamat_kantor}}", 10, False))):
        p = text_cell.paragraphs[0] if i == 0 else text_cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(text)
        r.bold, r.font.size = bold, Pt(size)
    doc.add_paragraph("_" * 78).alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _table(doc, rows):
    t = doc.add_table(rows=0, cols=3)
    t.autofit = False
    widths = (Cm(4.5), Cm(0.5), Cm(11.5))
    for column, width in zip(t.columns, widths):  # the grid: what LibreOffice and Word lay out by
        column.width = width
    for a, b in rows:
        cells = t.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = a, ":", b
        for cell, width in zip(cells, widths):
            cell.width = width
    return t


def invitation():
    doc = _base()
    _table(doc, [("Nomor", "{{nomor_surat}}"), ("Sifat", "Segera / Rahasia"), ("Lampiran", "-"),
                 ("Hal", "Undangan klarifikasi (panggilan {{panggilan_ke}})")])
    p = doc.add_paragraph("Yth. Sdr. {{nama_pegawai}}\nNIP/NIK {{nip}}\n{{jabatan}}\ndi {{unit_pegawai}}")
    p.paragraph_format.space_before = Pt(12)
    doc.add_paragraph(
        "Sehubungan dengan dugaan pelanggaran netralitas Aparatur Sipil Negara dalam {{pemilu}} yang tercatat "
        "dengan nomor kasus {{nomor_kasus}} ({{butir_skb}}), dengan hormat Saudara diundang untuk memberikan "
        "klarifikasi pada:")
    _table(doc, [("Hari, tanggal", "{{hari_tanggal}}"), ("Pukul", "{{pukul}}"), ("Tempat", "{{tempat}}"),
                 ("Pemeriksa", "{{pemeriksa}}")])
    doc.add_paragraph(  # after a table: a gap like the one between paragraphs
        "Undangan ini merupakan panggilan {{panggilan_ke}} sesuai Peraturan Pemerintah Nomor 94 Tahun 2021 tentang "
        "Disiplin Pegawai Negeri Sipil Pasal 27. Saudara dimohon hadir tepat waktu dengan membawa kartu identitas "
        "dan dokumen yang berkaitan. Apabila Saudara tidak hadir tanpa alasan yang sah, pemeriksaan dapat "
        "dilanjutkan berdasarkan bukti yang ada.").paragraph_format.space_before = Pt(6)
    # The closing line and the signature block stay together (never a lone signature on the next page).
    doc.add_paragraph("Demikian undangan ini disampaikan untuk dilaksanakan.").paragraph_format.keep_with_next = True
    p = doc.add_paragraph("{{kota}}, {{tanggal_surat}}\nKetua Tim Pengawas Internal\n\n\n\n"
                          "(.................................................)")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.keep_together = True
    doc.save(HERE / "undangan_klarifikasi.docx")


def minutes():
    doc = _base()
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run("BERITA ACARA KLARIFIKASI")
    r.bold = True
    p = doc.add_paragraph("Nomor kasus: {{nomor_kasus}}")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "Pada hari ini {{hari_tanggal}} pukul {{pukul}} bertempat di {{tempat}}, kami yang bertanda tangan di bawah "
        "ini, {{pemeriksa}}, telah melakukan klarifikasi terhadap:")
    _table(doc, [("Nama", "{{nama_pegawai}}"), ("NIP/NIK", "{{nip}}"), ("Jenis pegawai", "{{jenis_pegawai}}"),
                 ("Jabatan", "{{jabatan}}"), ("Unit kerja", "{{unit_pegawai}}")])
    doc.add_paragraph(
        "berdasarkan undangan klarifikasi (panggilan {{panggilan_ke}}) yang diterima pada {{tanggal_panggilan}}, "
        "terkait dugaan pelanggaran: {{uraian}} (butir SKB: {{butir_skb}}).").paragraph_format.space_before = Pt(6)
    doc.add_paragraph("Pertanyaan dan jawaban:")
    t = doc.add_table(rows=6, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(("No.", "Pertanyaan", "Jawaban")):
        t.rows[0].cells[i].text = h
    for n in range(1, 6):
        t.rows[n].cells[0].text = str(n)
    p = doc.add_paragraph("Demikian berita acara ini dibuat dengan sebenarnya, dibaca kembali, dan ditandatangani "
                          "oleh yang diklarifikasi dan pemeriksa.")
    p.paragraph_format.space_before = Pt(12)
    p.paragraph_format.keep_with_next = True  # the closing line and the signatures stay on one page
    t = doc.add_table(rows=1, cols=2)
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    t.rows[0].cells[0].text = "\nYang diklarifikasi,\n\n\n\n{{nama_pegawai}}"
    t.rows[0].cells[1].text = "{{kota}}, {{hari_tanggal}}\nPemeriksa,\n\n\n\n{{pemeriksa}}"
    doc.save(HERE / "berita_acara_klarifikasi.docx")


if __name__ == "__main__":
    invitation()
    minutes()
