"""Integration tokens: one per system feeding Netral (an HR system, a crawler).

Only the SHA-256 of a token is stored; the token itself is shown once, when it is made. A token belongs to one
unit (its scope: that unit and everything below, by the same path rule as `ScopedQuerySet.for_user`) and allows a
list of operations. See docs/api.md.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core.models import OrgUnit, ScopedQuerySet

OPERATIONS = [
    ("content:push", _("Kirim konten (perayap)")),
    ("roster:write", _("Perbarui daftar pegawai (sistem kepegawaian)")),
    ("findings:read", _("Baca temuan")),
    ("cases:read", _("Baca kasus")),
]
OPERATION_KEYS = [k for k, _label in OPERATIONS]
PREFIX = "ntl_"


def hash_token(raw: str) -> str:
    # A token carries 256 random bits: a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


class ApiTokenQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    name = models.CharField(_("nama integrasi"), max_length=100)
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit kerja"))
    operations = models.JSONField(_("operasi yang diizinkan"), default=list)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("awal token"), max_length=12, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    scope_field = "unit"
    audited = True
    audit_exclude = {"token_hash", "last_used_at"}

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return self.name

    @classmethod
    def issue(cls, *, name, unit, operations, created_by):
        """Make a token. Returns (token, the raw secret): the secret is never stored, show it once."""
        raw = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, unit=unit, operations=[o for o in OPERATION_KEYS if o in operations],
                                   token_hash=hash_token(raw), hint=raw[:8], created_by=created_by)
        return token, raw

    def allows(self, operation):
        return operation in (self.operations or [])

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def operation_labels(self):
        labels = dict(OPERATIONS)
        return [labels.get(o, o) for o in self.operations or []]


class ServiceUser:
    """Who the API acts as: no login, no role, the token's unit as scope.

    It has the attributes `ScopedQuerySet.for_user` reads (is_authenticated, is_active, is_superuser, unit), so
    every scope check is the one rule of core.models; never a superuser, so never the national scope.
    """

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None
    role = ""

    def __init__(self, token: ApiToken):
        self.token = token
        self.unit = token.unit
        self.unit_id = token.unit_id

    def get_username(self):
        return f"api:{self.token.name}"[:150]

    def __str__(self):
        return self.get_username()

    def has_role(self, *roles):
        return False

    @property
    def unit_path(self):
        return self.unit.path

    def can_see_unit(self, unit):
        return bool(self.unit_id) and unit.path.startswith(self.unit.path)
