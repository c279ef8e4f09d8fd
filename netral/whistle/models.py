"""Anonymous reports (pengaduan), their messages and evidence files.

Nothing here holds who the reporter is: no address, no user agent, no account, and the receipt
code only as a bucket plus an Argon2id hash (crypto.py). Every text the reporter or the team
writes, and every file, is sealed with the report's own data key; the columns in clear are the
ones the team needs to route and time the work (unit, status, dates).
"""

import json
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import OrgUnit, Role, ScopedQuerySet
from netral.whistle import crypto

OVERSIGHT = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS)

# What the reporter wrote, sealed together (the keys of the JSON inside Report.body).
BODY_FIELDS = ("what", "subject_name", "subject_unit", "subject_nip", "occurred", "place", "platform", "link",
               "contact")


def add_working_days(day, n):
    """Working days of the cases app's calendar (Mondays to Fridays minus its holidays)."""
    from netral.cases.models import Holiday
    from netral.cases.workdays import add_days

    return add_days(day, n, working=True, holidays=Holiday.dates())


class ReportQuerySet(ScopedQuerySet):
    def for_user(self, user):
        # Only the oversight team reads reports: a UPT operator may work beside the person reported.
        if not getattr(user, "is_authenticated", False) or not user.has_role(*OVERSIGHT):
            return self.none()
        return super().for_user(user)

    def open(self):
        return self.filter(status__in=[Report.Status.NEW, Report.Status.ACKNOWLEDGED])


