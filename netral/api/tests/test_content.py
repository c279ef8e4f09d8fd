import json

from netral.api.tests.base import ApiTestCase
from netral.core.models import AuditEntry
from netral.monitoring.models import ContentItem, ScanResult
from netral.people.models import Employee, SocialAccount

GOOD = [
    {"platform": "x", "id": "111", "handle": "budi_x", "text": "Ayo coblos nomor 2!", "posted_at": "2026-11-02T08:00:00Z"},
    {"platform": "instagram", "id": "abc", "url": "https://instagram.com/p/abc", "text": "Selamat pagi"},
]


class ContentPushTests(ApiTestCase):
    def test_it_refuses_malformed_json_in_indonesian(self):
        msg = self.assertProblem(self.call("post", "/api/content", "[{\"platform\": "), 422, "validation")
        self.assertIn("JSON", msg)

    def test_a_lone_surrogate_in_the_json_is_stored_as_a_replacement_character_not_a_500(self):
        # JSON may escape half of a surrogate pair ("\\ud800"); Python decodes it to a str that UTF-8 cannot
        # encode, which broke the evidence hash of the whole push (a 500).
        body = '[{"platform": "x", "id": "su1", "handle": "budi_x", "text": "Ayo \\ud800 coblos", ' \
               '"extra\\udfff": "nilai \\udc00"}]'
        r = self.call("post", "/api/content", body)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["created"], 1)
        item = ContentItem.objects.get(external_id="su1")
        self.assertEqual(item.text, "Ayo \ufffd coblos")
        json.dumps(item.payload, ensure_ascii=False).encode("utf-8")  # the stored payload encodes

    def test_nan_and_infinity_in_a_push_are_stored_as_text(self):
        # red team 2: Python's json reads NaN / Infinity / 1e999; PostgreSQL's jsonb refuses them
        body = '[{"platform": "x", "id": "nan1", "handle": "budi_x", "text": "Ayo coblos", "skor": NaN, ' \
               '"views": Infinity, "big": 1e999}]'
        r = self.call("post", "/api/content", body)
        self.assertEqual(r.status_code, 200, r.content)
        item = ContentItem.objects.get(external_id="nan1")
        json.dumps(item.payload, allow_nan=False)  # raises on any NaN / Infinity left

    def test_a_time_at_the_edge_of_the_calendar_is_a_row_error_not_a_broken_list(self):
        # 9999-12-31T23:59:59Z was stored; shown in local time (UTC+7) it is past year 9999: the content list of the
        # whole unit and the item's page answered 500 for everyone, for good.
        from django.test import Client
        from django.urls import reverse

        body = [{"platform": "x", "id": "t1", "handle": "budi_x", "text": "a", "posted_at": "9999-12-31T23:59:59Z"},
                {"platform": "x", "id": "t2", "handle": "budi_x", "text": "a", "posted_at": "0001-01-01T00:00:00Z"},
                {"platform": "x", "id": "t3", "handle": "budi_x", "text": "a", "posted_at": "2024-02-29T10:00:00Z"}]
        out = self.call("post", "/api/content", body).json()
        self.assertEqual((out["created"], sorted(e["index"] for e in out["errors"])), (1, [0, 1]), out)
        self.assertIn("waktu", out["errors"][0]["reason"])
        client = Client()
        client.force_login(self.admin)
        self.assertEqual(client.get(reverse("content_list")).status_code, 200)

    def test_it_refuses_a_body_that_is_not_a_list(self):
        self.assertProblem(self.call("post", "/api/content", {"platform": "x"}), 422, "validation")
        self.assertFalse(ContentItem.objects.exists())

    def test_it_reports_bad_rows_and_keeps_the_good_ones(self):
        body = [GOOD[0], {"platform": "myspace", "id": "1", "text": "x"}, {"platform": "x", "id": "2"},
                {"platform": "x", "id": "3", "text": "a", "posted_at": "kemarin sore"},
                {"platform": "x", "id": "4", "text": "a", "interaction": "dansa"}, {"platform": 5, "id": {"a": 1}}]
        r = self.call("post", "/api/content", body)
        self.assertEqual(r.status_code, 200, r.content)
        out = r.json()
        self.assertEqual(out["created"], 1)
        self.assertEqual(sorted(e["index"] for e in out["errors"]), [1, 2, 3, 4, 5])
        reasons = " ".join(e["reason"] for e in out["errors"])
        self.assertIn("platform kosong atau tidak dikenal", reasons)
        self.assertIn("tanpa teks", reasons)
        self.assertIn("waktu tidak dikenali", reasons)
        self.assertIn("jenis interaksi tidak dikenal", reasons)

    def test_it_is_idempotent_and_scans_and_anchors_what_it_stores(self):
        r = self.call("post", "/api/content", GOOD)
        self.assertEqual(r.json(), {"created": 2, "duplicate": 0, "rejected": 0, "errors": []})
        items = ContentItem.objects.all()
        self.assertEqual({i.unit_id for i in items}, {self.kanwil.pk})
        self.assertEqual({i.source for i in items}, {ContentItem.Source.API})
        # scanned like imported items (the test task backend runs the enqueued scan inline)
        self.assertEqual(ScanResult.objects.filter(content__in=items).values("content").distinct().count(), 2)
        self.assertTrue(AuditEntry.objects.filter(actor_name="api:SIMPEG").exists())
        again = self.call("post", "/api/content", GOOD + [GOOD[0]]).json()
        self.assertEqual((again["created"], again["duplicate"]), (0, 3))
        self.assertEqual(ContentItem.objects.count(), 2)

    def test_it_attributes_only_to_accounts_in_the_tokens_scope(self):
        inside = Employee.objects.create(unit=self.upt_a, employment_type="ppnpn", internal_id="A1", name="Ani")
        SocialAccount.objects.create(employee=inside, platform="x", handle="ani_x")
        outside = Employee.objects.create(unit=self.upt_c, employment_type="ppnpn", internal_id="C1", name="Cici")
        SocialAccount.objects.create(employee=outside, platform="x", handle="cici_x")
        body = [{"platform": "x", "id": "1", "handle": "ani_x", "text": "a"},
                {"platform": "x", "id": "2", "handle": "cici_x", "text": "b"}]
        self.call("post", "/api/content", body)
        a, c = ContentItem.objects.get(external_id="1"), ContentItem.objects.get(external_id="2")
        self.assertEqual((a.employee_id, a.unit_id), (inside.pk, self.upt_a.pk))
        self.assertEqual((c.employee_id, c.unit_id), (None, self.kanwil.pk))

    def test_it_refuses_too_many_items(self):
        with self.settings(API_MAX_ITEMS=2):
            self.assertProblem(self.call("post", "/api/content", GOOD * 2), 413, "too_many_items")
        self.assertFalse(ContentItem.objects.exists())
