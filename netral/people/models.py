"""The roster: employees (PNS, PPPK, PPNPN), their social-media accounts, and unit moves.

Every finding and case points to a real person in a real unit, so the roster is scoped like
everything else: an Employee belongs to a unit (`scope_field = "unit"`), an account through its
employee (`"employee__unit"`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import ImportJob, OrgUnit, ScopedQuerySet
from netral.people.accounts import PLATFORMS
from netral.people.nip import NIPError, is_digits, parse_nip


class EmploymentType(models.TextChoices):
    PNS = "pns", "PNS"
    PPPK = "pppk", "PPPK"
    PPNPN = "ppnpn", "PPNPN"


class PositionClass(models.TextChoices):
    JPT = "jpt", _("Struktural — JPT")
    ADMINISTRATOR = "administrator", _("Struktural — Administrator")
    PENGAWAS = "pengawas", _("Struktural — Pengawas")
    FUNGSIONAL = "fungsional", _("Fungsional")
    PELAKSANA = "pelaksana", _("Pelaksana")


GRADES = [f"{g}/{s}" for g, subs in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde")) for s in subs]
PPPK_GRADES = [str(i) for i in range(1, 18)]


class EmployeeQuerySet(ScopedQuerySet):
    scope_field = "unit"

    def active(self):
        return self.filter(is_active=True)

    def with_account_flag(self):
        return self.annotate(has_accounts=Exists(
            SocialAccount.objects.filter(employee=OuterRef("pk"), removed_at__isnull=True)))

    def with_accounts(self, flag=True):
        """Employees who have (or, flag False, have no) declared account. A plain EXISTS in WHERE: PostgreSQL
        then probes the accounts index for the page's rows; the same EXISTS annotated into SELECT made it hash
        the whole accounts table on every page (make bench-explain)."""
        has = Exists(SocialAccount.objects.filter(employee=OuterRef("pk"), removed_at__isnull=True))
        return self.filter(has if flag else ~has)

    def search(self, q):
        q = (q or "").strip()
        if not q:
            return self
        digits = q.replace(" ", "")
        if digits.isdigit() and len(digits) >= 6:
            return self.filter(Q(nip__startswith=digits) | Q(nik__startswith=digits) | Q(internal_id=digits))
        return self.filter(name__icontains=q)


class Employee(models.Model):
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="employees", verbose_name=_("unit kerja"))
    employment_type = models.CharField(_("jenis pegawai"), max_length=8, choices=EmploymentType.choices)
    nip = models.CharField("NIP", max_length=18, null=True, blank=True, unique=True)
    nik = models.CharField("NIK", max_length=16, blank=True, db_index=True)
    internal_id = models.CharField(_("nomor pegawai internal"), max_length=40, null=True, blank=True, unique=True,
                                   help_text=_("Untuk PPNPN yang tidak memiliki NIP."))
    name = models.CharField(_("nama"), max_length=200, db_index=True)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    position_class = models.CharField(_("kelas jabatan"), max_length=16, choices=PositionClass.choices,
                                      default=PositionClass.PELAKSANA)
    grade = models.CharField(_("golongan/pangkat"), max_length=8, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    end_date = models.DateField(_("tanggal berakhir"), null=True, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                related_name="employee", verbose_name=_("akun Netral"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()
    scope_field = "unit"
    audited = True
    audit_exclude = {"updated_at"}
    # What retention erases must not outlive it in the permanent audit chain: a keyed digest, never the value
    # (core.audit.snapshot). Name and NIP stay: they identify the employee in cases and decrees (docs/privacy.md).
    audit_sensitive = {"nik", "email", "phone"}

    class Meta:
        ordering = ["name"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [
            models.Index(fields=["unit", "is_active", "name"]),
            models.Index(fields=["employment_type", "name"]),
            models.Index(fields=["position_class", "name"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(employment_type="pns") | Q(nip__isnull=False), name="pns_has_nip"),
        ]

    def __str__(self):
        return self.name

    @property
    def identifier(self):
        return self.nip or self.nik or self.internal_id or "—"

    def clean(self):
        errors = {}
        if self.nip == "":
            self.nip = None
        if self.internal_id == "":
            self.internal_id = None
        if self.employment_type in (EmploymentType.PNS, EmploymentType.PPPK):
            if not self.nip:
                errors["nip"] = _("NIP wajib diisi untuk PNS dan PPPK.")
        if self.nip:
            try:
                self.nip = parse_nip(self.nip).value
            except NIPError as e:
                errors["nip"] = str(e)
        if self.employment_type == EmploymentType.PPNPN and not (self.nik or self.internal_id or self.nip):
            errors["nik"] = _("PPNPN wajib memiliki NIK atau nomor pegawai internal.")
        if self.nik and (not is_digits(self.nik) or len(self.nik) != 16):
            errors["nik"] = _("NIK harus 16 digit angka.")
        if self.grade:
            valid = GRADES if self.employment_type == EmploymentType.PNS else PPPK_GRADES + GRADES
            if self.grade not in valid:
                errors["grade"] = _("Golongan tidak dikenal: %(g)s (contoh: III/a, IV/b; PPPK: 1–17).") % {
                    "g": self.grade}
        if not self.is_active and not self.end_date:
            errors["end_date"] = _("Isi tanggal berakhir untuk pegawai yang tidak aktif.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.is_active and self.user_id:
            # Retired, moved out, contract ended: the login goes with the employment.
            deactivate_logins(Employee.objects.filter(pk=self.pk))


def deactivate_logins(employees=None):
    """Deactivate the logins of inactive employees (each saved, so that the audit chain has it).
    Called on every save of an employee, after a roster import, and by the hourly check."""
    from netral.core.models import User

    qs = employees if employees is not None else Employee.objects.all()
    ids = qs.filter(is_active=False, user__isnull=False).values_list("user_id", flat=True)
    n = 0
    for user in User.objects.filter(pk__in=list(ids), is_active=True):
        user.is_active = False
        user.save(update_fields=["is_active"])
        n += 1
    return n


class EmployeeMove(models.Model):
    """A move of an employee between units, kept as history (the audit chain has it too)."""

    employee = models.ForeignKey(Employee, models.CASCADE, related_name="moves")
    from_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(default=timezone.now)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "employee__unit"
    audited = True

    class Meta:
        ordering = ["-moved_at"]

    def __str__(self):
        return f"{self.employee}: {self.from_unit} → {self.to_unit}"


class SocialAccountQuerySet(ScopedQuerySet):
    scope_field = "employee__unit"

    def current(self):
        return self.filter(removed_at__isnull=True)


class SocialAccount(models.Model):
    class Source(models.TextChoices):
        DECLARED = "declared", _("Dilaporkan pegawai")
        FOUND = "found", _("Ditemukan tim")
        IMPORTED = "imported", _("Impor data kepegawaian")

    employee = models.ForeignKey(Employee, models.CASCADE, related_name="accounts", verbose_name=_("pegawai"))
    platform = models.CharField(_("platform"), max_length=16, choices=PLATFORMS)
    handle = models.CharField(_("nama akun"), max_length=100)
    profile_url = models.URLField(_("URL profil"), max_length=500, blank=True)
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices, default=Source.FOUND)
    verified = models.BooleanField(_("terverifikasi"), default=False)
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(_("alasan dihapus"), max_length=255, blank=True)

    objects = SocialAccountQuerySet.as_manager()
    scope_field = "employee__unit"
    audited = True
    audit_sensitive = {"notes"}  # free text about a person; the handle is the public name the case cites

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("akun media sosial")
        verbose_name_plural = _("akun media sosial")
        constraints = [
            # One current account belongs to one employee; removed ones stay as history.
            models.UniqueConstraint(fields=["platform", "handle"], condition=Q(removed_at__isnull=True),
                                    name="one_owner_per_account"),
        ]
        indexes = [models.Index(fields=["employee", "removed_at"])]

    def __str__(self):
        return f"{self.get_platform_display()} @{self.handle}"


class AccountRemovalRequest(models.Model):
    """Removing an account the team found (or that an import brought) is a request, not a delete.

    Tim Pengawas or Admin in scope approves or rejects it with a reason. Until it is approved the
    account stays current, so content captured meanwhile is still attributed to the employee.
    An employee removes an account they declared themselves directly (docs/roster.md)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu telaah")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    account = models.ForeignKey(SocialAccount, models.CASCADE, related_name="removal_requests",
                                verbose_name=_("akun"))
    reason = models.CharField(_("alasan penghapusan"), max_length=255)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("alasan keputusan"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "account__employee__unit"
    audited = True

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("permintaan hapus akun")
        verbose_name_plural = _("permintaan hapus akun")
        constraints = [
            models.UniqueConstraint(fields=["account"], condition=Q(status="pending"),
                                    name="one_pending_removal_per_account"),
        ]

    def __str__(self):
        return f"{self.account} ({self.get_status_display()})"


class LoginActivation(models.Model):
    """A one-time link with which an employee sets the password of their new login.

    Only the SHA-256 of the token is stored; the link itself is shown once, on the printable
    sheet or in the e-mail. It expires (`LOGIN_ACTIVATION_DAYS`, default 14) and works once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="activations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "user__unit"
    audited = True
    audit_exclude = {"token_hash"}

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tautan aktivasi akun")
        verbose_name_plural = _("tautan aktivasi akun")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @property
    def usable(self):
        return self.used_at is None and self.expires_at > timezone.now() and self.user.is_active


class RosterImport(ImportJob):
    """An uploaded roster file on its way through mapping, dry run and import."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    file = models.FileField(upload_to="imports/roster/%Y/%m/")
    mapping = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    dry_run = models.JSONField(null=True, blank=True)
    # The file as parsed once at upload (core.tabular.Table.to_json): the pages, the dry run and the task read
    # this, never the upload again.
    table = models.JSONField(null=True, blank=True)
    # The parsed table is the whole uploaded roster (names, NIK, phones, e-mails) and the dry run quotes its rows:
    # neither goes into the permanent audit chain (the file is purged after RETENTION_IMPORT_FILE_DAYS).
    audit_exclude = ImportJob.audit_exclude | {"table", "dry_run"}
