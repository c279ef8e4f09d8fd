from django.test import override_settings
from django.utils import timezone

from netral.api.models import ApiToken, hash_token
from netral.api.tests.base import ApiTestCase
from netral.core.models import AuditEntry


class AuthTests(ApiTestCase):
    def test_it_refuses_a_request_without_a_token(self):
        msg = self.assertProblem(self.call("get", "/api/findings", raw=""), 401, "unauthorized")
        self.assertIn("Token", msg)

    def test_it_refuses_a_wrong_token(self):
        self.assertProblem(self.call("get", "/api/findings", raw="ntl_salah"), 401, "unauthorized")

    def test_it_refuses_a_revoked_token(self):
        self.token.revoke()
        self.assertProblem(self.call("get", "/api/cases"), 401, "unauthorized")

    def test_it_refuses_an_operation_not_granted(self):
        token, raw = ApiToken.issue(name="Perayap", unit=self.kanwil, operations=["content:push"],
                                    created_by=self.admin)
        msg = self.assertProblem(self.call("get", "/api/findings", raw=raw), 403, "forbidden")
        self.assertIn("tidak diizinkan", msg)
        self.assertProblem(self.call("post", "/api/roster", [{"nip": "1"}], raw=raw), 403, "forbidden")

    def test_it_never_accepts_a_session_cookie(self):
        self.client.force_login(self.admin)
        self.assertProblem(self.call("get", "/api/findings", raw=""), 401, "unauthorized")
        # and a POST with the session but no CSRF token is refused as unauthorised, not as a CSRF failure
        self.assertProblem(self.call("post", "/api/content", [], raw=""), 401, "unauthorized")

    def test_it_stores_only_a_hash_and_records_last_use(self):
        self.assertEqual(self.token.token_hash, hash_token(self.raw))
        self.assertNotIn(self.raw, str(ApiToken.objects.values_list()))
        self.assertIsNone(self.token.last_used_at)
        self.call("get", "/api/findings")
        self.token.refresh_from_db()
        self.assertIsNotNone(self.token.last_used_at)

    @override_settings(API_MAX_BODY_BYTES=1000)
    def test_it_refuses_an_oversized_body(self):
        body = [{"platform": "x", "id": str(i), "text": "a" * 50} for i in range(50)]
        msg = self.assertProblem(self.call("post", "/api/content", body), 413, "too_large")
        self.assertIn("terlalu besar", msg)

    @override_settings(API_RATE_PER_MINUTE=3)
    def test_it_limits_the_rate_per_token(self):
        # 8 calls: even if the minute turns during the loop, a fourth call of one window comes within them
        responses = [self.call("get", "/api/cases") for _ in range(8)]
        statuses = [r.status_code for r in responses]
        self.assertEqual(statuses[:3], [200, 200, 200])
        self.assertIn(429, statuses)
        msg = self.assertProblem(responses[statuses.index(429)], 429, "rate_limited")
        self.assertIn("per menit", msg)
        # another token has its own window
        self.assertEqual(self.call("get", "/api/cases", raw=self.other_raw).status_code, 200)

    def test_it_documents_the_api_offline(self):
        r = self.client.get("/api/openapi.json")
        self.assertEqual(r.status_code, 200)
        self.assertIn("/api/content", r.json()["paths"])
        r = self.client.get("/api/docs")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertNotIn("cdn.", html)
        self.assertNotIn("https://", html)
        self.assertIn("/static/ninja/swagger-ui-bundle.js", html)
        # the page works under the same strict CSP as every page (no inline script, no CDN)
        self.assertIn("script-src 'self';", r["Content-Security-Policy"])
        self.assertNotIn("unsafe", r["Content-Security-Policy"])


class TokenPageTests(ApiTestCase):
    def test_it_is_for_admins_only(self):
        self.client.force_login(self.pengawas)
        self.assertEqual(self.client.get("/integrasi/token/").status_code, 403)

    def test_it_creates_a_token_shown_once_and_audited(self):
        self.client.force_login(self.admin)
        r = self.client.post("/integrasi/token/", {"name": "Perayap", "unit": self.upt_a.pk,
                                                   "operations": ["content:push"]})
        self.assertEqual(r.status_code, 200)
        raw = r.context["raw"]
        self.assertTrue(raw.startswith("ntl_"))
        token = ApiToken.objects.get(name="Perayap")
        self.assertEqual(token.token_hash, hash_token(raw))
        self.assertEqual(token.operations, ["content:push"])
        entry = AuditEntry.objects.filter(model="api.apitoken", object_pk=str(token.pk)).get()
        self.assertNotIn("token_hash", entry.after or {})
        self.assertNotContains(self.client.get("/integrasi/token/"), raw)

    def test_it_refuses_a_unit_outside_scope(self):
        self.client.force_login(self.admin)
        r = self.client.post("/integrasi/token/", {"name": "X", "unit": self.upt_c.pk, "operations": ["cases:read"]})
        self.assertFalse(ApiToken.objects.filter(name="X").exists())
        self.assertTrue(r.context["form"].errors["unit"])

    def test_it_lists_and_revokes_only_in_scope(self):
        self.client.force_login(self.admin)
        r = self.client.get("/integrasi/token/")
        self.assertContains(r, "SIMPEG")
        self.assertNotContains(r, "Lain")
        self.assertEqual(self.client.post(f"/integrasi/token/{self.other_token.pk}/cabut/").status_code, 404)
        self.other_token.refresh_from_db()
        self.assertIsNone(self.other_token.revoked_at)
        r = self.client.post(f"/integrasi/token/{self.token.pk}/cabut/")  # asks first
        self.assertContains(r, "tidak dapat mengirim atau membaca data lagi")
        self.token.refresh_from_db()
        self.assertIsNone(self.token.revoked_at)
        self.client.post(f"/integrasi/token/{self.token.pk}/cabut/", {"confirmed": "yes"})
        self.token.refresh_from_db()
        self.assertIsNotNone(self.token.revoked_at)
        self.assertLessEqual(self.token.revoked_at, timezone.now())
