import pytest

from netral.people.accounts import AccountError, normalise_account


@pytest.mark.parametrize("platform, text", [
    ("instagram", "@Budi.Santoso"),
    ("instagram", "budi.santoso"),
    ("instagram", "https://www.instagram.com/budi.santoso/"),
    ("instagram", "instagram.com/Budi.Santoso?igsh=abc"),
    ("", "http://m.instagram.com/budi.santoso"),
])
def test_the_same_account_typed_many_ways_is_one(platform, text):
    assert normalise_account(platform, text) == (
        "instagram", "budi.santoso", "https://www.instagram.com/budi.santoso/")


def test_other_platform_shapes():
    assert normalise_account("x", "https://twitter.com/BudiS")[:2] == ("x", "budis")
    assert normalise_account("x", "x.com/budis/status/123")[:2] == ("x", "budis")
    assert normalise_account("tiktok", "https://www.tiktok.com/@budi_s?lang=id")[:2] == ("tiktok", "budi_s")
    assert normalise_account("facebook", "https://web.facebook.com/profile.php?id=1000123")[:2] == (
        "facebook", "1000123")
    assert normalise_account("youtube", "https://www.youtube.com/@BudiChannel")[:2] == ("youtube", "budichannel")
    assert normalise_account("threads", "https://www.threads.net/@budi")[:2] == ("threads", "budi")


@pytest.mark.parametrize("platform, text, message", [
    ("instagram", "", "wajib diisi"),
    ("", "budi", "Pilih platform"),
    ("instagram", "https://www.tiktok.com/@budi", "milik TikTok"),
    ("instagram", "https://www.instagram.com/p/", "tidak menunjuk ke sebuah profil"),
    ("instagram", "javascript:alert(1)", "hanya boleh berisi"),
    ("instagram", "budi santoso!", "hanya boleh berisi"),
    ("instagram", "https://evil.example.com/budi", "bukan alamat Instagram"),
])
def test_it_refuses_bad_accounts_in_indonesian(platform, text, message):
    with pytest.raises(AccountError, match=message):
        normalise_account(platform, text)
