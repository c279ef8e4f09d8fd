"""Charts of the PDF report as inline SVG, drawn in Python (no JavaScript in a signed document).

Plain shapes and text only, fonts the PDF renderer has (DejaVu), escaped labels."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLUE, GREY, ORANGE = "#1f4e79", "#9aa5b1", "#d9822b"
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _fmt(v):
    if isinstance(v, float):
        return f"{v:.1f}".replace(".", ",")
    return f"{v:,}".replace(",", ".")


def hbars(items, *, width=460, bar=14, gap=6, label_w=170, suffix="", series=None):
    """Horizontal bars. items: [(label, value)] or, with `series` ([(name, colour)]),
    [(label, [value per series])] drawn as grouped bars; None values are left out."""
    if not items:
        return ""
    series = series or [("", BLUE)]
    grouped = len(series) > 1
    values = [v for _l, vs in items for v in (vs if grouped else [vs]) if v is not None]
    top = max(values + [1])
    plot = width - label_w - 50
    row_h = bar * len(series) + gap
    legend_h = 18 if grouped else 0
    height = legend_h + row_h * len(items) + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" {FONT} font-size="8">']
    if grouped:
        x = label_w
        for name, colour in series:
            out.append(f'<rect x="{x}" y="3" width="9" height="9" fill="{colour}"/>'
                       f'<text x="{x + 12}" y="11">{escape(name)}</text>')
            x += 12 + 6 * len(name) + 14
    for i, (label, vs) in enumerate(items):
        y0 = legend_h + i * row_h
        text = str(label)
        room = int((label_w - 10) / 5.2)  # DejaVu Sans at 8 px: up to about 5 px a character
        if len(text) > room:
            text = text[:room - 1] + "…"
        out.append(f'<text x="{label_w - 6}" y="{y0 + bar * len(series) / 2 + 3}" text-anchor="end">'
                   f'{escape(text)}</text>')
        for j, (_name, colour) in enumerate(series):
            v = vs[j] if grouped else vs
            if v is None:
                continue
            w = max(0.5, plot * v / top) if v else 0
            y = y0 + j * bar
            out.append(f'<rect x="{label_w}" y="{y + 1}" width="{w:.1f}" height="{bar - 2}" fill="{colour}"/>')
            out.append(f'<text x="{label_w + w + 3:.1f}" y="{y + bar - 4}">{_fmt(v)}{suffix}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))


def vbars(items, *, width=460, height=150, colour=BLUE):
    """Vertical bars over time: items [(label, value)]."""
    if not items:
        return ""
    top = max([v for _l, v in items] + [1])
    left, bottom = 30, 28
    plot_w, plot_h = width - left - 6, height - bottom - 12
    step = plot_w / len(items)
    bw = max(2, step * 0.7)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" {FONT} font-size="7.5">',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="{GREY}"/>',
           f'<text x="{left - 4}" y="{12 + 3}" text-anchor="end">{_fmt(top)}</text>',
           f'<line x1="{left}" y1="12" x2="{width - 4}" y2="12" stroke="#e4e7eb"/>']
    every = max(1, len(items) // 12)
    for i, (label, v) in enumerate(items):
        h = plot_h * v / top
        x = left + i * step + (step - bw) / 2
        out.append(f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{bw:.1f}" height="{h:.1f}" '
                   f'fill="{colour}"/>')
        if v and len(items) <= 16:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{height - bottom - h - 2:.1f}" text-anchor="middle">'
                       f'{_fmt(v)}</text>')
        if i % every == 0:
            out.append(f'<text x="{x + bw / 2:.1f}" y="{height - bottom + 11}" text-anchor="middle">'
                       f'{escape(str(label))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))
