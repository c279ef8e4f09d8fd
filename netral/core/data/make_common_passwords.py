"""Builds common-passwords.txt.gz: Django's list of 20,000 common passwords plus Indonesian words
and the suffixes people add to them (years, 123, the independence date). Run by hand when the
word list changes: `python netral/core/data/make_common_passwords.py`. Offline, no download."""

import gzip
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent

# Words Indonesian users pick (religion, affection, nation, places, office, football, family).
WORDS = """
bismillah alhamdulillah insyaallah masyaallah subhanallah allahuakbar assalamualaikum
sayang sayangku cinta cintaku kasih kekasih rindu rinduku kangen bebeb beib cayang aku kamu akusayangkamu
sayangkamu cintakamu iloveyou selamanya setia jodoh pacar mantan
indonesia merdeka garuda pancasila nusantara bhinneka bangsa negara pahlawan proklamasi
jakarta bandung surabaya semarang medan makassar yogyakarta jogja bali malang bogor depok bekasi
tangerang palembang padang pekanbaru banjarmasin pontianak manado ambon jayapura kupang mataram
rahasia katasandi kata_sandi sandi password passw0rd pasword admin administrator operator
pegawai kantor kanwil lapas rutan imigrasi kemenkumham pengayoman kemenag pns asn honorer
netral netralitas pemilu pilkada bawaslu pengawas pimpinan satgas
persija persib arema persebaya bonek jakmania viking aremania timnas
mama papa ibu bapak ayah bunda adik kakak abang anakku keluarga
mawar melati anggrek kucing anjing harimau naga elang rajawali
doraemon naruto spiderman batman superman barcelona realmadrid manchester liverpool
qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm
selamat selamatpagi selamatdatang terimakasih semangat sukses berkah amanah ikhlas sabar
""".split()
SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
            "01", "11", "99", "00", "007", "!", "@", "@123", "#1", "1945", "17081945", "170845"] + \
           [str(y) for y in range(1970, 2031)]


def main():
    base = Path(django.__file__).resolve().parent / "contrib" / "auth" / "common-passwords.txt.gz"
    with gzip.open(base, "rt", encoding="utf-8") as fh:
        words = {w.strip() for w in fh if w.strip()}
    for w in WORDS:
        for s in SUFFIXES:
            words.add(f"{w}{s}".lower())
            words.add(f"{s}{w}".lower())
    out = HERE / "common-passwords.txt.gz"
    with gzip.GzipFile(out, "wb", mtime=0) as fh:  # mtime=0: the same input gives the same bytes
        fh.write(("\n".join(sorted(words)) + "\n").encode("utf-8"))
    print(f"{len(words)} kata sandi umum ditulis ke {out}")


if __name__ == "__main__":
    main()
