"""The tamper-evident audit chain.

Every create/update/delete of a model that sets `audited = True` appends an AuditEntry in the
same transaction as the change. Each entry's hash covers its own content and the previous
entry's hash, so editing or deleting any row breaks the chain from that row on;
`manage.py verify_audit` finds the first broken one.

Appending takes a lock on the single AuditHead row (SELECT ... FOR UPDATE on PostgreSQL; on
SQLite the IMMEDIATE transaction mode already serialises writers), so concurrent writers
cannot fork the chain.

Bulk paths (imports with bulk_create) do not fire signals: they call `record()` themselves,
usually once per imported batch with a summary.

The hash is HMAC-SHA256 with a key kept outside the database (AUDIT_KEY / AUDIT_KEY_FILE): with
a plain hash, anyone able to write to the database could rewrite an entry and recompute every
hash after it. The key alone does not stop a truncation (delete the last entries and rewind the
head) nor someone who holds the key; so the head (seq + hash) is exported on a schedule to signed
files outside the database and/or by e-mail, and `verify_chain` compares the chain with every
export it finds. Chains written with plain SHA-256 before the key existed were re-keyed once by
migration 0004 after being verified (see docs/architecture.md, "Evidence anchoring").

What an entry holds of a model is declared on the model: `audit_exclude` names fields never
written at all (passwords, 2FA secrets, keys, bulk payloads); `audit_sensitive` names personal data
(NIK, phone, e-mail, captured text) whose *value* is never written either: the snapshot holds a
marker {"sensitive": "hmac-sha256", "digest": ...} instead, a keyed digest of the value bound to the
model, the object and the field (`field_digest`). The chain cannot be edited, so anything written
into it outlives every retention period; with the marker an entry still shows that the field changed,
and whoever holds the value (and the server, for the key) can prove it was that value
(`manage.py check_audit_value`), while the log alone gives nothing to guess from: a plain hash of a
phone number or a NIK falls to a dictionary in seconds, an HMAC without the key does not.
docs/privacy.md ("What the audit log holds") lists the decision per field.
"""

import contextvars
import functools
import hashlib
import hmac
import json
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

GENESIS = "0" * 64
_actor = contextvars.ContextVar("netral_audit_actor", default=None)
_disabled = contextvars.ContextVar("netral_audit_disabled", default=False)


@contextmanager
def acting_as(user_or_name):
    """Attribute the changes made inside the block to a user (or a name such as "sistem")."""
    token = _actor.set(user_or_name)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor():
    return _actor.get()


def _jsonable(value):
    # Round-trip through JSON so that what we hash is exactly what the database gives back.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


SENSITIVE_MARK = "sensitive"
SENSITIVE_SCHEME = "hmac-sha256"


def field_digest(model, object_pk, field, value):
    """The keyed digest that stands in the chain for the value of a sensitive field. Bound to the model label,
    the object's pk and the field name, so that equal values of two people do not show as equal digests and a
    guess has to be tested against one entry at a time, with the key."""
    raw = json.dumps([model, "" if object_pk is None else str(object_pk), field, _jsonable(value)],
                     ensure_ascii=False, separators=(",", ":"))
    return keyed_hash("netral-audit-field", raw.encode("utf-8"))


def is_sensitive_marker(value):
    return (isinstance(value, dict) and value.get(SENSITIVE_MARK) == SENSITIVE_SCHEME
            and isinstance(value.get("digest"), str))


def _sensitive_names(model):
    return set(getattr(model, "audit_sensitive", ()))


def snapshot(obj):
    """The audited state of a row: every concrete field except `audit_exclude`; a field in `audit_sensitive` as a
    marker with its keyed digest (an empty value stays empty: it holds nothing, and an erasure stays visible)."""
    exclude = getattr(obj, "audit_exclude", set())
    sensitive = _sensitive_names(obj)
    label = obj._meta.label_lower
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        if field.name in sensitive and value not in (None, ""):
            value = {SENSITIVE_MARK: SENSITIVE_SCHEME, "digest": field_digest(label, obj.pk, field.attname, value)}
        data[field.attname] = value
    return _jsonable(data)


def value_matches(entry, field, value):
    """Which sides of an entry ("before", "after") hold a sensitive marker for exactly this value of `field`.
    Empty when none does: another value, a field that was not sensitive in that entry, or an entry without it."""
    expected = field_digest(entry.model, entry.object_pk, field, value)
    sides = []
    for side in ("before", "after"):
        marker = (getattr(entry, side) or {}).get(field)
        if is_sensitive_marker(marker) and hmac.compare_digest(marker["digest"], expected):
            sides.append(side)
    return sides


