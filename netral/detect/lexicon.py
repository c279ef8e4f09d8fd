"""Contestant lexicon matched with Aho-Corasick on normalised text.

Pattern kinds: ``name`` (full names and distinctive parts of them), ``alias``
(nicknames, acronyms), ``party`` (party names and aliases), ``ballot`` (a ballot number
in context: "no 2", "nomor urut 02", "paslon 01", "coblos 3", "partai nomor 5"),
``hashtag`` (only when written as a hashtag), ``slogan`` and ``gesture`` (finger emoji
and "salam dua jari").

Matches are reported with the span in the *original* text (for highlighting), the
normalised term and the contestant keys. Short or common-word aliases ("amin", "abah",
"PKB" = vehicle tax, "perubahan") are *weak*: they are reported but neither masked for
the models nor counted as a target unless the text is judged partisan.
"""

from __future__ import annotations

import csv
import io
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable

import ahocorasick

from . import text as _norm
from .features import MASK_NUMBER, MASK_PARTY, MASK_PASLON

BUILTIN_CSV = os.path.join(_norm.DATA_DIR, "contestants_2024.csv")

_NUM_WORDS = {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima", 6: "enam", 7: "tujuh", 8: "delapan", 9: "sembilan"}
_GESTURE = {1: ["☝"], 2: ["✌"], 3: ["🤟", "👌"]}
# context words before a ballot number, and which contestant kinds they point to
_CTX_ANY = ["no", "nomor", "nomer", "nmr", "nomor urut", "no urut", "nomer urut", "urut", "coblos", "nyoblos",
            "mencoblos", "pilih", "pilihlah", "memilih", "angka", "salam", "nomor urut ke"]
_CTX_PAIR = ["paslon", "pasangan", "pasangan nomor", "paslon nomor", "paslon no", "capres", "cawapres", "capres nomor",
             "cagub", "cabup", "cawalkot", "calon nomor", "kandidat nomor", "pasangan calon nomor"]
_CTX_PARTY = ["partai", "partai nomor", "partai no"]
_CTX_CAND = ["caleg", "caleg nomor", "caleg no"]
_TITLES = {"pak", "bu", "ibu", "bapak", "mas", "mbak", "bang", "abang", "kak", "om", "tante", "mama", "papa", "h", "hj",
           "haji", "dr", "ir", "prof", "drs", "s", "sh", "se", "sos", "shi", "mm", "mh", "md", "gus", "cak", "kang",
           "ustaz", "ustadz", "kyai", "kh", "koh", "daeng", "andi", "teuku", "cut", "raden", "tuan", "amang", "inang",
           "mpok", "empok", "uda", "uni", "bung", "ning", "neng"}
_COMMON_NAMES = {"abdul", "muhammad", "mohammad", "ahmad", "achmad", "muhamad", "raka", "putra", "putri", "siti", "nur",
                 "dewi", "sri", "budi", "agus", "rahman", "indonesia", "partai", "bangsa", "rakyat", "nasional",
                 "persatuan", "demokrasi", "keadilan", "sejahtera", "amanat", "bulan", "bintang", "raya", "karya",
                 "golongan", "gerakan", "kebangkitan", "solidaritas", "pembangunan", "perjuangan", "hati", "nurani",
                 "garda", "republik", "gelombang", "buruh", "ummat", "aceh", "adil", "nusantara", "independen"}
_STRONG_SHORT = {"amin"}  # never strong on their own (prayer response); listed for clarity
# Common first names and clan names: a contestant's name part that is one of these ("Gibran", "Agus",
# "Siregar") is a name only in an election context. Written for the project, not exhaustive.
_FIRST_NAMES = {
    "abdul", "achmad", "adi", "aditya", "agung", "agus", "ahmad", "aisyah", "alif", "andi", "andika", "anggun",
    "anisa", "annisa", "arif", "arya", "ayu", "bagus", "bambang", "bayu", "budi", "cahya", "dani", "dedi", "deni",
    "dewi", "dian", "dimas", "dodi", "eko", "endang", "fajar", "farhan", "fauzi", "fitri", "gibran", "hadi",
    "hendra", "heru", "ilham", "indra", "irfan", "joko", "kevin", "kurniawan", "lestari", "lukman", "made",
    "muhamad", "muhammad", "mohammad", "nabila", "nanda", "novi", "nur", "nurul", "putra", "putri", "rafi",
    "rahmat", "raka", "rani", "ratna", "rina", "rizki", "rizky", "rudi", "sandi", "santoso", "sari", "setiawan",
    "siti", "sri", "surya", "susanti", "taufik", "teguh", "tri", "wahyu", "wati", "wayan", "yanti", "yogi", "yudi",
    "yusuf", "zahra", "siregar", "nasution", "harahap", "lubis", "simanjuntak", "hutapea", "sitompul", "pohan",
    "ginting", "tarigan", "sembiring", "sinaga", "situmorang", "panjaitan", "pardede", "hasibuan", "rangkuti",
}
# Names of campaign groups put before a candidate's name ("Mak Ganjar", "Srikandi Ganjar", "Sahabat Ganjar",
# "Sobat Anies"): an ambiguous name right after one of them is the candidate (the group's posts are campaign
# content, labels/GUIDELINE.md), even in a post that is otherwise about a charity event or a greeting.
_GROUP_WORDS = frozenset({"mak", "emak", "srikandi", "sahabat", "sobat", "laskar", "barisan", "gardu", "sedulur"})
# Words that make a text about an election: an ambiguous name ("Ganjar", "Gibran") counts with one of them.
_ELECTION_WORDS = frozenset("""
pilpres pilkada pemilu pileg pilgub pilbup pilwalkot capres cawapres cagub cawagub cabup cawabup cawalkot calon
paslon kandidat kampanye coblos nyoblos mencoblos dicoblos debat presiden wapres gubernur wagub bupati walikota
partai parpol dukung mendukung didukung pendukung dukungan pilih memilih pilihan dipilih menang menangkan
kemenangan kalah suara elektabilitas survei koalisi oposisi tps kpu kpud bawaslu relawan timses putaran
quick count pemilih golput petahana deklarasi cebong kampret politik politisi pemilihan
""".split())
# Election words that are also everyday words: "pilih yang coklat", "menang lomba", "suara merdu", "dukung
# timnas", "kampanye cuci tangan", "relawan bencana", "survei kepuasan", "debat kusir", "calon pengantin". They
# still make a name an election context and a text campaignable (``_ELECTION_WORDS``), but alone they do not
# anchor a text in politics (issue 15, third round).
_GENERIC_ELECTION_WORDS = frozenset("""
pilih memilih pilihan dipilih menang menangkan kemenangan kalah suara dukung mendukung didukung dukungan pendukung
debat calon putaran kampanye relawan survei deklarasi
""".split())
# Words of a civil servant's working day: "apel pagi ASN", "Pemerintah Kabupaten", "kebijakan kantor",
# "Kementerian Keuangan", "pejabat baru dilantik". Political in a sentence that is about politics, routine in
# the posts of the people this system supervises; they do not anchor a text either (third round).
_ADMINISTRATIVE_WORDS = frozenset("""
asn pns aparatur negara pemerintah pemerintahan kebijakan kementerian menteri pejabat undang uu perwakilan
permusyawaratan
""".split())
# Words that anchor a text in politics (issue 15): the specific election words, the state's political
# institutions, election administration, and a few politicians no contestant list holds. A text with none of
# them and no strong lexicon match needs a higher political score (``political_bare`` threshold): a prayer, a
# greeting, a community event or an office's routine post is not politics for sounding like a campaign.
POLITICAL_WORDS = (_ELECTION_WORDS - _GENERIC_ELECTION_WORDS) | frozenset("""
dpr dprd mpr rezim politikus perppu demo demonstrasi istana kabinet pki khilafah oligarki korupsi koruptor kpk
legislatif caleg senayan pemungutan rekapitulasi kpps dpt ppk pps panwaslu netralitas jokowi ahok sby megawati
puan kaesang luhut pemberantasan
""".split())
# Words the slang lists must never rewrite ("pileg" was "pilek", "sby" "surabaya"): every word above.
PROTECTED_WORDS = _ELECTION_WORDS | _ADMINISTRATIVE_WORDS | POLITICAL_WORDS


def _common_words() -> frozenset[str]:
    """Root words of Indonesian (``data/common_words.txt``): a name part that is also a word
    ("Ganjar" = reward, "Sandi" = password, "Harapan") needs an election context."""
    global _COMMON_CACHE
    if _COMMON_CACHE is None:
        path = os.path.join(_norm.DATA_DIR, "common_words.txt")
        words: set[str] = set()
        if os.path.exists(path):
            with open(path, encoding="utf-8") as fh:
                words = {w.strip() for w in fh if w.strip() and not w.startswith("#")}
        _COMMON_CACHE = frozenset(words)
    return _COMMON_CACHE


_COMMON_CACHE: frozenset[str] | None = None
_SUFFIXES = ("nya", "kan", "an", "i")


def _after_group_word(norm, i: int) -> bool:
    """Is token ``i`` right after a campaign group's word (``_GROUP_WORDS``; "mak" as written, since the
    slang list turns it into "ibu")?"""
    if i <= 0:
        return False
    prev = norm.tokens[i - 1]
    return prev.text in _GROUP_WORDS or norm.original[prev.start:prev.end].lower() in _GROUP_WORDS


def is_ambiguous_name(w: str) -> bool:
    """A name part that is also a common word (root or root + suffix) or a common first name."""
    if w in _FIRST_NAMES or w in _COMMON_NAMES:
        return True
    common = _common_words()
    if w in common:
        return True
    return any(w.endswith(x) and len(w) - len(x) >= 4 and w[:-len(x)] in common for x in _SUFFIXES)


@dataclass(slots=True)
class Contestant:
    key: str
    name: str
    number: str = ""
    election: str = ""
    aliases: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    slogans: list[str] = field(default_factory=list)
    kind: str = ""  # pair, party or candidate; inferred when empty

    def __post_init__(self):
        if not self.kind:
            low = self.name.lower()
            if self.key.startswith("party") or low.startswith("partai"):
                self.kind = "party"
            elif any(s in self.name for s in ("–", " - ", "&", " dan ")) or "pilpres" in self.election.lower() \
                    or "pilkada" in self.election.lower():
                self.kind = "pair"
            else:
                self.kind = "candidate"

    @property
    def number_int(self) -> int | None:
        try:
            return int(str(self.number).strip())
        except ValueError:
            return None


@dataclass(slots=True)
class Match:
    keys: tuple[str, ...]
    kind: str  # name, alias, party, ballot, hashtag, slogan, gesture
    term: str  # normalised pattern that matched
    start: int  # span in the original text
    end: int
    text: str  # original text of the span
    tok_start: int
    tok_end: int
    weak: bool = False
    mask: str | None = None

    def to_dict(self) -> dict:
        return {"type": "lexicon", "kind": self.kind, "keys": list(self.keys), "term": self.term,
                "text": self.text, "span": [self.start, self.end], "weak": self.weak}


def _as_list(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.split(";") if x.strip()]
    return [str(x).strip() for x in v if str(x).strip()]


def _contestant_from(obj) -> Contestant:
    if isinstance(obj, Contestant):
        return obj
    if not isinstance(obj, dict):  # a dataclass or model instance with attributes
        obj = {k: getattr(obj, k, None) for k in
               ("key", "name", "number", "election", "aliases", "parties", "hashtags", "slogans", "kind")}
    key = str(obj.get("key") or "").strip()
    name = str(obj.get("name") or "").strip()
    if not key or not name:
        raise ValueError("contestant needs a key and a name")
    number = obj.get("number")
    return Contestant(key=key, name=name, number="" if number is None else str(number).strip(),
                      election=str(obj.get("election") or ""), aliases=_as_list(obj.get("aliases")),
                      parties=_as_list(obj.get("parties")), hashtags=_as_list(obj.get("hashtags")),
                      slogans=_as_list(obj.get("slogans")), kind=str(obj.get("kind") or ""))


@dataclass(slots=True)
class _Pattern:
    keys: tuple[str, ...]
    kind: str
    weak: bool
    mask: str | None
    hashtag_only: bool = False
    ambiguous: bool = False  # a name that is also a word or a first name: needs an election context


def drop_nested(found: list["Match"]) -> list["Match"]:
    """Drop matches inside a strictly longer one (e.g. "urut 02" inside "nomor urut 02"); hashtag
    and slogan matches never swallow others. One pass after sorting: O(m log m) for m matches."""
    found.sort(key=lambda m: (m.tok_start, -(m.tok_end - m.tok_start)))
    kept: list[Match] = []
    best_end, best_start = -1, -1  # the covering match reaching furthest (earliest start on ties)
    for m in found:
        if best_end > m.tok_end or (best_end == m.tok_end and best_start < m.tok_start):
            continue
        kept.append(m)
        if m.kind not in ("hashtag", "slogan") and (m.tok_end > best_end or (m.tok_end == best_end
                                                                              and m.tok_start < best_start)):
            best_end, best_start = m.tok_end, m.tok_start
    return kept


class Lexicon:
    """Aho-Corasick automaton over the normalised patterns of a list of contestants."""

    def __init__(self, contestants: Iterable):
        self.contestants: list[Contestant] = [_contestant_from(c) for c in contestants]
        self.by_key = {c.key: c for c in self.contestants}
        self._patterns: dict[str, list[_Pattern]] = {}
        # this list's names for the hashtag splitter: owned by the lexicon, never global
        self.vocab = _norm.Vocabulary(self._name_words())
        self._fuzzy: dict[str, str] = {}  # phonetic key -> the name part it stands for
        self._canon: dict[str, str | None] = {}  # token -> name part (cache of the fuzzy look-up)
        self._build()

    # -- constructors --------------------------------------------------------------
    @classmethod
    def from_contestants(cls, contestants: Iterable) -> "Lexicon":
        """From dicts (or objects) with key, name, number, election, aliases, parties, hashtags, slogans."""
        return cls(contestants)

    @classmethod
    def from_csv(cls, path_or_file) -> "Lexicon":
        """From a CSV ``key,election,number,name,aliases,parties,hashtags,slogans`` (lists ``;``-separated)."""
        if hasattr(path_or_file, "read"):
            text = path_or_file.read()
            if isinstance(text, bytes):
                text = text.decode("utf-8-sig")
        else:
            with open(path_or_file, encoding="utf-8-sig") as fh:
                text = fh.read()
        rows = list(csv.DictReader(io.StringIO(text)))
        return cls(rows)

    @classmethod
    def builtin(cls) -> "Lexicon":
        """The 2024 presidential pairs and the 24 parties of Pemilu 2024."""
        return cls.from_csv(BUILTIN_CSV)

    # -- building ------------------------------------------------------------------
    def _name_words(self) -> set[str]:
        words: set[str] = set()
        for c in self.contestants:
            raw = [c.name, *c.aliases] if c.kind != "party" else [*c.aliases]
            raw += [p for p in c.parties if p not in self.by_key]
            for r in raw:
                words.update(w for w in re.findall(r"[^\W\d_]+", r.lower()) if w not in _TITLES)
        return words

    def normalize(self, text: str) -> "_norm.Normalized":
        """``text`` normalised with this list's names (hashtag splitting) and with misspelt name
        parts ("Silvy" for "Sylvi") replaced by the name part they sound like."""
        norm = _norm.normalize(text, self.vocab)
        if self._fuzzy:
            canon = self._canon
            changed = False
            for t in norm.tokens:
                w = t.text
                if len(w) < 5:
                    continue
                c = canon.get(w, "")
                if c == "":
                    c = None
                    # the root-word list, not a frequency list, says what is a word ("harapan")
                    if w not in self._patterns and w.isalpha() and not is_ambiguous_name(w):
                        c = self._fuzzy.get(_norm.phonetic_key(w))
                    if len(canon) > 100_000:
                        canon.clear()
                    canon[w] = c
                if c is not None:
                    t.text = c
                    changed = True
            if changed:
                norm._text = None
        return norm

    def _add(self, raw: str, keys: tuple[str, ...], kind: str, weak: bool = False, mask: str | None = None,
             hashtag_only: bool = False, ambiguous: bool = False) -> None:
        term = _norm.normalize(raw, self.vocab).text.strip()
        if not term or term.isdigit():
            return
        lst = self._patterns.setdefault(term, [])
        for p in lst:
            if p.kind == kind and p.hashtag_only == hashtag_only:
                p.keys = tuple(sorted(set(p.keys) | set(keys)))
                p.weak = p.weak and weak
                p.ambiguous = p.ambiguous and ambiguous
                return
        lst.append(_Pattern(tuple(keys), kind, weak, mask, hashtag_only, ambiguous))

    @staticmethod
    def _is_weak(term: str) -> bool:
        words = term.split()
        if len(words) != 1:
            return False
        w = words[0]
        return len(w) <= 3 or w in _norm.vocabulary() or w in _STRONG_SHORT

    def _build(self) -> None:
        # A name part alone ("Prabowo", "Djarot", "Lumbantobing") is a name. One that is also a common
        # word or first name ("Ganjar", "Gibran", "Sandi") counts only in an election context (see
        # match); no frequency list decides which names count.
        for c in self.contestants:
            keys = (c.key,)
            is_party = c.kind == "party"
            mask = MASK_PARTY if is_party else MASK_PASLON
            name_kind = "party" if is_party else "name"
            # full name, and each person of a pair
            self._add(c.name, keys, name_kind, mask=mask)
            people = re.split(r"\s+[–—-]\s+|\s*&\s*|\s+dan\s+", c.name) if not is_party else []
            for person in people:
                person = re.sub(r",.*$", "", person)  # drop academic titles after a comma
                self._add(person, keys, "name", mask=mask)
                toks = [t for t in _norm.normalize(person).text.split() if t.isalpha()]
                core = [t for t in toks if t not in _TITLES]
                for t in core:
                    if len(t) >= 4:
                        amb = is_ambiguous_name(t)
                        self._add(t, keys, "name", mask=mask, ambiguous=amb)
                        if not amb and len(t) >= 5:
                            self._fuzzy.setdefault(_norm.phonetic_key(t), t)
                if len(core) >= 2:
                    self._add(" ".join(core[:2]), keys, "name", mask=mask)
            for a in c.aliases:
                low = a.lower().strip()
                if re.fullmatch(r"0*\d+", low):
                    continue  # bare numbers only count in context (ballot patterns)
                m = re.fullmatch(r"(?:no|nomor|nomer)\.?\s*(?:urut\s*)?(\d+)", low)
                if m:
                    continue  # covered by ballot patterns
                if "jari" in low:
                    self._add(a, keys, "gesture", weak=True)
                    continue
                term = _norm.normalize(a, self.vocab).text
                weak = self._is_weak(term)
                kind = "party" if is_party else "alias"
                self._add(a, keys, kind, weak=weak, mask=None if weak else mask)
                if not weak and " " not in term and len(term) >= 5 and term.isalpha() \
                        and not is_ambiguous_name(term):
                    self._fuzzy.setdefault(_norm.phonetic_key(term), term)
                # each name in a multi-word alias ("Mpok Sylvi", "Ahok-Djarot") is a name alone too
                if not is_party and " " in term:
                    for t in term.split():
                        if len(t) >= 4 and t.isalpha() and t not in _TITLES and t not in self._patterns \
                                and not is_ambiguous_name(t):  # "Mas Wali": "wali" alone is no one
                            self._add(t, keys, "name", mask=mask)
                            if len(t) >= 5:
                                self._fuzzy.setdefault(_norm.phonetic_key(t), t)
                # a pair alias written as one word or hashtag ("AgusSylvi", "#aniessandi")
                if " " in term and not weak:
                    self._add(term.replace(" ", ""), keys, kind, mask=mask)
            # supporting parties named in the list (not keys of other rows): political, and point to c
            for p in c.parties:
                if p in self.by_key or is_party:
                    continue
                term = _norm.normalize(p, self.vocab).text
                self._add(p, keys, "party", weak=self._is_weak(term), mask=MASK_PARTY)
            for h in c.hashtags:
                self._add(h if h.startswith("#") else "#" + h, keys, "hashtag", hashtag_only=True)
            for s in c.slogans:
                term = _norm.normalize(s, self.vocab).text
                self._add(s, keys, "slogan", weak=len(term.split()) <= 2)
            n = c.number_int
            if n is None:
                continue
            forms = {str(n), f"{n:02d}", str(c.number).strip()}
            ctx = list(_CTX_ANY)
            if is_party:
                ctx += _CTX_PARTY
            elif c.kind == "pair":
                ctx += _CTX_PAIR
            else:
                ctx += _CTX_CAND
            for cw in ctx:
                for f in forms:
                    self._add(f"{cw} {f}", keys, "ballot", mask=MASK_NUMBER)
            if c.kind == "pair" and n in _NUM_WORDS:
                for g in _GESTURE.get(n, []):
                    self._add(g, keys, "gesture", weak=True)
                    self._add(f"salam {g}", keys, "gesture", weak=True)
                self._add(f"salam {_NUM_WORDS[n]} jari", keys, "gesture", weak=True)
                self._add(f"{_NUM_WORDS[n]} jari", keys, "gesture", weak=True)
                self._add(f"salam {n} jari", keys, "gesture", weak=True)
                self._add(f"{n} jari", keys, "gesture", weak=True)
        # a fuzzy key must not stand for a pattern or a common word
        for k in list(self._fuzzy):
            if is_ambiguous_name(k):
                del self._fuzzy[k]
        self._automaton = ahocorasick.Automaton()
        for term, pats in self._patterns.items():
            self._automaton.add_word(term, (term, pats))
        if self._patterns:
            self._automaton.make_automaton()

    # -- matching ------------------------------------------------------------------
    def match(self, norm: "_norm.Normalized | str", hidden: bool = False) -> list[Match]:
        """All matches in a text (or an already normalised text), longest first where they overlap.

        ``hidden``: also return, as kind ``"ambiguous"`` with mask ``""``, the names that are also
        words and had no election context ("Ganjar pahala"): the models leave those words out (they
        are neither a name nor, for the models, a word), the evidence does not list them."""
        if isinstance(norm, str):
            norm = self.normalize(norm)
        text = norm.text
        if not self._patterns or not text:
            return []
        found: list[Match] = []
        tokens = norm.tokens
        starts = norm._starts  # built with norm.text above
        n = len(text)
        for end, (term, pats) in self._automaton.iter(text):
            start = end - len(term) + 1
            if start > 0 and text[start - 1] != " ":
                continue
            if end + 1 < n and text[end + 1] != " ":
                continue
            ts = max(0, bisect_right(starts, start) - 1)  # = norm.token_index(start), inlined: hot loop
            te = max(0, bisect_right(starts, end) - 1) + 1
            first, last = tokens[ts], tokens[te - 1]  # the span in the original: norm.original_span()
            os_, oe = first.start, max(first.end, last.end)
            for p in pats:
                if p.hashtag_only and any(tokens[i].kind != "hashtag" for i in range(ts, te)):
                    continue
                # weak=None marks an ambiguous name until its context is checked below
                found.append(Match(p.keys, p.kind, term, os_, oe, norm.original[os_:oe], ts, te,
                                   None if p.ambiguous else p.weak, p.mask))
        if not found:
            return found
        kept = drop_nested(found)
        amb = any(m.weak is None for m in kept)
        gest = any(m.kind == "gesture" for m in kept)
        if amb or gest:
            # Ambiguous names ("Ganjar pahala", "namanya Gibran") count only in an election context:
            # another name, party, ballot or hashtag match, the name written as a hashtag, or an
            # election word in the text. Finger emoji and "salam dua jari" without such a context are
            # left out of the models' words (mask ""): a graduation photo is not a campaign.
            strong = any(m.weak is False and m.kind != "gesture" for m in kept)
            ctx = strong or any(w in _ELECTION_WORDS for w in text.split())
            out = []
            for m in kept:
                if m.weak is None:
                    if not (ctx or tokens[m.tok_start].kind == "hashtag" or _after_group_word(norm, m.tok_start)):
                        if hidden:
                            m.kind, m.weak, m.mask = "ambiguous", True, ""
                            out.append(m)
                        continue
                    m.weak = False
                elif m.kind == "gesture" and not ctx:
                    m.mask = ""
                out.append(m)
            kept = out
        return kept

    def resolve_targets(self, matches: list[Match], include_weak: bool) -> list[str]:
        """Contestant keys named by the matches; ambiguous ballot numbers are narrowed by the other matches."""
        # a gesture without an election context (mask "") names nobody
        strong = [m for m in matches if (include_weak or not m.weak) and m.mask != ""]
        if not strong:
            return []
        unique_keys = [m.keys for m in strong if len(m.keys) == 1]
        elections = {self.by_key[k[0]].election for k in unique_keys if k[0] in self.by_key}
        out: list[str] = []
        for m in strong:
            keys = m.keys
            if len(keys) > 1 and elections:
                narrowed = tuple(k for k in keys if k in self.by_key and self.by_key[k].election in elections)
                keys = narrowed or keys
            if len(keys) > 1:
                pairs = tuple(k for k in keys if self.by_key.get(k) and self.by_key[k].kind == "pair"
                              and len(str(self.by_key[k].number)) >= 2)
                if m.kind in ("ballot", "gesture") and len(pairs) == 1:
                    keys = pairs
            if len(keys) > 3:
                continue  # too ambiguous to name anyone
            for k in keys:
                if k not in out:
                    out.append(k)
        return out

    def __len__(self) -> int:
        return len(self.contestants)
