"""Retention of captured content (docs/privacy.md, core/retention.py).

Two kinds are registered here; the cases app adds a third (the evidence of long-closed cases) that
purges content through `purge_items` as well:

- `content`: items that never became a finding, `RETENTION_CONTENT_DAYS` after capture;
- `dismissed_findings`: findings dismissed (or marked duplicates of findings that are not in a
  case), `RETENTION_DISMISSED_FINDING_DAYS` after the decision; the finding goes with its item.

Purging an item deletes its row, scans, finding and media files. Its evidence digest stays in
ContentDigest, marked with `purged_seq`: the seq of the audit entry that records the purge and holds
the root of the purged digests (like an anchor entry, `anchoring.batch_root`). `verify_evidence`
accepts a missing item only when such an intact entry vouches for exactly that digest, so a row
deleted by hand is still reported as missing, and a purge cannot be forged without the audit key.

An item is only purged when nothing outside the batch still needs it: a correction chain goes
whole (an item and its corrections are one piece of evidence; members without a finding of their own
follow the finding in the chain), a duplicate finding pointing at its finding must go with it. A
chain in which two items have findings in different states stays until both may go. An item whose
stored content no longer matches its anchored digest is never purged (that would destroy the trace
of the tampering): it is logged and left for `verify_evidence` to report.
"""

import logging

from django.db import transaction
from django.db.models import Q

from netral.core import audit
from netral.core.retention import cutoff, record_purge
from netral.monitoring.anchoring import anchor, batch_root, item_digests
from netral.monitoring.models import ContentDigest, ContentItem, Finding, MediaFile

log = logging.getLogger(__name__)

BATCH = 500


def _chunks(ids, size=BATCH):
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def chain_of(ids):
    """`ids` plus every item linked to them by corrections, in both directions: a correction and
    the item it corrects are one piece of evidence and go (or stay) together."""
    seen, frontier = set(ids), set(ids)
    while frontier:
        found = set()
        for chunk in _chunks(frontier):
            for pk, sup in ContentItem.objects.filter(Q(pk__in=chunk) | Q(supersedes_id__in=chunk)).values_list(
                    "pk", "supersedes_id"):
                found |= {x for x in (pk, sup) if x is not None}
        frontier = found - seen
        seen |= frontier
    return seen


def with_unflagged_corrections(ids):
    """`ids` plus the items of their correction chains that are no finding of their own (those follow
    the finding they belong to); chain members with a finding of their own hold the set back."""
    ids = set(ids)
    others = chain_of(ids) - ids
    if not others:
        return ids
    flagged = set(Finding.objects.filter(content_id__in=others).values_list("content_id", flat=True))
    return ids | (others - flagged)


def releasable(ids):
    """The ids of `ids` that nothing outside the set still needs (repeated until stable: releasing
    one item can hold back another)."""
    ids = set(ids)
    needs = []  # (needed item, the item that needs it)
    for chunk in _chunks(ids):
        # A correction and the item it corrects go together (supersedes is PROTECT one way; the
        # correction is part of the evidence the other way).
        needs += ContentItem.objects.filter(supersedes_id__in=chunk).values_list("supersedes_id", "pk")
        needs += ContentItem.objects.filter(pk__in=chunk, supersedes__isnull=False).values_list("pk", "supersedes_id")
        # A duplicate finding names the finding of this item as its original.
        needs += Finding.objects.filter(duplicate_of__content_id__in=chunk).values_list(
            "duplicate_of__content_id", "content_id")
    while True:
        held = {needed for needed, by in needs if needed in ids and by not in ids}
        if not held:
            return ids
        ids -= held


