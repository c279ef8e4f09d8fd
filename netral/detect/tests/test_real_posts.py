"""How people really write (issue 15): adversarial input, Unicode, bytes, per-instance lexicons,
names alone, names that are also words, gestures, glued and misspelt hashtags, party columns."""

import json
import os
import random
import re
import subprocess
import sys

import pytest

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is a deprecated alias)
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

from netral.detect import Detector, Lexicon
from netral.detect import features, lexicon as lexicon_mod, model as model_mod, text as text_mod
from netral.detect.lexicon import Match, drop_nested
from netral.detect.text import normalize, normalize_text

# A fictional-style list shaped like a regional election's (three pairs, parties by name, hashtags),
# written for these tests.
DKI = [
    {"key": "dki-1", "election": "Pilkada DKI 2017", "number": "1", "name": "Agus Harimurti Yudhoyono – Sylviana Murni",
     "aliases": "AHY;Agus-Sylvi;Mpok Sylvi", "parties": "Demokrat;PPP;PKB;PAN", "hashtags": "#AHY;#SYLVI"},
    {"key": "dki-2", "election": "Pilkada DKI 2017", "number": "2",
     "name": "Basuki Tjahaja Purnama – Djarot Saiful Hidayat", "aliases": "Ahok;Ahok-Djarot;Badja",
     "parties": "PDIP;Golkar;Nasdem;Hanura", "hashtags": "#BadjaMenang"},
    {"key": "dki-3", "election": "Pilkada DKI 2017", "number": "3", "name": "Anies Baswedan – Sandiaga Uno",
     "aliases": "Anies-Sandi;Bang Sandi", "parties": "Gerindra;PKS", "hashtags": "#OkOce"},
]


@pytest.fixture(scope="module")
def dki():
    return Lexicon.from_contestants(DKI)


@pytest.fixture(scope="module")
def dki_detector(dki):
    return Detector.load(lexicon=dki)


def keys(lex, text):
    return {k for m in lex.match(text) for k in m.keys}


def test_an_ambiguous_name_without_context_is_hidden_from_the_models_not_shown(lexicon, detector):
    ms = lexicon.match("Ganjar pahala bagi yang bersedekah", hidden=True)
    assert [(m.kind, m.mask) for m in ms] == [("ambiguous", "")]
    assert lexicon.match("Ganjar pahala bagi yang bersedekah") == []
    assert not [e for e in detector.classify("Ganjar pahala bagi yang bersedekah").to_dict()["evidence"]
                if e["type"] == "lexicon"]


# ------------------------------------------------------------------ linear time
_SAMPLE = [chr(c) for c in range(32, 127)] + list("éÀｐ𝐆✌☝’–\u200d\ufe0f")


def _first_chars(seq) -> set[str] | None:
    """Characters (of a sample alphabet) the sequence ``seq`` can start with; None when unknown or
    when it can start with nothing (then it is treated as overlapping)."""
    if not seq:
        return None
    op, av = seq[0]
    name = str(op)
    if name == "LITERAL":
        return {chr(av).lower(), chr(av).upper()}
    if name == "NOT_LITERAL":
        return {c for c in _SAMPLE if c.lower() != chr(av).lower()}
    if name == "IN":
        pat = "[" + "".join(_set_item(o, a) for o, a in av) + "]"
        rx = re.compile(pat, re.I)
        return {c for c in _SAMPLE if rx.match(c)}
    if name == "SUBPATTERN":
        return _first_chars(av[-1])
    return None


def _set_item(op, av) -> str:
    name = str(op)
    if name == "NEGATE":
        return "^"
    if name == "LITERAL":
        return re.escape(chr(av))
    if name == "RANGE":
        return re.escape(chr(av[0])) + "-" + re.escape(chr(av[1]))
    if name == "CATEGORY":
        return {"CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W", "CATEGORY_DIGIT": r"\d",
                "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S"}[str(av)]
    raise AssertionError(name)


