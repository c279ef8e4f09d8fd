"""Access rules of the election URLs for the access matrix (netral/core/tests/matrix.py).

Elections, stages and contestants are national reference data (not unit-scoped: `scoped=False`);
risk points and mitigations belong to a unit."""

from datetime import date

from django.core.files.base import ContentFile

from netral.core.models import Role
from netral.core.tests.matrix import ALL, CONFIRMED, PUBLIC, STAFF, Url
from netral.elections.models import Contestant, ContestantImport, Election, Mitigation, RiskPoint, Stage

RISK = (Role.ADMIN, Role.PENGAWAS, Role.OPERATOR)
ADMIN = (Role.ADMIN,)


def build(fx, side):
    if not hasattr(fx, "election"):
        fx.election = Election.objects.create(slug="pilkada-matriks", kind="pilkada", name="Pilkada Matriks",
                                              voting_day=date(2024, 11, 27))
        fx.stage = Stage.objects.create(election=fx.election, name="Kampanye", start=date(2024, 9, 25),
                                        end=date(2024, 11, 23), phase="campaign")
        fx.contestant = Contestant.objects.create(election=fx.election, key="paslon-1", number=1, name="Paslon Satu")
    side.election, side.stage, side.contestant = fx.election, fx.stage, fx.contestant
    side.risk = RiskPoint.objects.create(unit=side.upt, election=fx.election, phase="campaign",
                                         title=f"Rawan {side.name}")
    side.mitigation = Mitigation.objects.create(risk_point=side.risk, action="Patroli")
    # A contestants import of the side's Admin (a job of their Kanwil), dry-run, not yet applied.
    side.contestant_import = ContestantImport(
        unit=side.kanwil, original_name="peserta.csv", created_by=side.staff, progress_total=1,
        parsed={"header": ["key", "election", "number", "name"],
                "rows": [[2, {"key": f"impor-{side.name}", "election": fx.election.slug,
                              "number": "9" if side.name == "in" else "8", "name": f"Paslon Impor {side.name}"}]]},
        dry_run={"summary": {"created": 1}, "errors": [[3, "number", "Nomor urut harus bilangan"]]})
    side.contestant_import.file.save("peserta.csv", ContentFile(b"key,election,number,name\n"), save=True)


def risk_data(side):
    return {"unit": side.upt.pk, "election": side.election.pk, "phase": "campaign", "stage": "",
            "title": "Rawan baru", "description": "", "likelihood": 3, "impact": 3}


SLUG = lambda s: {"slug": s.election.slug}  # noqa: E731

ACCESS = {
    "elections_home": Url(PUBLIC),  # a plain redirect to the calendar, which asks for a login
    "election_list": Url(ALL),
    "election_create": Url(ADMIN, post={}),
    # Import jobs belong to the uploader's unit (the Kanwil): another Kanwil's Admin gets a 404.
    "contestant_import_detail": Url(ADMIN, kwargs=lambda s: {"pk": s.contestant_import.pk}, post={"action": "run"},
                                    writes=True),
    "contestant_import_status": Url(ADMIN, kwargs=lambda s: {"pk": s.contestant_import.pk}, htmx=True),
    "contestant_import_report": Url(ADMIN, kwargs=lambda s: {"pk": s.contestant_import.pk}),
    "election_copy": Url(ADMIN, post={}),
    "election_calendar": Url(ALL, kwargs=SLUG, scoped=False),
    "election_edit": Url(ADMIN, kwargs=SLUG, scoped=False, writes=True, post=lambda s: {
        "name": "Pilkada Diubah", "slug": s.election.slug, "kind": "pilkada", "level": s.election.level,
        "region_name": "", "region_code": "", "voting_day": "2024-11-27", "candidates_set_on": "", "legal_basis": "",
        "notes": ""}),
    "election_delete": Url(ADMIN, kwargs=SLUG, scoped=False, post=CONFIRMED, get=False),
    "stage_create": Url(ADMIN, kwargs=SLUG, scoped=False, post={}),
    "stage_edit": Url(ADMIN, kwargs=lambda s: {"slug": s.election.slug, "pk": s.stage.pk}, scoped=False, post={}),
    "stage_delete": Url(ADMIN, kwargs=lambda s: {"slug": s.election.slug, "pk": s.stage.pk}, scoped=False,
                        post=CONFIRMED, get=False, writes=True),
    "contestant_list": Url(STAFF, kwargs=SLUG, scoped=False),
    "contestant_create": Url(ADMIN, kwargs=SLUG, scoped=False, post={}),
    "contestant_edit": Url(ADMIN, kwargs=lambda s: {"slug": s.election.slug, "pk": s.contestant.pk}, scoped=False,
                           post={}),
    "contestant_delete": Url(ADMIN, kwargs=lambda s: {"slug": s.election.slug, "pk": s.contestant.pk},
                             scoped=False, post=CONFIRMED, get=False, writes=True),
    "contestant_import": Url(ADMIN, post={}),
    "risk_list": Url(STAFF),
    "risk_create": Url(RISK, post=risk_data, writes=True),
    "risk_adopt": Url(RISK, post=lambda s: {"unit": s.upt.pk, "election": s.election.pk}),
    "risk_detail": Url(STAFF, kwargs=lambda s: {"pk": s.risk.pk}),
    "risk_edit": Url(RISK, kwargs=lambda s: {"pk": s.risk.pk}, post=lambda s: dict(risk_data(s), title="Diubah"),
                     writes=True),
    "risk_delete": Url(RISK, kwargs=lambda s: {"pk": s.risk.pk}, post=CONFIRMED, get=False, writes=True),
    "mitigation_create": Url(RISK, kwargs=lambda s: {"risk_pk": s.risk.pk},
                             post={"action": "Sosialisasi", "owner_name": "Kasi Kamtib", "due_on": "", "status": "open",
                                   "note": ""}, writes=True),
    "mitigation_edit": Url(RISK, kwargs=lambda s: {"risk_pk": s.risk.pk, "pk": s.mitigation.pk},
                           post={"action": "Diubah", "owner_name": "Kasi Kamtib", "due_on": "", "status": "open", "note": ""},
                           writes=True),
    "mitigation_status": Url(RISK, kwargs=lambda s: {"pk": s.mitigation.pk}, post={"status": "done"}, get=False,
                             writes=True),
    "risk_matrix": Url(STAFF),
}
