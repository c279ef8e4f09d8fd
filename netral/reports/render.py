"""The monev report's files, drawn only from the report's stored figures (its snapshot) and its
own fields (recommendations, signature block): rendering the same report again gives the same
numbers, whatever the database holds today.

The PDF and the workbook are the document the head of office signs: they are written in Indonesian
whatever the language of the person who downloads them (`translation.override`), like the pact and
the case letters. The labels used on pages (`period_label`, `bucket_label`) follow the reader's language."""

import io
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.core.tabular import safe_cell
from netral.core.dates import DOCUMENT_LANGUAGE, long_date, month_name, tanggal_id
from netral.reports import charts


def day(iso):
    return date.fromisoformat(iso) if iso else None


def period_label(fig):
    p = fig["params"]
    return f"{long_date(day(p['date_from']))} – {long_date(day(p['date_to']))}"


def bucket_label(iso, granularity):
    d = day(iso)
    if granularity == "week":
        return f"{d.day} {month_name(d.month, short=True)}"
    return f"{month_name(d.month, short=True)} {d.year % 100:02d}"


def num(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        text = f"{v:,.1f}" if round(v, 1) == v else f"{v:,.2f}"  # per-100 figures keep two decimals
        return text.replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{v:,}".replace(",", ".")


def computed_label(fig, language=None):
    """When the figures were computed, office time: '2 Desember 2026, 02.47 WIB'."""
    at = timezone.localtime(datetime.fromisoformat(fig["computed_at"]))
    return f"{long_date(at.date(), language=language)}, {at:%H.%M} {at.tzname()}"


def summary_rows(fig):
    """(label, value, note) rows of the summary: the same list in PDF, workbook and dashboard."""
    pb, mon, fd, total = fig["pembinaan"], fig["monitoring"], fig["findings"], fig["total"]
    cases = fig["cases"]
    rows = [
        (_("Pegawai aktif dalam cakupan"), fig["staff"]["total"], ""),
        (_("Pegawai mengikuti sosialisasi"), pb["reached"], f"{num(pb['reached_pct'])}%"),
        (_("Pegawai mengikuti ikrar"), pb["ikrar"], f"{num(pb['ikrar_pct'])}%"),
        (_("Pegawai menandatangani pakta integritas"), pb["signed"], f"{num(pb['signed_pct'])}%"),
        (_("Pegawai dengan akun media sosial terpantau"), mon["monitored"], f"{num(mon['monitored_pct'])}%"),
        (_("Akun media sosial terpantau"), mon["accounts"], ""),
        (_("Konten tertangkap dalam periode"), mon["content"], ""),
        (_("Temuan dalam periode"), fd["total"], ""),
        (_("Temuan dikonfirmasi pelanggaran"), fd["confirmed"], ""),
        (_("Pegawai dengan temuan berulang (≥ 2)"), fd["repeat_count"], ""),
        (_("Temuan dikonfirmasi per 100 pegawai"), total["per_100"], ""),
    ]
    if cases.get("available"):
        rows += [
            (_("Kasus dalam periode"), cases["total"], ""),
            (_("Kasus diputus"), cases["decided"], ""),
            (_("Kasus diputus dalam tenggat"), cases["within_deadline"], f"{num(cases['within_deadline_pct'])}%"),
            (_("Median hari dari temuan sampai keputusan"), cases["median_days"], _("hari")),
            (_("Kasus melewati tenggat (masih berjalan)"), cases["overdue"], ""),
        ]
    rows.append((_("Titik rawan terbuka"), fig["risk"]["open"], ""))
    return rows


def narrative(fig):
    """Sentences of the summary, from the figures only."""
    pb, mon, fd = fig["pembinaan"], fig["monitoring"], fig["findings"]
    staff = fig["staff"]["total"]
    out = [
        _("Dalam periode %(period)s, cakupan laporan ini meliputi %(staff)s pegawai aktif pada %(units)s unit kerja.")
        % {"period": period_label(fig), "staff": num(staff), "units": num(len(fig["units"]))},
        _("Sebanyak %(r)s pegawai (%(rp)s%%) telah mengikuti sosialisasi netralitas, %(i)s pegawai (%(ip)s%%) "
          "mengikuti ikrar, dan %(s)s pegawai (%(sp)s%%) telah menandatangani pakta integritas; %(p)s pakta belum "
          "ditandatangani.") % {"r": num(pb["reached"]), "rp": num(pb["reached_pct"]), "i": num(pb["ikrar"]),
                                "ip": num(pb["ikrar_pct"]), "s": num(pb["signed"]), "sp": num(pb["signed_pct"]),
                                "p": num(pb["pending"])},
        _("Tim memantau %(a)s akun media sosial milik %(m)s pegawai (%(mp)s%%) dan menangkap %(c)s konten. "
          "Dari konten tersebut tercatat %(f)s temuan, %(k)s di antaranya dikonfirmasi sebagai pelanggaran.")
        % {"a": num(mon["accounts"]), "m": num(mon["monitored"]), "mp": num(mon["monitored_pct"]),
           "c": num(mon["content"]), "f": num(fd["total"]), "k": num(fd["confirmed"])},
    ]
    top = [r for r in fd["by_skb"] if r["n"]]
    if top:
        out.append(_("Kategori pelanggaran terbanyak adalah “%(label)s” (%(pct)s%% dari temuan yang dikonfirmasi).")
                   % {"label": top[0]["label"], "pct": num(top[0]["pct"])})
    cases = fig["cases"]
    if cases.get("available") and not cases["total"]:
        out.append(_("Tidak ada kasus dugaan pelanggaran yang dibuka dalam periode ini."))
    elif cases.get("available"):
        out.append(_("Dari %(t)s kasus, %(d)s telah diputus; %(w)s%% diputus dalam tenggat, dengan median "
                     "%(m)s hari dari temuan sampai keputusan.")
                   % {"t": num(cases["total"]), "d": num(cases["decided"]), "w": num(cases["within_deadline_pct"]),
                      "m": num(cases["median_days"])})
    risk = fig["risk"]
    out.append(_("Terdapat %(o)s titik rawan yang masih terbuka; %(d)s tindakan mitigasi selesai, %(p)s berjalan, "
                 "%(n)s belum dimulai, dan %(l)s melewati tenggat.")
               % {"o": num(risk["open"]), "d": num(risk["mitigations"]["done"]),
                  "p": num(risk["mitigations"]["in_progress"]), "n": num(risk["mitigations"]["open"]),
                  "l": num(risk["mitigations"]["overdue"])})
    return out


def context(report):
    fig = report.figures
    fd = fig["findings"]
    gran = fd["granularity"]
    skb_rows = [r for r in fd["by_skb"] if r["n"] or r.get("pilkada2020") or r.get("pemilu2024")]
    return {
        "r": report, "fig": fig, "period": period_label(fig), "office": report.office or {},
        "summary": [(label, num(v), note) for label, v, note in summary_rows(fig)],
        "narrative": narrative(fig),
        "report_date": tanggal_id(report.report_date),
        "recommendations": [p.strip() for p in (report.recommendations or "").split("\n") if p.strip()],
        "chart_coverage": charts.hbars(
            [(u["name"], [u["reached_pct"], u["signed_pct"]]) for u in fig["units"] if u["staff"]][:25],
            series=[(_("Sosialisasi"), charts.BLUE), (_("Pakta sah"), charts.ORANGE)], suffix="%", width=620,
            bar=8, gap=5, label_w=220),
        "chart_series": charts.vbars([(bucket_label(s["start"], gran), s["n"]) for s in fd["series"]], width=620),
        "chart_skb": charts.hbars(
            [(r["label"], [r["pct"], r.get("pilkada2020"), r.get("pemilu2024")]) for r in skb_rows][:10],
            series=[(_("Unit ini"), charts.BLUE), ("Pilkada 2020", charts.GREY), ("Pemilu 2024", charts.ORANGE)],
            suffix="%", label_w=260, width=620, bar=9),
        "chart_platform": charts.hbars([(r["label"], r["n"]) for r in fd["by_platform"]], width=620),
        "units": fig["units"], "num": num,
        "computed_at": computed_label(fig, language=DOCUMENT_LANGUAGE),
    }


def render_pdf(report) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(DOCUMENT_LANGUAGE):  # a signed document: Indonesian whoever downloads it
        html = render_to_string("reports/monev_pdf.html", context(report))
    # Nothing is fetched: no network, no local files (charts are inline SVG).
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


# --- Excel --------------------------------------------------------------------------------------

def safe(value):
    """A text cell starting with = + - @ would be a formula in Excel: neutralise it (the one rule,
    core.tabular.safe_cell). An empty cell stays empty."""
    return None if value is None else safe_cell(value)


class Sheet:
    def __init__(self, wb, title):
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws = wb.create_sheet(title[:31])
        self.row = 1
        self.bold = Font(bold=True)
        self.head_font = Font(bold=True, color="FFFFFF")
        self.head_fill = PatternFill("solid", fgColor="1F4E79")
        self.total_fill = PatternFill("solid", fgColor="E8EEF4")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.widths = {}

    def title(self, text, sub=""):
        from openpyxl.styles import Font

        c = self.ws.cell(self.row, 1, safe(text))
        c.font = Font(bold=True, size=13)
        self.row += 1
        if sub:
            self.ws.cell(self.row, 1, safe(sub))
            self.row += 1
        self.row += 1

    def table(self, header, rows, *, pct_cols=(), total=None):
        for j, h in enumerate(header, 1):
            c = self.ws.cell(self.row, j, safe(h))
            c.font, c.fill, c.alignment = self.head_font, self.head_fill, self.wrap
            self.widths[j] = max(self.widths.get(j, 8), min(60, len(str(h)) + 2))
        self.ws.freeze_panes = self.ws.cell(self.row + 1, 1) if self.ws.freeze_panes is None else self.ws.freeze_panes
        self.row += 1
        for r in list(rows) + ([total] if total else []):
            for j, v in enumerate(r, 1):
                c = self.ws.cell(self.row, j, safe(v))
                if j - 1 in pct_cols and isinstance(v, int | float):
                    c.number_format = "0.0"
                elif isinstance(v, int):
                    c.number_format = "#,##0"
                if total is not None and r is total:
                    c.font, c.fill = self.bold, self.total_fill
                self.widths[j] = max(self.widths.get(j, 8), min(60, len(str(v)) + 2))
            self.row += 1
        self.row += 1

    def text(self, lines):
        for line in lines:
            c = self.ws.cell(self.row, 1, safe(line))
            c.alignment = self.wrap
            self.row += 1
        self.widths[1] = max(self.widths.get(1, 8), 100)
        self.row += 1

    def finish(self):
        from openpyxl.utils import get_column_letter

        for j, w in self.widths.items():
            self.ws.column_dimensions[get_column_letter(j)].width = w


SHEETS = ["Ringkasan", "Pembinaan", "Pemantauan", "Penanganan kasus", "Titik rawan", "Rekomendasi", "Lampiran unit"]


def render_xlsx(report) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):  # the workbook goes with the signed report: Indonesian
        return _render_xlsx(report)


