"""Reference content of the pembinaan module: the prohibited acts of the SKB (keys shared with
the detector and the case files, see DOMAIN.md) and the core regulations with Indonesian summaries."""

from datetime import date

from django.utils.translation import gettext_lazy as _

# key, act (Indonesian), on the ethics list, usual discipline sanction for PNS
PROHIBITED_ACTS = [
    ("banner", _("Memasang spanduk, baliho, atau alat peraga kampanye bakal calon/calon"), True, _("berat")),
    ("socmed_campaign", _("Sosialisasi atau kampanye calon di media sosial/daring"), True, _("berat")),
    ("party_approach", _("Mendekati partai politik sebagai bakal calon (atau masyarakat sebagai calon perseorangan)"),
     False, _("sedang")),
    ("attend_campaign", _("Menghadiri deklarasi atau kampanye dan ikut mendukung secara aktif"), True, _("berat")),
    ("party_membership", _("Menjadi anggota atau pengurus partai politik"), False,
     _("pemberhentian tidak dengan hormat")),
    ("post_comment_share_like", _("Mengunggah, mengomentari, membagikan, menyukai, atau bergabung/mengikuti grup atau "
                                  "akun pemenangan calon"), True, _("berat")),
    ("photo_with_candidate", _("Mengunggah foto bersama calon/tim sukses, dengan simbol atau gestur tangan keberpihakan, "
                               "atribut partai, atau latar partai"), True, _("berat")),
    ("partisan_activity", _("Kegiatan keberpihakan: pertemuan, ajakan, imbauan, seruan, atau pemberian barang"), False,
     _("berat")),
    ("campaign_team_before", _("Menjadi tim ahli, tim pemenangan, atau konsultan sebelum penetapan calon"), False,
     _("sedang")),
    ("campaign_team_after", _("Menjadi tim ahli, tim pemenangan, atau konsultan setelah penetapan calon"), False,
     _("berat")),
    ("independent_support", _("Memberi surat dukungan atau mengumpulkan fotokopi KTP untuk calon perseorangan"), False,
     _("berat")),
    ("biased_decision", _("Membuat keputusan atau tindakan yang menguntungkan atau merugikan peserta"), False,
     _("berat")),
    ("spouse_campaign", _("Ikut deklarasi atau kampanye pasangan (suami/istri) yang menjadi calon"), True, "—"),
]

REGULATIONS = [
    dict(key="uu-5-2014", kind="uu", order=10, issued_on=date(2014, 1, 15),
         title="Undang-Undang Nomor 5 Tahun 2014 tentang Aparatur Sipil Negara",
         reference="UU 5/2014 Pasal 9 ayat (2)",
         summary="Pegawai ASN harus bebas dari pengaruh dan intervensi semua golongan dan partai politik "
                 "(Pasal 9 ayat (2)). ASN tetap memiliki hak pilih, tetapi hak politik itu hanya dinyatakan di "
                 "bilik suara. UU 5/2014 telah diganti UU 20/2023; keanggotaan atau kepengurusan partai politik "
                 "berujung pemberhentian (Pasal 52)."),
    dict(key="pp-94-2021", kind="pp", order=20, issued_on=date(2021, 8, 31),
         title="Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil",
         reference="PP 94/2021",
         summary="Pasal 5 huruf n melarang PNS memberi dukungan kepada calon presiden/wakil presiden, kepala daerah, "
                 "dan anggota legislatif dengan cara: ikut kampanye; menjadi peserta kampanye dengan atribut partai "
                 "atau PNS; mengerahkan PNS lain; memakai fasilitas negara; membuat keputusan atau tindakan yang "
                 "menguntungkan/merugikan peserta; mengadakan kegiatan keberpihakan; atau memberi surat dukungan "
                 "dengan fotokopi KTP. Hukuman disiplin (Pasal 8): ringan (teguran lisan, teguran tertulis, "
                 "pernyataan tidak puas), sedang (pemotongan tunjangan kinerja 25% selama 6, 9, atau 12 bulan), "
                 "berat (penurunan jabatan setingkat lebih rendah 12 bulan, pembebasan dari jabatan menjadi "
                 "pelaksana 12 bulan, pemberhentian dengan hormat tidak atas permintaan sendiri). Atasan langsung "
                 "wajib memeriksa dugaan pelanggaran; yang tidak melakukannya dijatuhi hukuman lebih berat."),
    dict(key="skb-2022", kind="skb", order=30, issued_on=date(2022, 9, 22),
         title="Keputusan Bersama MenPANRB, Mendagri, Kepala BKN, Ketua KASN, dan Ketua Bawaslu tentang Pedoman "
               "Pembinaan dan Pengawasan Netralitas Pegawai ASN dalam Penyelenggaraan Pemilu dan Pemilihan",
         reference="SKB 22 September 2022",
         summary="Pedoman pembinaan (sosialisasi aturan, ikrar bersama, penandatanganan pakta integritas "
                 "netralitas) dan pengawasan (tim pengawas internal/satgas netralitas, penegakan kode etik dan "
                 "disiplin). Memuat daftar bentuk pelanggaran netralitas beserta jenis sanksinya, antara lain "
                 "kampanye di media sosial, memberi tanda suka atau membagikan unggahan calon, berfoto dengan "
                 "gestur keberpihakan, dan menghadiri deklarasi calon."),
    dict(key="se-sek-14-2022", kind="se", order=40, issued_on=date(2022, 1, 1),
         title="Surat Edaran Sekretaris Jenderal Kementerian Hukum dan HAM Nomor SEK-14.KP.05.02 Tahun 2022",
         reference="SE Sekjen SEK-14.KP.05.02 Tahun 2022",
         summary="Pembinaan dan pengawasan netralitas pegawai di lingkungan Kementerian Hukum dan HAM dalam "
                 "penyelenggaraan Pemilu dan Pemilihan 2024: setiap satuan kerja membentuk tim, menyelenggarakan "
                 "sosialisasi dan ikrar, memastikan seluruh pegawai (ASN dan PPNPN) menandatangani pakta "
                 "integritas, serta melaporkan hasil pengawasan secara berkala."),
    dict(key="se-menpanrb-1-2023", kind="se", order=50, issued_on=date(2023, 1, 3),
         title="Surat Edaran MenPANRB Nomor 1 Tahun 2023", reference="SE MenPANRB 01/2023",
         summary="Pegawai Pemerintah Non Pegawai Negeri (PPNPN) terikat aturan netralitas yang sama dengan ASN; "
                 "pelanggaran dapat berujung pemutusan hubungan kerja."),
]


def load_regulations():
    from netral.pledges.models import Regulation

    n = 0
    for data in REGULATIONS:
        data = dict(data)
        _obj, created = Regulation.objects.get_or_create(key=data.pop("key"), defaults=data)
        n += created
    return n
