"""Legal basis and sanction suggestion (plain Python, no database).

`suggest(employment_type, skb_item, phase, regime)` returns a Suggestion: the articles to cite,
the tier and its concrete options. It follows DOMAIN.md's SKB table ("Prohibited acts") and the
sources named there; docs/cases.md prints the whole table. The system suggests; the reviewer
chooses the regime, may override the tier with a written reason, and the PPK decides.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# key -> label, on the ethics list of the SKB?, PNS discipline tier, PP 94/2021 Pasal 5 huruf n angka
SKB_ITEMS = {
    "banner": {"label": _("Memasang spanduk/baliho/alat peraga bakal calon atau calon"), "ethics": True,
               "tier": "berat", "angka": "6"},
    "socmed_campaign": {"label": _("Sosialisasi/kampanye calon melalui media sosial atau daring"), "ethics": True,
                        "tier": "berat", "angka": "1"},
    "party_approach": {"label": _("Mendekati partai politik sebagai bakal calon (atau masyarakat untuk calon "
                                  "perseorangan)"), "ethics": False, "tier": "sedang", "angka": ""},
    "attend_campaign": {"label": _("Menghadiri deklarasi/kampanye dan ikut mendukung secara aktif"), "ethics": True,
                        "tier": "berat", "angka": "1"},
    "party_membership": {"label": _("Menjadi anggota atau pengurus partai politik"), "ethics": False,
                         "tier": "dismissal", "angka": ""},
    "post_comment_share_like": {"label": _("Mengunggah, mengomentari, membagikan, menyukai, bergabung/mengikuti "
                                           "grup atau akun pemenangan calon"), "ethics": True, "tier": "berat",
                                "angka": "6"},
    "photo_with_candidate": {"label": _("Mengunggah foto bersama calon/tim sukses, simbol keberpihakan atau gestur "
                                        "tangan, atribut partai"), "ethics": True, "tier": "berat", "angka": "6"},
    "partisan_activity": {"label": _("Kegiatan yang mengarah pada keberpihakan: pertemuan, ajakan, imbauan, "
                                     "pemberian barang"), "ethics": False, "tier": "berat", "angka": "6"},
    "campaign_team_before": {"label": _("Menjadi tim ahli/pemenangan/konsultan sebelum penetapan calon"),
                             "ethics": False, "tier": "sedang", "angka": ""},
    "campaign_team_after": {"label": _("Menjadi tim ahli/pemenangan/konsultan setelah penetapan calon"),
                            "ethics": False, "tier": "berat", "angka": "1"},
    "independent_support": {"label": _("Memberikan surat dukungan atau mengumpulkan fotokopi KTP untuk calon "
                                       "perseorangan"), "ethics": False, "tier": "berat", "angka": "7"},
    "biased_decision": {"label": _("Membuat keputusan/tindakan yang menguntungkan atau merugikan peserta"),
                        "ethics": False, "tier": "berat", "angka": "5"},
    "spouse_campaign": {"label": _("Ikut deklarasi/kampanye pasangan (suami/istri) yang menjadi calon"),
                        "ethics": True, "tier": "", "angka": ""},
}
SKB_CHOICES = [(k, v["label"]) for k, v in SKB_ITEMS.items()]


def skb_label(key):
    return SKB_ITEMS.get(key, {}).get("label", key)

SKB = "SKB MenPANRB, Mendagri, Kepala BKN, Ketua KASN, Ketua Bawaslu 22 September 2022"
UU_ASN = "UU 20/2023 (pengganti UU 5/2014 Pasal 9 ayat (2)): ASN bebas dari pengaruh golongan dan partai politik"

OPTIONS = {
    "moral": [_("Pernyataan secara tertutup"), _("Pernyataan secara terbuka")],
    "ringan": [_("Teguran lisan"), _("Teguran tertulis"), _("Pernyataan tidak puas secara tertulis")],
    # "25% s" looks like a printf directive to xgettext; these strings are never %-formatted.
    # xgettext:no-python-format
    "sedang": [_("Pemotongan tunjangan kinerja 25% selama 6 bulan"),
               # xgettext:no-python-format
               _("Pemotongan tunjangan kinerja 25% selama 9 bulan"),
               # xgettext:no-python-format
               _("Pemotongan tunjangan kinerja 25% selama 12 bulan")],
    "berat": [_("Penurunan jabatan setingkat lebih rendah selama 12 bulan"),
              _("Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
              _("Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS")],
    "berat_pppk": [_("Pemutusan hubungan perjanjian kerja dengan hormat tidak atas permintaan sendiri")],
    "dismissal_pns": [_("Pemberhentian tidak dengan hormat sebagai PNS")],
    "dismissal_pppk": [_("Pemutusan hubungan perjanjian kerja tidak dengan hormat")],
    "dismissal_ppnpn": [_("Pemutusan kontrak/perjanjian kerja")],
    "contract_light": [_("Teguran lisan"), _("Teguran tertulis")],
    "contract_heavy": [_("Teguran tertulis terakhir"), _("Pemutusan kontrak/perjanjian kerja")],
}


@dataclass
class Suggestion:
    tier: str
    regime: str
    options: list
    articles: list
    notes: list = field(default_factory=list)
    forward_to: str = ""  # "bawaslu" when the election law applies (candidates set)

    @property
    def tier_label(self):
        from netral.cases.models import Tier

        return Tier(self.tier).label

    @property
    def regime_label(self):
        from netral.cases.models import Regime

        return Regime(self.regime).label

    @property
    def options_text(self):
        return "; ".join(str(o) for o in self.options)


def suggest(employment_type, skb_item, phase, regime):
    """employment_type: pns/pppk/ppnpn; skb_item: a key of SKB_ITEMS; phase: before/after
    (candidates set); regime: ethics/discipline (PPNPN always gets their contract regime)."""
    item = SKB_ITEMS.get(skb_item)
    if item is None:
        raise ValueError(f"butir SKB tidak dikenal: {skb_item}")
    if employment_type not in ("pns", "pppk", "ppnpn"):
        raise ValueError(f"jenis pegawai tidak dikenal: {employment_type}")
    if phase not in ("before", "after"):
        raise ValueError(f"fase tidak dikenal: {phase}")
    if regime not in ("ethics", "discipline"):
        raise ValueError(f"rezim tidak dikenal: {regime}")
    notes, articles = [], [f"{SKB}: {item['label']}"]
    forward_to = ""
    if phase == "after":
        forward_to = "bawaslu"
        notes.append(_("Calon sudah ditetapkan: ketentuan UU Pemilu/Pilkada juga berlaku (UU 7/2017 Pasal 280, 282, "
                       "283; UU 10/2016 Pasal 70, 71). Pertimbangkan penerusan ke Bawaslu."))

    # Party membership: dismissal whatever the regime or phase.
    if skb_item == "party_membership":
        if employment_type == "pns":
            articles += [UU_ASN, "UU 20/2023 Pasal 52 ayat (3)", "PP 17/2020 Pasal 255 (PTDH anggota/pengurus parpol)"]
            return Suggestion("dismissal", "discipline", OPTIONS["dismissal_pns"], articles, notes, forward_to)
        if employment_type == "pppk":
            articles += [UU_ASN, "UU 20/2023 Pasal 52 ayat (3)", "PP 49/2018 Pasal 105 ayat (3)"]
            return Suggestion("dismissal", "discipline", OPTIONS["dismissal_pppk"], articles, notes, forward_to)
        articles += ["SE MenPANRB 01/2023 (netralitas PPNPN)", _("Perjanjian kerja PPNPN")]
        return Suggestion("dismissal", "contract", OPTIONS["dismissal_ppnpn"], articles, notes, forward_to)

    tier = item["tier"]
    if skb_item == "campaign_team_before" and phase == "after":
        notes.append(_("Setelah penetapan calon perbuatan ini termasuk butir 'campaign_team_after' (berat)."))
        tier = "berat"

    if employment_type == "ppnpn":
        articles += ["SE MenPANRB 01/2023 (netralitas PPNPN)", _("Perjanjian kerja PPNPN")]
        heavy = tier in ("berat", "dismissal")
        notes.append(_("PPNPN bukan ASN: PP 42/2004 dan PP 94/2021 tidak berlaku; sanksi menurut perjanjian kerja."))
        return Suggestion("contract", "contract", OPTIONS["contract_heavy" if heavy else "contract_light"], articles,
                          notes, forward_to)

    if regime == "ethics":
        articles += [UU_ASN, "PP 42/2004 Pasal 11 huruf c (etika terhadap diri sendiri: netral)",
                     "PP 42/2004 Pasal 15 ayat (1)–(2) (sanksi moral)"]
        if employment_type == "pppk":
            articles.append(_("PP 49/2018 (PPPK tunduk pada kode etik instansi)"))
        if not item["ethics"]:
            notes.append(_("Butir ini tidak ada dalam daftar pelanggaran kode etik SKB; pertimbangkan rezim disiplin."))
        notes.append(_("Sanksi moral dapat disertai tindakan administratif atas rekomendasi Majelis Kode Etik "
                       "(PP 42/2004 Pasal 16)."))
        return Suggestion("moral", "ethics", OPTIONS["moral"], articles, notes, forward_to)

    # Discipline.
    if not tier:
        notes.append(_("Butir ini hanya tercantum sebagai pelanggaran kode etik dalam SKB; pertimbangkan rezim etik."))
        articles += [UU_ASN, "PP 94/2021 Pasal 5 huruf n"]
        tier = "ringan"
    else:
        angka = f" angka {item['angka']}" if item["angka"] else ""
        articles += [UU_ASN, f"PP 94/2021 Pasal 5 huruf n{angka}"]
        articles.append({"ringan": "PP 94/2021 Pasal 8 ayat (2)", "sedang": "PP 94/2021 Pasal 8 ayat (3)",
                         "berat": "PP 94/2021 Pasal 8 ayat (4), Pasal 14 huruf i"}[tier])
    if employment_type == "pppk":
        articles.append("PP 49/2018 Pasal 52–53 (disiplin PPPK)")
        notes.append(_("PPPK tidak mengenal penurunan jabatan: hukuman berat berupa pemutusan hubungan perjanjian "
                       "kerja."))
        options = OPTIONS["berat_pppk"] if tier == "berat" else OPTIONS[tier]
    else:
        options = OPTIONS[tier]
    notes.append(_("Atasan langsung wajib memeriksa dugaan pelanggaran; yang tidak melakukannya dijatuhi hukuman "
                   "(PP 94/2021 Pasal 26, 28)."))
    return Suggestion(tier, "discipline", options, articles, notes, forward_to)
