"""Re-key the audit chain: plain SHA-256 → HMAC-SHA256 under the audit key.

Why a one-time re-keying rather than a version field that keeps old entries on plain SHA-256: a
verifier that accepts plain-hash entries lets anyone with database access rewrite the whole chain
as "old" entries and recompute it. So the existing chain is verified first with the old rule
(a broken chain stops the migration: investigate, never launder it), then every hash is
recomputed with the key, and a marker entry records the old head so that a copy of it kept
elsewhere (a printout, a backup) can still be compared.
"""

from django.db import migrations
from django.utils import timezone

GENESIS = "0" * 64
BATCH = 2000


def _fields(e):
    return dict(seq=e.seq, at=e.at, actor_id=e.actor_id, actor_name=e.actor_name, action=e.action, model=e.model,
                object_pk=e.object_pk, object_repr=e.object_repr, unit_path=e.unit_path, before=e.before,
                after=e.after, note=e.note, prev_hash=e.prev_hash)


def rekey(apps, schema_editor):
    from netral.core.audit import entry_hash, plain_entry_hash

    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditHead = apps.get_model("core", "AuditHead")
    if not AuditEntry.objects.exists():
        return
    old_prev, new_prev, last = GENESIS, GENESIS, 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:BATCH])
        if not batch:
            break
        for e in batch:
            if e.seq != last + 1 or e.prev_hash != old_prev or plain_entry_hash(**_fields(e)) != e.hash:
                raise RuntimeError(f"Rantai audit rusak pada entri #{last + 1}; jalankan `manage.py verify_audit` "
                                   "pada versi sebelumnya dan selidiki sebelum migrasi ini.")
            old_prev = e.hash
            e.prev_hash = new_prev
            e.hash = new_prev = entry_hash(**_fields(e))
            last = e.seq
        AuditEntry.objects.bulk_update(batch, ["prev_hash", "hash"])
    seq = last + 1
    fields = dict(seq=seq, at=timezone.now().replace(microsecond=0), actor_id=None, actor_name="sistem",
                  action="event", model="core.auditentry", object_pk=str(last), object_repr="Rantai audit",
                  unit_path="", before={"algorithm": "sha256", "head_seq": last, "head_hash": old_prev},
                  after={"algorithm": "hmac-sha256"}, note="rantai audit dikunci dengan HMAC", prev_hash=new_prev)
    fields["hash"] = entry_hash(**fields)
    AuditEntry.objects.create(**fields)
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": fields["hash"]})


class Migration(migrations.Migration):
    dependencies = [("core", "0003_cache_table")]
    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
