"""Normalisation of Indonesian social-media text, keeping a map back to the original.

``normalize(text)`` returns a :class:`Normalized`: a list of tokens, each with the
character span it came from in the original text. ``Normalized.text`` is the
tokens joined by single spaces; ``Normalized.original_span(start, end)`` maps a
span of ``Normalized.text`` back to a span of the original text, so that lexicon
matches found on the normalised text can be highlighted in what the user wrote.

Steps: lower case; URLs -> ``httpurl``; mentions -> ``@user``; hashtags split into
words (camel case, digits, then a dictionary split for all-lowercase tags);
letters repeated three times or more squeezed; ``kata2`` -> ``kata kata``; slang and
abbreviations replaced with a compact list derived from public lexicons
(``data/slang.tsv``, built by ``python -m netral.detect.train``); emoji kept as
tokens (skin tones and variation selectors dropped, keycap digits -> digits).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import unicodedata
from dataclasses import dataclass, field

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

URL_TOKEN = "httpurl"
USER_TOKEN = "@user"

# Emoji that carry a meaning in Indonesian campaigns: finger counts.
GESTURE_EMOJI = {
    "\u261d": "☝",  # white up pointing index: one finger (01)
    "\U0001f446": "☝",  # backhand index pointing up
    "\u270c": "✌",  # victory hand: two fingers (02)
    "\U0001f91f": "🤟",  # I-love-you hand: three fingers (03)
    "\U0001f44c": "👌",  # OK hand: three fingers up (03)
}

# Every pattern here is linear in its input: no quantifier that can backtrack inside another one
# (possessive "++"/"*+" never give back; checked by a test), and the bare-domain URL alternative only starts where a run of domain characters starts
# (the look-behind), so a run is tried once, not from each of its characters ("a.a.a.…a/" was quadratic).
_TOKEN_RE = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|(?<![a-z0-9.\-])[a-z0-9][a-z0-9.\-]*\.(?:com|id|co\.id|net|org|ly|me)/\S*)"
    r"|(?P<mention>@[A-Za-z0-9_.]+)"
    r"|(?P<hashtag>#[^\W_][\w]*)"
    r"|(?P<keycap>[0-9#*]\ufe0f?\u20e3)"
    r"|(?P<word>[^\W_]++(?:['’\-][^\W_]++)*+)"
    r"|(?P<other>\S)",
    re.UNICODE | re.IGNORECASE,
)
# The bare-domain URL alternative needs a "/", so texts without one use the same pattern without it.
_BARE_DOMAIN = r"|(?<![a-z0-9.\-])[a-z0-9][a-z0-9.\-]*\.(?:com|id|co\.id|net|org|ly|me)/\S*"
_TOKEN_RE_NO_SLASH = re.compile(_TOKEN_RE.pattern.replace(_BARE_DOMAIN, ""), _TOKEN_RE.flags)
assert _TOKEN_RE_NO_SLASH.pattern != _TOKEN_RE.pattern
_CAMEL_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^\W\d_]+", re.UNICODE)
_REPEAT3_RE = re.compile(r"(\w)\1{2,}")
_REPEAT2_RE = re.compile(r"(\w)\1+")
# laughter (the old "(?:wk|k|w|…)+" was exponential on "wkwk…x": alternatives that can match the
# same characters under a repeat)
_LAUGH_RE = re.compile(r"^(?:wk|kw|ha|he|hi|xi)[wkahei]+$")


def _is_laugh(w: str) -> bool:
    """wk/kw/ha/he/hi/xi, then w, k, a, h, he, hi: an "e" or "i" only after an "h" (checked here, not
    with an alternation under a repeat, which can backtrack exponentially)."""
    if len(w) < 4 or not _LAUGH_RE.match(w):
        return False
    return all(w[i - 1] == "h" for i in range(2, len(w)) if w[i] in "ei")
_REDUP_RE = re.compile(r"^([a-z]{3,})2$")
_ALNUM_SPLIT_RE = re.compile(r"[a-z]+|[0-9]+")


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    if 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x2B00 <= cp <= 0x2BFF:
        return True
    return unicodedata.category(ch) == "So"


@functools.lru_cache(maxsize=1)
def slang_map() -> dict[str, str]:
    """The committed slang list: ``informal<TAB>formal`` per line."""
    out: dict[str, str] = {}
    path = os.path.join(DATA_DIR, "slang.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                k, _, v = line.partition("\t")
                if k and v:
                    out[k] = v
    return out


@functools.lru_cache(maxsize=1)
def frequent_words() -> frozenset[str]:
    """The committed list of frequent words of the training texts (``data/words.txt``)."""
    path = os.path.join(DATA_DIR, "words.txt")
    if not os.path.exists(path):
        return frozenset()
    with open(path, encoding="utf-8") as fh:
        return frozenset(w.strip() for w in fh if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Known words, used to split lowercase hashtags and to undo letter repeats."""
    words: set[str] = set(frequent_words())
    for v in slang_map().values():
        words.update(v.split())
    return frozenset(words)


