"""Browser-side protections: headers, the CSP kept enforceable by clean templates, and Django's
deployment checks with production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from netral.test import BaseTestCase

ROOT = Path(settings.BASE_DIR)


def template_files():
    """Every HTML template served to a browser. Templates rendered only to PDF by WeasyPrint
    (file name containing "pdf", or inside a folder named "pdf") never reach a browser and may
    keep their <style> block."""
    dirs = [ROOT / "templates", *(ROOT / "netral").glob("*/templates")]
    for d in dirs:
        for path in d.rglob("*.html"):
            if "pdf" not in path.name and "pdf" not in path.relative_to(d).parts[:-1]:
                yield path


class HeadersTestCase(BaseTestCase):
    def test_it_sends_a_csp_without_unsafe_inline(self):
        r = self.client.get(reverse("login"))
        csp = r["Content-Security-Policy"]
        self.assertNotIn("unsafe-inline", csp)
        self.assertNotIn("unsafe-eval", csp)
        self.assertIn("script-src 'self'", csp)
        self.assertIn("style-src 'self'", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertIn("object-src 'none'", csp)

    def test_it_denies_framing_and_sniffing_and_limits_referrers(self):
        r = self.client.get(reverse("login"))
        self.assertEqual(r["X-Frame-Options"], "DENY")
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r["Referrer-Policy"], "same-origin")

    def test_authenticated_pages_are_never_cached(self):
        for persona, url in [(self.pegawai, reverse("home")), (self.admin, reverse("user_list")),
                             (self.operator, reverse("employee_list"))]:
            self.login(persona)
            r = self.client.get(url)
            self.assertEqual(r.status_code, 200)
            self.assertIn("no-store", r["Cache-Control"], url)

    def test_templates_have_no_inline_scripts_styles_or_handlers(self):
        bad = {
            "inline style attribute": re.compile(r"""\sstyle\s*=\s*["']""", re.I),
            "<style> element": re.compile(r"<style[\s>]", re.I),
            "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
            "on*= handler": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
            "javascript: URL": re.compile(r"javascript:", re.I),
        }
        problems = []
        for path in template_files():
            text = path.read_text(encoding="utf-8")
            for what, rx in bad.items():
                for m in rx.finditer(text):
                    line = text.count("\n", 0, m.start()) + 1
                    problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
        self.assertEqual(problems, [], "Blocked by the CSP; use a class in static/netral/netral.css or a static JS file")


class DeployCheckTestCase(BaseTestCase):
    def test_check_deploy_is_clean_with_production_settings(self):
        env = {**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
               "ALLOWED_HOSTS": "netral.example.go.id", "CSRF_TRUSTED_ORIGINS": "https://netral.example.go.id"}
        env.pop("SECURE", None)
        env.pop("SECURE_HSTS_SECONDS", None)
        r = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("no issues", r.stdout + r.stderr)

    def test_production_settings_turn_on_hsts_and_secure_cookies(self):
        env = {**os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
               "ALLOWED_HOSTS": "netral.example.go.id"}
        code = ("from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
                "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.TWO_FACTOR_ENFORCED)")
        r = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.stdout.strip().splitlines()[-1].split(), ["31536000", "True", "True", "True", "True"], r.stderr)