class Report(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Diterima, belum ditelaah")
        ACKNOWLEDGED = "acknowledged", _("Sedang ditelaah")
        TRIAGED = "triaged", _("Ditindaklanjuti sebagai kasus")
        MERGED = "merged", _("Digabung dengan pengaduan lain")
        REJECTED = "rejected", _("Tidak ditindaklanjuti")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="whistle_reports", verbose_name=_("unit kerja"))
    unit_named = models.BooleanField(_("unit dipilih pelapor"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    # Dates only, never the time of day: a timestamp would help match a report to network logs.
    received_on = models.DateField(_("diterima"), default=timezone.localdate)
    ack_due = models.DateField(_("batas tanggapan"))
    acknowledged_on = models.DateField(_("ditanggapi"), null=True, blank=True)
    decided_on = models.DateField(_("diputuskan"), null=True, blank=True)
    reporter_seen_on = models.DateField(_("terakhir dibuka pelapor"), default=timezone.localdate)
    reminded_on = models.DateField(_("pengingat retensi"), null=True, blank=True)
    merged_into = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="duplicates",
                                    verbose_name=_("digabung ke"))
    has_files = models.BooleanField(default=False)
    # Secrets: the receipt (bucket + hash), the wrapped data key, the sealed text.
    receipt_bucket = models.CharField(max_length=4, db_index=True)
    receipt_hash = models.CharField(max_length=200)
    wrapped_key = models.BinaryField()
    kek_id = models.CharField(max_length=16)
    body = models.BinaryField()

    objects = ReportQuerySet.as_manager()
    scope_field = "unit"
    audited = True
    # The audit chain keeps who changed what, never the sealed content or the receipt hash.
    audit_exclude = {"receipt_bucket", "receipt_hash", "wrapped_key", "body", "uuid"}

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self.ack_due:
            self.ack_due = add_working_days(self.received_on, 3)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The team's page (the cases app links a report from its case this way).
        from django.urls import reverse

        return reverse("whistle_detail", args=[self.pk])

    @property
    def number(self):
        return f"PGD-{self.received_on.year}-{self.pk or 0:05d}"

    # --- crypto -----------------------------------------------------------------------------------

    def data_key(self):
        if not hasattr(self, "_dek"):
            self._dek = crypto.unwrap(self.wrapped_key, self.kek_id)
        return self._dek

    def set_new_key(self):
        self._dek = crypto.new_data_key()
        self.wrapped_key, self.kek_id = crypto.wrap(self._dek)

    def seal(self, data: bytes, kind: str) -> bytes:
        return crypto.seal(self.data_key(), data, f"{self.uuid}:{kind}")

    def unseal(self, blob: bytes, kind: str) -> bytes:
        return crypto.open_(self.data_key(), blob, f"{self.uuid}:{kind}")

    def set_content(self, data: dict):
        self.body = self.seal(json.dumps({k: data.get(k) or "" for k in BODY_FIELDS}).encode(), "body")

    def content(self):
        if not hasattr(self, "_content"):
            self._content = json.loads(self.unseal(self.body, "body"))
        return self._content

    # --- deadlines and retention ------------------------------------------------------------------

    @property
    def ack_overdue(self):
        return self.acknowledged_on is None and self.status == self.Status.NEW and timezone.localdate() > self.ack_due

    def cases(self):
        """The cases this report was triaged into (linked by the cases app's generic CaseLink)."""
        from netral.cases.actions import links_of

        return [link.case for link in links_of(self)] if self.pk else []

    def cases_closed_on(self):
        """The day the last linked case closed; None if one is still open (or none is linked)."""
        from netral.cases.models import State

        cases = self.cases()
        if not cases or any(c.state != State.CLOSED or not c.closed_at for c in cases):
            return None
        return max(timezone.localdate(c.closed_at) for c in cases)

    def expires_on(self, _depth=0):
        """The day the scheduler purges this report, or None while its case is open."""
        if self.merged_into_id and _depth < 5:
            return self.merged_into.expires_on(_depth + 1)
        if self.status == self.Status.TRIAGED:
            closed = self.cases_closed_on()
            return closed + timedelta(days=settings.WHISTLE_RETENTION_DAYS) if closed else None
        start = self.decided_on or self.received_on
        return start + timedelta(days=settings.WHISTLE_UNTRIAGED_DAYS)

    def access_expired(self, today=None):
        today = today or timezone.localdate()
        return self.reporter_seen_on + timedelta(days=settings.WHISTLE_ACCESS_DAYS) < today

    def reporter_status(self):
        """What the reporter is told: a triaged report whose cases are all closed is finished."""
        if self.status == self.Status.TRIAGED and self.cases_closed_on():
            return _("Selesai ditangani")
        return self.get_status_display()


class Message(models.Model):
    class Author(models.TextChoices):
        REPORTER = "reporter", _("Pelapor")
        TEAM = "team", _("Tim pengawas")

    class Kind(models.TextChoices):
        QUESTION = "question", _("Pertanyaan / pesan")
        REASON = "reason", _("Alasan keputusan")
        REPLY = "reply", _("Jawaban pelapor")

    report = models.ForeignKey(Report, models.CASCADE, related_name="messages")
    author = models.CharField(max_length=8, choices=Author.choices)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.QUESTION)
    # The team member who wrote it (the reporter is never an account).
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_on = models.DateField(default=timezone.localdate)
    body = models.BinaryField()

    scope_field = "report__unit"
    audited = True
    audit_exclude = {"body"}

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.report} · {self.get_author_display()} #{self.pk}"

    def set_text(self, text):
        self.body = self.report.seal(text.encode(), f"message:{self.author}")

    def text(self):
        return self.report.unseal(self.body, f"message:{self.author}").decode()


def files_dir():
    root = settings.WHISTLE_FILES_DIR or (Path(settings.MEDIA_ROOT) / "whistle")
    return Path(root)


class Attachment(models.Model):
    """An evidence file, sealed on disk under a random name; its name, type, size and SHA-256
    are sealed in `meta`. Served only by the team's authorised download view."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, models.SET_NULL, null=True, blank=True, related_name="attachments")
    is_original = models.BooleanField(default=False)
    blob = models.CharField(max_length=64, unique=True)
    meta = models.BinaryField()
    created_on = models.DateField(default=timezone.localdate)

    scope_field = "report__unit"
    audited = True
    audit_exclude = {"meta", "blob"}

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.report} · berkas #{self.pk}"

    @property
    def path(self):
        return files_dir() / self.blob[:2] / self.blob

    def info(self):
        if not hasattr(self, "_info"):
            self._info = json.loads(self.report.unseal(self.meta, f"meta:{self.blob}"))
        return self._info

    def write(self, data: bytes, info: dict):
        import secrets

        self.blob = secrets.token_hex(16)
        self.meta = self.report.seal(json.dumps(info).encode(), f"meta:{self.blob}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(self.report.seal(data, f"file:{self.blob}"))

    def read(self) -> bytes:
        return self.report.unseal(self.path.read_bytes(), f"file:{self.blob}")

    def remove_file(self):
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
