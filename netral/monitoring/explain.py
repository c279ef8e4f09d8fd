"""The detector's evidence in plain Indonesian, for the people who triage findings.

The detector speaks in lexicon kinds, masked tokens and weights ("ballot", "xgesturex", "bobot 1.11");
a reviewer needs a sentence: "Menyebut paslon 02 (Prabowo Subianto – Gibran Rakabuming Raka) dengan
ajakan memilih “coblos 02”." The raw evidence stays available in a folded technical section.
"""

import re

from django.utils.translation import gettext as _

# Feature strings that are the detector's own placeholders, not words a person wrote.
_INTERNAL = re.compile(r"^(x\w+x|\[.*\]|_.*|.*_.*)$")

_KIND_PHRASES = {
    "ballot": _("ajakan memilih nomor urut"),
    "slogan": _("slogan kampanye"),
    "hashtag": _("tagar kampanye"),
    "gesture": _("emoji/gestur salam jari"),
    "party": _("nama partai"),
    "alias": _("nama atau julukan"),
    "name": _("nama"),
}


def contestant_names(keys, election=None):
    """{key: "02 Prabowo Subianto – Gibran Rakabuming Raka"} for the keys the detector returned."""
    from netral.elections.models import Contestant

    keys = [k for k in keys if k]
    if not keys:
        return {}
    qs = Contestant.objects.filter(key__in=keys)
    if election is not None:
        own = {c.key: c for c in qs.filter(election=election)}
    else:
        own = {}
    out = {}
    for c in qs.select_related("election").order_by("-election__voting_day"):
        chosen = own.get(c.key, c)
        if c.key not in out:
            kind = _("partai") if chosen.kind == "party" else _("paslon")
            out[c.key] = f"{kind} {chosen.number:02d} {chosen.name}"
    for k in keys:
        out.setdefault(k, k.replace("-", " "))
    return out


def explain(result, election=None):
    """(summary sentence, list of reason lines) for a stored scan result.

    `result` has `evidence`, `targets`, and the label booleans (a `ScanResult` or a `Finding`).
    """
    evidence = getattr(result, "evidence", None) or []
    lex = [e for e in evidence if e.get("type") == "lexicon"]
    keys = set(getattr(result, "targets", None) or [])
    for e in lex:
        keys.update(e.get("keys") or [])
    names = contestant_names(sorted(keys), election)
    lines = []
    strong = [e for e in lex if not e.get("weak")]
    weak = [e for e in lex if e.get("weak")]
    for e in strong + weak:
        who = ", ".join(dict.fromkeys(names.get(k, k) for k in e.get("keys") or []))
        phrase = _KIND_PHRASES.get(e.get("kind"), _("penyebutan"))
        line = _("Menulis “%(text)s”: %(phrase)s untuk %(who)s") % {"text": e.get("text"), "phrase": phrase, "who": who}
        if e.get("weak"):
            line += " " + _("(petunjuk lemah: perlu konteks lain)")
        lines.append(line)
    words = [e.get("feature") for e in evidence if e.get("type") == "feature"
             and e.get("feature") and not _INTERNAL.match(e.get("feature"))]
    if words:
        lines.append(_("Kata yang sering muncul pada unggahan berpihak atau bermasalah: %(w)s")
                     % {"w": ", ".join(f"“{w}”" for w in dict.fromkeys(words))})
    for e in evidence:
        if e.get("type") == "hoax":
            lines.append(_("Mirip klaim yang sudah dinyatakan hoaks: “%(c)s”") % {"c": e.get("claim")})

    targets = [names.get(k, k) for k in (getattr(result, "targets", None) or [])]
    ballot = any(e.get("kind") == "ballot" for e in strong)
    if getattr(result, "partisan", False) and targets:
        summary = (_("Menyebut %(t)s dengan ajakan memilih.") if ballot else _("Menunjukkan dukungan atau serangan terhadap %(t)s.")) % {
            "t": _(" dan ").join(targets[:3])}
    elif getattr(result, "partisan", False):
        summary = _("Bernada berpihak kepada peserta pemilu/pemilihan, tanpa menyebut peserta tertentu.")
    elif getattr(result, "hate", False):
        summary = _("Mengandung kata-kata yang lazim pada ujaran kebencian.")
    elif getattr(result, "hoax", False):
        summary = _("Mirip dengan klaim yang sudah dinyatakan hoaks.")
    elif targets:
        summary = _("Menyebut %(t)s, tanpa tanda keberpihakan yang kuat.") % {"t": _(" dan ").join(targets[:3])}
    else:
        summary = _("Bertopik politik.")
    if getattr(result, "hate", False) and getattr(result, "partisan", False):
        summary += " " + _("Juga mengandung kata-kata yang lazim pada ujaran kebencian.")
    if getattr(result, "hoax", False) and (getattr(result, "partisan", False) or getattr(result, "hate", False)):
        summary += " " + _("Juga mirip klaim hoaks.")
    return summary, lines
