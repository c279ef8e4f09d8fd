"""A small world built by hand, whose every figure is counted by hand in the tests.

kanwil: K1 (no pact, no account)
upt_a (operator, pegawai): A1 A2 A3 A4 active, A5 inactive
upt_b (outsider): B1 B2
other_kanwil/upt_c (other_admin): C1 C2 C3

Election "Pilkada Uji": preparation 1 May–24 Sep 2024, campaign 25 Sep–23 Nov, voting 27 Nov.
Period of the tests: 25 Sep – 27 Nov 2024 (63 days: weekly series).
"""

from datetime import date, datetime, time

from django.utils import timezone

from netral.core import audit
from netral.elections.models import Election, Mitigation, RiskPoint, Stage
from netral.monitoring.models import ContentItem, Finding, ScanResult
from netral.people.models import Employee, SocialAccount
from netral.pledges.models import Attendance, Event, IntegrityPact, PactTemplate
from netral.reports import figures
from netral.test import BaseTestCase

NIPS = {
    "K1": "198001012005011001", "A1": "198502022010121002", "A2": "198603032011012003",
    "A3": "198704042012121004", "A4": "198805052013012005", "A5": "198906062014121006",
    "B1": "199001012015011007", "B2": "199102022016012008", "C1": "199203032017121009",
    "C2": "199304042018012010", "C3": "199405052019121011",
}
NAMES = {k: f"Pegawai Uji {k} Sutanto" for k in NIPS}


def at(y, m, d, h=10):
    return timezone.make_aware(datetime.combine(date(y, m, d), time(h, 0)))