def audit_key() -> bytes:
    return _load_key(settings.AUDIT_KEY, settings.AUDIT_KEY_FILE, getattr(settings, "AUDIT_KEY_AUTOCREATE", False))


@functools.lru_cache(maxsize=4)
def _load_key(key, path, autocreate):
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("AUDIT_KEY terlalu pendek (minimal 32 karakter).")
        return key.encode("utf-8")
    p = Path(path)
    if not p.is_file():
        if not autocreate:
            raise ImproperlyConfigured(f"Berkas kunci audit {p} tidak ditemukan.")
        # Laptop run: make a key once. Written to a temporary file and linked into place, so two
        # processes starting together end up with the same complete key.
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, p)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    data = p.read_text(encoding="utf-8").strip()
    if len(data) < 32:
        raise ImproperlyConfigured(f"Kunci audit di {p} terlalu pendek (minimal 32 karakter).")
    return data.encode("utf-8")


def keyed_hash(purpose: str, raw: bytes) -> str:
    """HMAC-SHA256 under the audit key; `purpose` separates the uses of the one key."""
    return hmac.new(audit_key(), purpose.encode() + b"\n" + raw, hashlib.sha256).hexdigest()


def _entry_payload(*, seq, at, actor_id, actor_name, action, model, object_pk, object_repr, unit_path,
                   before, after, note, prev_hash):
    payload = {
        "seq": seq,
        "at": at.isoformat(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "model": model,
        "object_pk": str(object_pk),
        "object_repr": object_repr,
        "unit_path": unit_path,
        "before": before,
        "after": after,
        "note": note,
        "prev_hash": prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(**fields):
    return keyed_hash("netral-audit-entry", _entry_payload(**fields))


def plain_entry_hash(**fields):
    """The unkeyed SHA-256 of chains written before the key (only migration 0004 uses it)."""
    return hashlib.sha256(_entry_payload(**fields)).hexdigest()


def entry_fields(entry):
    return dict(
        seq=entry.seq, at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name,
        action=entry.action, model=entry.model, object_pk=entry.object_pk,
        object_repr=entry.object_repr, unit_path=entry.unit_path, before=entry.before,
        after=entry.after, note=entry.note, prev_hash=entry.prev_hash,
    )


def hash_of(entry):
    return entry_hash(**entry_fields(entry))


def _actor_fields(actor):
    actor = actor if actor is not None else current_actor()
    if actor is None:
        return None, "sistem"
    if isinstance(actor, str):
        return None, actor
    if getattr(actor, "is_authenticated", False):
        return actor.pk, actor.get_username()
    return None, "anonim"


def record(action, *, model, object_pk, object_repr="", unit_path="", before=None, after=None,
           note="", actor=None):
    """Append one entry to the chain. Returns the AuditEntry."""
    from netral.core.models import AuditEntry, AuditHead

    actor_id, actor_name = _actor_fields(actor)
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS)
        seq = head.seq + 1
        # Microseconds dropped: every database stores whole seconds' fractions differently
        # enough to be a needless risk for a hash; ordering is by seq anyway.
        at = timezone.now().replace(microsecond=0)
        fields = dict(
            seq=seq, at=at, actor_id=actor_id, actor_name=actor_name[:150], action=action,
            model=model, object_pk=str(object_pk), object_repr=str(object_repr)[:255],
            unit_path=unit_path or "", before=_jsonable(before) if before is not None else None,
            after=_jsonable(after) if after is not None else None, note=note[:255], prev_hash=head.hash,
        )
        fields["hash"] = entry_hash(**fields)
        entry = AuditEntry.objects.create(**fields)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=fields["hash"])
    return entry


def record_many(items, actor=None):
    """Append many entries under one lock (bulk imports). Each item is a dict with the keyword
    arguments of `record()` plus `action`. Much faster than one `record()` per row."""
    from netral.core.models import AuditEntry, AuditHead

    actor_id, actor_name = _actor_fields(actor)
    items = list(items)
    if not items:
        return 0
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS)
        seq, prev = head.seq, head.hash
        at = timezone.now().replace(microsecond=0)
        rows = []
        for item in items:
            seq += 1
            before, after = item.get("before"), item.get("after")
            fields = dict(
                seq=seq, at=at, actor_id=actor_id, actor_name=actor_name[:150], action=item["action"],
                model=item["model"], object_pk=str(item["object_pk"]),
                object_repr=str(item.get("object_repr", ""))[:255], unit_path=item.get("unit_path", "") or "",
                before=_jsonable(before) if before is not None else None,
                after=_jsonable(after) if after is not None else None, note=item.get("note", "")[:255],
                prev_hash=prev,
            )
            fields["hash"] = prev = entry_hash(**fields)
            rows.append(AuditEntry(**fields))
        AuditEntry.objects.bulk_create(rows, batch_size=500)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return len(rows)


