"""Pembinaan: the regulation library, socialisation and ikrar events with attendance, integrity
pacts per employee per election, and task forces set up by decree.

Scoping: events, pact templates, pacts and task forces belong to a unit (`scope_field`) and are
seen by the staff of that unit and the units above it. Regulations are national law: everyone
logged in reads them. See docs/pledges.md for the flows and the signature scheme.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

# The pact is a document the employee signs: its dates stay Indonesian whatever the interface language.
from netral.core.dates import tanggal_id  # noqa: F401  (re-exported: pact text, pact PDF, letters)
from netral.core.models import OrgUnit, Role, ScopedQuerySet, StagedImport

PLACEHOLDERS = ("nama", "nip", "jabatan", "unit", "tempat", "tanggal")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand


def sha256_text(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(f):
    h = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(65536), b""):
        h.update(chunk)
    f.seek(0)
    return h.hexdigest()


def new_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def covers(units_paths, unit_path):
    return any(unit_path.startswith(p) for p in units_paths)


# --- Regulation library --------------------------------------------------------------------------

class Regulation(models.Model):
    class Kind(models.TextChoices):
        UU = "uu", _("Undang-undang")
        PP = "pp", _("Peraturan pemerintah")
        SKB = "skb", _("Surat keputusan bersama")
        SE = "se", _("Surat edaran")
        OTHER = "other", _("Lainnya")

    key = models.SlugField(_("kode"), max_length=40, unique=True)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=255)
    reference = models.CharField(_("nomor"), max_length=255, blank=True, help_text=_("Mis. UU 5/2014 Pasal 9 ayat (2)."))
    issued_on = models.DateField(_("tanggal"), null=True, blank=True)
    summary = models.TextField(_("ringkasan"))
    file = models.FileField(_("berkas PDF"), upload_to="pledges/regulations/", blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    updated_at = models.DateTimeField(auto_now=True)

    audited = True
    audit_national = True
    audit_exclude = {"updated_at"}

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("regulasi")
        verbose_name_plural = _("regulasi")

    def __str__(self):
        return self.reference or self.title


# --- Socialisation and ikrar events ------------------------------------------------------------------

class EventQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def for_employee(self, employee):
        """Events whose target units include the employee's unit (or a unit above it)."""
        unit = employee.unit
        prefixes = [unit.path[:i] for i in range(5, len(unit.path) + 1, 5)]
        return self.filter(pk__in=Event.targets.through.objects.filter(orgunit__path__in=prefixes)
                           .values("event_id"))

    def workable_by(self, user):
        """Events a staff member may take attendance for: organised in their scope, or aimed at
        units in their scope (a UPT operator records their own staff at a Kanwil event). Who can
        be recorded is still limited to employees in the user's scope."""
        if not user.has_role(Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR) or not user.unit_id:
            return self.for_user(user)
        path = user.unit.path
        prefixes = [path[:i] for i in range(5, len(path) + 1, 5)]
        through = Event.targets.through.objects.filter(Q(orgunit__path__startswith=path) |
                                                       Q(orgunit__path__in=prefixes))
        return self.filter(Q(pk__in=self.for_user(user).values("pk")) | Q(pk__in=through.values("event_id")))

    def visible_to(self, user):
        """Staff: events organised in their scope. Everyone: events aimed at their own unit."""
        q = Q(pk__in=[])
        if user.has_role(Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR):
            q |= Q(pk__in=Event.objects.workable_by(user).values("pk"))
        employee = getattr(user, "employee", None) if user.is_authenticated else None
        if employee is not None:
            q |= Q(pk__in=Event.objects.for_employee(employee).values("pk"))
        return self.filter(q)


