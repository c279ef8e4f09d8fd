"""Evidence packages: a finding's payload, files, hashes, capture record, scans and decisions in
one zip with a manifest, and the checks behind `manage.py verify_evidence`.

manifest.json lists every file of the zip with its SHA-256; `verify_zip` re-hashes them, and
`verify_stored` re-hashes the stored payloads and media files against the hashes recorded at
capture time.
"""

import hashlib
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from netral.core.models import AuditEntry
from netral.monitoring.models import ContentItem, MediaFile, canonical_json, sha256_bytes

MANIFEST = "manifest.json"


def _dump(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def capture_record(item):
    return {
        "id": item.pk, "platform": item.platform, "external_id": item.external_id, "url": item.url,
        "handle": item.handle, "account_id": item.account_id, "employee_id": item.employee_id,
        "employee": item.employee.name if item.employee_id else None, "unit": str(item.unit),
        "interaction": item.interaction, "text": item.text, "ref_text": item.ref_text, "ref_url": item.ref_url,
        "ref_author": item.ref_author, "ocr_text": item.ocr_text, "ocr_status": item.ocr_status,
        "posted_at": item.posted_at, "posted_at_raw": item.posted_at_raw,
        "time_assumed_utc": item.time_assumed_utc, "captured_at": item.captured_at,
        "captured_by": item.captured_by.get_username() if item.captured_by_id else "sistem",
        "source": item.source, "source_format": item.source_format, "payload_sha256": item.payload_sha256,
        "supersedes": item.supersedes_id, "correction_note": item.correction_note,
    }


def build_zip(finding, user):
    """bytes of the evidence zip for one finding."""
    item = finding.content
    files = {}
    files["payload.json"] = canonical_json(item.payload)
    files["content.json"] = _dump(capture_record(item))
    files["scans.json"] = _dump([{
        "detector_version": s.detector_version, "scanned_at": s.scanned_at, "political": s.political,
        "partisan": s.partisan, "hate": s.hate, "hoax": s.hoax, "scores": s.scores, "targets": s.targets,
        "skb_item": s.skb_item, "evidence": s.evidence, "text_sha256": s.text_sha256} for s in item.scans.all()])
    files["finding.json"] = _dump({
        "id": finding.pk, "status": finding.status, "reason": finding.reason, "labels": [k for k, _l in finding.labels()],
        "score": finding.score, "targets": finding.targets, "skb_item": finding.skb_item,
        "election": str(finding.election) if finding.election_id else None,
        "stage": str(finding.stage) if finding.stage_id else None, "phase": finding.phase,
        "case": finding.case.number if finding.case_id else None, "decided_at": finding.decided_at,
        "decided_by": finding.decided_by.get_username() if finding.decided_by_id else None})
    history = AuditEntry.objects.filter(model="monitoring.finding", object_pk=str(finding.pk)).order_by("seq")
    files["audit.json"] = _dump([{"seq": e.seq, "at": e.at, "actor": e.actor_name, "action": e.action,
                                  "note": e.note, "hash": e.hash, "prev_hash": e.prev_hash} for e in history])
    stored = []
    for m in item.media.all():
        with m.file.open("rb") as fh:
            data = fh.read()
        name = f"media/{m.pk}-{m.original_name or m.file.name.rsplit('/', 1)[-1]}"
        files[name] = data
        stored.append({"path": name, "recorded_sha256": m.sha256, "ocr_text": m.ocr_text})
    manifest = {
        "netral_evidence": 1, "finding": finding.pk, "content": item.pk,
        "exported_at": timezone.now(), "exported_by": user.get_username(),
        "payload_sha256_recorded": item.payload_sha256, "media": stored,
        "files": {name: sha256_bytes(data) for name, data in sorted(files.items())},
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(name, data)
        z.writestr(MANIFEST, _dump(manifest))
    return buf.getvalue()


def verify_zip(fileobj):
    """[problem, ...] for an exported zip: a missing, extra or modified file, or a payload whose
    hash differs from the one recorded at capture."""
    problems = []
    try:
        z = zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile:
        return ["bukan berkas zip yang sah"]
    with z:
        names = set(z.namelist())
        if MANIFEST not in names:
            return ["manifest.json tidak ada"]
        manifest = json.loads(z.read(MANIFEST))
        listed = manifest.get("files", {})
        for name, expected in listed.items():
            if name not in names:
                problems.append(f"{name}: hilang")
                continue
            actual = hashlib.sha256(z.read(name)).hexdigest()
            if actual != expected:
                problems.append(f"{name}: hash berbeda (manifest {expected[:12]}…, berkas {actual[:12]}…)")
        for name in sorted(names - set(listed) - {MANIFEST}):
            problems.append(f"{name}: tidak tercantum di manifest")
        if "payload.json" in names and manifest.get("payload_sha256_recorded"):
            if hashlib.sha256(z.read("payload.json")).hexdigest() != manifest["payload_sha256_recorded"]:
                problems.append("payload.json: tidak cocok dengan hash yang dicatat saat penangkapan")
        for m in manifest.get("media", []):
            if m["path"] in names and hashlib.sha256(z.read(m["path"])).hexdigest() != m["recorded_sha256"]:
                problems.append(f"{m['path']}: tidak cocok dengan hash yang dicatat saat penangkapan")
    return problems


def verify_stored(batch_size=2000, progress=None):
    """(checked, [(item_id, what, expected, actual)]) over every stored item and file."""
    problems, checked, last = [], 0, 0
    while True:
        items = list(ContentItem.objects.filter(pk__gt=last).order_by("pk").only("pk", "payload", "payload_sha256")
                     [:batch_size])
        if not items:
            break
        for it in items:
            actual = sha256_bytes(canonical_json(it.payload))
            if actual != it.payload_sha256:
                problems.append((it.pk, "payload", it.payload_sha256, actual))
            checked += 1
        last = items[-1].pk
        if progress:
            progress(checked)
    for m in MediaFile.objects.order_by("pk").iterator():
        got = m.compute_sha256()
        if got != m.sha256:
            problems.append((m.content_id, m.file.name, m.sha256, got))
    return checked, problems
