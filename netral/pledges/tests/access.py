"""Access rules of the pembinaan URLs for the access matrix (netral/core/tests/matrix.py).

Regulations are national reference data (`scoped=False`); pacts are checked by code from any
login (the QR on a printed pact), so `pact_verify` is not unit-scoped either."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from netral.core.models import Role
from netral.core.tests.matrix import ALL, CONFIRMED, OVERSIGHT, STAFF, Url
from netral.pledges import actions
from netral.pledges.models import (
    AttendanceImport, Event, IntegrityPact, PactGeneration, PactTemplate, Regulation, TaskForce,
)
from netral.test import make_user

LEADS = (Role.ADMIN, Role.PIMPINAN)
PDF = b"%PDF-1.4\n%matriks\n"
SCANNERS = (Role.ADMIN, Role.PENGAWAS, Role.OPERATOR)


def build(fx, side):
    if not hasattr(fx, "regulation"):
        fx.regulation = Regulation(key="uu-matriks", kind="uu", title="UU Uji", summary="Ringkasan")
        fx.regulation.file.save("uu.pdf", ContentFile(PDF), save=True)
    side.regulation = fx.regulation
    side.event = Event.objects.create(unit=side.upt, title=f"Sosialisasi {side.name}",
                                      starts_at=timezone.now() + timedelta(hours=1), election=fx.election)
    side.event.targets.set([side.upt])
    side.event.material_file.save("materi.pdf", ContentFile(PDF), save=True)
    side.token = actions.checkin_token(side.event)
    side.template = PactTemplate.objects.create(election=fx.election, unit=side.upt, place="Kota",
                                                pact_date=date(2024, 9, 1))
    actions.generate_pacts(side.template)
    side.pact = IntegrityPact.objects.get(template=side.template, employee=side.employee)
    side.pact.scan.save("pindaian.pdf", ContentFile(PDF), save=True)
    side.generation = PactGeneration.objects.create(template=side.template, created_by=side.staff)
    side.team = TaskForce(unit=side.upt, name=f"Tim {side.name}", decree_number="SK-1", decree_date=date(2024, 1, 2))
    side.team.decree_file.save("sk.pdf", ContentFile(PDF), save=True)
    side.team.covered_units.set([side.upt])
    side.member_user = make_user(f"anggota_{side.name}", Role.OPERATOR, side.upt)
    side.member = actions.add_member(side.team, side.member_user, "anggota", side.staff)
    side.candidate = make_user(f"calon_{side.name}", Role.OPERATOR, side.upt)
    # An attendance list for the side's event, uploaded by an operator of the side's UPT, dry-run, not applied.
    side.attendance_import = AttendanceImport(
        unit=side.upt, event=side.event, original_name="hadir.csv", created_by=side.candidate, progress_total=1,
        parsed={"header": ["nip"], "rows": [[2, {"nip": side.employee.nip}]]},
        dry_run={"summary": {"added": 1}, "errors": [[3, "nip", "NIP kosong."]]})
    side.attendance_import.file.save("hadir.csv", ContentFile(b"nip\n"), save=True)


def event_data(side):
    return {"kind": "sosialisasi", "title": "Sosialisasi baru", "election": side.election.pk,
            "starts_at": "2030-01-02T09:00", "unit": side.upt.pk, "targets": [side.upt.pk], "place": "Aula",
            "online_link": "", "speakers": "", "materials": "", "pledge_text": "", "qr_valid_hours": 12}


def team_data(side):
    return {"kind": "tim", "name": "Tim baru", "unit": side.upt.pk, "election": "", "decree_number": "SK-9",
            "decree_date": "2024-01-03", "covered_units": [side.upt.pk], "duties": "", "is_active": "on"}


PK = lambda attr: (lambda s: {"pk": getattr(s, attr).pk})  # noqa: E731

ACCESS = {
    "pledges_index": Url(ALL),
    "pledges_home": Url(STAFF),
    "my_pledges": Url(ALL),
    "rules": Url(ALL, also=(({"q": "kampanye"}, False),)),
    "regulation_list": Url(ALL),
    "regulation_create": Url((Role.ADMIN,), post={}),
    "regulation_detail": Url(ALL, kwargs=PK("regulation"), scoped=False),
    "regulation_edit": Url((Role.ADMIN,), kwargs=PK("regulation"), scoped=False, post={}),
    "regulation_file": Url(ALL, kwargs=PK("regulation"), scoped=False),
    "event_list": Url(ALL),
    "event_create": Url(STAFF, post=lambda s: event_data(s), writes=True),
    "event_checkin_token": Url(ALL, kwargs=lambda s: {"token": s.token}, scoped=False, post={}),
    "event_detail": Url(ALL, kwargs=PK("event")),
    "event_edit": Url(STAFF, kwargs=PK("event"), post=lambda s: dict(event_data(s), title="Diubah"), writes=True),
    "event_checkin": Url(ALL, kwargs=PK("event"), post={}, get=False),
    "event_qr": Url(STAFF, kwargs=PK("event")),
    "event_import": Url(STAFF, kwargs=PK("event"), post={}),
    "attendance_import_detail": Url(STAFF, kwargs=PK("attendance_import"), post={"action": "run"}, writes=True),
    "attendance_import_status": Url(STAFF, kwargs=PK("attendance_import"), htmx=True),
    "attendance_import_report": Url(STAFF, kwargs=PK("attendance_import")),
    "event_material": Url(ALL, kwargs=PK("event")),
    "template_create": Url(OVERSIGHT, post={}),
    "template_detail": Url(STAFF, kwargs=PK("template")),
    "template_edit": Url(OVERSIGHT, kwargs=PK("template"),
                         post=lambda s: {"election": s.election.pk, "unit": s.upt.pk, "title": "Pakta diubah",
                                         "place": "Kota", "pact_date": "2024-09-01", "body": s.template.body},
                         writes=True),
    "template_generate": Url(OVERSIGHT, kwargs=PK("template"), post={}, get=False),  # one run already queued
    "template_remind": Url(STAFF, kwargs=PK("template"), post=CONFIRMED, get=False),
    "generation_detail": Url(OVERSIGHT, kwargs=PK("generation")),
    "pact_detail": Url(STAFF, kwargs=PK("pact")),
    "pact_pdf": Url(ALL, kwargs=PK("pact")),
    "pact_sign": Url((Role.PEGAWAI,), kwargs=PK("pact"),
                     post=lambda s: {"consent": "on", "nip": s.employee.nip, "text_sha256": s.pact.text_sha256},
                     writes=True),
    "pact_scan": Url(SCANNERS, kwargs=PK("pact"), post={}),
    "pact_scan_file": Url(STAFF, kwargs=PK("pact")),
    "pact_verify_form": Url(ALL),
    "pact_verify": Url(ALL, kwargs=lambda s: {"code": s.pact.code}, scoped=False),
    "taskforce_list": Url(STAFF),
    "taskforce_create": Url(LEADS, post=lambda s: team_data(s), writes=True),
    "taskforce_detail": Url(STAFF, kwargs=PK("team")),
    "taskforce_edit": Url(LEADS, kwargs=PK("team"), post=lambda s: dict(team_data(s), name="Diubah"), writes=True),
    "taskforce_decree": Url(STAFF, kwargs=PK("team")),
    "taskforce_member_add": Url(LEADS, kwargs=PK("team"),
                                post=lambda s: {"user": s.candidate.pk, "position": "anggota"}, get=False,
                                writes=True),
    "taskforce_member_remove": Url(LEADS, kwargs=lambda s: {"pk": s.team.pk, "member_pk": s.member.pk}, post=CONFIRMED,
                                   get=False, writes=True),
}
