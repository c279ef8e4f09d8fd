"""Personal data (UU PDP 27/2022; docs/privacy.md): the self-service export of one's own data and
keyed pseudonyms for statistics.

- `my_data(user)`: every record Netral holds about the logged-in person, section by section, for
  the "Data saya" export (JSON and a printable page). Apps added later (cases, whistle) add their
  section with `register_section(title, fn)`; `fn(user, employee)` returns a list of dicts.
- `pseudonym(value, purpose)`: a stable, keyed pseudonym (HMAC-SHA256), so statistics can count
  and join per person without names or NIPs. Without PSEUDONYM_KEY it cannot be reversed, even by
  guessing NIPs; a different `purpose` gives unlinkable pseudonyms.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_sections = []


def register_section(title, fn, order=100):
    if not any(str(t) == str(title) for _o, t, _f in _sections):
        _sections.append((order, title, fn))


def _key() -> bytes:
    if settings.PSEUDONYM_KEY:
        return settings.PSEUDONYM_KEY.encode()
    return salted_hmac("netral.core.privacy.pseudonym", "key").digest()


def pseudonym(value, purpose="statistik", length=16, prefix="P") -> str:
    """prefix + "-" + hex of HMAC-SHA256(key, purpose + value) (16 hex digits: 64 bits, so among a
    million people a collision is about a 3 in 100 million chance). The same input and purpose always
    give the same pseudonym; nothing about the value can be read from it."""
    if value is None or value == "":
        return ""
    mac = hmac.new(_key(), f"{purpose}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return f"{prefix}-{mac[:length]}"


def _value(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(field, models.ForeignKey):
        target = getattr(obj, field.name)
        return str(target) if target is not None else ""
    if hasattr(value, "isoformat"):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return value.isoformat()
    return value


# Labels for fields that kept Django's default (English) verbose name.
FIELD_LABELS = {
    "created_at": gettext_lazy("dibuat"), "updated_at": gettext_lazy("terakhir diubah"),
    "created_by": gettext_lazy("dicatat oleh"), "recorded_by": gettext_lazy("dicatat oleh"),
    "removed_at": gettext_lazy("dihapus"), "reminded_at": gettext_lazy("diingatkan"), "at": gettext_lazy("waktu"),
    "outcome": gettext_lazy("hasil"), "template": gettext_lazy("templat"), "election": gettext_lazy("pemilu"),
    "employee": gettext_lazy("pegawai"), "event": gettext_lazy("kegiatan"), "username": gettext_lazy("nama pengguna"),
}


def _label(field):
    if str(field.verbose_name) == field.name.replace("_", " ") and field.name in FIELD_LABELS:
        return str(FIELD_LABELS[field.name])
    return str(field.verbose_name)


def record(obj, exclude=()):
    """One row as {field label: readable value}, secrets and machinery left out."""
    skip = {"password", "totp_secret", "totp_last_step", "session_salt", "path", *exclude}
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.primary_key or field.name.endswith("sha256"):
            continue
        out[_label(field)] = _value(obj, field)
    return out


def _account(user, employee):
    return [record(user, exclude={"is_superuser", "is_staff"})]


def _employee(user, employee):
    return [record(employee)] if employee else []


def _social_accounts(user, employee):
    return [record(a) for a in employee.accounts.order_by("platform", "handle")] if employee else []


def _pacts(user, employee):
    if not employee:
        return []
    return [record(p, exclude={"text"}) for p in employee.pacts.order_by("created_at")]


def _attendance(user, employee):
    if not employee:
        return []
    return [record(a) for a in employee.attendances.select_related("event").order_by("at")]


def _logins(user, employee):
    return [record(e, exclude={"user", "username"}) for e in user.login_events.order_by("-at")[:500]]


register_section(gettext_lazy("Akun pengguna"), _account, order=10)
register_section(gettext_lazy("Data kepegawaian"), _employee, order=20)
register_section(gettext_lazy("Akun media sosial"), _social_accounts, order=30)
register_section(gettext_lazy("Pakta integritas"), _pacts, order=40)
register_section(gettext_lazy("Kehadiran sosialisasi dan ikrar"), _attendance, order=50)
register_section(gettext_lazy("Riwayat masuk"), _logins, order=60)


def my_data(user) -> dict:
    employee = getattr(user, "employee", None)
    sections = []
    for _order, title, fn in sorted(_sections, key=lambda s: s[0]):
        sections.append({"title": str(title), "rows": fn(user, employee)})
    return {
        "generated_at": timezone.localtime().isoformat(),
        "subject": user.get_full_name() or user.username,
        "sections": sections,
        "not_included": _("Temuan pengawasan, kasus dan pengaduan yang menyangkut Anda tidak disertakan selama "
                          "diproses: UU 27/2022 Pasal 15 ayat (1) mengecualikan hak akses untuk kepentingan proses "
                          "penegakan hukum dan penyelenggaraan negara. Anda mendapat kesempatan klarifikasi dalam "
                          "proses kasus."),
    }
