"""Elections, their calendars (tahapan), contestants and risk points (titik rawan).

An Election has Stage rows (its calendar). Each stage belongs to a phase (preparation ...
post-election) and each phase carries a monitoring intensity that a stage may override.
Contestants are parties, candidate pairs, or the "kolom kosong" option of a single-pair race.
Risk points belong to a unit (scoped like everything else in Netral) and to a phase of an
election, optionally to one stage; their mitigation actions hang below them.

The regime of the day (which phase runs, which rules apply) lives in `regime.py`.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Max, Min
from django.utils.translation import gettext, gettext_lazy as _

from netral.core.models import OrgUnit, Role, ScopedQuerySet, StagedImport


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Persiapan")
    CANDIDACY = "candidacy", _("Pencalonan")
    CAMPAIGN = "campaign", _("Kampanye")
    QUIET = "quiet", _("Masa tenang")
    VOTING = "voting", _("Pemungutan suara")
    COUNTING = "counting", _("Penghitungan dan rekapitulasi")
    POST = "post", _("Pascapemilihan")


class Intensity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HEIGHTENED = "heightened", _("Ditingkatkan")
    MAXIMUM = "maximum", _("Maksimal")


INTENSITY_RANK = {Intensity.NORMAL: 1, Intensity.HEIGHTENED: 2, Intensity.MAXIMUM: 3}

# Monitoring intensity of each phase unless a stage overrides it.
PHASE_INTENSITY = {
    Phase.PREPARATION: Intensity.NORMAL,
    Phase.CANDIDACY: Intensity.HEIGHTENED,
    Phase.CAMPAIGN: Intensity.MAXIMUM,
    Phase.QUIET: Intensity.MAXIMUM,
    Phase.VOTING: Intensity.MAXIMUM,
    Phase.COUNTING: Intensity.HEIGHTENED,
    Phase.POST: Intensity.NORMAL,
}

# When stages overlap (the budget stage of Pemilu 2024 runs for two years), the phase of the
# day is the one of the running stage with the highest priority: voting day beats the counting
# that starts the same day, the campaign beats the long preparation stages.
PHASE_PRIORITY = {
    Phase.VOTING: 7, Phase.QUIET: 6, Phase.CAMPAIGN: 5, Phase.COUNTING: 4, Phase.CANDIDACY: 3,
    Phase.POST: 2, Phase.PREPARATION: 1,
}


class ElectionQuerySet(models.QuerySet):
    def with_span(self):
        return self.annotate(first_day=Min("stages__start"), last_day=Max("stages__end"))

    def running_on(self, day):
        return self.with_span().filter(first_day__lte=day, last_day__gte=day)

    def for_unit(self, unit):
        """The elections a unit takes part in: national ones, and regional ones of the regions where
        the unit or a unit below it sits (a Kanwil with a Lapas in Kudus sees Kudus's Pilkada; the
        Lapas in Semarang does not: a Kudus re-vote is not Semarang's next election).

        A unit without region names of its own takes the nearest ancestor's. A unit with no region
        at all (a ministry) sees every election.
        """
        from netral.core.models import OrgUnit
        from netral.elections.wilayah import codes_for_names

        if unit is None or not getattr(unit, "path", None):
            return self
        chain = [unit, *reversed(list(unit.ancestors()))]
        province = next((u.province for u in chain if u.province), "")
        regency = next((u.regency for u in chain if u.regency), "")
        codes = codes_for_names(province) | codes_for_names(regency)
        below = OrgUnit.objects.filter(path__startswith=unit.path).exclude(pk=unit.pk)
        for prov, reg in below.values_list("province", "regency").distinct():
            codes |= codes_for_names(prov) | codes_for_names(reg)
        if not codes:
            return self
        provinces = {c[:2] for c in codes}
        return self.filter(
            Q(level=Election.Level.NATIONAL) | Q(region_code="")
            | Q(level=Election.Level.PROVINCE, region_code__in=provinces)
            | Q(level=Election.Level.REGENCY, region_code__in=codes)
        )


class Election(models.Model):
    class Kind(models.TextChoices):
        PEMILU = "pemilu", _("Pemilu")
        PILKADA = "pilkada", _("Pilkada")

    class Level(models.TextChoices):
        NATIONAL = "national", _("Nasional")
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/kota")

    slug = models.SlugField(_("kode"), max_length=60, unique=True,
                            help_text=_("Kode singkat yang dipakai dalam berkas impor, mis. pilkada-2024."))
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=120)
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices, default=Level.NATIONAL)
    region_name = models.CharField(_("wilayah"), max_length=120, blank=True)
    region_code = models.CharField(_("kode wilayah"), max_length=16, blank=True,
                                   help_text=_("Kode wilayah Kemendagri tanpa titik, mis. 33 atau 3374."))
    voting_day = models.DateField(_("hari pemungutan suara"))
    candidates_set_on = models.DateField(
        _("tanggal penetapan calon"), null=True, blank=True,
        help_text=_("Sejak tanggal ini bakal calon menjadi calon: aturan pemilu berlaku, bukan hanya SKB."))
    legal_basis = models.CharField(_("dasar tahapan"), max_length=120, blank=True,
                                   help_text=_("Peraturan KPU yang menetapkan tahapan, mis. PKPU 3/2022."))
    notes = models.TextField(_("catatan"), blank=True)

    objects = ElectionQuerySet.as_manager()
    audited = True
    audit_national = True  # reference data without a unit: its audit is shown to every Admin

    class Meta:
        ordering = ["-voting_day", "name"]
        verbose_name = _("pemilu/pilkada")
        verbose_name_plural = _("pemilu/pilkada")

    def __str__(self):
        return self.name

    @property
    def span(self):
        agg = self.stages.aggregate(first=Min("start"), last=Max("end"))
        return agg["first"], agg["last"]

    # Its own calendar and contestants go with it; anything else that points at it (pacts, events,
    # findings, risk points, ...) is work done under this election and blocks deletion.
    OWN_RELATIONS = ("stages", "contestants")

    def dependents(self):
        """[(label, count)] of the records, other than its own stages and contestants, that refer to
        this election: every reverse relation, so a model added later is covered without listing it."""
        out = []
        # include_hidden: most references use related_name="+", which related_objects leaves out.
        for rel in self._meta.get_fields(include_hidden=True):
            if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
                continue
            if rel.get_accessor_name() in self.OWN_RELATIONS:
                continue
            n = rel.related_model._base_manager.filter(**{rel.field.name: self}).count()
            if n:
                out.append((str(rel.related_model._meta.verbose_name_plural), n))
        return out

    def contestant_dicts(self):
        """Plain dicts for the detector's lexicon (netral.detect has no Django)."""
        return [c.as_dict() for c in self.contestants.order_by("kind", "region_code", "number", "key")]

    def stage_for_phase(self, phase):
        """The first stage of a phase (by start date), or None."""
        return self.stages.filter(phase=phase).order_by("start", "end").first()


def contestant_dicts(elections=None):
    qs = Contestant.objects.select_related("election").order_by("election__slug", "kind", "region_code", "number")
    if elections is not None:
        qs = qs.filter(election__in=elections)
    return [c.as_dict() for c in qs]


class Stage(models.Model):
    election = models.ForeignKey(Election, models.CASCADE, related_name="stages", verbose_name=_("pemilu/pilkada"))
    name = models.CharField(_("nama tahapan"), max_length=200)
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices)
    intensity = models.CharField(_("intensitas pemantauan"), max_length=12, choices=Intensity.choices, blank=True,
                                 help_text=_("Kosongkan untuk memakai intensitas bawaan fasenya."))
    notes = models.TextField(_("catatan"), blank=True)

    audited = True
    audit_national = True

    class Meta:
        ordering = ["start", "end", "pk"]
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")

    def __str__(self):
        return f"{self.name} ({self.election})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})

    @property
    def effective_intensity(self):
        return self.intensity or PHASE_INTENSITY[self.phase]

    def get_effective_intensity_display(self):
        return Intensity(self.effective_intensity).label

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def contains(self, day):
        return self.start <= day <= self.end

    def day_number(self, day):
        """1 on the start day, `days` on the end day, None outside the stage."""
        return (day - self.start).days + 1 if self.contains(day) else None


