"""Org units, users and roles, the audit chain.

Scoping rule (DESIGN.md): a user sees and edits only objects of their own unit and the units
below it. Units keep a materialised path ("0001/0007/0042/") so "this unit and everything below"
is one indexed `startswith` query on SQLite and PostgreSQL alike.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

PATH_STEP = 4  # digits per level in OrgUnit.path


class ScopedQuerySet(models.QuerySet):
    """The one place unit scoping is enforced.

    A model whose rows belong to a unit declares `scope_field` (the lookup path from the model
    to an OrgUnit, e.g. "unit" or "employee__unit") and uses this QuerySet. Every view lists and
    fetches through `.for_user(request.user)`; `core.scoping.get_scoped_or_404` builds on it.
    """

    scope_field = "unit"
    # The lookup that holds a unit path; OrgUnit and AuditEntry override it.
    path_lookup = None

    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser and user.unit_id is None:
            return self
        if user.unit_id is None:
            return self.none()
        lookup = self.path_lookup or f"{getattr(self.model, 'scope_field', self.scope_field)}__path"
        return self.filter(**{f"{lookup}__startswith": user.unit.path})


class OrgUnitQuerySet(ScopedQuerySet):
    path_lookup = "path"

    def subtree(self, unit):
        return self.filter(path__startswith=unit.path)


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Kementerian")
        KANWIL = "kanwil", _("Kantor Wilayah")
        DIVISION = "division", _("Divisi / Bagian")
        LAPAS = "lapas", _("Lapas")
        RUTAN = "rutan", _("Rutan")
        IMIGRASI = "imigrasi", _("Kantor Imigrasi")
        BAPAS = "bapas", _("Bapas")
        RUPBASAN = "rupbasan", _("Rupbasan")
        LPKA = "lpka", _("LPKA")
        RUDENIM = "rudenim", _("Rudenim")
        OTHER = "other", _("Lainnya")

    UPT_KINDS = {"lapas", "rutan", "imigrasi", "bapas", "rupbasan", "lpka", "rudenim", "other"}

    code = models.CharField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("induk")
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    province = models.CharField(_("provinsi"), max_length=100, blank=True)
    regency = models.CharField(_("kabupaten/kota"), max_length=100, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = OrgUnitQuerySet.as_manager()
    audited = True

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self):
        return self.name

    @property
    def depth(self):
        return len(self.path) // (PATH_STEP + 1) - 1

    @property
    def unit_path(self):
        # Audit entries are scoped by the path of the unit an object belongs to.
        return self.path

    def clean(self):
        if self.parent_id and self.pk:
            if self.parent.path.startswith(self.path):
                raise ValidationError({"parent": _("Induk tidak boleh unit ini sendiri atau unit di bawahnya.")})
        if self.kind == self.Kind.MINISTRY and self.parent_id:
            pass  # a ministry under another ministry is unusual but not forbidden

    def ancestors(self):
        prefixes = [self.path[:i] for i in range(PATH_STEP + 1, len(self.path), PATH_STEP + 1)]
        return OrgUnit.objects.filter(path__in=prefixes).order_by("path")

    def _next_path(self):
        prefix = self.parent.path if self.parent_id else ""
        siblings = OrgUnit.objects.filter(parent_id=self.parent_id).exclude(pk=self.pk)
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        n = int(last[len(prefix) : len(prefix) + PATH_STEP]) + 1 if last else 1
        return f"{prefix}{n:0{PATH_STEP}d}/"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = None
            if self.pk:
                old = OrgUnit.objects.filter(pk=self.pk).values_list("path", "parent_id").first()
                if old and old[1] != self.parent_id:
                    old_path = old[0]
                    self.path = ""
            if not self.path:
                self.path = self._next_path()
            super().save(*args, **kwargs)
            if old_path:
                # Moving a unit moves its whole subtree: rewrite the descendants' paths.
                for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    OrgUnit.objects.filter(pk=child.pk).update(path=self.path + child.path[len(old_path) :])


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    PIMPINAN = "pimpinan", _("Pimpinan")
    PENGAWAS = "pengawas", _("Tim Pengawas")
    OPERATOR = "operator", _("Operator unit")
    PEGAWAI = "pegawai", _("Pegawai")


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, default=Role.PEGAWAI)
    unit = models.ForeignKey(
        OrgUnit, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("unit kerja")
    )

    # Two-factor login (TOTP, RFC 6238; see core/totp.py). The secret is set at enrolment and
    # only counts once confirmed by a first code; last_step refuses a code used twice. Stored sealed
    # (AES-GCM under a key outside the database, totp.seal); read it with totp_plain_secret().
    totp_secret = models.CharField(max_length=255, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(_("2FA aktif sejak"), null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    # Mixed into the session hash: rotating it ends every session of this user ("keluar dari
    # semua perangkat") without touching the password.
    session_salt = models.CharField(max_length=32, blank=True, editable=False)

    objects = ScopedUserManager()
    scope_field = "unit"
    audited = True
    audit_exclude = {"password", "last_login", "totp_secret", "totp_last_step", "session_salt"}
    audit_sensitive = {"email"}  # keyed digest in the audit chain, never the value (core.audit, docs/privacy.md)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def unit_path(self):
        return self.unit.path if self.unit_id else ""

    def has_role(self, *roles):
        return self.is_active and (self.role in roles or (self.is_superuser and "admin" in roles))

    @property
    def is_admin(self):
        return self.has_role(Role.ADMIN)

    @property
    def is_pimpinan(self):
        return self.has_role(Role.PIMPINAN)

    @property
    def is_pengawas(self):
        return self.has_role(Role.PENGAWAS)

    @property
    def is_operator(self):
        return self.has_role(Role.OPERATOR)

    @property
    def is_pegawai(self):
        return self.has_role(Role.PEGAWAI)

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password, plus the per-user salt: changing either logs out
        # every other session of this user at its next request.
        from django.utils.crypto import salted_hmac

        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password + (f":{self.session_salt}" if self.session_salt else "")
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def set_totp_secret(self, secret: str):
        from netral.core import totp

        self.totp_secret = totp.seal(secret, self.pk) if secret else ""

    def totp_plain_secret(self) -> str:
        """The base32 secret, or "" when there is none or no configured key opens it (logged:
        the user then falls back to a recovery code, or an Admin resets 2FA)."""
        from netral.core import totp

        if not self.totp_secret:
            return ""
        try:
            return totp.unseal(self.totp_secret, self.pk)
        except totp.SealError as exc:
            import logging

            logging.getLogger(__name__).error("TOTP pengguna #%s: %s", self.pk, exc)
            return ""

    @property
    def has_2fa(self):
        return bool(self.totp_secret and self.totp_confirmed_at)

    @property
    def needs_2fa(self):
        """Whether this user's role must log in with a second factor (settings.TWO_FACTOR_ROLES)."""
        return self.is_superuser or self.role in settings.TWO_FACTOR_ROLES

    def can_see_unit(self, unit):
        if self.is_superuser and self.unit_id is None:
            return True
        return bool(self.unit_id) and unit.path.startswith(self.unit.path)


