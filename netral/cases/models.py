"""Case files (dugaan pelanggaran): from first sight to a documented decision.

- Case: the file. Scoped by `unit` (the unit of the employee concerned when opened). Its `state`
  moves only through `actions.transition()`, a conditional UPDATE on the expected state, along
  the one table `TRANSITIONS` below (who may do what).
- CaseEvent: the timeline (every transition, note, letter, hearing, forwarding, link).
- CaseLink: a generic link to something outside this app (a public report of `whistle`, ...);
  findings of `monitoring` link through their own `Finding.case` foreign key.
- SLARule / Holiday / Deadline: the legal deadlines, from one editable table, counted in
  calendar or working days (weekends, national holidays and cuti bersama excluded).
- Hearing / CaseDocument: clarification hearings, generated letters and uploaded signed minutes.
- Sanction: what the competent official (PPK) imposed, beside what the system suggested.
- Forwarding: the package sent to Bawaslu or BKN and the reply.
- Notification: in-app messages (deadline warnings, escalations) for one user.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import OrgUnit, Role, ScopedQuerySet
from netral.cases import workdays


class State(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFICATION = "verification", _("Verifikasi")
    CLARIFICATION = "clarification", _("Klarifikasi")
    RECOMMENDATION = "recommendation", _("Rekomendasi")
    SANCTIONED = "sanctioned", _("Keputusan: dijatuhi sanksi")
    NOT_PROVEN = "not_proven", _("Keputusan: tidak terbukti")
    FORWARDED = "forwarded", _("Keputusan: diteruskan ke Bawaslu/BKN")
    CLOSED = "closed", _("Selesai")


# States before a decision: a new finding of the same employee joins such a case.
JOINABLE_STATES = (State.RECEIVED, State.VERIFICATION, State.CLARIFICATION, State.RECOMMENDATION)
DECISION_STATES = (State.SANCTIONED, State.NOT_PROVEN, State.FORWARDED)
OPEN_STATES = JOINABLE_STATES + (State.FORWARDED,)

HANDLERS = (Role.ADMIN, Role.PENGAWAS)  # the task force (and its secretary, often the office admin)
DECIDERS = (Role.PIMPINAN,)  # the head of office approves the recommendation; the PPK decides the sanction
CLOSERS = (Role.ADMIN, Role.PENGAWAS, Role.PIMPINAN)
REOPENERS = (Role.ADMIN, Role.PIMPINAN)


class Transition:
    def __init__(self, source, target, roles, label, note_required=False):
        self.source, self.target, self.roles, self.label, self.note_required = source, target, roles, label, \
            note_required


# The one table of allowed moves. Anything not here is forbidden.
TRANSITIONS = [
    Transition(State.RECEIVED, State.VERIFICATION, HANDLERS, _("Mulai verifikasi")),
    Transition(State.VERIFICATION, State.CLARIFICATION, HANDLERS, _("Lanjut ke klarifikasi")),
    Transition(State.VERIFICATION, State.RECOMMENDATION, HANDLERS, _("Susun rekomendasi tanpa klarifikasi"),
               note_required=True),
    Transition(State.VERIFICATION, State.FORWARDED, DECIDERS, _("Teruskan ke Bawaslu/BKN")),
    Transition(State.CLARIFICATION, State.RECOMMENDATION, HANDLERS, _("Susun rekomendasi")),
    Transition(State.RECOMMENDATION, State.CLARIFICATION, HANDLERS + DECIDERS, _("Kembalikan ke klarifikasi"),
               note_required=True),
    Transition(State.RECOMMENDATION, State.SANCTIONED, DECIDERS, _("Catat keputusan: dijatuhi sanksi")),
    Transition(State.RECOMMENDATION, State.NOT_PROVEN, DECIDERS, _("Catat keputusan: tidak terbukti"),
               note_required=True),
    Transition(State.RECOMMENDATION, State.FORWARDED, DECIDERS, _("Teruskan ke Bawaslu/BKN")),
    Transition(State.FORWARDED, State.SANCTIONED, DECIDERS, _("Catat keputusan PPK: dijatuhi sanksi")),
    Transition(State.FORWARDED, State.NOT_PROVEN, DECIDERS, _("Catat hasil: tidak terbukti"), note_required=True),
    Transition(State.SANCTIONED, State.CLOSED, CLOSERS, _("Selesaikan kasus")),
    Transition(State.NOT_PROVEN, State.CLOSED, CLOSERS, _("Selesaikan kasus")),
    Transition(State.FORWARDED, State.CLOSED, CLOSERS, _("Selesaikan kasus")),
    Transition(State.SANCTIONED, State.VERIFICATION, REOPENERS, _("Buka kembali"), note_required=True),
    Transition(State.NOT_PROVEN, State.VERIFICATION, REOPENERS, _("Buka kembali"), note_required=True),
    Transition(State.CLOSED, State.VERIFICATION, REOPENERS, _("Buka kembali"), note_required=True),
]
TRANSITION_MAP = {(t.source, t.target): t for t in TRANSITIONS}


def find_transition(source, target):
    return TRANSITION_MAP.get((source, target))


class Source(models.TextChoices):
    FINDING = "finding", _("Temuan pemantauan")
    REPORT = "report", _("Pengaduan")
    MANUAL = "manual", _("Dicatat tim (luring)")


class Regime(models.TextChoices):
    ETHICS = "ethics", _("Kode etik (PP 42/2004)")
    DISCIPLINE = "discipline", _("Disiplin (PP 94/2021 / PP 49/2018)")
    CONTRACT = "contract", _("Perjanjian kerja PPNPN (SE MenPANRB 01/2023)")


class Tier(models.TextChoices):
    MORAL = "moral", _("Sanksi moral")
    RINGAN = "ringan", _("Hukuman disiplin ringan")
    SEDANG = "sedang", _("Hukuman disiplin sedang")
    BERAT = "berat", _("Hukuman disiplin berat")
    DISMISSAL = "dismissal", _("Pemberhentian / pemutusan hubungan kerja")
    CONTRACT = "contract", _("Sanksi kontrak PPNPN")
    NONE = "none", _("Tanpa sanksi")


# --- Holidays and SLA ------------------------------------------------------------------------------


class Holiday(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("Libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=14, choices=Kind.choices, default=Kind.NATIONAL)
    source = models.CharField(_("dasar"), max_length=150, blank=True)

    audited = True

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"

    @classmethod
    def dates(cls):
        return frozenset(cls.objects.values_list("date", flat=True))


class SLARule(models.Model):
    """One legal deadline: how many days, calendar or working, and how early to warn."""

    key = models.SlugField(_("kode"), max_length=40, unique=True)
    label = models.CharField(_("nama"), max_length=150)
    days = models.PositiveSmallIntegerField(_("jumlah hari"))
    working_days = models.BooleanField(_("hari kerja"), default=False,
                                       help_text=_("Jika dicentang, akhir pekan, libur nasional dan cuti bersama "
                                                   "tidak dihitung."))
    warn_days = models.PositiveSmallIntegerField(_("peringatan (hari sebelum)"), default=2)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    audited = True

    class Meta:
        ordering = ["key"]
        verbose_name = _("batas waktu (SLA)")
        verbose_name_plural = _("batas waktu (SLA)")

    def __str__(self):
        unit = _("hari kerja") if self.working_days else _("hari")
        return f"{self.label}: {self.days} {unit}"

    def due_from(self, start, holidays=None):
        if self.working_days and holidays is None:
            holidays = Holiday.dates()
        return workdays.add_days(start, self.days, working=self.working_days, holidays=holidays or frozenset())


# Defaults from DOMAIN.md ("Handling a suspected violation"); the data migration loads them, Admin edits them.
SLA_DEFAULTS = [
    # key, label, days, working, warn, legal basis
    ("verification", "Verifikasi temuan/laporan", 7, False, 2, "UU 7/2017 Pasal 454 (temuan ditetapkan 7 hari)"),
    ("followup_pemilu", "Tindak lanjut (Pemilu)", 7, False, 2, "UU 7/2017 Pasal 454 ayat (6)"),
    ("followup_pemilu_ext", "Perpanjangan tindak lanjut (Pemilu, keterangan tambahan)", 14, True, 3,
     "UU 7/2017 Pasal 454 ayat (7)"),
    ("followup_pilkada", "Tindak lanjut (Pilkada)", 3, False, 1, "UU 1/2015 Pasal 134"),
    ("followup_pilkada_ext", "Perpanjangan tindak lanjut (Pilkada, keterangan tambahan)", 2, False, 1,
     "UU 1/2015 Pasal 134"),
    ("summons_notice", "Panggilan klarifikasi diterima sebelum pemeriksaan", 7, True, 0,
     "PP 94/2021 Pasal 27 ayat (2)"),
    ("second_summons", "Panggilan kedua setelah panggilan pertama tidak dipenuhi", 7, True, 2,
     "PP 94/2021 Pasal 27 ayat (3)"),
    ("bawaslu_review", "Kajian Bawaslu atas penerusan", 3, True, 1, "Mekanisme penanganan BKN–Bawaslu 2024"),
    ("bkn_verification", "Verifikasi Satgas BKN", 7, False, 2, "Mekanisme penanganan BKN (pengganti KASN) 2024"),
    ("ppk_followup", "Tindak lanjut PPK atas rekomendasi", 10, False, 3, "Pernyataan Kemendagri 2024 (10 hari)"),
]


def sla(key):
    rule = SLARule.objects.filter(key=key).first()
    if rule is None:  # a deleted row falls back to the default, a deadline is never silently lost
        for k, label, days, working, warn, basis in SLA_DEFAULTS:
            if k == key:
                return SLARule(key=k, label=label, days=days, working_days=working, warn_days=warn, legal_basis=basis)
        raise KeyError(key)
    return rule


# --- Case -------------------------------------------------------------------------------------------


class CaseQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def open(self):
        return self.exclude(state=State.CLOSED)

    def joinable(self):
        return self.filter(state__in=JOINABLE_STATES)

    def overdue(self, today=None):
        # EXISTS, not a join: a join repeats a case per overdue deadline and needs DISTINCT, which sorted every
        # overdue case of the scope (28,000 at 50,000 cases, on disk) before the list could take its page.
        today = today or timezone.localdate()
        return self.filter(models.Exists(Deadline.objects.filter(case=models.OuterRef("pk"), done_at__isnull=True,
                                                                 due__lt=today)))

    def of_employee(self, employee):
        return self.filter(employees=employee)


class Case(models.Model):
    number = models.CharField(_("nomor"), max_length=30, unique=True)
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit kerja"))
    title = models.CharField(_("judul"), max_length=255)
    description = models.TextField(_("uraian"), blank=True)
    source = models.CharField(_("sumber"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    state = models.CharField(_("status"), max_length=16, choices=State.choices, default=State.RECEIVED,
                             db_index=True)
    employees = models.ManyToManyField("people.Employee", related_name="cases", blank=True,
                                       verbose_name=_("pegawai"))
    # Findings without a known employee are grouped by the account ("x:handle").
    handle = models.CharField(_("akun"), max_length=120, blank=True)
    election = models.ForeignKey("elections.Election", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("pemilu/pilkada"))
    stage = models.ForeignKey("elections.Stage", models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("tahapan"))
    candidates_set = models.BooleanField(_("calon sudah ditetapkan"), default=False)
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    skb_items = models.JSONField(_("butir SKB"), default=list, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("penanggung jawab"))
    team = models.ForeignKey("pledges.TaskForce", models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name=_("tim"))
    opened_at = models.DateTimeField(_("dibuka"), default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("dibuka oleh"))
    state_changed_at = models.DateTimeField(_("status berubah"), default=timezone.now)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    more_info = models.BooleanField(_("perlu keterangan tambahan"), default=False)
    # Legal basis chosen by the reviewer (the system only suggests, see suggest.py).
    regime = models.CharField(_("rezim"), max_length=10, choices=Regime.choices, blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    recommendation = models.TextField(_("rekomendasi"), blank=True)
    suggested_tier = models.CharField(_("saran tingkat sanksi"), max_length=10, choices=Tier.choices, blank=True)
    recommended_tier = models.CharField(_("tingkat sanksi yang direkomendasikan"), max_length=10,
                                        choices=Tier.choices, blank=True)
    override_reason = models.TextField(_("alasan berbeda dari saran"), blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    objects = CaseQuerySet.as_manager()
    scope_field = "unit"
    audited = True

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        indexes = [models.Index(fields=["unit", "state"]), models.Index(fields=["state", "opened_at"]),
                   # The list's order (make bench-explain at 50,000 cases: without it every case in scope was sorted).
                   models.Index(fields=["-opened_at", "-id"], name="case_list")]

    def __str__(self):
        return f"{self.number} · {self.title}"

    @property
    def is_open(self):
        return self.state != State.CLOSED

    @property
    def is_joinable(self):
        return self.state in JOINABLE_STATES

    @property
    def phase(self):
        """'before' or 'after' candidates are set (the SKB vs the election law)."""
        return "after" if self.candidates_set else "before"

    def allowed_transitions(self, user):
        """Moves offered as buttons; sanction and forwarding have their own forms."""
        return [t for t in TRANSITIONS if t.source == self.state and user.has_role(*t.roles)
                and t.target not in (State.SANCTIONED, State.FORWARDED)]

    def kanwil(self):
        """The regional office above (or at) the case's unit: it signs the letters."""
        if self.unit.kind == OrgUnit.Kind.KANWIL:
            return self.unit
        return self.unit.ancestors().filter(kind=OrgUnit.Kind.KANWIL).last() or self.unit

    def followup_kind(self):
        return "pilkada" if self.election_id and self.election.kind == "pilkada" else "pemilu"

    def skb_labels(self):
        from netral.cases.suggest import SKB_ITEMS

        return [SKB_ITEMS.get(k, {}).get("label", k) for k in self.skb_items or []]


