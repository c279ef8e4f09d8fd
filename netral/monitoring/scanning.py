"""Scanning: run the detector over content items in batches and turn flags into findings.

`scan_items(ids)` is idempotent: an item already scanned by the current detector version (the
model hash plus the hash of the contestant lexicon) is skipped, results are new ScanResult rows,
and a finding is created once per item (a later scan updates its labels while it is untriaged).
The detector is loaded once per process and reloaded only when the contestant list changes.
"""

import hashlib
import json
import threading

from django.db import IntegrityError, transaction
from django.utils import timezone

from netral.core import audit
from netral.monitoring.models import DETECTOR_INTERACTION, ContentItem, Finding, ScanResult, sha256_bytes

_lock = threading.Lock()
_cache = {}  # lexicon hash -> Detector
BATCH = 500


def lexicon_rows():
    from netral.elections.models import contestant_dicts

    return contestant_dicts()


def current_detector():
    """(detector, version). Version = DETECTOR_VERSION + hash of the contestant list in use."""
    from netral.detect import DETECTOR_VERSION, Detector, Lexicon

    rows = lexicon_rows()
    lex_hash = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()[:10] if rows \
        else "builtin"
    with _lock:
        det = _cache.get(lex_hash)
        if det is None:
            det = Detector.load(lexicon=Lexicon.from_contestants(rows)) if rows else Detector.load()
            _cache.clear()
            _cache[lex_hash] = det
    return det, f"{DETECTOR_VERSION}|lex:{lex_hash}"


def flagged(result: dict) -> bool:
    return bool(result.get("partisan") or result.get("hate") or result.get("hoax"))


class StageTagger:
    """Election, stage and phase for a posting date, cached per day (one query per new day)."""

    def __init__(self):
        self.days = {}

    def __call__(self, when):
        if when is None:
            return None, None, ""
        day = timezone.localtime(when).date()
        if day not in self.days:
            from netral.elections.regime import current_regimes

            regimes = current_regimes(day)
            r = regimes[0] if regimes else None
            self.days[day] = (r.election, r.stage, r.phase or "") if r else (None, None, "")
        return self.days[day]


def scan_items(ids, *, force=False, batch_size=BATCH):
    """Scan these items; returns {"scanned", "skipped", "findings"}."""
    det, version = current_detector()
    ids = list(ids)
    tagger = StageTagger()
    stats = {"scanned": 0, "skipped": 0, "findings": 0}
    for i in range(0, len(ids), batch_size):
        chunk = ids[i:i + batch_size]
        done = set() if force else set(ScanResult.objects.filter(
            content_id__in=chunk, detector_version=version).values_list("content_id", flat=True))
        items = list(ContentItem.objects.filter(pk__in=[c for c in chunk if c not in done]).only(
            "pk", "text", "ref_text", "ocr_text", "interaction", "unit_id", "employee_id", "platform", "posted_at",
            "captured_at", "fingerprint"))
        stats["skipped"] += len(chunk) - len(items)
        if not items:
            continue
        texts = [it.scan_text() for it in items]
        results = det.classify_many(texts, [DETECTOR_INTERACTION.get(it.interaction, "post") for it in items])
        scans = []
        for it, text, res in zip(items, texts, results, strict=True):
            d = res.to_dict()
            scans.append(ScanResult(
                content_id=it.pk, detector_version=version, political=d["political"], partisan=d["partisan"],
                hate=d["hate"], hoax=d["hoax"], scores=d["scores"], targets=d["targets"],
                skb_item=d["skb_item"] or "", evidence=d["evidence"], text_sha256=sha256_bytes(text.encode()),
                uncertainty=float(d.get("uncertainty") or 0)))
        with transaction.atomic():
            if force:
                ScanResult.objects.filter(content_id__in=[s.content_id for s in scans],
                                          detector_version=version).delete()
            try:
                with transaction.atomic():
                    made = ScanResult.objects.bulk_create(scans)
            except IntegrityError:  # another worker scanned some of these meanwhile
                ScanResult.objects.bulk_create(scans, ignore_conflicts=True)
                made = list(ScanResult.objects.filter(content_id__in=[s.content_id for s in scans],
                                                      detector_version=version))
            stats["scanned"] += len(made)
            stats["findings"] += _findings_for(items, made, tagger)
    return stats


def _withdraw_unflagged(scans):
    """A finding still waiting for review whose content the current detector (or contestant list)
    no longer flags is closed with a reason, never deleted: the decision and the old scan stay."""
    clean = {s.content_id: s for s in scans if not s.flagged}
    if not clean:
        return 0
    stale = list(Finding.objects.filter(content_id__in=list(clean), status=Finding.Status.NEW).select_related("unit"))
    if not stale:
        return 0
    now = timezone.now()
    for f in stale:
        f.status, f.decided_at = Finding.Status.DISMISSED, now
        f.reason = (f"Tidak lagi ditandai detektor ({clean[f.content_id].detector_version}); ditutup otomatis, "
                    "dapat dibuka kembali oleh admin.")[:500]
    Finding.objects.bulk_update(stale, ["status", "decided_at", "reason"])
    audit.record_many([dict(action="event", model="monitoring.finding", object_pk=f.pk, object_repr=str(f),
                            unit_path=f.unit.path, after={"status": f.status, "reason": f.reason},
                            note="ditutup: tidak lagi ditandai detektor") for f in stale], actor="pemindai")
    return len(stale)


def _findings_for(items, scans, tagger):
    by_id = {it.pk: it for it in items}
    _withdraw_unflagged(scans)
    hits = [s for s in scans if s.flagged]
    if not hits:
        return 0
    existing = {f.content_id: f for f in Finding.objects.filter(content_id__in=[s.content_id for s in hits])}
    new, updated = [], []
    for s in hits:
        it = by_id[s.content_id]
        score = max(s.scores.get(k, 0) for k in ("partisan", "hate", "hoax") if getattr(s, k))
        f = existing.get(s.content_id)
        if f is not None:
            if f.status == Finding.Status.NEW:
                f.scan_id, f.partisan, f.hate, f.hoax, f.score = s.pk, s.partisan, s.hate, s.hoax, score
                f.uncertainty = s.uncertainty
                f.targets, f.skb_item = s.targets, s.skb_item
                updated.append(f)
            continue
        election, stage, phase = tagger(it.posted_at or it.captured_at)
        new.append(Finding(
            content_id=it.pk, scan_id=s.pk, unit_id=it.unit_id, employee_id=it.employee_id, platform=it.platform,
            interaction=it.interaction, posted_at=it.posted_at or it.captured_at, partisan=s.partisan, hate=s.hate,
            hoax=s.hoax, score=round(score, 4), uncertainty=round(s.uncertainty, 4), targets=s.targets,
            skb_item=s.skb_item,
            election=election, stage=stage, phase=phase, group_key=it.fingerprint))
    Finding.objects.bulk_create(new, ignore_conflicts=True)
    if updated:
        Finding.objects.bulk_update(updated, ["scan", "partisan", "hate", "hoax", "score", "uncertainty", "targets",
                                              "skb_item"])
    return len(new)


def unscanned_ids(version, limit=None):
    qs = ContentItem.objects.exclude(scans__detector_version=version).order_by("pk").values_list("pk", flat=True)
    return list(qs[:limit] if limit else qs)
