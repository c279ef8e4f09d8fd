import json

from netral.api.models import ApiToken
from netral.cases import actions as case_actions
from netral.monitoring.models import ContentItem, Finding, ScanResult
from netral.people.models import Employee
from netral.test import BaseTestCase

ALL_OPS = ["content:push", "roster:write", "findings:read", "cases:read"]


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.token, cls.raw = ApiToken.issue(name="SIMPEG", unit=cls.kanwil, operations=ALL_OPS, created_by=cls.admin)
        cls.other_token, cls.other_raw = ApiToken.issue(name="Lain", unit=cls.other_kanwil, operations=ALL_OPS,
                                                        created_by=cls.other_admin)

    def call(self, method, path, body=None, raw=None, **query):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.raw if raw is None else raw}"} if raw != "" else {}
        if method == "get":
            return self.client.get(path, query, **headers)
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(path, data, content_type="application/json", **headers)

    def assertProblem(self, r, status, code):
        self.assertEqual(r.status_code, status, r.content)
        body = r.json()
        self.assertEqual(set(body), {"code", "message"})
        self.assertEqual(body["code"], code)
        return body["message"]


def make_finding(unit, name, status="new"):
    item = ContentItem.objects.create(platform="instagram", external_id=f"f-{name}", handle="x", unit=unit,
                                      text="Ayo coblos nomor 2", payload={"id": name})
    scan = ScanResult.objects.create(content=item, detector_version="uji", partisan=True, text_sha256="0" * 64)
    return Finding.objects.create(content=item, scan=scan, unit=unit, platform="instagram", interaction="post",
                                  partisan=True, score=0.9, status=status)


def make_case(user, unit, title):
    return case_actions.open_case(user=user, unit=unit, source="manual", title=title)


def make_employee(unit, nip, **extra):
    return Employee.objects.create(unit=unit, employment_type="pns", nip=nip, name=extra.pop("name", "Budi"),
                                   **extra)
