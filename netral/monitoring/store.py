"""Writing captured items: dedupe on (platform, external_id), attribute through accounts, bulk insert.

Used by the bulk import task, the manual form and the benchmark, so all three behave the same.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from netral.core import audit
from netral.core.imports import storable
from netral.monitoring.anchoring import anchor
from netral.monitoring.ingest.common import Record, RowError
from netral.monitoring.models import ContentItem, canonical_json, fingerprint, sha256_bytes

BATCH = 1000


def account_index(platform_handles, within=None):
    """{(platform, handle): (account_id, employee_id, unit_id)} for current declared accounts.

    `within` (the importing unit) limits the accounts to employees of that unit and below: an
    item captured by handle is never attributed to, nor queued in, a unit outside the importer's
    scope. A handle that belongs elsewhere leaves the item unattributed in the importer's unit."""
    from netral.people.models import SocialAccount

    pairs = {(p, h) for p, h in platform_handles if h}
    if not pairs:
        return {}
    out = {}
    by_platform = {}
    for p, h in pairs:
        by_platform.setdefault(p, set()).add(h)
    for p, handles in by_platform.items():
        handles = list(handles)
        for i in range(0, len(handles), 500):
            qs = SocialAccount.objects.current().filter(platform=p, handle__in=handles[i:i + 500])
            if within is not None:
                qs = qs.filter(employee__unit__path__startswith=within.path)
            rows = qs.values_list(
                "platform", "handle", "pk", "employee_id", "employee__unit_id")
            for platform, handle, pk, emp, unit in rows:
                out[(platform, handle)] = (pk, emp, unit)
    return out


def build_item(rec: Record, *, unit, user, source, content_import=None, accounts=None):
    acc = (accounts or {}).get((rec.platform, rec.handle))
    item = ContentItem(
        platform=rec.platform, external_id=rec.external_id, url=rec.url, handle=rec.handle,
        interaction=rec.interaction, text=rec.text, ref_text=rec.ref_text, ref_url=rec.ref_url,
        ref_author=rec.ref_author[:100], posted_at=rec.posted_at, posted_at_raw=rec.posted_at_raw,
        time_assumed_utc=rec.time_assumed_utc, captured_by=user, source=source,
        source_format=content_import.format if content_import else "", content_import=content_import,
        payload=rec.payload or {}, unit_id=unit.pk if not acc else acc[2],
        account_id=acc[0] if acc else None, employee_id=acc[1] if acc else None,
    )
    if rec.media_urls:
        item.payload = dict(item.payload, _media_urls=list(rec.media_urls))
    item.payload_sha256 = sha256_bytes(canonical_json(item.payload))
    item.fingerprint = fingerprint(item.scan_text())
    return item


def save_records(records, *, unit, user, source=ContentItem.Source.IMPORT, content_import=None, progress=None):
    """Store good records, skip duplicates, collect errors. Returns a result dict with the new ids.

    Duplicates are items already stored (same platform and external id), in the database or
    earlier in the same file; they are counted, never overwritten (content is never edited).
    """
    created_ids, errors, duplicates, seen = [], [], 0, set()
    done = 0
    chunk = []

    def flush():
        nonlocal duplicates
        if not chunk:
            return
        keys = {(r.platform, r.external_id) for r in chunk}
        existing = set()
        by_platform = {}
        for p, e in keys:
            by_platform.setdefault(p, []).append(e)
        for p, ids in by_platform.items():
            for i in range(0, len(ids), 500):
                existing.update((p, e) for e in ContentItem.objects.filter(
                    platform=p, external_id__in=ids[i:i + 500]).values_list("external_id", flat=True))
        fresh = [r for r in chunk if (r.platform, r.external_id) not in existing]
        duplicates += len(chunk) - len(fresh)
        accounts = account_index(((r.platform, r.handle) for r in fresh), within=unit)
        items = [build_item(r, unit=unit, user=user, source=source, content_import=content_import,
                            accounts=accounts) for r in fresh]
        # Each chunk is anchored in the audit chain in the same transaction (one entry per chunk).
        unit_path = content_import.unit.path if content_import else unit.path
        try:
            with transaction.atomic():
                made_ids = [i.pk for i in ContentItem.objects.bulk_create(items, batch_size=500)]
                anchor(made_ids, unit_path=unit_path, actor=user, note=_anchor_note(content_import))
        except IntegrityError:  # a concurrent import stored some of them first
            with transaction.atomic():
                ContentItem.objects.bulk_create(items, batch_size=500, ignore_conflicts=True)
                made_ids = list(ContentItem.objects.filter(
                    content_import=content_import, platform__in={i.platform for i in items},
                    external_id__in=[i.external_id for i in items]).values_list("pk", flat=True))
                anchor(made_ids, unit_path=unit_path, actor=user, note=_anchor_note(content_import))
            duplicates += len(items) - len(made_ids)
        created_ids.extend(made_ids)
        chunk.clear()

    for rec in records:
        done += 1
        if isinstance(rec, RowError):
            errors.append([rec.line, storable(str(rec.reason))])
        else:
            key = (rec.platform, rec.external_id)
            if key in seen:
                duplicates += 1
            else:
                seen.add(key)
                chunk.append(rec)
        if len(chunk) >= BATCH:
            flush()
            if progress:
                progress(done)
    flush()
    if progress:
        progress(done)
    return {"summary": {"create": len(created_ids), "duplicate": duplicates, "error": len(errors),
                        "rows": done},
            "errors": errors[:2000], "ids": created_ids}


def _anchor_note(content_import):
    return f"impor #{content_import.pk} {content_import.original_name}" if content_import else "impor"


def preview_records(records):
    """What `save_records` would do, without saving: (new, already stored or repeated, rejected) and the errors."""
    errors, seen, fresh = [], set(), []
    for rec in records:
        if isinstance(rec, RowError):
            errors.append([rec.line, storable(str(rec.reason))])
        elif (rec.platform, rec.external_id) not in seen:
            seen.add((rec.platform, rec.external_id))
            fresh.append((rec.platform, rec.external_id))
    stored = set()
    by_platform = {}
    for p, e in fresh:
        by_platform.setdefault(p, []).append(e)
    for p, ids in by_platform.items():
        for i in range(0, len(ids), 500):
            stored.update((p, e) for e in ContentItem.objects.filter(
                platform=p, external_id__in=ids[i:i + 500]).values_list("external_id", flat=True))
    rows = len(errors) + sum(1 for r in records if not isinstance(r, RowError))
    new = len(fresh) - len(stored)
    return {"summary": {"create": new, "duplicate": rows - len(errors) - new, "error": len(errors), "rows": rows},
            "errors": errors[:2000], "dry_run": True}


def record_import_audit(content_import, result, user):
    audit.record("event", model="monitoring.contentimport", object_pk=content_import.pk,
                 object_repr=content_import.original_name, unit_path=content_import.unit.path,
                 after={"summary": result["summary"], "file_sha256": content_import.file_sha256,
                        "format": content_import.format},
                 note=f"impor konten {content_import.format}", actor=user)


def now():
    return timezone.now()