class Contestant(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Partai politik")
        PAIR = "pair", _("Pasangan calon")
        EMPTY = "empty", _("Kolom kosong")

    election = models.ForeignKey(Election, models.CASCADE, related_name="contestants",
                                 verbose_name=_("pemilu/pilkada"))
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.PAIR)
    key = models.SlugField(_("kunci"), max_length=80)
    number = models.PositiveSmallIntegerField(_("nomor urut"))
    name = models.CharField(_("nama"), max_length=255)
    aliases = models.JSONField(_("nama lain / julukan"), default=list, blank=True)
    parties = models.JSONField(_("partai pengusung"), default=list, blank=True)
    hashtags = models.JSONField(_("tagar"), default=list, blank=True)
    slogans = models.JSONField(_("slogan"), default=list, blank=True)
    gesture = models.PositiveSmallIntegerField(_("salam jari"), null=True, blank=True,
                                               validators=[MinValueValidator(1), MaxValueValidator(10)],
                                               help_text=_("Jumlah jari pada salam/simbol tangan pendukung."))
    is_local = models.BooleanField(_("partai lokal Aceh"), default=False)
    region_code = models.CharField(_("kode wilayah"), max_length=16, blank=True)
    region_name = models.CharField(_("wilayah"), max_length=120, blank=True)
    external_id = models.CharField(_("ID KPU"), max_length=32, blank=True)

    audited = True
    audit_national = True

    class Meta:
        ordering = ["election", "kind", "region_code", "number"]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        constraints = [
            models.UniqueConstraint(fields=["election", "key"], name="elections_contestant_unique_key"),
            models.UniqueConstraint(fields=["election", "kind", "region_code", "number"],
                                    name="elections_contestant_unique_number"),
        ]

    def __str__(self):
        return f"{self.number:02d} {self.name}" if self.kind == self.Kind.PAIR else f"{self.number} {self.name}"

    def as_dict(self):
        return {
            "key": self.key,
            "election": self.election.slug,
            "number": self.number,
            "name": self.name,
            "aliases": list(self.aliases or []),
            "parties": list(self.parties or []),
            "hashtags": list(self.hashtags or []),
            "slogans": list(self.slogans or []),
            "kind": self.kind,
            "gesture": self.gesture,
            "region": self.region_code,
        }