def record_event(obj, note, actor=None, data=None):
    """A domain event that is not a plain field change (an import, a signature, a decision)."""
    return record(
        "event", model=obj._meta.label_lower, object_pk=obj.pk, object_repr=str(obj),
        unit_path=_unit_path(obj), after=data, note=note, actor=actor,
    )


@contextmanager
def disabled():
    """For fixtures that build thousands of rows at once (benchmarks), never for user paths."""
    token = _disabled.set(True)
    try:
        yield
    finally:
        _disabled.reset(token)


def _unit_path(obj):
    """The path of the unit an object belongs to, for scoping audit pages: the object's own
    `unit_path` if it has one (OrgUnit, User), else its `scope_field` walked to an OrgUnit."""
    try:
        if hasattr(type(obj), "unit_path"):
            return getattr(obj, "unit_path", "") or ""
        target = obj
        for part in (getattr(obj, "scope_field", "") or "").split("__"):
            if not part:
                return ""
            target = getattr(target, part, None)
            if target is None:
                return ""
        return getattr(target, "path", "") or ""
    except Exception:  # a half-built object whose unit is missing
        return ""


def chain_models():
    """Labels of the models whose entries the chain can hold (audited models, and those with `audit_events` whose
    events are written by hand): the audit page's filter choices, without a DISTINCT over the whole log."""
    from django.apps import apps

    return sorted(m._meta.label_lower for m in apps.get_models()
                  if getattr(m, "audited", False) or getattr(m, "audit_events", False))


def national_models():
    """Labels of audited models that belong to no unit (reference data), for the Admin's view."""
    from django.apps import apps

    return sorted(m._meta.label_lower for m in apps.get_models()
                  if getattr(m, "audited", False) and getattr(m, "audit_national", False))


def _is_audited(sender):
    return getattr(sender, "audited", False) and not _disabled.get()


@receiver(pre_save)
def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    instance._audit_before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        if old is not None:
            instance._audit_before = snapshot(old)


@receiver(post_save)
def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return  # nothing audited changed (e.g. only last_login)
    record(
        "create" if created or before is None else "update",
        model=sender._meta.label_lower, object_pk=instance.pk, object_repr=str(instance),
        unit_path=_unit_path(instance), before=before, after=after,
    )


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if not _is_audited(sender):
        return
    record(
        "delete", model=sender._meta.label_lower, object_pk=instance.pk, object_repr=str(instance),
        unit_path=_unit_path(instance), before=snapshot(instance), after=None,
    )


@checks.register()
def check_sensitive_declarations(app_configs=None, **kwargs):
    """`audit_sensitive` must name concrete fields that the audit actually writes (a typo would silently
    write the value it was meant to hide)."""
    from django.apps import apps

    errors = []
    for model in apps.get_models():
        names = _sensitive_names(model)
        if not names:
            continue
        concrete = {f.name for f in model._meta.concrete_fields}
        excluded = set(getattr(model, "audit_exclude", ()))
        for name in sorted(names):
            if name not in concrete:
                errors.append(checks.Error(f"{model._meta.label}.audit_sensitive menyebut '{name}', yang bukan kolom "
                                           "model ini.", obj=model, id="netral.E010"))
            elif name in excluded:
                errors.append(checks.Error(f"{model._meta.label}: '{name}' ada di audit_sensitive dan audit_exclude "
                                           "sekaligus; pilih salah satu.", obj=model, id="netral.E011"))
    return errors


# --- Exported heads ---------------------------------------------------------------------------


@checks.register(checks.Tags.security, deploy=True)
def check_head_export(app_configs=None, **kwargs):
    """Without an exported head, deleting the last entries and rewinding the head goes unseen."""
    if settings.AUDIT_HEAD_DIR or settings.AUDIT_HEAD_EMAILS:
        return []
    return [checks.Warning("Kepala rantai audit tidak diekspor (AUDIT_HEAD_DIR dan AUDIT_HEAD_EMAILS kosong).",
                           hint="Atur AUDIT_HEAD_DIR ke direktori di mesin lain dan/atau AUDIT_HEAD_EMAILS; lihat "
                                "docs/operations.md.", id="netral.W001")]


HEAD_PREFIX = "audit-head-"


def _head_doc_bytes(doc):
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign_head(doc):
    return keyed_hash("netral-audit-head", _head_doc_bytes(doc))


def current_head():
    from netral.core.models import AuditHead

    head = AuditHead.objects.filter(pk=1).first()
    return (head.seq, head.hash) if head else (0, GENESIS)