def phonetic_key(w: str) -> str:
    """A spelling-insensitive key for names: "Sylvi", "Silvy" and "Silvi" share one.

    Old and new spellings (dj→j, tj→c, oe→u, ch→k(h)), y/i, v/f, ph/f, doubled letters and a final h
    are folded; only letters a–z are kept. Linear in ``w``."""
    w = w.lower()
    for a, b in (("dj", "j"), ("tj", "c"), ("oe", "u"), ("ph", "f"), ("kh", "k"), ("ch", "k"),
                 ("y", "i"), ("v", "f"), ("q", "k"), ("x", "ks"), ("z", "s")):
        w = w.replace(a, b)
    out: list[str] = []
    for ch in w:
        if "a" <= ch <= "z" and (not out or out[-1] != ch):
            out.append(ch)
    if len(out) > 3 and out[-1] == "h":
        out.pop()
    return "".join(out)


class Vocabulary:
    """Extra words one contestant list adds to the hashtag splitter (names, aliases), with their
    phonetic keys. Each :class:`~netral.detect.lexicon.Lexicon` owns one: building a lexicon never
    changes how another detector, or a later text without that lexicon, is normalised."""

    def __init__(self, words=()):
        self.words: frozenset[str] = frozenset(
            w for w in (x.strip().lower() for x in words) if w.isalpha() and len(w) >= 2)
        # phonetic keys of the longer names only: short keys collide with ordinary words
        self.keys: frozenset[str] = frozenset(phonetic_key(w) for w in self.words if len(w) >= 5)
        self._cache: dict[str, tuple[str, ...]] = {}

    def knows(self, piece: str) -> bool:
        return piece in self.words or (len(piece) >= 5 and phonetic_key(piece) in self.keys)

    def segment(self, s: str) -> tuple[str, ...]:
        r = self._cache.get(s)
        if r is None:
            if len(self._cache) > 20000:
                self._cache.clear()
            r = self._cache[s] = _segment_with(s, self)
        return r


_NO_EXTRA = Vocabulary()


def _segment(s: str, extra: "Vocabulary | None" = None) -> tuple[str, ...]:
    return (extra or _NO_EXTRA).segment(s)


def _segment_with(s: str, extra: Vocabulary) -> tuple[str, ...]:
    """Split an all-lowercase string into known words (dynamic programming, fewest pieces).

    At most 60 characters and pieces of at most 20: bounded work per hashtag."""
    vocab = vocabulary()
    n = len(s)
    if n > 60:
        return (s,)
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (pieces, prev index)
    best[0] = (0, -1)
    for i in range(1, n + 1):
        for j in range(max(0, i - 20), i):
            if best[j] is None:
                continue
            piece = s[j:i]
            ok = piece in vocab or piece.isdigit() or extra.knows(piece)
            if not ok:
                continue
            cand = (best[j][0] + 1, j)
            if best[i] is None or cand[0] < best[i][0]:
                best[i] = cand
    if best[n] is None:
        return (s,)
    pieces = []
    i = n
    while i > 0:
        j = best[i][1]
        pieces.append(s[j:i])
        i = j
    return tuple(reversed(pieces))


@dataclass(slots=True)
class Token:
    text: str  # normalised form (may contain spaces after slang expansion)
    start: int  # span in the original text
    end: int
    kind: str = "word"  # word, url, mention, hashtag, emoji, punct, number


