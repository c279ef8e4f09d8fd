"""Evidence packages: a finding's payload, files, hashes, capture record, scans and decisions in
one zip with a manifest, and the checks behind `manage.py verify_evidence`.

manifest.json lists every file of the zip with its SHA-256, and the SHA-256 of manifest.json is
recorded in the audit chain when the zip is built; `verify_zip` re-hashes the files against the
manifest and looks the manifest's hash up in the chain, so a zip edited and given a recomputed
manifest is refused. `verify_stored` recomputes every item's evidence digest from its row and
files and checks it against the digests anchored in the chain (see anchoring.py).
"""

import hashlib
import io
import json
import zipfile
import zlib

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import audit
from netral.core.models import AuditEntry
from netral.monitoring.anchoring import item_digests, verify_anchors
from netral.monitoring.models import ContentDigest, ContentItem, MediaFile, canonical_json, sha256_bytes
from netral.monitoring.retention import verify_purges

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


EXPORT_NOTE = "ekspor bukti"
# A case's forwarding package (cases/package.py) has the same manifest shape and is recorded on the
# case with this note, so `verify_zip` checks both kinds of zip against the chain.
PACKAGE_NOTE = "ekspor paket penerusan"


class MissingFile(Exception):
    """A stored media file the database still lists is gone from storage."""


def build_zip(finding, user):
    """bytes of the evidence zip for one finding; the manifest's hash is recorded in the audit
    chain (an export is an audited event), which is what `verify_zip` checks against."""
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
        try:
            with m.file.open("rb") as fh:
                data = fh.read()
        except FileNotFoundError as e:
            # An export that leaves a picture out silently is worse than none (the caller shows this message).
            raise MissingFile(_("Berkas media “%(n)s” tidak ada di penyimpanan; ekspor bukti tidak dibuat. Pulihkan "
                                "berkas itu dari cadangan lalu coba lagi.") % {
                "n": m.original_name or m.file.name.rsplit("/", 1)[-1]}) from e
        name = f"media/{m.pk}-{m.original_name or m.file.name.rsplit('/', 1)[-1]}"
        files[name] = data
        stored.append({"path": name, "recorded_sha256": m.sha256, "ocr_text": m.ocr_text})
    anchored = ContentDigest.objects.filter(content_id=item.pk).first()
    manifest = {
        "netral_evidence": 1, "finding": finding.pk, "content": item.pk,
        "exported_at": timezone.now(), "exported_by": user.get_username(),
        "payload_sha256_recorded": item.payload_sha256, "media": stored,
        "evidence_digest": anchored.digest if anchored else None,
        "anchored_in_audit_seq": anchored.anchor_seq if anchored else None,
        "files": {name: sha256_bytes(data) for name, data in sorted(files.items())},
    }
    manifest_bytes = _dump(manifest)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(name, data)
        z.writestr(MANIFEST, manifest_bytes)
    data = buf.getvalue()
    audit.record_event(finding, EXPORT_NOTE, actor=user,
                       data={"manifest_sha256": sha256_bytes(manifest_bytes), "bytes": len(data)})
    return data


MANIFEST_MAX = 5 * 1024 * 1024  # a real manifest is a few KB; a bigger one is not ours


def _sha256_member(z, name):
    """Streamed, so a huge (or bomb) member costs time, never memory."""
    h = hashlib.sha256()
    with z.open(name) as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_zip(fileobj):
    """[problem, ...] for an exported zip: a missing, extra or modified file, a manifest whose hash
    the audit chain does not hold as an export of that finding, or a payload or file whose hash
    differs from the one recorded at capture. A damaged or foreign file is a problem, never an
    exception."""
    try:
        return _verify_zip(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError,
            NotImplementedError, ValueError) as e:  # corrupt member, encrypted, unknown compression
        return [f"zip rusak atau tidak dapat dibaca ({type(e).__name__})"]