def _nested_repeat(tree, inside=False) -> bool:
    """True when a repeat (``*``, ``+``, ``{m,n}``) sits inside another repeat of ``tree``, or when
    a repeat holds alternatives that can start with the same character ("(?:wk|k|w)+"): the two
    shapes that let a backtracking matcher try exponentially or quadratically many ways."""
    for op, av in tree:
        name = str(op)
        if name == "POSSESSIVE_REPEAT":  # never gives back what it matched: cannot backtrack
            continue
        if name == "ATOMIC_GROUP":
            continue
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            lo, hi, sub = av
            if inside and hi != lo:
                return True
            if _nested_repeat(sub, inside or hi > 1):
                return True
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            if _nested_repeat(av[-1], inside):
                return True
        elif name == "BRANCH":
            alts = av[1]
            if inside:
                firsts = [_first_chars(b) for b in alts]
                for i in range(len(firsts)):
                    for j in range(i + 1, len(firsts)):
                        if firsts[i] is None or firsts[j] is None or firsts[i] & firsts[j]:
                            return True
            if any(_nested_repeat(b, inside) for b in alts):
                return True
        elif name in ("ASSERT", "ASSERT_NOT"):
            if _nested_repeat(av[1], inside):
                return True
    return False


def _module_patterns():
    for mod in (text_mod, lexicon_mod, model_mod, features):
        for name, obj in vars(mod).items():
            if isinstance(obj, re.Pattern):
                yield f"{mod.__name__}.{name}", obj
    for key, rx in model_mod._SKB_RULES:
        yield f"skb.{key}", rx


def test_no_pattern_of_the_detector_can_backtrack_without_bound():
    # a quantifier inside another one ("(?:wk|k|w)+", "[a-z.]+\.com" tried from each letter) is what
    # made "a." x 20,000 + "/" take 18 s; the structure is checked here, the speed in the bench
    patterns = list(_module_patterns())
    assert len(patterns) >= 8
    bad = [name for name, rx in patterns if _nested_repeat(sre_parse.parse(rx.pattern, rx.flags))]
    assert bad == []


def test_the_check_itself_sees_nested_quantifiers():
    assert _nested_repeat(sre_parse.parse(r"^(?:wk|k|w)+$"))
    assert _nested_repeat(sre_parse.parse(r"(a+)+b"))
    assert _nested_repeat(sre_parse.parse(r"^(?:wk|kw)(?:[wka]|h[ei]|h)+$"))
    assert not _nested_repeat(sre_parse.parse(r"[^\W_](?:[^\W_]|-(?=\w))*"))
    assert not _nested_repeat(sre_parse.parse(r"[^\W_]++(?:['-][^\W_]++)*+"))  # possessive: no give-back
    assert _nested_repeat(sre_parse.parse(r"[^\W_]+(?:['-][^\W_]+)*"))


def test_the_bare_domain_rule_starts_only_where_a_run_starts():
    assert "(?<![a-z0-9.\\-])" in text_mod._TOKEN_RE.pattern


@pytest.mark.parametrize("bad", ["a." * 20000 + "/", "wk" * 5000 + "x", "-a" * 10000, "#" + "Ab" * 5000,
                                 "prabowo " * 3000, "✌" * 5000, "ａ." * 3000 + "/"])
def test_adversarial_inputs_give_sane_output(bad, detector):
    n = normalize(bad)
    assert len(n.tokens) <= len(bad)
    assert all(0 <= t.start <= t.end <= len(bad) for t in n.tokens)
    r = detector.classify(bad[:20000])
    assert 0.0 <= r.scores["partisan"] <= 1.0


def _brute_drop(found):
    found = sorted(found, key=lambda m: (m.tok_start, -(m.tok_end - m.tok_start)))
    kept = []
    for m in found:
        if any(k.kind not in ("hashtag", "slogan") and k.tok_start <= m.tok_start and m.tok_end <= k.tok_end
               and (k.tok_end - k.tok_start) > (m.tok_end - m.tok_start) for k in kept):
            continue
        kept.append(m)
    return kept