@dataclass(slots=True)
class Normalized:
    original: str
    tokens: list[Token] = field(default_factory=list)
    _text: str | None = None
    _starts: list[int] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._build()
        return self._text  # type: ignore[return-value]

    def _build(self) -> None:
        parts = [t.text for t in self.tokens]
        self._text = " ".join(parts)
        starts = list(itertools.accumulate([len(p) + 1 for p in parts], initial=0))
        starts.pop()  # the position after the last token
        self._starts = starts

    def token_index(self, char_pos: int) -> int:
        """Index of the token covering position ``char_pos`` of ``text``."""
        if self._starts is None:
            self._build()
        return max(0, bisect.bisect_right(self._starts, char_pos) - 1)  # type: ignore[arg-type]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` back to ``(start, end)`` in the original text."""
        if not self.tokens:
            return (0, 0)
        a = self.tokens[self.token_index(start)]
        b = self.tokens[self.token_index(max(start, end - 1))]
        return (a.start, max(a.end, b.end))


def _norm_word(w: str, slang: dict[str, str], vocab: frozenset[str]) -> str:
    r = _WORD_CACHE.get(w)
    if r is None:
        r = _norm_word_uncached(w, slang, vocab)
        if len(_WORD_CACHE) > 200_000:
            _WORD_CACHE.clear()
        _WORD_CACHE[w] = r
    return r


_WORD_CACHE: dict[str, str] = {}


def clear_caches() -> None:
    """Forget cached word forms (after the slang list or vocabulary changed)."""
    _WORD_CACHE.clear()
    slang_map.cache_clear()
    frequent_words.cache_clear()
    vocabulary.cache_clear()
    _NO_EXTRA._cache.clear()


def _norm_word_uncached(w: str, slang: dict[str, str], vocab: frozenset[str]) -> str:
    w = w.lower().replace("’", "'")
    if w in slang:
        return slang[w]
    if _is_laugh(w):
        return "wkwk" if "w" in w or "k" in w else "haha"
    m = _REDUP_RE.match(w)
    if m:
        base = _norm_word(m.group(1), slang, vocab)
        return f"{base} {base}"
    if _REPEAT3_RE.search(w):
        w2 = _REPEAT3_RE.sub(r"\1\1", w)
        if w2 in vocab:
            return w2
        w1 = _REPEAT2_RE.sub(r"\1", w2)
        if w1 in slang:
            return slang[w1]
        if w1 in vocab or len(w1) <= 3 or w2 not in slang:
            return w1
        return slang.get(w2, w2)
    if w not in vocab and w.isalpha() and _REPEAT2_RE.search(w):
        w1 = _REPEAT2_RE.sub(r"\1", w)
        if w1 in slang:
            return slang[w1]
        if w1 in vocab:
            return w1
    return w


def _split_hashtag(tag: str, offset: int, slang, vocab, extra: Vocabulary) -> list[Token]:
    """``#PrabowoGibran2024`` -> prabowo / gibran / 2024 with spans inside the tag."""
    out: list[Token] = []
    for m in _CAMEL_RE.finditer(tag):
        piece = m.group(0)
        low = piece.lower()
        # a dictionary split only for pieces written in one case ("aniesmuhaimin", "AKUCOBLOS"): a
        # capitalised piece of a camel-case tag is already a word ("Ganjar", not "gan" + "jar")
        if (piece.islower() or piece.isupper()) and low.isalpha() and len(low) > 5 and low not in vocab \
                and low not in slang and low not in extra.words:
            pos = m.start()
            for seg in extra.segment(low):
                out.append(Token(_norm_word(seg, slang, vocab), offset + pos, offset + pos + len(seg), "hashtag"))
                pos += len(seg)
        else:
            for m2 in _ALNUM_SPLIT_RE.finditer(low):
                out.append(
                    Token(_norm_word(m2.group(0), slang, vocab), offset + m.start() + m2.start(),
                          offset + m.start() + m2.end(), "hashtag")
                )
    return out


