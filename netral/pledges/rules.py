"""The rules in full, for every employee and every reviewer: what is forbidden, with examples,
which sanction follows, and where it is written.

Keys of the SKB acts are those of `reference.PROHIBITED_ACTS`, the detector and the case files,
so a finding or a case can link straight to its rule (`/pembinaan/aturan/#skb-<key>`).
Articles of the election laws are cited as commonly quoted by Bawaslu and BKN; the legal team
should check them when a regulation changes (docs/pledges.md).
"""

from django.utils.translation import gettext_lazy as _

from netral.pledges.reference import PROHIBITED_ACTS

SKB_SOURCE = _("SKB 22 September 2022 (MenPANRB 2/2022, Mendagri 800-5474/2022, Kepala BKN 246/2022, "
               "Ketua KASN 30/2022, Ketua Bawaslu 1447.1/PM.01/K.1/09/2022), lampiran bentuk pelanggaran")

EXAMPLES = {
    "banner": [_("Memasang baliho bakal calon bupati di pagar rumah dinas."),
               _("Membagikan stiker dan kalender bergambar calon kepada tetangga.")],
    "socmed_campaign": [_("Mengunggah video ajakan memilih paslon tertentu di akun TikTok pribadi."),
                        _("Menjadi admin grup WhatsApp relawan dan menyebarkan materi kampanye.")],
    "party_approach": [_("Mendaftar penjaringan bakal calon kepala daerah di sebuah partai sebelum mengundurkan diri.")],
    "attend_campaign": [_("Hadir dan ikut bersorak di deklarasi paslon pada hari kerja maupun hari libur."),
                        _("Mengenakan kaos paslon di panggung kampanye.")],
    "party_membership": [_("Tercatat sebagai anggota atau pengurus partai politik dalam Sipol KPU.")],
    "post_comment_share_like": [_("Memberi tanda suka atau komentar “mantap, lanjutkan!” pada unggahan akun resmi paslon."),
                                _("Membagikan ulang poster kampanye ke status WhatsApp."),
                                _("Mengikuti (follow) akun tim pemenangan.")],
    "photo_with_candidate": [_("Mengunggah foto bersama calon dengan salam dua jari."),
                             _("Berfoto di depan latar bergambar partai dengan atribut partai.")],
    "partisan_activity": [_("Mengundang rekan kerja ke pertemuan yang mengarahkan pilihan."),
                          _("Membagikan sembako atas nama calon.")],
    "campaign_team_before": [_("Menjadi konsultan atau tim ahli bakal calon sebelum KPU menetapkan calon.")],
    "campaign_team_after": [_("Tercatat dalam susunan tim kampanye paslon setelah penetapan calon.")],
    "independent_support": [_("Mengumpulkan fotokopi KTP warga untuk dukungan calon perseorangan.")],
    "biased_decision": [_("Mempercepat izin atau bantuan bagi pendukung satu calon, atau menahannya bagi pendukung calon lain."),
                        _("Memakai mobil dinas untuk kegiatan calon.")],
    "spouse_campaign": [_("Ikut naik panggung pada deklarasi suami/istri yang menjadi calon.")],
}