class AuditHead(models.Model):
    """A single row holding the newest entry's hash; locked while appending (see audit.py)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class AuditEntryQuerySet(ScopedQuerySet):
    path_lookup = "unit_path"

    def visible_to(self, user):
        """The entries of the user's units; for an Admin also those of national reference data
        (elections, stages, contestants, regulations), which belong to no unit."""
        from netral.core.audit import national_models

        mine = self.for_user(user)
        if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_admin and user.unit_id):
            return mine
        return self.filter(models.Q(unit_path__startswith=user.unit.path) |
                           models.Q(unit_path="", model__in=national_models()))


class AuditEntry(models.Model):
    """Append-only, hash-chained record of every change to a domain object."""

    class Action(models.TextChoices):
        CREATE = "create", _("Dibuat")
        UPDATE = "update", _("Diubah")
        DELETE = "delete", _("Dihapus")
        EVENT = "event", _("Peristiwa")

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False)
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=8, choices=Action.choices)
    model = models.CharField(max_length=100, db_index=True)
    object_pk = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=255)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")

    def __str__(self):
        return f"#{self.seq} {self.action} {self.model}:{self.object_pk}"

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.pop("_allow_update", False):
            raise ValidationError("Catatan audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Catatan audit tidak boleh dihapus.")

    def changed_fields(self):
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]

    @property
    def model_label(self):
        from django.apps import apps

        try:
            return str(apps.get_model(self.model)._meta.verbose_name).capitalize()
        except (LookupError, ValueError):
            return self.model

    def changed_fields_display(self):
        """changed_fields for people: the field's label instead of its name, times in local time,
        choices by their label. The stored JSON stays as hashed."""
        from django.apps import apps

        try:
            model = apps.get_model(self.model)
        except (LookupError, ValueError):
            model = None
        fields = {}
        if model is not None:
            for f in model._meta.get_fields():
                if getattr(f, "concrete", False):
                    fields[f.name] = f
                    fields[getattr(f, "attname", f.name)] = f
        rows = []
        for name, before, after in self.changed_fields():
            field = fields.get(name)
            label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
            rows.append((label[:1].upper() + label[1:], _display_value(field, before), _display_value(field, after)))
        return rows


def _display_value(field, value):
    from datetime import datetime

    from django.utils import formats

    from netral.core.audit import is_sensitive_marker

    if value is None or value == "":
        return None
    if is_sensitive_marker(value):
        # The value was never written (audit_sensitive); the start of its keyed digest tells two values apart.
        return _("nilai disembunyikan (sidik %(digest)s…)") % {"digest": value["digest"][:12]}
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] in "T ":
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if timezone.is_aware(moment):
            local = timezone.localtime(moment)
            return f"{formats.date_format(local, 'j F Y H:i')} {local.tzname()}"
        return formats.date_format(moment, "j F Y H:i")
    return value


class ScheduledJob(models.Model):
    """Last run of each periodic job; claimed with a conditional UPDATE so that two scheduler
    processes never enqueue the same run twice."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)


