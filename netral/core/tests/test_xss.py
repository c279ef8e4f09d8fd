"""Stored XSS: every free-text field of every model holds a script payload, then every page the
personas can reach (crawled from the home page and the menu, links and hx-get alike) is rendered
and searched for the payload unescaped, and for javascript:/data: links.

The fields are found by introspection, so a new app's models and pages are covered once its
demo seeder creates rows (core.demo.register)."""

import re
from collections import deque
from urllib.parse import urlsplit

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.test import TestCase

from netral.core import audit, demo
from netral.core.models import User
from netral.test import BaseTestCase

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
LONG = IMG + SCRIPT
SHORT = "<script>x</script>"
JS_URL = "javascript:alert(3)"
RAW = [re.compile(r"<script>(alert\(1\)|x)</script>"), re.compile(r"<img src=x onerror", re.I),
       re.compile(r"""(href|src|action|formaction|hx-get|hx-post)\s*=\s*["']?\s*(javascript|data:text|vbscript):""", re.I)]
# Fields that are identifiers or machinery, not free text a user types and reads back.
SKIP_NAMES = {"path", "slug", "key", "password", "username", "token", "mime", "content_type", "status", "kind",
              "platform", "language", "queue_name", "backend_name", "task_path", "session_key", "session_data",
              "cache_key", "value", "name_normalised", "external_id", "codename", "app_label", "model"}
SKIP_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "django_tasks_db.dbtaskresult",
               "core.auditentry", "core.audithead", "core.scheduledjob"}
NOT_PAGES = re.compile(r"keluar|logout|ekspor|export|unduh|download|\.pdf|\.zip|\.docx|\.xlsx|\.csv|/berkas|"
                       r"/file|pindaian/|format=|/django-admin/|/static/|/jsi18n|/i18n/|bukti|/media/")
MAX_PER_PATTERN = 1
MAX_PAGES = 150


def text_fields(model):
    for f in model._meta.concrete_fields:
        if not isinstance(f, (models.CharField, models.TextField)) or f.choices or f.primary_key:
            continue
        if f.unique or not f.editable or f.name in SKIP_NAMES or "hash" in f.name or "sha256" in f.name:
            continue
        yield f


def poison():
    """Overwrite every free-text field of every row with a payload that fits (an UPDATE: no
    validation, as if it had slipped past a form or come in through an import)."""
    done = []
    for model in apps.get_models():
        if model._meta.label_lower in SKIP_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        updates = {}
        # The row's id is appended so that constraints across fields (unique together) still hold.
        suffix = Cast("pk", models.CharField())
        for f in text_fields(model):
            limit = (f.max_length or 10_000) - 10
            if isinstance(f, models.URLField):
                updates[f.name] = Concat(Value(JS_URL), suffix)
            elif limit >= len(LONG):
                updates[f.name] = Concat(Value(LONG), suffix)
            elif limit >= len(SHORT):
                updates[f.name] = Concat(Value(SHORT), suffix)
        if updates and model._default_manager.exists():
            model._base_manager.update(**updates)
            done.append(model._meta.label_lower)
    return done


class StoredXssTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        with audit.acting_as("seed_demo"):
            for _name, fn in demo.seeders():
                fn()
        cls.poisoned = poison()

    def crawl(self, user):
        self.client.force_login(user)
        queue, seen, per_pattern, visited = deque(["/"]), {"/"}, {}, []
        while queue and len(visited) < MAX_PAGES:
            url = queue.popleft()
            r = self.client.get(url)
            visited.append(url)
            self.assertLess(r.status_code, 500, f"{user.username} {url}")
            if "text/html" not in r.get("Content-Type", ""):
                continue
            html = r.content.decode("utf-8", "replace")
            for rx in RAW:
                m = rx.search(html)
                self.assertIsNone(m, f"unescaped payload on {url} as {user.username}: "
                                     f"{html[max(0, m.start() - 200):m.end() + 50] if m else ''}")
            for link in re.findall(r"""(?:href|hx-get)="(/[^"#]*)""", html):
                link = link.replace("&amp;", "&")
                if NOT_PAGES.search(link) or link in seen:
                    continue
                parts = urlsplit(link)
                pattern = re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(
                    p.split("=")[0] for p in parts.query.split("&") if p and not p.startswith("page=")))
                if per_pattern.get(pattern, 0) >= MAX_PER_PATTERN:
                    continue
                per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
                seen.add(link)
                queue.append(link)
        return visited

    def test_payloads_are_escaped_on_every_page_each_persona_reaches(self):
        self.assertIn("people.employee", self.poisoned)
        self.assertIn("people.socialaccount", self.poisoned)
        total = 0
        for username in ("admin", "pengawas", "operator", "pegawai"):
            user = User.objects.get(username=username)
            with self.subTest(user=username):
                total += len(self.crawl(user))
        self.assertGreater(total, 50)  # the crawl really went through the site


class UrlTestCase(TestCase):
    def test_http_url_filter_drops_script_and_data_urls(self):
        from netral.core.templatetags.netral_security import http_url

        for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>",
                    "vbscript:x", "//penipu.example/x", "/relatif"]:
            self.assertEqual(http_url(bad), "", bad)
        self.assertEqual(http_url("https://www.instagram.com/budi"), "https://www.instagram.com/budi")

    def test_url_inputs_refuse_script_urls(self):
        from django import forms

        from netral.people.accounts import AccountError, normalise_account

        for bad in ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                    "javascript://www.instagram.com/%0aalert(1)"]:
            with self.assertRaises(AccountError, msg=bad):
                normalise_account("instagram", bad)
            # Every URLField form field (event links and the like) accepts only http(s)/ftp(s).
            with self.assertRaises(forms.ValidationError, msg=bad):
                forms.URLField(assume_scheme="https").clean(bad)


class ImportedTextTestCase(BaseTestCase):
    """Imported text is shown back raw in previews, dry runs and rejected-row lists (stored in
    JSON fields the field-by-field poisoning above does not reach)."""

    def test_roster_import_pages_escape_payloads_in_cells_and_headers(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        from netral.people.models import RosterImport

        self.login(self.admin)
        rows = [f"NIP;Nama;Jenis Pegawai;Kode Unit;Instagram;{SCRIPT}\n",
                f"198801012012011001;{IMG}{SCRIPT};PNS;UPT-A;@andi;x\n",
                f"bukan-nip;{SCRIPT};PNS;UPT-A;{JS_URL};x\n",
                f"199202022019022002;Rina;PNS;{IMG};;x\n"]
        self.client.post(reverse("roster_import"), {"file": SimpleUploadedFile("p.csv", "".join(rows).encode())})
        imp = RosterImport.objects.get()
        pages = [self.client.get(reverse("roster_import_detail", args=[imp.pk])),
                 self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="dry"))]
        self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="run"))
        pages.append(self.client.get(reverse("roster_import_detail", args=[imp.pk])))
        pages.append(self.client.get(reverse("roster_import_status", args=[imp.pk])))
        for r in pages:
            self.assertEqual(r.status_code, 200)
            html = r.content.decode()
            for rx in RAW:
                self.assertIsNone(rx.search(html), rx.pattern)
        self.assertIn("&lt;script&gt;", pages[0].content.decode())  # the payload was shown, escaped