SANCTION_TIERS = [
    ("ringan", _("Hukuman disiplin ringan"), [_("teguran lisan"), _("teguran tertulis"),
                                                _("pernyataan tidak puas secara tertulis")]),
    # "25% s" looks like a printf directive to xgettext; these strings are never %-formatted.
    ("sedang", _("Hukuman disiplin sedang"), [
                                                # xgettext:no-python-format
                                                _("pemotongan tunjangan kinerja 25% selama 6 bulan"),
                                                # xgettext:no-python-format
                                                _("pemotongan tunjangan kinerja 25% selama 9 bulan"),
                                                # xgettext:no-python-format
                                                _("pemotongan tunjangan kinerja 25% selama 12 bulan")]),
    ("berat", _("Hukuman disiplin berat"), [_("penurunan jabatan setingkat lebih rendah selama 12 bulan"),
                                              _("pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
                                              _("pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS")]),
]

# (anchor, title, body paragraphs, source)
SECTIONS = [
    ("asas", _("Asas netralitas ASN"), [
        _("Pegawai ASN harus bebas dari pengaruh dan intervensi semua golongan dan partai politik. Hak pilih "
          "tetap ada, tetapi pilihan politik hanya dinyatakan di bilik suara."),
        _("Pegawai ASN yang menjadi anggota dan/atau pengurus partai politik diberhentikan."),
    ], _("UU 20/2023 tentang ASN (menggantikan UU 5/2014, Pasal 9 ayat (2)); pemberhentian karena keanggotaan partai")),
    ("disiplin-pns", _("Disiplin PNS: larangan memberi dukungan"), [
        _("PNS dilarang memberi dukungan kepada calon presiden/wakil presiden, kepala daerah/wakil kepala daerah, "
          "dan anggota DPR/DPD/DPRD dengan cara: (1) ikut kampanye; (2) menjadi peserta kampanye dengan atribut "
          "partai atau atribut PNS; (3) mengerahkan PNS lain; (4) memakai fasilitas negara; (5) membuat keputusan "
          "atau tindakan yang menguntungkan atau merugikan peserta sebelum, selama, atau sesudah kampanye; "
          "(6) mengadakan kegiatan yang mengarah keberpihakan (pertemuan, ajakan, imbauan, seruan, pemberian barang) "
          "kepada PNS, keluarga, dan masyarakat; (7) memberi surat dukungan disertai fotokopi KTP untuk calon perseorangan."),
        _("Butir 3 sampai 7 diancam hukuman disiplin berat; butir 2 hukuman sedang; butir 1 lazim dikutip sebagai sedang."),
        _("Atasan langsung wajib memeriksa dugaan pelanggaran; atasan yang tidak melakukannya dijatuhi hukuman "
          "disiplin yang lebih berat."),
    ], _("PP 94/2021 Pasal 5 huruf n, Pasal 8, Pasal 14 huruf i, Pasal 26 dan 28")),
    ("kode-etik", _("Kode etik: sanksi moral"), [
        _("Pelanggaran kode etik dikenai sanksi moral berupa pernyataan secara tertutup atau pernyataan secara "
          "terbuka, yang dibuat tertulis dan dinyatakan oleh pejabat pembina kepegawaian."),
        _("Menurut SKB, perbuatan yang juga tercantum dalam daftar kode etik (kolom “Kode etik” di bawah) "
          "dapat ditangani sebagai pelanggaran etik; peninjau memilih rezim etik atau disiplin dan menuliskan dasar hukumnya."),
    ], _("PP 42/2004 tentang Pembinaan Jiwa Korps dan Kode Etik PNS, Pasal 15")),
    ("pppk", _("PPPK"), [
        _("PPPK terikat kewajiban netralitas yang sama dengan PNS. Pelanggaran disiplin PPPK dapat berujung "
          "pemutusan hubungan perjanjian kerja."),
    ], _("PP 49/2018 tentang Manajemen PPPK; SKB 22 September 2022")),
    ("ppnpn", _("PPNPN (pegawai non-ASN)"), [
        _("Pegawai Pemerintah Non Pegawai Negeri (pengemudi, petugas keamanan, petugas kebersihan, dan lainnya) "
          "terikat aturan netralitas yang sama dengan ASN."),
        _("Sanksi mengikuti perjanjian kerja: teguran, peringatan tertulis, sampai pemutusan kontrak kerja."),
    ], _("SE MenPANRB Nomor 1 Tahun 2023 (3 Januari 2023)")),
    ("uu-pemilu", _("Undang-undang pemilu dan pilkada"), [
        _("Pemilu: ASN dilarang diikutsertakan dalam kegiatan kampanye; pejabat negara, ASN, dan kepala desa "
          "dilarang membuat keputusan atau tindakan yang menguntungkan atau merugikan peserta selama kampanye. "
          "Pelanggarannya dapat dipidana."),
        _("Pilkada: pejabat negara, ASN, TNI/Polri, dan kepala desa dilarang membuat keputusan atau tindakan yang "
          "menguntungkan atau merugikan pasangan calon; pelanggarannya dapat dipidana."),
        _("Bawaslu menerapkan SKB sebelum calon ditetapkan dan undang-undang pemilu setelahnya."),
    ], _("UU 7/2017 Pasal 280 ayat (2) dan (3), 283, 494; UU 10/2016 Pasal 70, 71, 188 (kutipan Bawaslu; periksa naskah resmi)")),
    ("penanganan", _("Penanganan dugaan pelanggaran dan tenggatnya"), [
        _("Di kantor: diterima → verifikasi → klarifikasi (dengan berita acara) → rekomendasi → keputusan "
          "(dijatuhi sanksi atau tidak terbukti) → dilaporkan; atau diteruskan ke Bawaslu/BKN."),
        _("Pemilu: temuan ditetapkan paling lama 7 hari; laporan diajukan paling lama 7 hari kerja sejak diketahui; "
          "tindak lanjut 7 hari sejak diregistrasi, atau 14 hari kerja bila perlu keterangan tambahan."),
        _("Pilkada: laporan paling lama 7 hari; tindak lanjut 3 hari, ditambah 2 hari bila perlu keterangan tambahan."),
        _("BKN memverifikasi dalam 7 hari, lalu mengirim hasilnya ke PPK untuk dijatuhi sanksi."),
    ], _("UU 7/2017 Pasal 454; UU 1/2015 Pasal 134; ketentuan BKN 2024")),
]


def acts():
    """The SKB acts with their examples, as dicts for the template."""
    return [{"key": key, "act": act, "ethics": ethics, "discipline": discipline, "examples": EXAMPLES.get(key, []),
             "source": SKB_SOURCE} for key, act, ethics, discipline in PROHIBITED_ACTS]


def search(q):
    """Sections, acts and tiers whose text contains every word of `q` (case-insensitive)."""
    words = [w for w in (q or "").lower().split() if w]

    def hit(*texts):
        blob = " ".join(str(t) for t in texts).lower()
        return all(w in blob for w in words)

    sections = [s for s in SECTIONS if hit(s[1], *s[2], s[3])]
    found_acts = [a for a in acts() if hit(a["act"], a["discipline"], *a["examples"], a["source"])]
    tiers = [t for t in SANCTION_TIERS if hit(t[0], t[1], *t[2], "PP 94/2021 Pasal 8")]
    return sections, found_acts, tiers