class ImportJob(models.Model):
    """What every uploaded-file import shares (roster, content, ...): who, which unit, progress
    shown while a background task works through it, and the result with its rejected rows."""

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "unit"
    audited = True  # who uploaded which file, when; the result is recorded as an event when applied
    audit_exclude = {"progress_done", "progress_total", "result"}  # progress churn; the result can be large

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    @property
    def percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    def report_rows(self):
        """(row, column, reason) for every row this import (or its dry run) could not use, then its notes.

        The one source of the downloadable report (`core.imports.report_response`) for every kind of import.
        """
        from netral.core import imports

        result = self.result if isinstance(self.result, dict) else getattr(self, "dry_run", None)
        if not isinstance(result, dict):
            return None
        columns = {int(r): c for r, c in (result.get("columns") or {}).items() if str(r).lstrip("-").isdigit()}
        rows = imports.issues(result.get("errors"), columns)
        rows += [(r, "", gettext("Catatan (baris tetap diimpor): %(reason)s") % {"reason": m})
                 for r, m in result.get("warnings") or []]
        return rows


class StagedImport(ImportJob):
    """An import that is uploaded, previewed and dry-run on its page, then applied by a background task.

    Units (`core.UnitImport`), contestants (`elections.ContestantImport`) and attendance
    (`pledges.AttendanceImport`) share this path (`core.import_jobs`: the upload, the job page with htmx polling,
    the report, and the one task `core.tasks.run_import_job`); a subclass says what it parses and how it applies
    (`parse_upload`, `apply`, `preview`, `summary_items`) and who may run it (`ROLES`, `refusal`).
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    file_sha256 = models.CharField(max_length=64, blank=True)
    # The file as parsed once at upload: the page, the dry run and the task read this, never the upload again;
    # dropped once the import has run.
    parsed = models.JSONField(null=True, blank=True)
    dry_run = models.JSONField(null=True, blank=True)

    audit_exclude = ImportJob.audit_exclude | {"parsed", "dry_run"}
    ROLES = ()  # who may upload, see and run such an import (besides the scope of its unit)

    class Meta(ImportJob.Meta):
        abstract = True

    def refusal(self, user) -> str:
        """Empty when `user` may still run this import, else why not (checked at upload, at apply and before every
        chunk the task writes): an active account, one of ROLES, and a unit whose scope covers the job's unit."""
        if user is None or not user.is_active:
            return gettext("Akun pengunggah sudah tidak aktif.")
        if not user.has_role(*self.ROLES):
            return gettext("Pengunggah tidak lagi memiliki peran yang boleh menjalankan impor ini.")
        if not user.can_see_unit(self.unit):
            return gettext("Unit pengunggah sudah tidak mencakup unit impor ini.")
        return ""

    def apply(self, user, *, progress=None, recheck=None):
        """Run the importer on `parsed` as `user`; returns the result as JSON (summary, errors, warnings)."""
        raise NotImplementedError

    def preview(self):
        """(column labels, [(row, [values])]) of the first rows, as the importer will read them."""
        raise NotImplementedError

    def summary_items(self, result):
        """[(label, count, badge class)] of a result for the page."""
        s = (result or {}).get("summary") or {}
        return [(gettext("baru"), s.get("created", 0), "success"),
                (gettext("diperbarui"), s.get("updated", 0), "primary"),
                (gettext("tidak berubah"), s.get("unchanged", 0), "secondary"),
                (gettext("ditolak"), len((result or {}).get("errors") or []), "danger")]

    def done_link(self):
        """(url, label) of where the imported data is seen, shown when the job is done; None for no link."""
        return None