class ContestantImport(StagedImport):
    """A contestants file (the project's CSV, or KPU's JSON for one election) on its way through preview, dry run
    and the background task (core.import_jobs). Contestants are national reference data: only Admin imports."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV/Excel peserta")
        KPU = "kpu", _("JSON KPU")

    file = models.FileField(upload_to="imports/contestants/%Y/%m/")
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.CSV)
    # The election a KPU file is for (a CSV names the election on every row); a deleted election stops the job.
    election = models.ForeignKey(Election, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("pemilu/pilkada"))

    ROLES = (Role.ADMIN,)
    detail_url = "contestant_import_detail"
    status_url = "contestant_import_status"
    report_url = "contestant_import_report"

    def refusal(self, user):
        if self.format == self.Format.KPU and not Election.objects.filter(pk=self.election_id).exists():
            return gettext("Pemilu/pilkada tujuan impor ini sudah dihapus.")
        return super().refusal(user)

    def done_link(self):
        from django.urls import reverse

        if self.election_id is None:
            return reverse("election_list"), gettext("Lihat kalender tahapan")
        return reverse("contestant_list", args=[self.election.slug]), gettext("Lihat peserta")

    def apply(self, user, *, progress=None, recheck=None):
        from netral.core.tabular import Table
        from netral.elections.actions import import_contestants_csv, import_kpu_json

        if self.format == self.Format.KPU:
            result = import_kpu_json(self.parsed, self.election, user, progress=progress, recheck=recheck)
        else:
            result = import_contestants_csv(Table.from_json(self.parsed), user, progress=progress, recheck=recheck)
        return result.to_json()

    def preview(self):
        if self.format == self.Format.KPU:
            from netral.elections.actions import kpu_records

            records, _errors = kpu_records(self.parsed or {})
            rows = [(label, [rec.get("nama", "") if isinstance(rec, dict) else "",
                             rec.get("nomor_urut", "") if isinstance(rec, dict) else ""])
                    for label, (_region, _pid, rec) in records[:8]]
            return ["nama", "nomor_urut"], rows
        from netral.elections.actions import CSV_COLUMNS

        rows = (self.parsed or {}).get("rows") or []
        return CSV_COLUMNS, [(n, [row.get(c, "") for c in CSV_COLUMNS]) for n, row in rows[:8]]


# --- Risk points --------------------------------------------------------------------------------

class Level(models.TextChoices):
    LOW = "low", _("Rendah")
    MEDIUM = "medium", _("Sedang")
    HIGH = "high", _("Tinggi")
    VERY_HIGH = "very_high", _("Sangat tinggi")


def risk_score(likelihood, impact):
    return int(likelihood) * int(impact)


def risk_level(likelihood, impact):
    """Score = likelihood × impact (each 1–5). 1–4 low, 5–9 medium, 10–16 high, 20–25 very high.

    (No product of two numbers 1–5 falls between 17 and 19.)"""
    for lk in (likelihood, impact):
        if not 1 <= int(lk) <= 5:
            raise ValueError("likelihood and impact run from 1 to 5")
    score = risk_score(likelihood, impact)
    if score <= 4:
        return Level.LOW
    if score <= 9:
        return Level.MEDIUM
    if score <= 16:
        return Level.HIGH
    return Level.VERY_HIGH


SCALE = [MinValueValidator(1), MaxValueValidator(5)]
LIKELIHOOD_LABELS = {1: _("Sangat jarang"), 2: _("Jarang"), 3: _("Mungkin"), 4: _("Sering"), 5: _("Hampir pasti")}
IMPACT_LABELS = {1: _("Sangat kecil"), 2: _("Kecil"), 3: _("Sedang"), 4: _("Besar"), 5: _("Sangat besar")}


class RiskPointQuerySet(ScopedQuerySet):
    def relevant_to(self, stage):
        """Risk points of this stage, or of its phase in its election when no stage was chosen."""
        return self.filter(election_id=stage.election_id, phase=stage.phase).filter(
            models.Q(stage__isnull=True) | models.Q(stage=stage))


class RiskPoint(models.Model):
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="risk_points", verbose_name=_("unit kerja"))
    election = models.ForeignKey(Election, models.CASCADE, related_name="risk_points",
                                 verbose_name=_("pemilu/pilkada"))
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices)
    stage = models.ForeignKey(Stage, models.SET_NULL, null=True, blank=True, related_name="risk_points",
                              verbose_name=_("tahapan"), help_text=_("Kosongkan bila berlaku untuk seluruh fase."))
    title = models.CharField(_("titik rawan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("kemungkinan"), validators=SCALE, default=3)
    impact = models.PositiveSmallIntegerField(_("dampak"), validators=SCALE, default=3)
    score = models.PositiveSmallIntegerField(_("skor"), editable=False, default=9)
    level = models.CharField(_("tingkat risiko"), max_length=10, choices=Level.choices, editable=False,
                             default=Level.MEDIUM, db_index=True)
    template_key = models.CharField(_("templat"), max_length=40, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RiskPointQuerySet.as_manager()
    scope_field = "unit"
    audited = True

    class Meta:
        ordering = ["-score", "title"]
        verbose_name = _("titik rawan")
        verbose_name_plural = _("titik rawan")

    def __str__(self):
        return f"{self.title} ({self.unit})"

    def clean(self):
        if self.stage_id and self.election_id and self.stage.election_id != self.election_id:
            raise ValidationError({"stage": _("Tahapan ini bukan milik pemilu/pilkada yang dipilih.")})
        if self.stage_id and self.phase and self.stage.phase != self.phase:
            raise ValidationError({"stage": _("Tahapan ini berada pada fase lain.")})

    def save(self, *args, **kwargs):
        self.score = risk_score(self.likelihood, self.impact)
        self.level = risk_level(self.likelihood, self.impact)
        super().save(*args, **kwargs)

    @property
    def open_mitigations(self):
        return [m for m in self.mitigations.all() if m.status != Mitigation.Status.DONE]


class MitigationQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status=Mitigation.Status.DONE)


class Mitigation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Belum dimulai")
        IN_PROGRESS = "in_progress", _("Berjalan")
        DONE = "done", _("Selesai")

    risk_point = models.ForeignKey(RiskPoint, models.CASCADE, related_name="mitigations",
                                   verbose_name=_("titik rawan"))
    action = models.CharField(_("tindakan mitigasi"), max_length=255)
    owner_name = models.CharField(_("penanggung jawab"), max_length=150, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("akun penanggung jawab"))
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("catatan"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MitigationQuerySet.as_manager()
    scope_field = "risk_point__unit"
    audited = True

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("mitigasi")
        verbose_name_plural = _("mitigasi")

    def __str__(self):
        return self.action

    @property
    def owner_display(self):
        if self.owner_id:
            return str(self.owner)
        return self.owner_name

    def is_overdue(self, today=None):
        today = today or date.today()
        return self.status != self.Status.DONE and self.due_on is not None and self.due_on < today
