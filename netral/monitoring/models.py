"""Monitoring: captured content, detector scans, findings and their triage.

- ContentItem: one captured post/comment/share/like/follow/photo. Unique on (platform,
  external_id); its content (text, payload, hashes) is never edited in place: a correction is a
  new row pointing at the one it corrects (`supersedes`). Only the attribution (account,
  employee, unit) may be filled in later, when the account is declared (see `attribution.py`).
- MediaFile: a screenshot or photo of an item, with its SHA-256 and OCR text.
- ScanResult: one detector run over one item, per detector version (+ contestant lexicon hash).
- Finding: an item the detector flagged, with the triage decision of Tim Pengawas.
- A confirmed finding belongs to a `cases.Case` (`Finding.case`); see netral/cases/actions.py.
- ContentImport: an uploaded file on its way through a bulk import.
"""

import hashlib
import json
import re
import unicodedata
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import ImportJob, OrgUnit, ScopedQuerySet
from netral.people.accounts import PLATFORMS


class Interaction(models.TextChoices):
    POST = "post", _("Unggahan")
    COMMENT = "comment", _("Komentar")
    SHARE = "share", _("Bagikan ulang")
    LIKE = "like", _("Suka / reaksi")
    FOLLOW = "follow", _("Ikuti / gabung")
    PHOTO = "photo", _("Foto")


# The detector knows post/comment/share/like; follow and photo are read like a like and a post.
DETECTOR_INTERACTION = {"post": "post", "comment": "comment", "share": "share", "like": "like",
                        "follow": "like", "photo": "post"}


def canonical_json(data) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# What makes an item evidence: what was said, by which handle, where, when, as captured, by whom.
# Attribution (account, employee, unit) is left out on purpose: it is filled in later when an
# account is declared, and it is audited as a change of its own.
DIGEST_FIELDS = ("platform", "external_id", "url", "handle", "interaction", "text", "ref_text", "ref_url",
                 "ref_author", "posted_at", "posted_at_raw", "time_assumed_utc", "captured_at", "captured_by_id",
                 "source", "source_format", "supersedes_id")


def _canonical_value(value):
    if hasattr(value, "utcoffset"):  # an aware datetime, compared in UTC whatever the database returns
        return value.astimezone(dt_timezone.utc).isoformat()
    return value


def evidence_digest(item, media_sha256s) -> str:
    """The one hash of an item as evidence: its fields above, the SHA-256 of its payload (recomputed,
    never the stored one) and of each media file, in one canonical JSON. Anchored in the audit
    chain by `anchoring.anchor()` and recomputed by `verify_evidence`."""
    data = {f: _canonical_value(getattr(item, f)) for f in DIGEST_FIELDS}
    data["payload_sha256"] = sha256_bytes(canonical_json(item.payload))
    data["media_sha256"] = sorted(media_sha256s)
    return sha256_bytes(canonical_json({"netral_evidence_digest": 1, **data}))