def export_head(now=None):
    """Write the signed head to AUDIT_HEAD_DIR and/or e-mail it to AUDIT_HEAD_EMAILS. Returns the
    document, or None when nothing is configured or the head has not moved since the last file."""
    from django.core.mail import send_mail

    seq, head_hash = current_head()
    directory = Path(settings.AUDIT_HEAD_DIR) if settings.AUDIT_HEAD_DIR else None
    if directory is None and not settings.AUDIT_HEAD_EMAILS:
        return None
    if directory is not None:
        latest = max((h for h in exported_heads(directory) if h["valid"]), key=lambda h: h["seq"], default=None)
        if latest and latest["seq"] == seq and latest["hash"] == head_hash:
            return None
    now = (now or timezone.now()).replace(microsecond=0)
    doc = {"netral_audit_head": 1, "site": settings.SITE_NAME, "seq": seq, "hash": head_hash,
           "exported_at": now.isoformat()}
    doc["signature"] = sign_head(doc)
    text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{HEAD_PREFIX}{seq:012d}-{now:%Y%m%dT%H%M%S}.json"
        tmp = directory / f".{name}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, directory / name)
    if settings.AUDIT_HEAD_EMAILS:
        send_mail(f"[{settings.SITE_NAME}] Kepala rantai audit #{seq}",
                  "Simpan pesan ini. `manage.py verify_audit --head berkas.json` membandingkan rantai audit dengan "
                  "kepala di bawah ini; rantai yang dipotong atau dihitung ulang akan ketahuan.\n\n" + text,
                  settings.DEFAULT_FROM_EMAIL, settings.AUDIT_HEAD_EMAILS, fail_silently=False)
    return doc


def read_head_file(path):
    """One exported head: {"path", "seq", "hash", "exported_at", "valid", "reason"}."""
    out = {"path": str(path), "seq": None, "hash": None, "exported_at": "", "valid": False, "reason": ""}
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        out.update(seq=int(doc["seq"]), hash=str(doc["hash"]), exported_at=str(doc.get("exported_at", "")))
        sig = str(doc["signature"])
    except (OSError, ValueError, KeyError, TypeError):
        out["reason"] = "bukan berkas kepala rantai yang sah"
        return out
    if not hmac.compare_digest(sig, sign_head(doc)):
        out["reason"] = "tanda tangan tidak sah (berkas diubah atau dibuat dengan kunci lain)"
        return out
    out["valid"] = True
    return out


def exported_heads(directory=None, extra=()):
    """Every exported head in the directory (and the extra files given), oldest first."""
    directory = Path(directory) if directory else (Path(settings.AUDIT_HEAD_DIR) if settings.AUDIT_HEAD_DIR else None)
    paths = sorted(directory.glob(f"{HEAD_PREFIX}*.json")) if directory and directory.is_dir() else []
    return [read_head_file(p) for p in [*paths, *extra]]


def verify_chain(batch_size=5000, heads=None):
    """Walk the whole chain in order and compare it with the exported heads. Returns
    (checked_count, problem) where problem is None or (seq, reason) for the first broken entry."""
    from netral.core.models import AuditEntry, AuditHead

    heads = exported_heads() if heads is None else heads
    for h in heads:
        if not h["valid"]:
            return 0, (h["seq"] or 0, f"kepala rantai yang diekspor {h['path']}: {h['reason']}")
    pinned = {}
    for h in heads:
        pinned.setdefault(h["seq"], []).append(h)
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq")[:batch_size])
        if not batch:
            break
        for e in batch:
            if e.seq != expected_seq:
                return checked, (expected_seq, f"entri #{expected_seq} hilang (berikutnya #{e.seq})")
            if e.prev_hash != prev_hash:
                return checked, (e.seq, "prev_hash tidak cocok dengan hash entri sebelumnya")
            if not hmac.compare_digest(hash_of(e), e.hash):
                return checked, (e.seq, "isi entri tidak cocok dengan hash-nya (diubah atau dihitung ulang tanpa "
                                        "kunci audit)")
            for h in pinned.get(e.seq, ()):
                if h["hash"] != e.hash:
                    return checked, (e.seq, f"hash entri berbeda dari kepala yang diekspor {h['exported_at']} "
                                            f"({h['path']}): rantai dihitung ulang")
            prev_hash, expected_seq, last_seq = e.hash, e.seq + 1, e.seq
            checked += 1
    for h in heads:
        if h["seq"] > last_seq:
            return checked, (last_seq + 1, f"rantai berakhir di #{last_seq}, padahal kepala yang diekspor "
                                           f"{h['exported_at']} mencatat #{h['seq']}: entri terakhir dihapus")
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.seq != last_seq or head.hash != prev_hash):
        return checked, (head.seq, "entri terakhir hilang atau kepala rantai tidak cocok")
    return checked, None