def _delete_files(names):
    storage = MediaFile._meta.get_field("file").storage
    still_used = set(MediaFile.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names:
        if name and name not in still_used:
            try:
                storage.delete(name)
            except OSError:  # already gone: the row is what mattered
                log.warning("Berkas media %s tidak dapat dihapus", name)


def purge_items(ids, *, kind, setting, data=None):
    """Delete the items (with scans, finding, media) that nothing else needs, in one batch with one
    audit entry (a correction chain must not be split over two batches). For a small set: one
    case's evidence. Returns how many were purged."""
    ids = releasable(with_unflagged_corrections(ids))
    return _purge_batch(sorted(ids), kind=kind, setting=setting, data=data) if ids else 0


def purge_query(ids_query, *, field, kind, setting, expand):
    """The same for every content id that `ids_query` (a values_list of `field`) gives, walked in
    id order a batch at a time, so a first run over years of captures never builds one huge query.
    `expand(chunk)` adds what goes with the chunk (or drops what must stay). An item that a later
    batch's item needs is kept this time and goes in a later run."""
    done, last = 0, 0
    while True:
        chunk = list(ids_query.filter(**{f"{field}__gt": last}).order_by(field)[:BATCH])
        if not chunk:
            return done
        last = chunk[-1]
        ids = releasable(expand(chunk))
        if ids:
            done += _purge_batch(sorted(ids), kind=kind, setting=setting)


def _without_flagged_chains(chunk):
    """Items without a finding that belong to a correction chain holding a finding follow that
    finding (its kind purges the chain), never the `content` rule."""
    chunk = set(chunk)
    chained = set(ContentItem.objects.filter(pk__in=chunk).filter(
        Q(supersedes__isnull=False) | Q(corrected_by__isnull=False)).values_list("pk", flat=True))
    for pk in chained:
        if pk in chunk and Finding.objects.filter(content_id__in=chain_of({pk})).exists():
            chunk -= chain_of({pk})
    return chunk


def _purge_batch(ids, *, kind, setting, data=None):
    ids = set(ids)
    # Items captured before anchoring existed get their digest first, so the purge can vouch for it.
    anchor(ids, note="sebelum retensi")
    anchored = dict(ContentDigest.objects.filter(content_id__in=ids).values_list("content_id", "digest"))
    actual = item_digests(ids)
    tampered = {pk for pk in ids if anchored.get(pk) is None or anchored[pk] != actual.get(pk)}
    if tampered:
        log.error("Retensi: %d konten tidak cocok dengan hash berjangkarnya dan TIDAK dihapus: %s",
                  len(tampered), sorted(tampered)[:20])
        ids = releasable(ids - tampered)
    if not ids:
        return 0
    digests = {pk: anchored[pk] for pk in ids}
    files = list(MediaFile.objects.filter(content_id__in=ids).values_list("file", flat=True))
    findings = sorted(Finding.objects.filter(content_id__in=ids).values_list("pk", flat=True))
    paths = set(ContentItem.objects.filter(pk__in=ids).values_list("unit__path", flat=True))
    with transaction.atomic():
        entry = record_purge(kind, setting=setting, count=len(ids), unit_paths=paths, data={
            "root": batch_root(digests), "first": min(ids), "last": max(ids), "content": sorted(ids),
            "findings": findings, "media_files": len(files), **(data or {})},
            note=f"retensi: konten dihapus ({kind})")
        ContentDigest.objects.filter(content_id__in=ids).update(purged_seq=entry.seq)
        # No per-row delete entries: they would copy the erased text into the permanent chain.
        with audit.disabled():
            # Finding.scan and ContentItem.supersedes are PROTECT: findings first, then each
            # correction before the item it corrects.
            Finding.objects.filter(content_id__in=ids).delete()
            left = set(ids)
            while left:
                leaves = set(ContentItem.objects.filter(pk__in=left, corrected_by__isnull=True)
                             .values_list("pk", flat=True))
                if not leaves:  # a correction outside the batch: releasable() should have held these
                    raise RuntimeError(f"retensi: konten {sorted(left)[:5]} masih dikoreksi konten lain")
                ContentItem.objects.filter(pk__in=leaves).delete()
                left -= leaves
        transaction.on_commit(lambda: _delete_files(files))
    return len(ids)


def purge_unflagged_content(now=None):
    """Items that never became a finding, RETENTION_CONTENT_DAYS after their capture."""
    ids = ContentItem.objects.filter(captured_at__lt=cutoff("RETENTION_CONTENT_DAYS", now),
                                     finding__isnull=True).values_list("pk", flat=True)
    return purge_query(ids, field="pk", kind="content", setting="RETENTION_CONTENT_DAYS",
                       expand=_without_flagged_chains)


def purge_dismissed_findings(now=None):
    """Findings dismissed, or duplicates of a finding that is itself not in a case and not waiting,
    RETENTION_DISMISSED_FINDING_DAYS after the decision (the item goes with its finding)."""
    before = cutoff("RETENTION_DISMISSED_FINDING_DAYS", now)
    decided_long_ago = Q(decided_at__lt=before) | Q(decided_at__isnull=True, created_at__lt=before)
    dismissed = Q(status=Finding.Status.DISMISSED)
    duplicate = Q(status=Finding.Status.DUPLICATE) & (
        Q(duplicate_of__isnull=True)
        | Q(duplicate_of__case__isnull=True,
            duplicate_of__status__in=[Finding.Status.DISMISSED, Finding.Status.DUPLICATE]))
    ids = (Finding.objects.filter(decided_long_ago, dismissed | duplicate, case__isnull=True)
           .values_list("content_id", flat=True))
    return purge_query(ids, field="content_id", kind="dismissed_findings",
                       setting="RETENTION_DISMISSED_FINDING_DAYS", expand=with_unflagged_corrections)


def verify_purges():
    """[(content_id or None, what, expected, actual)] for digests marked purged: the purge entry must
    be an intact retention entry whose root and count are those of the digests it vouches for, and
    a purged item must really be gone."""
    from netral.core.models import AuditEntry
    from netral.core.retention import PURGE_MODEL

    problems = []
    seqs = set(ContentDigest.objects.filter(purged_seq__isnull=False).values_list("purged_seq", flat=True))
    entries = {e.seq: e for e in AuditEntry.objects.filter(seq__in=seqs)}
    for seq in sorted(seqs):
        e = entries.get(seq)
        if e is None or e.model != PURGE_MODEL or e.action != "event" or not isinstance(e.after, dict):
            problems.append((None, f"penghapusan #{seq}", "entri retensi", "tidak ada di rantai audit"))
            continue
        if audit.hash_of(e) != e.hash:
            problems.append((None, f"penghapusan #{seq}", e.hash, "entri audit diubah"))
            continue
        digests = dict(ContentDigest.objects.filter(purged_seq=seq).values_list("content_id", "digest"))
        root = batch_root(digests)
        if root != e.after.get("root") or len(digests) != e.after.get("count"):
            problems.append((None, f"penghapusan #{seq}", e.after.get("root", ""),
                             f"{root} ({len(digests)} konten): daftar konten yang dihapus diubah"))
    still_there = ContentItem.objects.filter(
        pk__in=ContentDigest.objects.filter(purged_seq__isnull=False).values("content_id"))
    for pk in still_there.values_list("pk", flat=True)[:1000]:
        problems.append((pk, "konten", "dihapus sesuai retensi", "masih ada di basis data"))
    return problems