def test_dropping_nested_matches_in_one_pass_equals_the_pairwise_rule():
    rng = random.Random(15)
    for _ in range(400):  # random overlapping spans of every kind, fixed seed
        spec = [(rng.randint(0, 12), rng.randint(1, 4), rng.choice(["name", "ballot", "hashtag", "slogan"]))
                for _ in range(rng.randint(0, 25))]

        def mk():
            return [Match(("k",), kind, "t", 0, 0, "", s, s + ln) for s, ln, kind in spec]

        got = [(m.tok_start, m.tok_end, m.kind) for m in drop_nested(mk())]
        want = [(m.tok_start, m.tok_end, m.kind) for m in _brute_drop(mk())]
        assert got == want, spec


# ------------------------------------------------------------------ Unicode and bytes
def test_it_folds_fullwidth_and_styled_letters_and_keeps_spans():
    raw = "Dukung ＰＲＡＢＯＷＯ dan 𝐆𝐢𝐛𝐫𝐚𝐧!"
    n = normalize(raw)
    assert n.text.split()[:4] == ["dukung", "prabowo", "dan", "gibran"]
    assert [raw[t.start:t.end] for t in n.tokens][1] == "ＰＲＡＢＯＷＯ"
    assert [raw[t.start:t.end] for t in n.tokens][3] == "𝐆𝐢𝐛𝐫𝐚𝐧"


def test_fullwidth_names_are_matched(lexicon):
    raw = "ayo ｐｒａｂｏｗｏ"
    ms = [m for m in lexicon.match(raw) if m.kind == "name"]
    assert ms and ms[0].keys == ("capres-02",) and ms[0].text == "ｐｒａｂｏｗｏ"


def test_cli_answers_a_non_utf8_line_with_an_error_and_goes_on_under_a_strict_locale():
    data = (json.dumps({"id": "a", "text": "Kue enak ✌️"}, ensure_ascii=False).encode() + b"\n"
            + b'{"id": "b", "text": "caf\xe9 \xff"}\n'
            + json.dumps({"id": "c", "text": "Dukung Pak Ganjar"}, ensure_ascii=False).encode() + b"\n")
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONIOENCODING="")
    p = subprocess.run([sys.executable, "-m", "netral.detect", "classify"], input=data, capture_output=True,
                       timeout=120, env=env)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    out = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c"]
    assert "UTF-8" in out[1]["error"]
    assert "political" in out[0] and "political" in out[2]


# ------------------------------------------------------------------ no global state
def test_building_a_lexicon_does_not_change_other_detectors(detector):
    texts = ["#wendakarim menang", "Selamat pagi #yokamaju", "ayo #budisantoso"]
    before = [detector.classify(t).to_dict() for t in texts]
    norm_before = [normalize_text(t) for t in texts]
    Lexicon.from_contestants([{"key": "x-1", "name": "Yohanes Wenda – Abdul Karim", "aliases": "YOKA", "number": "1",
                               "election": "Pilkada X"},
                              {"key": "x-2", "name": "Budi Santoso – Siti Rahma", "number": "2"}])
    assert [detector.classify(t).to_dict() for t in texts] == before
    assert [normalize_text(t) for t in texts] == norm_before


def test_a_lexicon_splits_hashtags_with_its_own_names_only():
    lex = Lexicon.from_contestants([{"key": "x-1", "name": "Yohanes Wenda – Abdul Karim", "number": "1"}])
    assert lex.normalize("#wendakarim").text == "wenda karim"
    assert normalize_text("#wendakarim") == "wendakarim"


# ------------------------------------------------------------------ names
def test_names_of_a_loaded_list_are_matched_alone_whatever_the_word_list_says(dki):
    # "ahok", "djarot", "yudhoyono" are frequent words of the training tweets (data/words.txt)
    assert keys(dki, "Ahok hebat") == {"dki-2"}
    assert keys(dki, "kemarin Djarot blusukan") == {"dki-2"}
    assert keys(dki, "Yudhoyono muda") == {"dki-1"}