class Event(models.Model):
    class Kind(models.TextChoices):
        SOCIALISATION = "sosialisasi", _("Sosialisasi")
        IKRAR = "ikrar", _("Ikrar netralitas")

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.SOCIALISATION)
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("penyelenggara"))
    election = models.ForeignKey("elections.Election", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("pemilu/pilkada"))
    title = models.CharField(_("judul"), max_length=255)
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=255, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    speakers = models.TextField(_("narasumber"), blank=True, help_text=_("Satu narasumber per baris, mis. "
                                                                         "“Rogrius Sinulingga — Bawaslu Babel”."))
    targets = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("unit sasaran"),
                                     help_text=_("Pegawai unit ini dan unit di bawahnya menjadi peserta."))
    materials = models.TextField(_("materi"), blank=True)
    material_file = models.FileField(_("berkas materi (PDF)"), upload_to="pledges/materials/", blank=True)
    pledge_text = models.TextField(_("naskah ikrar"), blank=True)
    qr_valid_hours = models.PositiveSmallIntegerField(_("masa berlaku QR (jam)"), default=12)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EventQuerySet.as_manager()
    scope_field = "unit"
    audited = True

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("kegiatan pembinaan")
        verbose_name_plural = _("kegiatan pembinaan")

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == self.Kind.IKRAR and not (self.pledge_text or "").strip():
            raise ValidationError({"pledge_text": _("Naskah ikrar wajib diisi untuk kegiatan ikrar.")})
        if not (self.place or self.online_link):
            raise ValidationError(_("Isi tempat atau tautan daring."))

    def target_paths(self):
        return [u.path for u in self.targets.all()]

    def targets_employee(self, employee):
        return covers(self.target_paths(), employee.unit.path)

    def target_employees(self):
        from netral.people.models import Employee

        q = Q()
        for p in self.target_paths():
            q |= Q(unit__path__startswith=p)
        return Employee.objects.active().filter(q) if q else Employee.objects.none()

    def speaker_list(self):
        return [s.strip() for s in self.speakers.splitlines() if s.strip()]


class AttendanceQuerySet(ScopedQuerySet):
    scope_field = "employee__unit"


class Attendance(models.Model):
    class Method(models.TextChoices):
        SELF = "self", _("Konfirmasi mandiri")
        QR = "qr", _("Pindai QR")
        IMPORT = "import", _("Impor daftar hadir")

    event = models.ForeignKey(Event, models.CASCADE, related_name="attendances")
    employee = models.ForeignKey("people.Employee", models.CASCADE, related_name="attendances")
    method = models.CharField(_("cara"), max_length=8, choices=Method.choices)
    at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = AttendanceQuerySet.as_manager()
    scope_field = "employee__unit"
    audited = True

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["event", "employee"], name="pledges_one_attendance")]

    def __str__(self):
        return f"{self.employee} · {self.event}"


class AttendanceImport(StagedImport):
    """An attendance list (a column of NIP, NIK or internal id) for one event, on its way through preview, dry
    run and the background task (core.import_jobs). Only adds attendance; rows are looked up in the uploader's
    scope on every row."""

    file = models.FileField(upload_to="imports/attendance/%Y/%m/")
    # A deleted event stops the job (its attendance went with it).
    event = models.ForeignKey(Event, models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("kegiatan"))

    ROLES = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR)
    detail_url = "attendance_import_detail"
    status_url = "attendance_import_status"
    report_url = "attendance_import_report"

    def refusal(self, user):
        reason = super().refusal(user)
        if reason:
            return reason
        if self.event_id is None or not Event.objects.workable_by(user).filter(pk=self.event_id).exists():
            return gettext("Kegiatan impor ini sudah dihapus atau tidak lagi dalam wewenang pengunggah.")
        return ""

    def done_link(self):
        from django.urls import reverse

        if self.event_id is None:
            return None
        return reverse("event_detail", args=[self.event_id]), gettext("Lihat daftar hadir")

    def apply(self, user, *, progress=None, recheck=None):
        from netral.core.tabular import Table
        from netral.pledges.actions import import_attendance

        event = Event.objects.get(pk=self.event_id)
        return import_attendance(event, Table.from_json(self.parsed), user, progress=progress,
                                 recheck=recheck).to_json()

    def preview(self):
        from netral.pledges.actions import attendance_column

        header = (self.parsed or {}).get("header") or []
        col = attendance_column(header)
        # The id column first (the only one read), then the others of the file as context.
        columns = ([col] if col else []) + [h for h in header if h and h != col][:5]
        rows = (self.parsed or {}).get("rows") or []
        return columns, [(n, [row.get(c, "") for c in columns]) for n, row in rows[:8]]

    def summary_items(self, result):
        s = (result or {}).get("summary") or {}
        return [(gettext("hadir baru"), s.get("added", 0), "success"),
                (gettext("sudah tercatat"), s.get("already", 0), "secondary"),
                (gettext("ditolak"), len((result or {}).get("errors") or []), "danger")]