class ReportFixture(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with audit.disabled():
            cls.build_world()

    @classmethod
    def build_world(cls):
        units = {"K": cls.kanwil, "A": cls.upt_a, "B": cls.upt_b, "C": cls.upt_c}
        cls.emp = {}
        for key, nip in NIPS.items():
            cls.emp[key] = Employee.objects.create(
                unit=units[key[0]], employment_type="pns", nip=nip, name=NAMES[key], is_active=key != "A5",
                end_date=date(2024, 1, 1) if key == "A5" else None)
        cls.election = e = Election.objects.create(slug="pilkada-uji", kind="pilkada", name="Pilkada Uji",
                                                   voting_day=date(2024, 11, 27))
        Stage.objects.create(election=e, name="Persiapan", start=date(2024, 5, 1), end=date(2024, 9, 24),
                             phase="preparation")
        cls.campaign = Stage.objects.create(election=e, name="Kampanye", start=date(2024, 9, 25),
                                            end=date(2024, 11, 23), phase="campaign")
        Stage.objects.create(election=e, name="Pemungutan suara", start=date(2024, 11, 27), end=date(2024, 11, 27),
                             phase="voting")

        sos = Event.objects.create(kind="sosialisasi", unit=cls.kanwil, election=e, title="Sosialisasi Uji",
                                   starts_at=at(2024, 9, 1), place="Aula")
        ikrar = Event.objects.create(kind="ikrar", unit=cls.kanwil, election=e, title="Ikrar Uji",
                                     starts_at=at(2024, 9, 10), place="Halaman", pledge_text="Kami berikrar.")
        later = Event.objects.create(kind="sosialisasi", unit=cls.kanwil, election=e, title="Sosialisasi Susulan",
                                     starts_at=at(2024, 12, 10), place="Aula")
        for k in ("A1", "A2", "B1", "C1"):
            Attendance.objects.create(event=sos, employee=cls.emp[k], method="import")
        Attendance.objects.create(event=ikrar, employee=cls.emp["A1"], method="import")
        Attendance.objects.create(event=later, employee=cls.emp["A4"], method="import")  # after the period

        template = PactTemplate.objects.create(election=e, unit=cls.ministry, place="Semarang")
        cls.template = template

        def pact(k, status, signed=None):
            return IntegrityPact.objects.create(template=template, election=e, employee=cls.emp[k], status=status,
                                                text="t", text_sha256="0" * 64, signed_at=signed)

        pact("A1", "signed", at(2024, 9, 5))
        pact("A2", "signed", at(2024, 12, 5))  # signed after the period: still unsigned at its end
        pact("A3", "pending")
        pact("B1", "signed", at(2024, 9, 6))
        pact("C1", "signed", at(2024, 9, 6))

        SocialAccount.objects.create(employee=cls.emp["A1"], platform="facebook", handle="a1.fb")
        SocialAccount.objects.create(employee=cls.emp["A1"], platform="x", handle="a1_x")
        SocialAccount.objects.create(employee=cls.emp["A2"], platform="x", handle="a2_old", removed_at=at(2024, 1, 1))
        SocialAccount.objects.create(employee=cls.emp["B1"], platform="tiktok", handle="b1tt")
        SocialAccount.objects.create(employee=cls.emp["C1"], platform="x", handle="c1_x")

        cls.n = 0

        def item(unit, posted, handle="h", employee=None, platform="x"):
            cls.n += 1
            return ContentItem.objects.create(platform=platform, external_id=f"e{cls.n}", unit=unit, handle=handle,
                                              employee=employee, text=f"teks uji {cls.n}", posted_at=posted)

        def finding(k, status, posted, platform="x", skb="", **labels):
            emp = cls.emp[k]
            c = item(emp.unit, posted, handle=f"{k.lower()}_h", employee=emp, platform=platform)
            s = ScanResult.objects.create(content=c, detector_version="uji", text_sha256="0" * 64, **labels)
            return Finding.objects.create(content=c, scan=s, unit=emp.unit, employee=emp, platform=platform,
                                          interaction="post", posted_at=posted, status=status, skb_item=skb,
                                          **labels)

        cls.f1 = finding("A1", "confirmed", at(2024, 10, 1), "x", "socmed_campaign", partisan=True)
        cls.f2 = finding("A1", "confirmed", at(2024, 10, 20), "facebook", "post_comment_share_like", partisan=True)
        cls.f3 = finding("A2", "new", at(2024, 10, 21), "x", hate=True)
        cls.f4 = finding("A3", "confirmed", at(2024, 8, 1), "x", "banner", partisan=True)  # before the period
        cls.f5 = finding("B1", "dismissed", at(2024, 11, 1), "tiktok", hoax=True)
        cls.f6 = finding("C1", "confirmed", at(2024, 10, 2), "x", "socmed_campaign", partisan=True)
        # Content without findings: one more in the period at upt_a, one before it, one at upt_c.
        item(cls.upt_a, at(2024, 11, 2))
        item(cls.upt_a, at(2024, 9, 1))
        item(cls.upt_c, at(2024, 11, 2))

        rp = RiskPoint.objects.create(unit=cls.kanwil, election=e, phase="campaign", title="Kampanye medsos",
                                      likelihood=4, impact=4)
        Mitigation.objects.create(risk_point=rp, action="Patroli siber", status="done")
        Mitigation.objects.create(risk_point=rp, action="Sosialisasi ulang", status="open", due_on=date(2024, 11, 1))
        RiskPoint.objects.create(unit=cls.upt_a, election=e, phase="campaign", title="Foto gestur", likelihood=2,
                                 impact=2)  # no mitigation: open, low
        rp_c = RiskPoint.objects.create(unit=cls.upt_c, election=e, phase="campaign", title="Lain kanwil",
                                        likelihood=5, impact=5)
        Mitigation.objects.create(risk_point=rp_c, action="x", status="open", due_on=date(2024, 10, 1))

        cls.build_cases()

    @classmethod
    def build_cases(cls):
        """c1 upt_a sanctioned (deadline met), c2 upt_a not proven (deadline missed), c3 upt_b open and
        overdue, c4 in the other Kanwil, c5 opened and decided before the period."""
        from netral.cases.models import Case, Deadline, Sanction

        def case(number, unit, state, opened, decided=None):
            return Case.objects.create(number=number, unit=unit, title=number, state=state, opened_at=opened,
                                       decided_at=decided)

        c1 = case("K-1", cls.upt_a, "sanctioned", at(2024, 10, 2), at(2024, 10, 12))
        Finding.objects.filter(pk__in=[cls.f1.pk, cls.f2.pk]).update(case=c1)
        Finding.objects.filter(pk=cls.f1.pk).update(created_at=at(2024, 10, 1))
        Finding.objects.filter(pk=cls.f2.pk).update(created_at=at(2024, 10, 21))
        Deadline.objects.create(case=c1, key="verification", label="Verifikasi", start=date(2024, 10, 2),
                                due=date(2024, 10, 9), done_at=at(2024, 10, 8), met=True)
        Sanction.objects.create(case=c1, employee=cls.emp["A1"], regime="discipline", tier="berat",
                                kind="Penurunan jabatan", legal_basis="PP 94/2021", ppk_name="PPK",
                                decree_number="SK-1", decree_date=date(2024, 10, 15))
        c2 = case("K-2", cls.upt_a, "not_proven", at(2024, 10, 22), at(2024, 11, 10))
        Deadline.objects.create(case=c2, key="verification", label="Verifikasi", start=date(2024, 10, 22),
                                due=date(2024, 10, 29), done_at=at(2024, 11, 10), met=False)
        c3 = case("K-3", cls.upt_b, "verification", at(2024, 11, 2))
        Deadline.objects.create(case=c3, key="verification", label="Verifikasi", start=date(2024, 11, 2),
                                due=date(2024, 11, 9))
        case("K-4", cls.upt_c, "sanctioned", at(2024, 10, 5), at(2024, 10, 7))
        case("K-5", cls.kanwil, "closed", at(2024, 8, 1), at(2024, 8, 10))

    def params(self, paths, **kw):
        kw.setdefault("date_from", date(2024, 9, 25))
        kw.setdefault("date_to", date(2024, 11, 27))
        kw.setdefault("election", self.election)
        kw.setdefault("today", date(2024, 11, 27))
        return figures.Params(paths=paths, **kw)