def _nfkc(text: str) -> tuple[str, list[int] | None]:
    """NFKC-fold ``text`` (fullwidth and mathematical letters, ligatures) with a map from each
    position of the folded text to the position of the original character it came from.

    Character by character: linear, and every folded character keeps its own source."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None
    parts: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        f = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
        parts.append(f)
        src.extend([i] * len(f))
    return "".join(parts), src


def normalize(text: str, extra: Vocabulary | None = None) -> Normalized:
    """Normalise ``text``; see the module docstring. ``extra``: a contestant list's names for the
    hashtag splitter (``Lexicon.vocab``)."""
    original = text
    text, src = _nfkc(text)
    if src is not None:
        n = _normalize(text, extra)
        end = len(original)
        for t in n.tokens:  # spans back to the characters the user wrote
            s0 = src[t.start] if t.start < len(src) else end
            e0 = src[t.end - 1] + 1 if 0 < t.end <= len(src) else s0
            t.start, t.end = s0, max(s0, e0)
        n.original = original
        return n
    return _normalize(text, extra)


def _normalize(text: str, extra: Vocabulary | None) -> Normalized:
    extra = extra or _NO_EXTRA
    slang = slang_map()
    vocab = vocabulary()
    toks: list[Token] = []
    wcache = _WORD_CACHE
    append = toks.append
    for m in (_TOKEN_RE if "/" in text else _TOKEN_RE_NO_SLASH).finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        val = m.group(0)
        if kind == "word":
            # fast path for the common case, a plain word (about nine tokens in ten)
            low = val.lower()
            if low.isalpha() and low != "url" and low != "user":
                r = wcache.get(low)
                if r is None:
                    r = _norm_word(low, slang, vocab)
                append(Token(r, s, e, "word"))
                continue
        if kind == "url":
            toks.append(Token(URL_TOKEN, s, e, "url"))
        elif kind == "mention":
            toks.append(Token(USER_TOKEN, s, e, "mention"))
        elif kind == "hashtag":
            toks.extend(_split_hashtag(val[1:], s + 1, slang, vocab, extra))
        elif kind == "keycap":
            toks.append(Token(val[0], s, e, "number"))
        elif kind == "word":
            low = val.lower()
            if low in ("url", "user") and val.isupper():  # placeholders of public datasets
                toks.append(Token(URL_TOKEN if low == "url" else USER_TOKEN, s, e, low))
                continue
            # split glued letters and digits ("no2", "paslon01", "2024an") but keep "kata2"
            if not low.isalpha() and not low.isdigit() and not _REDUP_RE.match(low) and "-" not in low and "'" not in low:
                for m2 in _ALNUM_SPLIT_RE.finditer(low):
                    piece = m2.group(0)
                    toks.append(Token(piece if piece.isdigit() else _norm_word(piece, slang, vocab),
                                      s + m2.start(), s + m2.end(), "number" if piece.isdigit() else "word"))
                continue
            if "-" in low:
                parts = low.split("-")
                if len(parts) == 2 and parts[0] == parts[1]:  # kata-kata: keep as reduplication
                    w = _norm_word(parts[0], slang, vocab)
                    toks.append(Token(f"{w} {w}", s, e, "word"))
                    continue
                pos = s
                for p in parts:
                    if p:
                        toks.append(Token(_norm_word(p, slang, vocab), pos, pos + len(p), "word"))
                    pos += len(p) + 1
                continue
            toks.append(Token(low if low.isdigit() else _norm_word(low, slang, vocab), s, e,
                              "number" if low.isdigit() else "word"))
        else:  # one character: emoji or punctuation
            ch = val
            if ch in ("\ufe0f", "\u200d", "\u20e3") or 0x1F3FB <= ord(ch) <= 0x1F3FF:
                if toks and toks[-1].kind == "emoji":
                    toks[-1].end = e  # modifiers belong to the previous emoji
                continue
            if ch in GESTURE_EMOJI:
                toks.append(Token(GESTURE_EMOJI[ch], s, e, "emoji"))
            elif _is_emoji(ch):
                toks.append(Token(ch, s, e, "emoji"))
            elif ch in "!?":
                toks.append(Token(ch, s, e, "punct"))
            # other punctuation is dropped
    # drop empty expansions (slang mapped to nothing)
    toks = [t for t in toks if t.text]
    return Normalized(text, toks)


def normalize_text(text: str, extra: Vocabulary | None = None) -> str:
    return normalize(text, extra).text
