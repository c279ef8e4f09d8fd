"""Monev reports: the parameters a report was asked with, the figures it showed (JSON snapshot,
so that a signed report can be reproduced exactly) and its rendered files.

Scoping: a report belongs to the unit of whoever asked for it (or the office, for the scheduled
ones), so the staff of that unit and of the units above see it; an operator's report stays with
the operator's UPT.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import OrgUnit, ScopedQuerySet


class MonevReportQuerySet(ScopedQuerySet):
    scope_field = "unit"


class MonevReport(models.Model):
    class Phase(models.TextChoices):
        ALL = "", _("Seluruh tahapan")
        PRE = "pra", _("Pra-pemilihan")
        CAMPAIGN = "kampanye", _("Kampanye")
        POST = "pasca", _("Pasca-pemilihan")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit pemilik"))
    title = models.CharField(_("judul"), max_length=255)
    election = models.ForeignKey("elections.Election", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("pemilu/pilkada"))
    phase = models.CharField(_("fase"), max_length=10, choices=Phase.choices, blank=True)
    date_from = models.DateField(_("dari tanggal"))
    date_to = models.DateField(_("sampai tanggal"))
    units = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("unit yang dilaporkan"))
    recommendations = models.TextField(_("rekomendasi tim"), blank=True)
    # Signature block, filled from office_identity() and editable before generating.
    office = models.JSONField(_("identitas kantor"), default=dict, blank=True)
    signer_name = models.CharField(_("nama penandatangan"), max_length=150, blank=True)
    signer_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    signer_title = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    place = models.CharField(_("tempat"), max_length=100, blank=True)
    report_date = models.DateField(_("tanggal laporan"), default=timezone.localdate)

    figures = models.JSONField(_("angka laporan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveSmallIntegerField(default=0)
    progress_total = models.PositiveSmallIntegerField(default=6)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    xlsx = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    xlsx_sha256 = models.CharField(max_length=64, blank=True)
    scheduled = models.BooleanField(_("terjadwal"), default=False)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = MonevReportQuerySet.as_manager()
    scope_field = "unit"
    audited = True
    audit_exclude = {"figures", "progress_done", "progress_total"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan monev")
        verbose_name_plural = _("laporan monev")
        constraints = [
            # The scheduler may run twice: one scheduled report per office and period.
            models.UniqueConstraint(fields=["unit", "date_from", "date_to"], condition=models.Q(scheduled=True),
                                    name="reports_one_scheduled_per_period"),
        ]

    def __str__(self):
        return self.title

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.progress_done / self.progress_total)) if self.progress_total else 0

    @property
    def width_class(self):
        # Progress bar width as a class (no inline styles under the CSP).
        return f"nt-w-{round(self.percent / 10) * 10}"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def paths(self):
        if self.pk is None:  # not stored (manage.py monev_report): the owner unit's subtree
            return [self.unit.path]
        return [u.path for u in self.units.order_by("path")] or [self.unit.path]


class FigureCell(models.Model):
    """One precomputed count of the monev figures (reports/summary.py): `key` of `unit` for
    `ref` (an election or event id, 0 for none) on `day` (office time; null for counts that hold
    now, such as staff). Derived data from audited sources: rebuilt as a whole, or new content items
    added (reports/summary.py `refresh`)."""

    unit = models.ForeignKey(OrgUnit, models.CASCADE, related_name="+", db_constraint=False)
    key = models.CharField(max_length=40)
    ref = models.BigIntegerField(default=0)
    day = models.DateField(null=True, blank=True)
    n = models.IntegerField()

    class Meta:
        # Covering: the figures read (unit, key, ref, day) ranges and sum n without the table.
        indexes = [models.Index(fields=["unit", "key", "ref", "day", "n"], name="figurecell_cover")]


class FigureSummary(models.Model):
    """The state of the precomputed cells (one row): what they were built from, so that a
    reader can tell whether they still describe the data (reports/summary.py `fresh`)."""

    seq = models.BigIntegerField(default=0)  # the audit chain's last entry when the build started
    max_ids = models.JSONField(default=dict)  # highest primary key of each source table then
    time_zone = models.CharField(max_length=64, blank=True)
    version = models.IntegerField(default=0)
    complete = models.BooleanField(default=False)
    built_at = models.DateTimeField(null=True, blank=True)
    build_ms = models.IntegerField(default=0)
    cells = models.IntegerField(default=0)