def _render_xlsx(report) -> bytes:
    from openpyxl import Workbook

    fig = report.figures
    wb = Workbook()
    wb.remove(wb.active)
    sub = f"{report.title} · {period_label(fig)}"
    pb, mon, fd, total = fig["pembinaan"], fig["monitoring"], fig["findings"], fig["total"]

    s = Sheet(wb, SHEETS[0])
    s.title(_("Ringkasan"), sub)
    s.table([_("Angka"), _("Nilai"), _("Keterangan")], summary_rows(fig))
    s.text(narrative(fig))
    s.finish()

    s = Sheet(wb, SHEETS[1])
    s.title(_("Pembinaan: sosialisasi, ikrar, pakta integritas"), sub)
    # "% x" looks like a printf directive to xgettext; these headers are never %-formatted.
    s.table([_("Unit kerja"), _("Pegawai aktif"), _("Sosialisasi"),
             # xgettext:no-python-format
             _("% sosialisasi"), _("Ikrar"),
             # xgettext:no-python-format
             _("% ikrar"),
             _("Pakta sah"), _("% pakta"), _("Pakta belum")],
            [(u["name"], u["staff"], u["reached"], u["reached_pct"], u["ikrar"], u["ikrar_pct"], u["signed"],
              u["signed_pct"], u["pending"]) for u in fig["units"]],
            pct_cols=(3, 5, 7),
            total=(_("Jumlah"), total["staff"], total["reached"], total["reached_pct"], total["ikrar"],
                   total["ikrar_pct"], total["signed"], total["signed_pct"], total["pending"]))
    s.table([_("Kegiatan"), _("Jenis"), _("Tanggal"), _("Hadir (dalam cakupan)")],
            [(e["title"], e["kind"], e["date"], e["attended"]) for e in pb["events"]])
    s.finish()

    s = Sheet(wb, SHEETS[2])
    s.title(_("Pemantauan: akun, konten, temuan"), sub)
    s.table([_("Akun per platform"), _("Jumlah")], [(r["label"], r["n"]) for r in mon["accounts_by_platform"]],
            total=(_("Jumlah"), mon["accounts"]))
    s.table([_("Temuan per label"), _("Jumlah")], [(r["label"], r["n"]) for r in fd["by_label"]])
    s.table([_("Temuan per status"), _("Jumlah")], [(r["label"], r["n"]) for r in fd["by_status"]],
            total=(_("Jumlah"), fd["total"]))
    s.table([_("Temuan per platform"), _("Jumlah"), _("Dikonfirmasi")],
            [(r["label"], r["n"], r["confirmed"]) for r in fd["by_platform"]])
    s.table([_("Periode mulai"), _("Temuan"), _("Dikonfirmasi"), _("Partisan"), _("Ujaran kebencian"), _("Hoaks")],
            [(r["start"], r["n"], r["confirmed"], r["partisan"], r["hate"], r["hoax"]) for r in fd["series"]])
    s.table([_("Kategori SKB"), _("Dikonfirmasi"),
             # xgettext:no-python-format
             _("% unit ini"), _("% Pilkada 2020"), _("% Pemilu 2024")],
            [(r["label"], r["n"], r["pct"], r.get("pilkada2020"), r.get("pemilu2024")) for r in fd["by_skb"]],
            pct_cols=(2, 3, 4))
    s.table([_("Pegawai dengan temuan berulang"), _("NIP / ID"), _("Unit kerja"), _("Temuan dikonfirmasi")],
            [(r["name"], r["nip"], r["unit"], r["n"]) for r in fd["repeat_offenders"]])
    s.table([_("Unit (temuan per 100 pegawai)"), _("Pegawai"), _("Dikonfirmasi"), _("Per 100 pegawai")],
            [(r["name"], r["staff"], r["confirmed"], r["per_100"]) for r in fig["per_100"]], pct_cols=(3,))
    s.finish()

    s = Sheet(wb, SHEETS[3])
    s.title(_("Penanganan dugaan pelanggaran"), sub)
    cases = fig["cases"]
    if cases.get("available"):
        s.table([_("Angka"), _("Nilai")], case_rows(cases))
        s.table([_("Status"), _("Jumlah")], [(r["label"], r["n"]) for r in cases["by_state"]],
                total=(_("Jumlah"), cases["total"]))
        s.table([_("Tingkat sanksi"), _("Jumlah")], [(r["label"], r["n"]) for r in cases["by_tier"]])
    else:
        s.text([_("Data penanganan kasus belum tersedia: modul kasus belum terpasang pada saat laporan dibuat.")])
    s.finish()

    s = Sheet(wb, SHEETS[4])
    s.title(_("Titik rawan dan status mitigasi"), sub)
    risk = fig["risk"]
    s.table([_("Titik rawan"), _("Unit kerja"), _("Fase"), _("Tingkat"), _("Skor"), _("Mitigasi"), _("Selesai"),
             _("Berjalan"), _("Lewat tenggat")],
            [(r["title"], r["unit"], r["phase_label"], r["level_label"], r["score"], r["mitigations"], r["done"],
              r["in_progress"], r["overdue"]) for r in risk["points"]])
    s.table([_("Status mitigasi"), _("Jumlah")],
            [(_("Belum dimulai"), risk["mitigations"]["open"]), (_("Berjalan"), risk["mitigations"]["in_progress"]),
             (_("Selesai"), risk["mitigations"]["done"]), (_("Lewat tenggat"), risk["mitigations"]["overdue"])])
    s.finish()

    s = Sheet(wb, SHEETS[5])
    s.title(_("Rekomendasi tim"), sub)
    s.text([p for p in (report.recommendations or "").split("\n") if p.strip()] or [_("(tidak ada rekomendasi)")])
    s.finish()

    s = Sheet(wb, SHEETS[6])
    s.title(_("Lampiran: angka per unit kerja"), sub)
    s.table([_("Unit kerja"), _("Pegawai aktif"), _("Sosialisasi"), _("Ikrar"), _("Pakta sah"), _("Pegawai terpantau"),
             _("Akun"), _("Konten"), _("Temuan"), _("Dikonfirmasi"), _("Per 100 pegawai")],
            [(u["name"], u["staff"], u["reached"], u["ikrar"], u["signed"], u["monitored"], u["accounts"], u["content"],
              u["findings"], u["confirmed"], u["per_100"]) for u in fig["units"]],
            pct_cols=(10,),
            total=(_("Jumlah"), total["staff"], total["reached"], total["ikrar"], total["signed"], total["monitored"],
                   total["accounts"], total["content"], total["findings"], total["confirmed"], total["per_100"]))
    s.finish()

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def case_rows(cases):
    return [
        (_("Kasus dalam periode"), cases["total"]),
        (_("Kasus diputus"), cases["decided"]),
        (_("Diputus dalam tenggat"), cases["within_deadline"]),
        (_("% diputus dalam tenggat"), cases["within_deadline_pct"]),
        (_("Median hari temuan → keputusan"), cases["median_days"]),
        (_("Kasus berjalan melewati tenggat"), cases["overdue"]),
    ]
