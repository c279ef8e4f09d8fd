"""Access rules of the case-file URLs for the access matrix (netral/core/tests/matrix.py).

Written with the merge of the cases module into the trust-scope branch: the handlers' POSTs are
declared with real data where a refused one would otherwise prove nothing (note, extend)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from netral.cases import actions
from netral.cases.models import CaseDocument, Forwarding, Hearing
from netral.core.models import Role
from netral.core.tests.matrix import OVERSIGHT, Url

HANDLERS = (Role.ADMIN, Role.PENGAWAS)
CASE = lambda s: {"pk": s.case.pk}  # noqa: E731


def build(fx, side):
    side.case = actions.open_case(user=side.staff, unit=side.upt, source="finding", employees=[side.employee],
                                  title=f"Kasus {side.name}")
    side.hearing = Hearing.objects.create(case=side.case, employee=side.employee,
                                          summons_sent_on=timezone.localdate(),
                                          scheduled_at=timezone.now() + timedelta(days=3), place="Ruang rapat")
    side.document = CaseDocument(case=side.case, kind=CaseDocument.Kind.choices[0][0], original_name="surat.pdf",
                                 mime="application/pdf", sha256="0" * 64)
    side.document.file.save("surat.pdf", ContentFile(b"%PDF-1.4\n%kasus\n"), save=True)
    side.forwarding = Forwarding.objects.create(case=side.case, to=Forwarding.To.choices[0][0])


ACCESS = {
    "case_list": Url(OVERSIGHT),
    "case_create": Url(HANDLERS, post={}),
    "case_export": Url(OVERSIGHT),
    "case_overdue": Url(OVERSIGHT),
    "case_settings": Url((Role.ADMIN,), post={}),
    "case_notifications": Url(OVERSIGHT),
    "case_notifications_read": Url(OVERSIGHT, post={}, get=False),
    "employee_file": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.employee.pk}),
    "case_detail": Url(OVERSIGHT, kwargs=CASE),
    "case_transition": Url(OVERSIGHT, kwargs=CASE, post={}, get=False),
    "case_document": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.case.pk, "doc_pk": s.document.pk}),
    "case_assign": Url(HANDLERS, kwargs=CASE, post={}, get=False),
    "case_note": Url(OVERSIGHT, kwargs=CASE, post={"note": "Catatan matriks"}, get=False, writes=True),
    "case_extend": Url(HANDLERS, kwargs=CASE, post={}, get=False),
    "hearing_create": Url(HANDLERS, kwargs=CASE, post={}, get=False),
    "hearing_attendance": Url(HANDLERS, kwargs=lambda s: {"pk": s.case.pk, "hearing_pk": s.hearing.pk}, post={},
                              get=False),
    "hearing_letter": Url(HANDLERS, kwargs=lambda s: {"pk": s.case.pk, "hearing_pk": s.hearing.pk,
                                                      "kind": "panggilan"}, post={}, get=False),
    "hearing_minutes_upload": Url(HANDLERS, kwargs=lambda s: {"pk": s.case.pk, "hearing_pk": s.hearing.pk},
                                  post={}, get=False),
    "case_evidence": Url(HANDLERS, kwargs=CASE, post={}, get=False),
    "case_recommend": Url(HANDLERS, kwargs=CASE, post={}, get=False),
    "case_sanction": Url((Role.PIMPINAN,), kwargs=CASE, post={}, get=False),
    "case_forward": Url((Role.PIMPINAN,), kwargs=CASE, post={}, get=False),
    "forwarding_reply": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.case.pk, "fw_pk": s.forwarding.pk}, post={},
                            get=False),
}