@pytest.mark.parametrize("text", ["Ganjar pahala bagi yang bersedekah", "Anak saya namanya Gibran",
                                  "Semoga Allah ganjar kebaikanmu", "Gibran sudah bisa jalan sendiri"])
def test_a_name_that_is_a_word_or_a_first_name_needs_an_election_context(detector, lexicon, text):
    assert not [m for m in lexicon.match(text) if m.kind == "name"]
    r = detector.classify(text)
    assert not r.political and not r.partisan and r.targets == []


@pytest.mark.parametrize("text,key", [("Dukung Ganjar jadi presiden", "capres-03"),
                                      ("Gibran cawapres termuda", "capres-02"), ("#Ganjar", "capres-03")])
def test_the_same_names_count_in_an_election_context(lexicon, text, key):
    assert key in keys(lexicon, text)


def test_harapan_is_not_a_candidate_by_sound_or_spelling(dki):
    lex = Lexicon.from_contestants(DKI + [{"key": "y-2", "name": "Harapan Siregar – Dodi Lumbantobing",
                                           "number": "2", "election": "Pilkada Kab. Y"}])
    assert not lex.match("harapan kami semoga sehat selalu")
    assert not dki.match("Harapan kami semoga sehat")
    assert keys(lex, "dukung Lumbantobing") == {"y-2"}


# ------------------------------------------------------------------ gestures
@pytest.mark.parametrize("text", ["✌️✌️✌️", "Akhirnya wisuda juga! Salam dua jari bareng teman-teman ✌️",
                                  "Foto keluarga di pantai ✌🏻☝️"])
def test_gestures_alone_are_weak_evidence(detector, text):
    r = detector.classify(text)
    assert not r.partisan and r.targets == [], r.scores
    assert all(e["weak"] for e in r.to_dict()["evidence"] if e["type"] == "lexicon")


def test_a_gesture_with_an_election_context_still_counts(detector):
    r = detector.classify("Jangan lupa coblos nomor 2 tanggal 14 ✌️")
    assert r.partisan and r.targets == ["capres-02"]


# ------------------------------------------------------------------ hashtags, misspellings, parties
@pytest.mark.parametrize("text,key", [
    ("Program #AniesSandi untuk Semua", "dki-3"),
    ("#aniessandi untuk jakarta", "dki-3"),
    ("Besok #AkuCoblosAniesSandi", "dki-3"),
    ("Lanjutkan #AhokDjarot", "dki-2"),
    ("Terima kasih teruntuk pendukung #AHY #SYLVI", "dki-1"),
    ("#agussilvy untuk warga", "dki-1"),
    ("Mpok Silvi datang ke pasar", "dki-1"),
])
def test_it_finds_targets_in_glued_listed_and_misspelt_hashtags(dki, dki_detector, text, key):
    assert keys(dki, text) == {key}


@pytest.mark.parametrize("text,key", [
    ("Program #AniesSandi untuk Semua", "dki-3"),
    ("Terima kasih teruntuk pendukung #AHY #SYLVI", "dki-1"),
    ("#agussilvy menang satu putaran", "dki-1"),
    ("Besok #AkuCoblosAniesSandi", "dki-3"),
])
def test_listed_and_glued_hashtags_are_partisan_with_their_target(dki_detector, text, key):
    r = dki_detector.classify(text)
    assert r.partisan and r.targets == [key], (r.scores, r.targets)


def test_the_builtin_pair_hashtag_is_matched(lexicon):
    assert keys(lexicon, "#PrabowoGibran") == {"capres-02"}
    assert keys(lexicon, "#prabowogibran2024") >= {"capres-02"}


def test_the_parties_column_names_supporting_parties(dki):
    ms = [m for m in dki.match("Kader Gerindra dan PKS solid") if m.kind == "party"]
    assert {m.keys for m in ms} == {("dki-3",)}
    ms = [m for m in dki.match("rapat Hanura kemarin") if m.kind == "party"]
    assert {m.keys for m in ms} == {("dki-2",)}