class CaseEvent(models.Model):
    class Kind(models.TextChoices):
        OPENED = "opened", _("Kasus dibuka")
        TRANSITION = "transition", _("Perubahan status")
        NOTE = "note", _("Catatan")
        LINK = "link", _("Tautan")
        DOCUMENT = "document", _("Dokumen")
        HEARING = "hearing", _("Klarifikasi")
        FORWARD = "forward", _("Penerusan")
        REPLY = "reply", _("Balasan")
        DEADLINE = "deadline", _("Batas waktu")
        ASSIGN = "assign", _("Penugasan")
        DECISION = "decision", _("Keputusan")

    case = models.ForeignKey(Case, models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    from_state = models.CharField(max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=16, choices=State.choices, blank=True)
    note = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case.number} {self.get_kind_display()}"


class CaseLink(models.Model):
    """A generic link to an object of another app (a whistle Report, ...), so that those apps
    need no foreign key into this one and this one none into them."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="links")
    kind = models.CharField(_("jenis"), max_length=20)  # "report", "evidence", ...
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("keterangan"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "content_type", "object_id"], name="case_link_once")]

    def __str__(self):
        return self.label or f"{self.kind} #{self.object_id}"


class DeadlineQuerySet(ScopedQuerySet):
    scope_field = "case__unit"

    def pending(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today=None):
        return self.pending().filter(due__lt=today or timezone.localdate())


class Deadline(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="deadlines")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=150)
    start = models.DateField()
    due = models.DateField(db_index=True)
    working_days = models.BooleanField(default=False)
    days = models.PositiveSmallIntegerField(default=0)
    warn_days = models.PositiveSmallIntegerField(default=2)
    # The deadline is met when the case reaches one of these states (empty: closed by an action).
    closes_on = models.JSONField(default=list, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    met = models.BooleanField(null=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = DeadlineQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["done_at", "due"])]

    def __str__(self):
        return f"{self.label} ({self.due:%d-%m-%Y})"

    def light(self, today=None):
        """Traffic light: done / green / amber (warning window) / red (overdue)."""
        today = today or timezone.localdate()
        if self.done_at:
            return "done" if self.met else "late"
        if self.due < today:
            return "red"
        if (self.due - today).days <= self.warn_days:
            return "amber"
        return "green"

    def days_left(self, today=None):
        return (self.due - (today or timezone.localdate())).days


def hearing_letter_path(instance, filename):
    return f"cases/{instance.case_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Hearing(models.Model):
    """A clarification hearing (pemeriksaan/klarifikasi) of one employee; summons 1 or 2."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="hearings")
    employee = models.ForeignKey("people.Employee", models.PROTECT, related_name="+", verbose_name=_("pegawai"))
    summons = models.PositiveSmallIntegerField(_("panggilan ke-"), default=1)
    summons_sent_on = models.DateField(_("tanggal surat panggilan diterima"))
    scheduled_at = models.DateTimeField(_("waktu klarifikasi"))
    place = models.CharField(_("tempat"), max_length=200)
    examiner = models.CharField(_("pemeriksa"), max_length=200, blank=True)
    attended = models.BooleanField(_("hadir"), null=True)
    notes = models.TextField(_("catatan"), blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["scheduled_at", "pk"]

    def __str__(self):
        return f"{self.case.number} · {_('panggilan')} {self.summons} · {self.employee}"


def document_path(instance, filename):
    return f"cases/{instance.case_id}/{timezone.now():%Y/%m}/{instance.sha256[:16]}-{filename}"


class CaseDocument(models.Model):
    """A file of the case, kept as made or uploaded (never edited; a new version is a new row)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Undangan klarifikasi")
        MINUTES = "minutes", _("Berita acara klarifikasi (draf)")
        MINUTES_SIGNED = "minutes_signed", _("Berita acara klarifikasi (ditandatangani)")
        SUMMARY = "summary", _("Ringkasan kasus (PDF)")
        PACKAGE = "package", _("Paket penerusan (ZIP)")
        DECREE = "decree", _("Keputusan/SK sanksi")
        EVIDENCE = "evidence", _("Bukti (foto/dokumen)")
        OTHER = "other", _("Lainnya")

    case = models.ForeignKey(Case, models.CASCADE, related_name="documents")
    hearing = models.ForeignKey(Hearing, models.SET_NULL, null=True, blank=True, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    file = models.FileField(upload_to=document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    mime = models.CharField(max_length=80)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"

    @staticmethod
    def digest(data: bytes):
        return hashlib.sha256(data).hexdigest()


class Sanction(models.Model):
    """What the PPK imposed on one employee of a case (recorded, never decided, by the system)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="sanctions")
    employee = models.ForeignKey("people.Employee", models.PROTECT, related_name="sanctions",
                                 verbose_name=_("pegawai"))
    regime = models.CharField(_("rezim"), max_length=10, choices=Regime.choices)
    tier = models.CharField(_("tingkat"), max_length=10, choices=Tier.choices)
    kind = models.CharField(_("jenis sanksi"), max_length=200)
    legal_basis = models.TextField(_("dasar hukum"))
    suggested_tier = models.CharField(_("saran sistem"), max_length=10, choices=Tier.choices, blank=True)
    override_reason = models.TextField(_("alasan berbeda dari saran"), blank=True)
    ppk_name = models.CharField(_("PPK yang menjatuhkan"), max_length=200)
    decree_number = models.CharField(_("nomor keputusan"), max_length=120)
    decree_date = models.DateField(_("tanggal keputusan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["-decree_date", "-pk"]
        verbose_name = _("sanksi")
        verbose_name_plural = _("sanksi")

    def __str__(self):
        return f"{self.employee} · {self.get_tier_display()} · {self.decree_number}"


class Forwarding(models.Model):
    class To(models.TextChoices):
        BAWASLU = "bawaslu", _("Bawaslu")
        BKN = "bkn", _("BKN")

    case = models.ForeignKey(Case, models.CASCADE, related_name="forwardings")
    to = models.CharField(_("tujuan"), max_length=8, choices=To.choices)
    letter_number = models.CharField(_("nomor surat pengantar"), max_length=120, blank=True)
    sent_on = models.DateField(_("tanggal dikirim"), null=True, blank=True)
    summary = models.ForeignKey(CaseDocument, models.SET_NULL, null=True, blank=True, related_name="+")
    package = models.ForeignKey(CaseDocument, models.SET_NULL, null=True, blank=True, related_name="+")
    reply_on = models.DateField(_("tanggal balasan"), null=True, blank=True)
    reply_number = models.CharField(_("nomor surat balasan"), max_length=120, blank=True)
    reply_text = models.TextField(_("isi balasan / rekomendasi"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "case__unit"
    audited = True

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case.number} → {self.get_to_display()}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user (a deadline warning, an escalation); also sent by e-mail."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Peringatan batas waktu")
        ESCALATION = "escalation", _("Eskalasi: lewat batas waktu")
        ASSIGNED = "assigned", _("Penugasan")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="case_notifications")
    case = models.ForeignKey(Case, models.CASCADE, null=True, blank=True, related_name="notifications")
    deadline = models.ForeignKey(Deadline, models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "deadline", "kind"], name="notify_once_per_deadline")]

    def __str__(self):
        return self.message