def _verify_zip(fileobj):
    problems = []
    try:
        z = zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile:
        return ["bukan berkas zip yang sah"]
    with z:
        names = set(z.namelist())
        if MANIFEST not in names:
            return ["manifest.json tidak ada"]
        if z.getinfo(MANIFEST).file_size > MANIFEST_MAX:
            return ["manifest.json terlalu besar untuk manifest bukti"]
        raw_manifest = z.read(MANIFEST)
        try:
            manifest = json.loads(raw_manifest)
            listed = {str(k): v for k, v in dict(manifest.get("files", {})).items()}
        except (ValueError, TypeError, AttributeError):
            return ["manifest.json rusak atau bukan JSON yang sah"]
        for name, expected in sorted(listed.items()):
            if name not in names:
                problems.append(f"{name}: hilang")
                continue
            actual = _sha256_member(z, name)
            if actual != expected:
                problems.append(f"{name}: hash berbeda (manifest {str(expected)[:12]}…, berkas {actual[:12]}…)")
        for name in sorted(names - set(listed) - {MANIFEST}):
            problems.append(f"{name}: tidak tercantum di manifest")
        manifest_sha = hashlib.sha256(raw_manifest).hexdigest()
        if isinstance(manifest, dict) and manifest.get("netral_case_package"):
            model, note, owner = "cases.case", PACKAGE_NOTE, manifest.get("case_id")
        else:
            model, note, owner = "monitoring.finding", EXPORT_NOTE, manifest.get("finding")
        recorded = [e for e in AuditEntry.objects.filter(model=model, action="event",
                                                         note=note, after__manifest_sha256=manifest_sha)
                    if audit.hash_of(e) == e.hash and e.object_pk == str(owner)]
        if not recorded:
            problems.append("manifest.json: hash-nya tidak tercatat di rantai audit sebagai ekspor bukti "
                            "(zip diubah setelah diekspor, atau bukan ekspor sistem ini)")
        if "payload.json" in names and manifest.get("payload_sha256_recorded"):
            if _sha256_member(z, "payload.json") != manifest["payload_sha256_recorded"]:
                problems.append("payload.json: tidak cocok dengan hash yang dicatat saat penangkapan")
        media = manifest.get("media")
        for m in media if isinstance(media, list) else []:
            if not isinstance(m, dict) or not isinstance(m.get("path"), str):
                problems.append("manifest.json: daftar media tidak sah")
                continue
            if m["path"] in names and _sha256_member(z, m["path"]) != m.get("recorded_sha256"):
                problems.append(f"{m['path']}: tidak cocok dengan hash yang dicatat saat penangkapan")
    return problems


def verify_stored(batch_size=2000, progress=None):
    """(checked, [(item_id, what, expected, actual)]) over every stored item and file: each item's
    evidence digest recomputed from its row and files against the digest anchored in the audit
    chain, each anchor against its chain entry, plus the payload and file hashes kept on the rows
    (which say which part changed)."""
    problems, checked, last = list(verify_anchors()), 0, 0
    while True:
        items = list(ContentItem.objects.filter(pk__gt=last).order_by("pk").only("pk", "payload", "payload_sha256")
                     [:batch_size])
        if not items:
            break
        ids = [it.pk for it in items]
        anchored = dict(ContentDigest.objects.filter(content_id__in=ids).values_list("content_id", "digest"))
        actual = item_digests(ids)
        for it in items:
            got = sha256_bytes(canonical_json(it.payload))
            if got != it.payload_sha256:
                problems.append((it.pk, "payload", it.payload_sha256, got))
            if it.pk not in anchored:
                problems.append((it.pk, "jangkar", "—", "belum dijangkarkan di rantai audit"))
            elif anchored[it.pk] != actual.get(it.pk):
                problems.append((it.pk, "isi (teks, akun, waktu, muatan atau berkas)", anchored[it.pk],
                                 actual.get(it.pk)))
            checked += 1
        last = items[-1].pk
        if progress:
            progress(checked)
    # Deleted by the retention purge: accepted only as vouched for by its intact purge entry.
    problems += verify_purges()
    gone = (ContentDigest.objects.filter(purged_seq__isnull=True)
            .exclude(content_id__in=ContentItem.objects.values("pk")))
    for cid, digest in gone.values_list("content_id", "digest")[:1000]:
        problems.append((cid, "konten", digest, "hilang dari basis data"))
    for m in MediaFile.objects.order_by("pk").iterator():
        got = m.compute_sha256()
        if got != m.sha256:
            problems.append((m.content_id, m.file.name, m.sha256, got))
    return checked, problems
