"""The forwarding package for Bawaslu/BKN: a PDF summary of the case and a zip holding that
summary, each linked finding's evidence export (`monitoring.evidence.build_zip`, itself a zip
with its own manifest), the case documents, and a manifest.json listing every file with its
SHA-256 in the same shape as the evidence export (`monitoring.evidence.verify_zip` checks both)."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.cases.models import CaseDocument
from netral.core import audit
from netral.monitoring.evidence import MANIFEST, PACKAGE_NOTE, MissingFile, build_zip
from netral.monitoring.models import sha256_bytes


def summary_pdf(case, user):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from netral.cases.letters import letterhead

    html = render_to_string("cases/summary_pdf.html", {
        "case": case, "head": letterhead(case), "employees": case.employees.select_related("unit"),
        "findings": case.findings.select_related("content").order_by("pk"),
        "events": case.events.select_related("user").order_by("at", "pk"),
        "deadlines": case.deadlines.order_by("due"), "sanctions": case.sanctions.select_related("employee"),
        "hearings": case.hearings.select_related("employee"), "now": timezone.now(), "user": user})
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def build_package(case, user, pdf):
    files = {"ringkasan.pdf": pdf}
    for f in case.findings.select_related("content__unit", "content__employee", "scan", "decided_by", "election",
                                          "stage").order_by("pk"):
        try:
            files[f"bukti/temuan-{f.pk}.zip"] = build_zip(f, user)
        except MissingFile as e:
            from netral.cases.actions import CaseError

            raise CaseError(str(e)) from e
    for doc in case.documents.exclude(kind__in=[CaseDocument.Kind.PACKAGE, CaseDocument.Kind.SUMMARY]):
        try:
            with doc.file.open("rb") as fh:
                files[f"dokumen/{doc.pk}-{doc.original_name}"] = fh.read()
        except (FileNotFoundError, ValueError) as e:  # ValueError: a row with no file name at all
            from netral.cases.actions import CaseError

            # A package that leaves evidence out silently is worse than none: refused (the caller's transaction
            # rolls back), naming the document so an admin can restore it from the backup.
            raise CaseError(_("Berkas dokumen “%(n)s” (%(k)s) tidak ada di penyimpanan; paket tidak dibuat. Pulihkan "
                              "berkas itu dari cadangan lalu coba lagi.") % {
                "n": doc.original_name, "k": doc.get_kind_display()}) from e
    manifest = {
        "netral_case_package": 1, "case": case.number, "case_id": case.pk, "state": case.state,
        "exported_at": timezone.now(), "exported_by": user.get_username(),
        "documents_recorded_sha256": {f"dokumen/{d.pk}-{d.original_name}": d.sha256 for d in case.documents.exclude(
            kind__in=[CaseDocument.Kind.PACKAGE, CaseDocument.Kind.SUMMARY])},
        "files": {name: sha256_bytes(data) for name, data in sorted(files.items())},
    }
    manifest_bytes = json.dumps(manifest, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2,
                                sort_keys=True).encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(name, data)
        z.writestr(MANIFEST, manifest_bytes)
    data = buf.getvalue()
    # Like an evidence export: the manifest's hash goes into the audit chain, so an edited package
    # with a recomputed manifest fails `verify_zip`.
    audit.record_event(case, PACKAGE_NOTE, actor=user,
                       data={"manifest_sha256": sha256_bytes(manifest_bytes), "bytes": len(data)})
    return data