class UnitImport(StagedImport):
    """A units file (kode, nama, jenis, kode induk, ...) on its way through preview, dry run and the task."""

    file = models.FileField(upload_to="imports/units/%Y/%m/")

    ROLES = (Role.ADMIN,)
    detail_url = "unit_import_detail"
    status_url = "unit_import_status"
    report_url = "unit_import_report"

    def table(self):
        from netral.core.tabular import Table

        return Table.from_json(self.parsed)

    def done_link(self):
        from django.urls import reverse

        return reverse("unit_list"), gettext("Lihat unit kerja")

    def apply(self, user, *, progress=None, recheck=None):
        from netral.core.actions import import_units

        return import_units(self.table(), user, progress=progress, recheck=recheck).to_json()

    def preview(self):
        from netral.core.actions import UNIT_COLUMNS, unit_rows

        table = unit_rows(self.table())
        return UNIT_COLUMNS, [(n, [row.get(c, "") for c in UNIT_COLUMNS]) for n, row in table.rows[:8]]


class RecoveryCode(models.Model):
    """One-time codes for a lost phone. Only a hash is kept; the codes are shown once."""

    user = models.ForeignKey(User, models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)


class LoginEventQuerySet(ScopedQuerySet):
    scope_field = "user__unit"


class LoginEvent(models.Model):
    """One login attempt: shown to the user (their own) and to Admin (their units).

    The source is coarse on purpose (IPv4 /24, IPv6 /48): enough to spot "not my office",
    not a tracking record. Kept LOGIN_HISTORY_DAYS days (core.retention)."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Berhasil")
        FAILED = "failed", _("Kata sandi salah")
        THROTTLED = "throttled", _("Ditahan (terlalu banyak percobaan)")
        CODE_FAILED = "code_failed", _("Kode 2FA salah")
        LOGOUT_ALL = "logout_all", _("Keluar dari semua perangkat")

    user = models.ForeignKey(User, models.CASCADE, null=True, blank=True, related_name="login_events")
    username = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    source = models.CharField(_("asal"), max_length=64, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=255, blank=True)

    objects = LoginEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("riwayat masuk")
        verbose_name_plural = _("riwayat masuk")

    @property
    def success(self):
        return self.outcome == self.Outcome.SUCCESS


class AccessLogQuerySet(ScopedQuerySet):
    path_lookup = "unit_path"


class AccessLog(models.Model):
    """Who looked at a sensitive record (an employee file, a case, a report): `core.access.record`.

    Scoped by the viewed object's unit path, so an Admin sees the views of records in their units."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(User, models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150)
    kind = models.CharField(max_length=32, db_index=True)
    object_pk = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=255)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("catatan akses")
        verbose_name_plural = _("catatan akses")