_URL_RE = re.compile(r"https?://\S+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fingerprint(text: str) -> str:
    """Key for near-duplicate grouping: the same poster or text shared by ten people."""
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = _URL_RE.sub(" ", t)
    t = re.sub(r"@\w+", " ", t)
    t = _NON_WORD.sub(" ", t).strip()
    if len(t) < 12:
        return ""
    return hashlib.sha1(" ".join(t.split()).encode("utf-8")).hexdigest()


class ContentImport(ImportJob):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    file = models.FileField(upload_to="imports/content/%Y/%m/")
    file_sha256 = models.CharField(max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=20)
    platform = models.CharField(_("platform"), max_length=16, choices=PLATFORMS, blank=True)
    account_handle = models.CharField(_("akun pemilik arsip"), max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # A dry run parses and counts (new, already stored, rejected) without saving; "Impor sekarang" then runs it.
    dry_run = models.BooleanField(_("uji coba"), default=False)


class ContentQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def current(self):
        """Items not replaced by a correction."""
        return self.filter(corrected_by__isnull=True)


IMMUTABLE = ("platform", "external_id", "url", "handle", "interaction", "text", "ref_text", "ref_url", "ref_author",
             "posted_at", "posted_at_raw", "payload", "payload_sha256", "captured_at", "source", "supersedes_id")


class ContentItem(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Dicatat tim")
        IMPORT = "import", _("Impor berkas")
        API = "api", _("API perayap")

    class OCR(models.TextChoices):
        NONE = "", _("Tanpa gambar")
        DONE = "done", _("OCR selesai")
        UNAVAILABLE = "unavailable", _("OCR tidak tersedia")
        FAILED = "failed", _("OCR gagal")

    platform = models.CharField(_("platform"), max_length=16, choices=PLATFORMS)
    external_id = models.CharField(_("ID di platform"), max_length=200)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    handle = models.CharField(_("akun"), max_length=100, blank=True, db_index=True)
    account = models.ForeignKey("people.SocialAccount", models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("akun tercatat"))
    employee = models.ForeignKey("people.Employee", models.SET_NULL, null=True, blank=True,
                                 related_name="content_items", verbose_name=_("pegawai"))
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit kerja"))
    interaction = models.CharField(_("jenis interaksi"), max_length=8, choices=Interaction.choices,
                                   default=Interaction.POST)
    text = models.TextField(_("teks"), blank=True)
    ref_text = models.TextField(_("teks konten yang dibagikan/disukai/dikomentari"), blank=True)
    ref_url = models.URLField(_("URL konten rujukan"), max_length=1000, blank=True)
    ref_author = models.CharField(_("pemilik konten rujukan"), max_length=100, blank=True)
    ocr_text = models.TextField(_("teks hasil OCR"), blank=True)
    ocr_status = models.CharField(_("status OCR"), max_length=12, choices=OCR.choices, blank=True, default="")
    posted_at = models.DateTimeField(_("waktu unggah"), null=True, blank=True)
    posted_at_raw = models.CharField(_("waktu asli"), max_length=64, blank=True)
    time_assumed_utc = models.BooleanField(_("zona waktu diasumsikan"), default=False)
    captured_at = models.DateTimeField(_("waktu penangkapan"), default=timezone.now)
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ditangkap oleh"))
    source = models.CharField(_("sumber"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    source_format = models.CharField(_("format sumber"), max_length=20, blank=True)
    content_import = models.ForeignKey(ContentImport, models.SET_NULL, null=True, blank=True, related_name="items")
    payload = models.JSONField(_("data mentah"), default=dict, blank=True)
    payload_sha256 = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=40, blank=True, db_index=True)
    supersedes = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="corrected_by",
                                      verbose_name=_("mengoreksi"))
    correction_note = models.CharField(_("alasan koreksi"), max_length=255, blank=True)

    objects = ContentQuerySet.as_manager()
    scope_field = "unit"
    audited = True
    audit_exclude = {"payload"}
    # The captured words (of employees and third parties) go with retention; the chain keeps a keyed digest only.
    # The evidence digest (ContentDigest) already fixes the text of an item.
    audit_sensitive = {"text", "ref_text", "ocr_text"}

    class Meta:
        ordering = ["-captured_at"]
        verbose_name = _("konten")
        verbose_name_plural = _("konten")
        constraints = [models.UniqueConstraint(fields=["platform", "external_id"], name="content_unique_external")]
        indexes = [
            models.Index(fields=["platform", "handle"]),
            models.Index(fields=["unit", "captured_at"]),
            models.Index(fields=["unit", "posted_at"], name="content_unit_posted"),  # monev figures
            # The content list's order and its filters (make bench-explain): newest capture first.
            models.Index(fields=["-captured_at", "-id"], name="content_list"),
            models.Index(fields=["platform", "-captured_at", "-id"], name="content_list_platform"),
            models.Index(fields=["interaction", "-captured_at", "-id"], name="content_list_interaction"),
        ]

    def __str__(self):
        who = f"@{self.handle}" if self.handle else _("tanpa akun")
        return f"{self.get_platform_display()} {who} · {self.get_interaction_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            old = type(self).objects.filter(pk=self.pk).values(*IMMUTABLE).first()
            if old is not None and any(old[f] != getattr(self, f) for f in IMMUTABLE):
                raise ValidationError(_("Konten yang sudah ditangkap tidak boleh diubah; buat koreksi sebagai data baru."))
        if not self.payload_sha256:
            self.payload_sha256 = sha256_bytes(canonical_json(self.payload))
        if not self.fingerprint:
            self.fingerprint = fingerprint(self.scan_text())
        super().save(*args, **kwargs)

    def scan_text(self):
        """The text the detector reads; spans of findings point into it. Deterministic, since
        the item never changes: own text, then the referenced item's text, then the OCR text."""
        parts = [p for p in (self.text, self.ref_text, self.ocr_text) if p and p.strip()]
        return "\n\n".join(parts)

    def verify_hashes(self):
        """[(what, expected, actual)] for every hash that no longer matches."""
        problems = []
        actual = sha256_bytes(canonical_json(self.payload))
        if actual != self.payload_sha256:
            problems.append(("payload", self.payload_sha256, actual))
        for media in self.media.all():
            got = media.compute_sha256()
            if got != media.sha256:
                problems.append((media.file.name, media.sha256, got))
        return problems


def media_path(instance, filename):
    return f"monitoring/{timezone.now():%Y/%m}/{instance.sha256[:2]}/{instance.sha256}{_ext(filename)}"


def _ext(name):
    name = (name or "").lower()
    return name[name.rfind("."):] if "." in name[-6:] else ""


class MediaFile(models.Model):
    content = models.ForeignKey(ContentItem, models.CASCADE, related_name="media")
    file = models.FileField(upload_to=media_path, max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    mime = models.CharField(max_length=60, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    ocr_text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "content__unit"
    audited = True
    audit_sensitive = {"ocr_text"}  # as ContentItem.text

    def __str__(self):
        return self.original_name or self.file.name

    def compute_sha256(self):
        h = hashlib.sha256()
        try:
            with self.file.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 16), b""):
                    h.update(chunk)
        except (FileNotFoundError, OSError):
            return "berkas-hilang"
        return h.hexdigest()


class ScanResult(models.Model):
    content = models.ForeignKey(ContentItem, models.CASCADE, related_name="scans")
    detector_version = models.CharField(max_length=120)
    political = models.BooleanField(default=False)
    partisan = models.BooleanField(default=False)
    hate = models.BooleanField(default=False)
    hoax = models.BooleanField(default=False)
    scores = models.JSONField(default=dict)
    targets = models.JSONField(default=list)
    skb_item = models.CharField(max_length=40, blank=True)
    # 0 = the deciding head is sure, 1 = a coin toss (detector's calibrated scores); the queue can
    # put the doubtful ones first.
    uncertainty = models.FloatField(default=0)
    evidence = models.JSONField(default=list)
    text_sha256 = models.CharField(max_length=64)
    scanned_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "content__unit"

    class Meta:
        ordering = ["-scanned_at"]
        constraints = [models.UniqueConstraint(fields=["content", "detector_version"], name="scan_once_per_version")]

    @property
    def flagged(self):
        return self.partisan or self.hate or self.hoax

    def labels(self):
        return [k for k in ("partisan", "hate", "hoax", "political") if getattr(self, k)]


class FindingQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def open(self):
        return self.filter(status=Finding.Status.NEW)


class Finding(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Menunggu telaah")
        CONFIRMED = "confirmed", _("Dikonfirmasi")
        DISMISSED = "dismissed", _("Ditolak")
        DUPLICATE = "duplicate", _("Duplikat")

    content = models.OneToOneField(ContentItem, models.CASCADE, related_name="finding")
    scan = models.ForeignKey(ScanResult, models.PROTECT, related_name="+")
    # Copies of the item's and scan's fields the queue filters on, so that the list is one
    # indexed query over findings (the content table is far larger).
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit kerja"))
    employee = models.ForeignKey("people.Employee", models.SET_NULL, null=True, blank=True, related_name="+")
    platform = models.CharField(_("platform"), max_length=16, choices=PLATFORMS)
    interaction = models.CharField(_("interaksi"), max_length=8, choices=Interaction.choices)
    posted_at = models.DateTimeField(_("waktu unggah"), null=True, blank=True)
    partisan = models.BooleanField(_("partisan"), default=False)
    hate = models.BooleanField(_("ujaran kebencian"), default=False)
    hoax = models.BooleanField(_("hoaks"), default=False)
    score = models.FloatField(_("skor"), default=0)
    uncertainty = models.FloatField(_("ketidakpastian detektor"), default=0)
    targets = models.JSONField(default=list, blank=True)
    skb_item = models.CharField(max_length=40, blank=True)
    election = models.ForeignKey("elections.Election", models.SET_NULL, null=True, blank=True, related_name="+")
    stage = models.ForeignKey("elections.Stage", models.SET_NULL, null=True, blank=True, related_name="+")
    phase = models.CharField(_("fase"), max_length=16, blank=True)
    group_key = models.CharField(max_length=40, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    reason = models.TextField(_("alasan"), blank=True)
    duplicate_of = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="duplicates")
    case = models.ForeignKey("cases.Case", models.PROTECT, null=True, blank=True, related_name="findings")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = FindingQuerySet.as_manager()
    scope_field = "unit"
    audited = True

    class Meta:
        ordering = ["-score", "-pk"]
        verbose_name = _("temuan")
        verbose_name_plural = _("temuan")
        indexes = [
            models.Index(fields=["status", "score"]),
            models.Index(fields=["-score", "-id"], name="finding_queue_all"),  # "all statuses" order
            models.Index(fields=["status", "posted_at"]),
            models.Index(fields=["unit", "status", "score"]),
            # Monev figures (reports/figures.py): every grouped query over the scope's findings of a
            # period reads this index only, never the table.
            models.Index(fields=["unit", "posted_at", "status", "platform", "partisan", "hate", "hoax", "skb_item",
                                 "employee"], name="finding_monev_cover"),
            models.Index(fields=["unit", "status", "created_at"], name="finding_unit_status_created"),  # oldest new
            models.Index(fields=["status", "-uncertainty", "-id"], name="finding_queue_doubt"),  # doubtful first
            # The queue's filters (make bench-explain): without these the page's capped count read every finding
            # of the status to find the few of a platform, phase or label.
            models.Index(fields=["status", "platform", "-score"], name="finding_queue_platform"),
            models.Index(fields=["status", "phase", "-score"], name="finding_queue_phase"),
            models.Index(fields=["status", "-score"], condition=models.Q(partisan=True), name="finding_queue_partisan"),
            models.Index(fields=["status", "-score"], condition=models.Q(hate=True), name="finding_queue_hate"),
            models.Index(fields=["status", "-score"], condition=models.Q(hoax=True), name="finding_queue_hoax"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.content}"

    @property
    def is_uncertain(self):
        from netral.detect.model import UNCERTAIN_AT

        return self.uncertainty >= UNCERTAIN_AT

    def labels(self):
        out = []
        if self.partisan:
            out.append(("partisan", _("Partisan")))
        if self.hate:
            out.append(("hate", _("Ujaran kebencian")))
        if self.hoax:
            out.append(("hoax", _("Hoaks")))
        return out


class ContentDigest(models.Model):
    """The evidence digest of one item as anchored in the audit chain (`anchor_seq` is the seq of
    the chain entry holding the batch's root). `content_id` is a plain number, not a foreign key,
    so that deleting an item leaves its digest behind and `verify_evidence` reports it missing,
    unless a retention purge recorded in the chain vouches for it (`purged_seq`)."""

    content_id = models.BigIntegerField(unique=True)
    digest = models.CharField(max_length=64)
    anchor_seq = models.BigIntegerField(db_index=True)
    # Set when the item was deleted by the retention purge: the seq of the audit entry that records
    # the purge and vouches for this digest (monitoring/retention.py). Empty: the item must exist.
    purged_seq = models.BigIntegerField(null=True, blank=True, db_index=True)

    audit_events = True  # not audited row by row, but the anchor entries name this model (audit.chain_models)

    def __str__(self):
        return f"#{self.content_id} @{self.anchor_seq}"
