"""Access rules of the monitoring URLs for the access matrix (netral/core/tests/matrix.py)."""

from django.core.files.base import ContentFile

from netral.core.models import Role
from netral.core.tests.matrix import OVERSIGHT, STAFF, Url
from netral.monitoring.models import ContentImport, ContentItem, Finding, MediaFile, ScanResult

TRIAGE = (Role.ADMIN, Role.PENGAWAS)
CAPTURE = (Role.ADMIN, Role.PENGAWAS, Role.OPERATOR)


def build(fx, side):
    side.item = ContentItem.objects.create(
        platform="instagram", external_id=f"post-{side.name}", handle=side.account.handle, account=side.account,
        employee=side.employee, unit=side.upt, text="Ayo coblos nomor 2", payload={"id": side.name})
    scan = ScanResult.objects.create(content=side.item, detector_version="uji", partisan=True, text_sha256="0" * 64)
    side.finding = Finding.objects.create(content=side.item, scan=scan, unit=side.upt, employee=side.employee,
                                          platform="instagram", interaction="post", partisan=True, score=0.9)
    side.media = MediaFile(content=side.item, original_name="bukti.png", size=3, sha256="0" * 64)
    side.media.file.save("bukti.png", ContentFile(b"png"), save=True)
    side.content_import = ContentImport(unit=side.upt, original_name="x.csv", format="generic",
                                        created_by=side.staff,
                                        # a finished dry run: its report is downloadable and it can be confirmed
                                        dry_run=True, status=ContentImport.Status.DONE,
                                        result={"errors": [[2, "Kolom teks kosong"]], "warnings": []})
    side.content_import.file.save("x.csv", ContentFile(b"platform,id,akun,teks\n"), save=True)


ACCESS = {
    "finding_list": Url(OVERSIGHT, also=(({"status": "new"}, True),)),
    "finding_bulk": Url(TRIAGE, post=lambda s: {"ids": [s.finding.pk], "action": "dismiss", "reason": "bukan"},
                        get=False, scoped=True, kwargs=None),
    "finding_detail": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.finding.pk}),
    "finding_action": Url(TRIAGE, kwargs=lambda s: {"pk": s.finding.pk},
                          post={"action": "dismiss", "reason": "bukan pelanggaran"}, get=False, writes=True),
    "finding_evidence": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.finding.pk}),
    "content_list": Url(STAFF, also=(({}, True),)),
    "content_create": Url(CAPTURE, post={"platform": "x", "handle": "baru_x", "interaction": "post",
                                         "text": "teks baru", "url": "https://x.com/baru_x/status/9"}, writes=True),
    "content_detail": Url(STAFF, kwargs=lambda s: {"pk": s.item.pk}),
    "content_correct": Url(TRIAGE, kwargs=lambda s: {"pk": s.item.pk},
                           post={"text": "Teks benar", "ref_text": "", "note": "salah ketik"}, get=False, writes=True),
    "media_file": Url(STAFF, kwargs=lambda s: {"pk": s.media.pk}),
    "content_import": Url(CAPTURE, post={}),
    "content_import_detail": Url(CAPTURE, kwargs=lambda s: {"pk": s.content_import.pk}),
    "content_import_status": Url(CAPTURE, kwargs=lambda s: {"pk": s.content_import.pk}, htmx=True),
    "content_import_report": Url(CAPTURE, kwargs=lambda s: {"pk": s.content_import.pk}),
    "content_import_confirm": Url(CAPTURE, kwargs=lambda s: {"pk": s.content_import.pk}, post={}, get=False,
                                  writes=True),
}

# Unnamed routes (cannot be reversed, so not requested): each with the reason it needs no rule.
UNNAMED = {
    "pemantauan/kasus/": "permanent redirect to case_list (old placeholder address)",
    "pemantauan/kasus/<int:pk>/": "permanent redirect to case_detail (old placeholder address)",
}