class OfficeProfileQuerySet(ScopedQuerySet):
    pass


class OfficeProfile(models.Model):
    """The office's identity: name, logo, address, head of office, helpdesk.

    Set once by Admin and used on every page footer and every document (pacts, letters, reports)
    as the letterhead. One profile per unit that has its own letterhead (usually the Kanwil); a
    unit without one uses the nearest ancestor's, and the installation-wide profile (no unit) is
    the last resort. `office_for(unit)` is the one way to get it.
    """

    unit = models.OneToOneField(OrgUnit, models.CASCADE, null=True, blank=True, related_name="office_profile",
                                verbose_name=_("unit kerja"))
    parent_name = models.CharField(_("nama instansi induk"), max_length=200, blank=True,
                                   help_text=_("Baris pertama kop surat, mis. nama kementerian."))
    name = models.CharField(_("nama kantor"), max_length=200)
    address = models.TextField(_("alamat"), blank=True)
    city = models.CharField(_("kota"), max_length=100, help_text=_("Tempat penandatanganan dokumen, mis. Semarang."))
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("laman"), max_length=200, blank=True)
    head_title = models.CharField(_("jabatan pimpinan"), max_length=200, default="Kepala Kantor Wilayah")
    head_name = models.CharField(_("nama pimpinan"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP pimpinan"), max_length=18, blank=True)
    helpdesk = models.CharField(_("kontak helpdesk"), max_length=200, blank=True,
                                help_text=_("Ditampilkan di kaki setiap halaman, mis. nomor WhatsApp atau e-mail."))
    logo = models.FileField(_("logo"), upload_to="office/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfficeProfileQuerySet.as_manager()
    audited = True
    scope_field = "unit"

    class Meta:
        verbose_name = _("identitas kantor")
        verbose_name_plural = _("identitas kantor")

    def __str__(self):
        return self.name

    @property
    def unit_path(self):
        return self.unit.path if self.unit_id else ""

    def logo_data_uri(self):
        """The logo inlined for PDFs (WeasyPrint reads no URL of ours)."""
        import base64

        if not self.logo:
            return ""
        try:
            with self.logo.open("rb") as fh:
                data = fh.read()
        except OSError:
            return ""
        mime = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
        return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def office_for(unit=None):
    """The office profile that speaks for `unit`: its own, the nearest ancestor's, the installation's.

    Falls back to an unsaved profile built from the unit tree, so documents always have a letterhead.
    """
    if unit is not None and getattr(unit, "path", None):
        prefixes = [unit.path[:i] for i in range(PATH_STEP + 1, len(unit.path) + 1, PATH_STEP + 1)]
        found = (OfficeProfile.objects.filter(unit__path__in=prefixes).select_related("unit")
                 .order_by("-unit__path").first())
        if found:
            return found
    found = OfficeProfile.objects.filter(unit__isnull=True).first()
    if found:
        return found
    # Nothing configured yet: derive what we can from the unit tree.
    kanwil = None
    if unit is not None and getattr(unit, "path", None):
        chain = list(unit.ancestors()) + [unit]
        kanwil = next((u for u in reversed(chain) if u.kind == OrgUnit.Kind.KANWIL), unit)
        ministry = next((u for u in chain if u.kind == OrgUnit.Kind.MINISTRY), None)
    else:
        ministry = None
    return OfficeProfile(
        name=kanwil.name if kanwil else settings.SITE_NAME,
        parent_name=ministry.name if ministry else "",
        address=kanwil.address if kanwil else "",
        city=(kanwil.regency or kanwil.province) if kanwil else "",
    )
