"""The regime of the day: for an election and a date, which phase runs, whether candidates are
bakal calon or calon, which rules the reviewer should consider, and how hard to monitor.

Pure functions over the Election and its stages: cases, reports, monitoring and the dashboard
all ask the same question here. The system suggests the legal basis; the reviewer decides.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from netral.elections.models import INTENSITY_RANK, PHASE_INTENSITY, PHASE_PRIORITY, Election, Intensity, Phase


@dataclass(frozen=True)
class Rule:
    title: str
    text: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Regime:
    election: Election
    date: date
    status: str  # "before", "running", "after"
    stages: tuple = ()  # every stage running that day
    stage: object = None  # the main one (highest phase priority, then the shortest)
    next_stage: object = None
    phase: str | None = None
    day: int | None = None  # day N of the main stage ...
    days: int | None = None  # ... of M
    candidates_set: bool = False
    intensity: str = Intensity.NORMAL
    rules: tuple = field(default_factory=tuple)

    @property
    def phase_label(self):
        return Phase(self.phase).label if self.phase else ""

    @property
    def intensity_label(self):
        return Intensity(self.intensity).label

    @property
    def candidate_status(self):
        return _("calon (sudah ditetapkan)") if self.candidates_set else _("bakal calon (belum ditetapkan)")

    @property
    def is_running(self):
        return self.status == "running"

    @property
    def summary(self):
        """'masa kampanye Pilkada 2024, hari ke-34 dari 60'."""
        if self.status == "before":
            return _("%(e)s belum dimulai") % {"e": self.election.name}
        if self.status == "after":
            return _("%(e)s telah selesai") % {"e": self.election.name}
        if self.stage is None or self.stage.phase != self.phase:
            return _("masa %(phase)s %(e)s") % {"phase": self.phase_label.lower(), "e": self.election.name}
        stage = self.stage.name[:1].lower() + self.stage.name[1:]
        if self.days == 1:
            return _("%(stage)s %(e)s") % {"stage": stage, "e": self.election.name}
        return _("%(stage)s %(e)s, hari ke-%(n)d dari %(m)d") % {
            "stage": stage, "e": self.election.name, "n": self.day, "m": self.days}


def _primary(stages):
    return max(stages, key=lambda s: (PHASE_PRIORITY[s.phase], -s.days, s.start))


def candidates_set_on_day(election, day):
    return bool(election.candidates_set_on and day >= election.candidates_set_on)


def rules_for(election, day, phase=None):
    """The rules a reviewer should consider on that day, as Indonesian text with references."""
    rules = [Rule(
        _("Asas netralitas ASN"),
        _("ASN wajib bebas dari pengaruh dan intervensi semua golongan dan partai politik; PPNPN terikat aturan "
          "netralitas yang sama, dengan sanksi sampai pemutusan perjanjian kerja."),
        ("UU 20/2023 tentang ASN (sebelumnya UU 5/2014 Pasal 9 ayat (2))", "SE MenPANRB 01/2023"),
    )]
    if not candidates_set_on_day(election, day):
        rules.append(Rule(
            _("Sebelum penetapan calon: SKB netralitas (kode etik dan disiplin)"),
            _("Yang ada masih bakal calon. Dugaan pelanggaran dinilai dengan pedoman SKB 22 September 2022 sebagai "
              "pelanggaran kode etik dan/atau disiplin PNS; menjadi tim ahli/pemenangan sebelum penetapan calon "
              "tergolong disiplin sedang."),
            ("SKB MenPANRB 2/2022, Mendagri 800-5474/2022, Kepala BKN 246/2022, Ketua KASN 30/2022, "
             "Ketua Bawaslu 1447.1/PM.01/K.1/09/2022",
             "PP 42/2004 (kode etik PNS)", "PP 94/2021 Pasal 5 huruf n (disiplin PNS)"),
        ))
    else:
        if election.kind == Election.Kind.PEMILU:
            law = Rule(
                _("Setelah penetapan calon: undang-undang pemilu"),
                _("Calon sudah ditetapkan. Bawaslu menerapkan UU Pemilu: ASN dilarang diikutsertakan dalam kampanye "
                  "dan dilarang membuat keputusan atau tindakan yang menguntungkan atau merugikan peserta pemilu; "
                  "temuan ditetapkan dalam 7 hari, laporan paling lambat 7 hari kerja sejak diketahui."),
                ("UU 7/2017 Pasal 280 ayat (2)–(3), Pasal 283, Pasal 494", "UU 7/2017 Pasal 454 (tenggat)"),
            )
        else:
            law = Rule(
                _("Setelah penetapan calon: undang-undang pilkada"),
                _("Calon sudah ditetapkan. Bawaslu menerapkan UU Pilkada: ASN dilarang dilibatkan dalam kampanye dan "
                  "dilarang membuat keputusan atau tindakan yang menguntungkan atau merugikan pasangan calon; laporan "
                  "paling lambat 7 hari, tindak lanjut 3 hari (+2 hari bila perlu keterangan tambahan)."),
                ("UU 1/2015 jo. UU 10/2016 Pasal 70 ayat (1), Pasal 71 ayat (1), Pasal 188",
                 "UU 1/2015 Pasal 134 (tenggat)"),
            )
        rules.append(law)
        rules.append(Rule(
            _("Disiplin PNS"),
            _("Dukungan kepada calon (ikut kampanye, memakai atribut, mengerahkan PNS lain, memakai fasilitas negara, "
              "keputusan yang berpihak, kegiatan partisan, surat dukungan calon perseorangan) adalah pelanggaran "
              "disiplin; menjadi tim pemenangan setelah penetapan calon tergolong berat."),
            ("PP 94/2021 Pasal 5 huruf n, Pasal 8, Pasal 14 huruf i", "PPPK: PP 49/2018"),
        ))
    focus = {
        Phase.CANDIDACY: _("Fokus pencalonan: pendekatan partai kepada pegawai, dukungan KTP calon perseorangan, "
                           "penyalahgunaan wewenang oleh petahana."),
        Phase.CAMPAIGN: _("Fokus kampanye: media sosial pegawai, kehadiran di kampanye, fasilitas kantor, foto dengan "
                          "calon dan gestur jari."),
        Phase.QUIET: _("Fokus masa tenang: unggahan partisan, hoaks, politik uang."),
        Phase.VOTING: _("Fokus hari pemungutan suara: pengerahan pegawai dan keluarganya, ajakan memilih."),
        Phase.COUNTING: _("Fokus penghitungan: unggahan yang memihak hasil, keputusan yang berpihak."),
    }.get(phase)
    if focus:
        rules.append(Rule(_("Titik perhatian fase ini"), focus))
    rules.append(Rule(
        _("Sistem hanya menyarankan"),
        _("Penelaah memilih rezim dan menuliskan dasar hukumnya; sistem tidak memutuskan sanksi."),
    ))
    return tuple(rules)


def regime_for(election, day, stages=None):
    """The Regime of `election` on `day`. `stages` may be passed pre-fetched (a list)."""
    stages = list(stages if stages is not None else election.stages.all())
    stages.sort(key=lambda s: (s.start, s.end, s.pk or 0))
    candidates_set = candidates_set_on_day(election, day)
    if not stages:
        return Regime(election, day, "before", candidates_set=candidates_set, rules=rules_for(election, day))
    first, last = min(s.start for s in stages), max(s.end for s in stages)
    upcoming = [s for s in stages if s.start > day]
    next_stage = min(upcoming, key=lambda s: (s.start, -PHASE_PRIORITY[s.phase])) if upcoming else None
    if day < first:
        return Regime(election, day, "before", next_stage=next_stage, candidates_set=candidates_set,
                      rules=rules_for(election, day))
    if day > last:
        return Regime(election, day, "after", candidates_set=candidates_set, rules=rules_for(election, day))
    running = tuple(s for s in stages if s.contains(day))
    if running:
        main = _primary(running)
        phase = main.phase
        # Only the long budget/regulation stages still run after voting day: that is post-election.
        if phase == Phase.PREPARATION and day > election.voting_day:
            phase = Phase.POST
        intensity = max((s.effective_intensity for s in running), key=lambda i: INTENSITY_RANK[i])
        if phase != main.phase:
            intensity = PHASE_INTENSITY[phase]
        return Regime(election, day, "running", stages=running, stage=main, next_stage=next_stage, phase=phase,
                      day=main.day_number(day), days=main.days, candidates_set=candidates_set, intensity=intensity,
                      rules=rules_for(election, day, phase))
    phase = Phase.POST if day > election.voting_day else Phase.PREPARATION
    return Regime(election, day, "running", next_stage=next_stage, phase=phase, candidates_set=candidates_set,
                  intensity=PHASE_INTENSITY[phase], rules=rules_for(election, day, phase))


def current_regimes(day=None, unit=None):
    """Regimes of every election running on `day` (today by default), most intense first; with
    `unit`, only the elections of that unit's region (`Election.objects.for_unit`)."""
    from django.utils import timezone

    day = day or timezone.localdate()
    elections = Election.objects.for_unit(unit).running_on(day).prefetch_related("stages")
    regimes = [regime_for(e, day, list(e.stages.all())) for e in elections]
    regimes.sort(key=lambda r: (-INTENSITY_RANK[r.intensity], -PHASE_PRIORITY.get(r.phase, 0), r.election.name))
    return regimes


def intensity_on(day=None):
    """Monitoring intensity for scheduling scans: the highest over the elections running that day."""
    regimes = current_regimes(day)
    if not regimes:
        return Intensity.NORMAL
    return max((r.intensity for r in regimes), key=lambda i: INTENSITY_RANK[i])


def nearest_elections(day, unit=None):
    """(last finished, next to start) elections around `day`, for when nothing is running."""
    qs = Election.objects.for_unit(unit).with_span()
    last = qs.filter(last_day__lt=day).order_by("-last_day").first()
    nxt = qs.filter(first_day__gt=day).order_by("first_day").first()
    return last, nxt
