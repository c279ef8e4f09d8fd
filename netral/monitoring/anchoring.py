"""Evidence anchoring: every captured item's evidence digest is fixed in the audit chain.

One chain entry per batch (an import's chunk of up to 1,000 items, one manual capture, one
correction) holds the root of the batch: SHA-256 over "id:digest" lines sorted by id. The
per-item digests sit in ContentDigest with the seq of that entry. `verify_evidence` recomputes
each item's digest from its row and files, compares it with ContentDigest, and recomputes each
batch root from ContentDigest against the (HMAC-keyed) chain entry. So a queryset update of the
text, a payload rewritten with its stored hash, or a digest row "fixed" to match are all caught,
and an item missing from every anchor is reported as unanchored.
"""

import hashlib

from django.db import transaction

from netral.core import audit
from netral.monitoring.models import DIGEST_FIELDS, ContentDigest, ContentItem, MediaFile, evidence_digest

ANCHOR_MODEL = "monitoring.contentdigest"
ANCHOR_NOTE = "jangkar bukti"


def batch_root(digests):
    """Root of a batch: {content_id: digest} → one SHA-256 over the lines sorted by id."""
    h = hashlib.sha256()
    for pk in sorted(digests):
        h.update(f"{pk}:{digests[pk]}\n".encode())
    return h.hexdigest()


def item_digests(ids):
    """{content_id: digest} recomputed from the stored rows and the media files on disk."""
    ids = list(ids)
    media = {}
    for m in MediaFile.objects.filter(content_id__in=ids).order_by("pk"):
        media.setdefault(m.content_id, []).append(m.compute_sha256())
    fk = {"captured_by_id": "captured_by", "supersedes_id": "supersedes"}
    items = ContentItem.objects.filter(pk__in=ids).only("pk", "payload", *[fk.get(f, f) for f in DIGEST_FIELDS])
    return {it.pk: evidence_digest(it, media.get(it.pk, [])) for it in items}


def anchor(ids, *, unit_path="", actor=None, note=""):
    """Anchor the items not anchored yet; one chain entry for them all. Returns the entry or None."""
    ids = set(ids)
    ids -= set(ContentDigest.objects.filter(content_id__in=ids).values_list("content_id", flat=True))
    if not ids:
        return None
    digests = item_digests(ids)
    if not digests:
        return None
    with transaction.atomic():
        entry = audit.record(
            "event", model=ANCHOR_MODEL, object_pk=f"{min(digests)}-{max(digests)}"[:64],
            object_repr=f"{len(digests)} konten", unit_path=unit_path,
            after={"root": batch_root(digests), "count": len(digests), "first": min(digests), "last": max(digests)},
            note=f"{ANCHOR_NOTE}{': ' + note if note else ''}"[:255], actor=actor)
        ContentDigest.objects.bulk_create([ContentDigest(content_id=pk, digest=d, anchor_seq=entry.seq)
                                           for pk, d in digests.items()], batch_size=1000)
    return entry


def anchor_missing(actor="sistem", batch_size=1000):
    """Anchor every item that has no digest yet (items stored before anchoring existed).
    Returns how many were anchored."""
    done, last = 0, 0
    while True:
        ids = list(ContentItem.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return done
        last = ids[-1]
        have = set(ContentDigest.objects.filter(content_id__in=ids).values_list("content_id", flat=True))
        todo = [i for i in ids if i not in have]
        if todo:
            entry = anchor(todo, actor=actor, note="susulan untuk konten lama")
            done += entry.after["count"] if entry else 0


def verify_anchors():
    """[(content_id or None, what, expected, actual)] for the anchors themselves: an anchor entry
    edited, a batch whose digests no longer give the anchored root, a digest without an anchor."""
    from netral.core.models import AuditEntry

    problems = []
    entries = {e.seq: e for e in AuditEntry.objects.filter(model=ANCHOR_MODEL, action="event")}
    for seq, e in sorted(entries.items()):
        if audit.hash_of(e) != e.hash:
            problems.append((None, f"jangkar #{seq}", e.hash, "entri audit diubah"))
            continue
        digests = dict(ContentDigest.objects.filter(anchor_seq=seq).values_list("content_id", "digest"))
        root = batch_root(digests)
        if root != (e.after or {}).get("root") or len(digests) != (e.after or {}).get("count"):
            problems.append((None, f"jangkar #{seq}", (e.after or {}).get("root", ""),
                             f"{root} ({len(digests)} konten): daftar hash konten diubah"))
    orphans = ContentDigest.objects.exclude(anchor_seq__in=list(entries)).values_list("content_id", "anchor_seq")
    for cid, seq in orphans[:1000]:
        problems.append((cid, "jangkar", f"entri #{seq}", "tidak ada di rantai audit"))
    return problems
