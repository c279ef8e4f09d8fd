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

from netral.cases.models import CaseDocument
from netral.monitoring.evidence import MANIFEST, build_zip
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
        files[f"bukti/temuan-{f.pk}.zip"] = build_zip(f, user)
    for doc in case.documents.exclude(kind__in=[CaseDocument.Kind.PACKAGE, CaseDocument.Kind.SUMMARY]):
        with doc.file.open("rb") as fh:
            files[f"dokumen/{doc.pk}-{doc.original_name}"] = fh.read()
    manifest = {
        "netral_case_package": 1, "case": case.number, "state": case.state,
        "exported_at": timezone.now(), "exported_by": user.get_username(),
        "documents_recorded_sha256": {f"dokumen/{d.pk}-{d.original_name}": d.sha256 for d in case.documents.exclude(
            kind__in=[CaseDocument.Kind.PACKAGE, CaseDocument.Kind.SUMMARY])},
        "files": {name: sha256_bytes(data) for name, data in sorted(files.items())},
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files.items()):
            z.writestr(name, data)
        z.writestr(MANIFEST, json.dumps(manifest, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2,
                                        sort_keys=True).encode("utf-8"))
    return buf.getvalue()
