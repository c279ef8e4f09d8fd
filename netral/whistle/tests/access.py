"""Access rules of the whistleblowing URLs for the access matrix (netral/core/tests/matrix.py).

The public pages (/lapor/...) are open to anyone, anonymous included; the team's pages follow the
roles of test_intake.py: the oversight team of the report's unit (an operator passes the role check
but their scope holds no report: a 404, which the matrix counts as refused)."""

from netral.core.tests.matrix import OVERSIGHT, PUBLIC, Url
from netral.whistle.actions import _store_files
from netral.whistle.tests.helpers import PDF, form_data, make_report
from netral.whistle.uploads import evidence_from_bytes


def build(fx, side):
    side.whistle, side.whistle_code = make_report(unit=side.upt, text=f"Pengaduan matriks {side.name}")
    _store_files(side.whistle, [evidence_from_bytes("bukti.pdf", PDF)])
    side.whistle_attachment = side.whistle.attachments.get()


REPORT = lambda s: {"pk": s.whistle.pk}  # noqa: E731

ACCESS = {
    # A complete report: anyone may file one, and the POST stores it.
    "whistle_form": Url(PUBLIC, post=form_data(), writes=True),
    "whistle_receipt_confirm": Url(PUBLIC, post={}, get=False),
    "whistle_status": Url(PUBLIC, post={"code": "AAAA-BBBB-CCCC-DDDD"}),
    "whistle_list": Url(OVERSIGHT),
    "whistle_poster": Url(OVERSIGHT),
    "whistle_detail": Url(OVERSIGHT, kwargs=REPORT),
    "whistle_attachment": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.whistle.pk, "att_pk": s.whistle_attachment.pk}),
    "whistle_action": Url(OVERSIGHT, kwargs=lambda s: {"pk": s.whistle.pk, "action": "acknowledge"}, post={},
                          get=False, writes=True),
}
