from netral.detect.text import normalize, normalize_text


def test_it_lowercases_and_replaces_urls_and_mentions():
    assert normalize_text("LIHAT https://t.co/abc @Budi_01 Sekarang") == "lihat httpurl @user sekarang"


def test_it_squeezes_repeated_letters():
    assert normalize_text("mantaaaap bangeeet") == "mantap banget"


def test_it_expands_slang_and_abbreviations():
    out = normalize_text("yg gak tau dgn bgt")
    assert out.split() == ["yang", "tidak", "tahu", "dengan", "banget"] or "dengan" in out.split()
    assert "yg" not in out.split() and "dgn" not in out.split()


def test_it_expands_reduplication():
    assert normalize_text("hati2 di jalan") == "hati hati di jalan"


def test_it_splits_camel_case_hashtags():
    assert normalize_text("#PrabowoGibran2024") == "prabowo gibran 2024"
    assert normalize_text("#GanjarMahfud") == "ganjar mahfud"


def test_it_splits_lowercase_hashtags_with_known_words():
    from netral.detect import Lexicon

    # the contestant names are the lexicon's own vocabulary (no global state)
    assert Lexicon.builtin().normalize("#aniesmuhaimin").text == "anies muhaimin"


def test_it_keeps_emoji_as_tokens_without_modifiers():
    assert normalize_text("Salam ☝️ dan ✌🏻 dan 🤟") == "salam ☝ dan ✌ dan 🤟"
    assert normalize_text("3️⃣") == "3"


def test_it_splits_glued_numbers():
    assert normalize_text("paslon02") == "paslon 02"


def test_it_maps_spans_back_to_the_original():
    raw = "Ayooo #PrabowoGibran2024 coblos!!"
    n = normalize(raw)
    i = n.text.index("gibran")
    s, e = n.original_span(i, i + len("gibran"))
    assert raw[s:e] == "Gibran"
    i = n.text.index("ayo")
    s, e = n.original_span(i, i + 3)
    assert raw[s:e] == "Ayooo"


def test_it_recognises_bare_domain_links_only_with_a_path():
    assert normalize_text("baca detik.com/berita-1 sekarang") == "baca httpurl sekarang"
    assert normalize_text("baca detik.com sekarang") == "baca detik com sekarang"
