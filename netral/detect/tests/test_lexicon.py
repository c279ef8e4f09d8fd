import io

from netral.detect import Lexicon


def kinds(lexicon, text):
    return {(m.kind, m.keys, text[m.start:m.end]) for m in lexicon.match(text)}


def test_it_matches_full_names(lexicon):
    text = "Kemarin Prabowo Subianto berkunjung"
    assert ("name", ("capres-02",), "Prabowo Subianto") in kinds(lexicon, text)


def test_it_matches_a_distinctive_name_part_alone(lexicon):
    # the 2024 names are frequent in the training tweets; that must not make them "common words"
    for text, key in (("jangan pilih Prabowo", "capres-02"), ("ayo Anies", "capres-01"), ("Ganjar menang", "capres-03"),
                      ("Gibran cawapres muda", "capres-02"), ("kata Mahfud", "capres-03")):
        assert any(m.kind == "name" and m.keys == (key,) for m in lexicon.match(text)), text


def test_a_name_part_that_is_a_common_word_is_not_matched_alone():
    lex = Lexicon.from_contestants([{"key": "pilkada-y-2", "name": "Harapan Siregar – Dodi Lumbantobing", "number": "2",
                                     "election": "Pilkada Kab. Y"}])
    # without an election context (issue 15: with one, "Harapan" may be the candidate)
    assert not lex.match("harapan kami semoga damai dan sehat")
    assert [m.keys for m in lex.match("dukung Lumbantobing")] == [("pilkada-y-2",)]


def test_it_matches_aliases(lexicon):
    text = "Cak Imin datang ke pasar"
    assert ("alias", ("capres-01",), "Cak Imin") in kinds(lexicon, text)


def test_it_matches_ballot_numbers_in_context_only(lexicon):
    for text, term in [("ayo coblos 3 ya", "coblos 3"), ("nomor urut 02 mantap", "nomor urut 02"),
                       ("paslon 01 juara", "paslon 01"), ("pilih no. 2", "no. 2")]:
        ms = [m for m in lexicon.match(text) if m.kind == "ballot"]
        assert ms, text
        assert text[ms[0].start:ms[0].end] == term
    assert not [m for m in lexicon.match("saya tinggal di rumah 02 blok C") if m.kind == "ballot"]
    paslon = [m for m in lexicon.match("paslon 03 menang") if m.kind == "ballot"][0]
    assert paslon.keys == ("capres-03",)


def test_it_matches_parties(lexicon):
    found = kinds(lexicon, "Kader Partai Golkar dan PDIP rapat")
    assert ("party", ("party-04",), "Partai Golkar") in found
    assert ("party", ("party-03",), "PDIP") in found


def test_it_matches_hashtags_only_when_written_as_hashtags(lexicon):
    text = "Mantap #SatSet"
    assert ("hashtag", ("capres-03",), "SatSet") in kinds(lexicon, text)
    assert not [m for m in lexicon.match("kerja sat set") if m.kind == "hashtag"]


def test_it_matches_slogans(lexicon):
    text = "Bersama Indonesia Maju!"
    assert ("slogan", ("capres-02",), "Bersama Indonesia Maju") in kinds(lexicon, text)


def test_it_matches_gestures_emoji_and_words(lexicon):
    found = kinds(lexicon, "Salam tiga jari 🤟 dan ☝️")
    assert ("gesture", ("capres-03",), "Salam tiga jari") in found
    assert ("gesture", ("capres-03",), "🤟") in found
    assert ("gesture", ("capres-01",), "☝️") in found


def test_weak_aliases_are_reported_but_marked_weak(lexicon):
    ms = [m for m in lexicon.match("Amin ya Allah") if m.keys == ("capres-01",)]
    assert ms and all(m.weak for m in ms)


def test_it_loads_a_csv_of_local_contestants():
    csv_text = (
        "key,election,number,name,aliases,parties,hashtags,slogans\n"
        "pilkada-x-1,Pilkada 2024 Kota X,1,Budi Santoso – Siti Rahma,BERSAMA;Bang Budi,party-02,#BudiSiti1,Kota X Maju Terus\n"
        "pilkada-x-2,Pilkada 2024 Kota X,2,Yohanes Wenda – Abdul Karim,YOKA,party-03,#YOKA2,Bangun Kampung\n"
    )
    lex = Lexicon.from_csv(io.StringIO(csv_text))
    text = "Dukung Bang Budi! paslon 2 kalah. #YOKA2 Kota X Maju Terus"
    found = {(m.kind, m.keys) for m in lex.match(text)}
    assert ("alias", ("pilkada-x-1",)) in found
    assert ("ballot", ("pilkada-x-2",)) in found
    assert ("hashtag", ("pilkada-x-2",)) in found
    assert ("slogan", ("pilkada-x-1",)) in found


def test_it_builds_from_dicts():
    lex = Lexicon.from_contestants([{"key": "c1", "name": "Hendra Wijayakusuma", "number": 4,
                                     "aliases": ["Bang Hendra"], "election": "Pilkada"}])
    ms = lex.match("saya dukung Wijayakusuma")
    assert ms and ms[0].keys == ("c1",) and ms[0].kind == "name"
