"""Builds the default letter templates (run once; the .docx files are committed and then edited
in Word by each office):  python -m netral.cases.letters.build_templates"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).parent


def _base():
    doc = Document()
    for s in doc.sections:
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Cm(2), Cm(2), Cm(2.5), Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    for text, size, bold in (("{{instansi}}", 12, True), ("{{kantor}}", 13, True), ("{{alamat_kantor}}", 10, False)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(text)
        r.bold, r.font.size = bold, Pt(size)
    doc.add_paragraph("_" * 78).alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def _table(doc, rows):
    t = doc.add_table(rows=0, cols=3)
    for a, b in rows:
        cells = t.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = a, ":", b
        cells[0].width, cells[1].width, cells[2].width = Cm(4.5), Cm(0.5), Cm(11)
    return t


def invitation():
    doc = _base()
    _table(doc, [("Nomor", "{{nomor_surat}}"), ("Sifat", "Segera / Rahasia"), ("Lampiran", "-"),
                 ("Hal", "Undangan klarifikasi (panggilan {{panggilan_ke}})")])
    doc.add_paragraph()
    doc.add_paragraph("Yth. Sdr. {{nama_pegawai}}\nNIP/NIK {{nip}}\n{{jabatan}}\ndi {{unit_pegawai}}")
    doc.add_paragraph(
        "Sehubungan dengan dugaan pelanggaran netralitas Aparatur Sipil Negara dalam {{pemilu}} yang tercatat "
        "dengan nomor kasus {{nomor_kasus}} ({{butir_skb}}), dengan hormat Saudara diundang untuk memberikan "
        "klarifikasi pada:")
    _table(doc, [("Hari, tanggal", "{{hari_tanggal}}"), ("Pukul", "{{pukul}}"), ("Tempat", "{{tempat}}"),
                 ("Pemeriksa", "{{pemeriksa}}")])
    doc.add_paragraph(
        "Undangan ini merupakan panggilan {{panggilan_ke}} sesuai Peraturan Pemerintah Nomor 94 Tahun 2021 tentang "
        "Disiplin Pegawai Negeri Sipil Pasal 27. Saudara dimohon hadir tepat waktu dengan membawa kartu identitas "
        "dan dokumen yang berkaitan. Apabila Saudara tidak hadir tanpa alasan yang sah, pemeriksaan dapat "
        "dilanjutkan berdasarkan bukti yang ada.")
    doc.add_paragraph("Demikian undangan ini disampaikan untuk dilaksanakan.")
    p = doc.add_paragraph("{{kota}}, {{tanggal_surat}}\nKetua Tim Pengawas Internal\n\n\n\n"
                          "(.................................................)")
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
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
        "terkait dugaan pelanggaran: {{uraian}} (butir SKB: {{butir_skb}}).")
    doc.add_paragraph("Pertanyaan dan jawaban:")
    t = doc.add_table(rows=6, cols=3)
    t.style = "Table Grid"
    for i, h in enumerate(("No.", "Pertanyaan", "Jawaban")):
        t.rows[0].cells[i].text = h
    for n in range(1, 6):
        t.rows[n].cells[0].text = str(n)
    doc.add_paragraph()
    doc.add_paragraph("Demikian berita acara ini dibuat dengan sebenarnya, dibaca kembali, dan ditandatangani oleh "
                      "yang diklarifikasi dan pemeriksa.")
    t = doc.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text = "Yang diklarifikasi,\n\n\n\n{{nama_pegawai}}"
    t.rows[0].cells[1].text = "{{kota}}, {{hari_tanggal}}\nPemeriksa,\n\n\n\n{{pemeriksa}}"
    doc.save(HERE / "berita_acara_klarifikasi.docx")


if __name__ == "__main__":
    invitation()
    minutes()