# --- Integrity pacts ----------------------------------------------------------------------------

DEFAULT_PACT_TEXT = """PAKTA INTEGRITAS NETRALITAS PEGAWAI

Saya yang bertanda tangan di bawah ini:
Nama: {nama}
NIP: {nip}
Jabatan: {jabatan}
Unit kerja: {unit}

menyatakan dengan sesungguhnya bahwa dalam penyelenggaraan {pemilu} saya akan:
1. menjaga netralitas dan bebas dari pengaruh serta intervensi semua golongan dan partai politik sebagaimana diamanatkan Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;
2. tidak memberikan dukungan kepada peserta pemilu/pemilihan, baik secara langsung maupun melalui media sosial (mengunggah, mengomentari, membagikan, menyukai, atau mengikuti akun pemenangan);
3. tidak menggunakan fasilitas negara dan kewenangan jabatan untuk kepentingan peserta pemilu/pemilihan;
4. tidak menghadiri deklarasi atau kampanye dengan tujuan mendukung, serta tidak berfoto dengan simbol atau gestur keberpihakan;
5. bersedia dikenai sanksi sesuai Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil dan Keputusan Bersama Menteri PANRB, Menteri Dalam Negeri, Kepala BKN, Ketua KASN, dan Ketua Bawaslu Nomor 2 Tahun 2022, Nomor 800-5474 Tahun 2022, Nomor 246 Tahun 2022, Nomor 30 Tahun 2022, Nomor 1447.1/PM.01/K.1/09/2022 tentang Pedoman Pembinaan dan Pengawasan Netralitas Pegawai Aparatur Sipil Negara dalam Penyelenggaraan Pemilihan Umum dan Pemilihan apabila melanggar pernyataan ini.

Demikian pakta integritas ini saya buat dengan penuh kesadaran dan tanpa paksaan.
"""


class PactTemplateQuerySet(ScopedQuerySet):
    scope_field = "unit"


class PactTemplate(models.Model):
    """The pact text of one election for the employees of a unit and the units below it."""

    election = models.ForeignKey("elections.Election", models.PROTECT, related_name="+",
                                 verbose_name=_("pemilu/pilkada"))
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit kerja"),
                             help_text=_("Pakta dibuat untuk pegawai aktif unit ini dan unit di bawahnya."))
    title = models.CharField(_("judul"), max_length=200, default="Pakta Integritas Netralitas Pegawai")
    body = models.TextField(_("naskah"), default=DEFAULT_PACT_TEXT,
                            help_text=_("Tempat isian: {nama}, {nip}, {jabatan}, {unit}, {pemilu}. Tempat dan "
                                        "tanggal penandatanganan dicetak otomatis di bawah naskah saat pegawai "
                                        "menandatangani."))
    place = models.CharField(_("tempat penandatanganan"), max_length=100,
                             help_text=_("Mis. Semarang. Kosongkan untuk memakai kota pada identitas kantor."), blank=True)
    pact_date = models.DateField(_("tanggal pakta"), default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PactTemplateQuerySet.as_manager()
    scope_field = "unit"
    audited = True

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("templat pakta")
        verbose_name_plural = _("templat pakta")
        constraints = [models.UniqueConstraint(fields=["election", "unit"], name="pledges_one_template_per_unit")]

    def __str__(self):
        return f"{self.title} — {self.election} ({self.unit})"

    def clean(self):
        try:
            self.render_values(nama="x", nip="x", jabatan="x", unit="x")
        except (KeyError, IndexError, ValueError) as e:
            raise ValidationError({"body": _("Tempat isian tidak dikenal atau kurung kurawal rusak: %(e)s. "
                                             "Gunakan {nama}, {nip}, {jabatan}, {unit}, {tempat}, {tanggal}, "
                                             "{pemilu}.") % {"e": e}}) from None

    def render_values(self, **values):
        values.setdefault("tempat", self.place)
        values.setdefault("tanggal", tanggal_id(self.pact_date))
        values.setdefault("pemilu", self.election.name)
        return self.body.replace("\r\n", "\n").format(**values).strip() + "\n"

    def render_for(self, employee, unit_name=None):
        return self.render_values(
            nama=employee.name, nip=employee.identifier, jabatan=employee.position or "—",
            unit=unit_name or employee.unit.name,
        )

    def campaign_start(self):
        stage = self.election.stage_for_phase("campaign")
        return stage.start if stage else None

    def employees(self):
        from netral.people.models import Employee

        return Employee.objects.active().filter(unit__path__startswith=self.unit.path)


class PactQuerySet(ScopedQuerySet):
    scope_field = "employee__unit"

    def current(self):
        return self.exclude(status=IntegrityPact.Status.SUPERSEDED)

    def signed(self):
        return self.filter(status=IntegrityPact.Status.SIGNED)

    def pending(self):
        return self.filter(status=IntegrityPact.Status.PENDING)


class SignError(Exception):
    """A signature or scan that cannot be accepted. The message is shown to the user."""


class IntegrityPact(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Belum ditandatangani")
        SIGNED = "signed", _("Sah")
        SUPERSEDED = "superseded", _("Digantikan")

    class Method(models.TextChoices):
        ESIGN = "esign", _("Tanda tangan elektronik")
        PAPER = "paper", _("Pindaian kertas")

    template = models.ForeignKey(PactTemplate, models.PROTECT, related_name="pacts")
    election = models.ForeignKey("elections.Election", models.PROTECT, related_name="+")
    employee = models.ForeignKey("people.Employee", models.PROTECT, related_name="pacts")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    text = models.TextField(_("naskah"))
    text_sha256 = models.CharField(max_length=64)
    code = models.CharField(_("kode verifikasi"), max_length=14, unique=True, default=new_code)
    method = models.CharField(_("cara"), max_length=6, choices=Method.choices, blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("dicatat oleh"))
    scan = models.FileField(_("pindaian"), upload_to="pledges/scans/%Y/%m/", blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    supersedes = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by", verbose_name=_("menggantikan"))
    replace_reason = models.CharField(_("alasan penggantian"), max_length=255, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PactQuerySet.as_manager()
    scope_field = "employee__unit"
    audited = True
    audit_exclude = {"text", "reminded_at"}  # the hash of the text is audited

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pakta integritas")
        verbose_name_plural = _("pakta integritas")
        constraints = [
            # One current pact per employee per election; replaced ones stay as history.
            models.UniqueConstraint(fields=["employee", "election"], condition=~Q(status="superseded"),
                                    name="pledges_one_current_pact"),
        ]
        indexes = [models.Index(fields=["template", "status"])]

    def __str__(self):
        return f"{self.code} {self.employee}"

    @property
    def is_valid(self):
        return self.status == self.Status.SIGNED

    def text_matches(self):
        return sha256_text(self.text) == self.text_sha256

    def sign_electronic(self, user, *, typed_id, consent, text_sha256):
        """Self-service signature by the employee linked to `user`."""
        from netral.core import audit

        employee = getattr(user, "employee", None)
        if employee is None or employee.pk != self.employee_id:
            raise SignError(_("Pakta ini bukan milik Anda."))
        if not consent:
            raise SignError(_("Centang pernyataan persetujuan untuk menandatangani."))
        # Both sides reduced the same way, so the spaces and dots people type inside an NIP and the
        # hyphens or slashes inside a PPNPN's internal id never stand between them and their own id.
        typed = _id_key(typed_id)
        if not typed or typed not in {_id_key(v) for v in (employee.nip, employee.nik, employee.internal_id) if v}:
            raise SignError(_("NIP/NIK/nomor pegawai yang Anda ketik tidak sesuai dengan data kepegawaian Anda."))
        if text_sha256 != self.text_sha256 or not self.text_matches():
            raise SignError(_("Naskah pakta berubah sejak halaman dibuka. Muat ulang halaman dan baca kembali."))
        with transaction.atomic():
            # The conditional UPDATE is the guard against a double submit or two tabs.
            now = timezone.now()
            done = IntegrityPact.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
                status=self.Status.SIGNED, method=self.Method.ESIGN, signed_at=now, signed_by=user)
            if not done:
                raise SignError(_("Pakta ini sudah ditandatangani; tanda tangan kedua tidak diterima."))
            self.refresh_from_db()
            audit.record_event(self, "pakta ditandatangani secara elektronik", actor=user,
                               data={"text_sha256": self.text_sha256, "signed_at": now.isoformat()})
        return self

    def attach_scan(self, user, scan, *, replace=False, reason=""):
        """Paper signature: the operator uploads the scan. A signed pact is never overwritten;
        with `replace` a new pact takes its place and the old one stays, marked superseded."""
        from netral.core import audit

        digest = sha256_file(scan)
        with transaction.atomic():
            if self.status == self.Status.PENDING:
                done = IntegrityPact.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
                    status=self.Status.SIGNED, method=self.Method.PAPER, signed_at=timezone.now(), signed_by=user)
                if not done:
                    raise SignError(_("Pakta ini baru saja ditandatangani; muat ulang halaman."))
                self.refresh_from_db()
                self.scan.save(f"{self.code}{_ext(scan)}", scan, save=False)
                self.scan_sha256 = digest
                self.save(update_fields=["scan", "scan_sha256"])
                audit.record_event(self, "pindaian pakta diunggah", actor=user, data={"scan_sha256": digest})
                return self
            if self.status == self.Status.SUPERSEDED:
                raise SignError(_("Pakta ini sudah digantikan; unggah pada pakta yang berlaku."))
            if not replace:
                raise SignError(_("Pakta ini sudah ditandatangani; tanda tangan kedua tidak diterima. Centang "
                                  "“ganti pakta” bila memang menggantinya (pakta lama tetap tersimpan)."))
            reason = (reason or "").strip()
            if not reason:
                raise SignError(_("Alasan penggantian wajib diisi."))
            updated = IntegrityPact.objects.filter(pk=self.pk, status=self.Status.SIGNED).update(
                status=self.Status.SUPERSEDED)
            if not updated:
                raise SignError(_("Pakta ini baru saja berubah; muat ulang halaman."))
            new = IntegrityPact(template=self.template, election=self.election, employee=self.employee,
                                text=self.text, text_sha256=self.text_sha256, status=self.Status.SIGNED,
                                method=self.Method.PAPER, signed_at=timezone.now(), signed_by=user,
                                supersedes=self, replace_reason=reason[:255], scan_sha256=digest)
            new.scan.save(f"{new.code}{_ext(scan)}", scan, save=False)
            new.save()
            audit.record_event(self, f"pakta digantikan oleh {new.code}: {reason}"[:255], actor=user)
            self.refresh_from_db()
            return new


def _id_key(value):
    return "".join(ch for ch in str(value or "") if ch.isalnum()).upper()


def _ext(f):
    head = f.read(8)
    f.seek(0)
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\x89PNG"):
        return ".png"
    return ".jpg"


class PactGeneration(models.Model):
    """A background run creating the pending pacts of a template, with visible progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    template = models.ForeignKey(PactTemplate, models.CASCADE, related_name="generations")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "template__unit"

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self):
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


# --- Task force ---------------------------------------------------------------------------------

class TaskForceQuerySet(ScopedQuerySet):
    scope_field = "unit"


class TaskForce(models.Model):
    class Kind(models.TextChoices):
        TIM = "tim", _("Tim Pengawas Internal")
        SATGAS = "satgas", _("Satgas Netralitas")

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit pembentuk"))
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices, default=Kind.TIM)
    name = models.CharField(_("nama tim"), max_length=200)
    election = models.ForeignKey("elections.Election", models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("pemilu/pilkada"))
    decree_number = models.CharField(_("nomor SK"), max_length=120)
    decree_date = models.DateField(_("tanggal SK"))
    decree_file = models.FileField(_("berkas SK bertanda tangan (PDF)"), upload_to="pledges/decrees/", blank=True)
    decree_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    covered_units = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("unit yang diawasi"))
    duties = models.TextField(_("tugas"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TaskForceQuerySet.as_manager()
    scope_field = "unit"
    audited = True

    class Meta:
        ordering = ["-decree_date"]
        verbose_name = _("tim pengawas")
        verbose_name_plural = _("tim pengawas")

    def __str__(self):
        return self.name

    def scope_unit(self):
        """The one unit a member's scope is set to: the lowest unit containing every covered unit
        (a user has a single `unit`; see docs/pledges.md, "Task force and roles")."""
        paths = sorted(u.path for u in self.covered_units.all()) or [self.unit.path]
        common = paths[0]
        for p in paths[1:]:
            while not p.startswith(common):
                common = common[: common[:-1].rfind("/") + 1]
        return OrgUnit.objects.filter(path=common).first() or self.unit


class TaskForceMember(models.Model):
    class Position(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        ANGGOTA = "anggota", _("Anggota")

    task_force = models.ForeignKey(TaskForce, models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="task_forces",
                             verbose_name=_("pengguna"))
    position = models.CharField(_("kedudukan"), max_length=12, choices=Position.choices, default=Position.ANGGOTA)
    previous_role = models.CharField(max_length=16, blank=True)
    previous_unit = models.ForeignKey(OrgUnit, models.SET_NULL, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "task_force__unit"
    audited = True

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["task_force", "user"], name="pledges_one_membership")]

    def __str__(self):
        return f"{self.user} ({self.get_position_display()})"



class DerivedRole(models.Model):
    """A Tim Pengawas role a user holds because of a task-force membership, not by assignment.

    `base_role` and `base_unit` are what an admin assigned; they come back when the grant ends
    (member removed, team deactivated, its units narrowed away). `actions.sync_role` is the one
    place that writes this row and the user's role and unit (docs/pledges.md, "Derived roles")."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="derived_role")
    task_force = models.ForeignKey(TaskForce, models.SET_NULL, null=True, related_name="+",
                                   verbose_name=_("tim pengawas"))
    base_role = models.CharField(_("peran yang ditetapkan"), max_length=16)
    base_unit = models.ForeignKey(OrgUnit, models.SET_NULL, null=True, blank=True, related_name="+",
                                  verbose_name=_("unit yang ditetapkan"))
    since = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope_field = "user__unit"
    audited = True

    class Meta:
        verbose_name = _("peran dari tim pengawas")
        verbose_name_plural = _("peran dari tim pengawas")

    def __str__(self):
        return f"{self.user} ← {self.task_force}"

    @property
    def unit_path(self):
        return self.user.unit_path
