"""No address, user agent or foreign cookie is kept from the reporting pages: not in any table,
not in any log record; and the pages send the protective headers."""

import logging
import re
import socket

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from netral.core.models import AuditEntry
from netral.whistle.middleware import ScrubFilter
from netral.whistle.models import Report
from netral.whistle.tests.helpers import PDF, jpeg_with_gps, upload
from netral.test import BaseTestCase

UA = "NetralSpyAgent/9.9 (Pelapor-Ponsel-XYZ)"
XFF = "203.0.113.77"
ADDR = "10.77.66.55"
HEADERS = {"HTTP_USER_AGENT": UA, "HTTP_X_FORWARDED_FOR": XFF, "REMOTE_ADDR": ADDR,
           "HTTP_X_REAL_IP": XFF, "HTTP_ACCEPT_LANGUAGE": "id-ID,id;q=0.9"}
NEEDLES = (UA, "NetralSpyAgent", XFF, ADDR)


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []
        self.texts = []

    def emit(self, record):
        self.records.append(record)
        # Rendered now: what the record holds at logging time (a socket is closed later).
        self.texts.append(record_text(record))


def record_text(record):
    parts = [repr(vars(record))]
    try:
        parts.append(record.getMessage())
    except Exception:
        pass
    req = getattr(record, "request", None)
    if req is not None:
        parts.append(repr(getattr(req, "META", req)))
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


def dump_database():
    """Every row of every model of every app, plus the cache table, as text."""
    out = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._default_manager.all().values():
            out.append(f"{model._meta.label}: {row!r}")
    with connection.cursor() as cur:
        if "netral_cache" in connection.introspection.table_names():
            cur.execute("SELECT * FROM netral_cache")
            out.extend(repr(r) for r in cur.fetchall())
    return "\n".join(out)


class LogCaptureMixin:
    """Every logger (root and all named ones) at DEBUG into one list for the test."""

    def setUp(self):
        self.capture = Capture()
        self.loggers = [logging.getLogger()] + [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]
        self.levels = []
        for lg in self.loggers:
            lg.addHandler(self.capture)
            self.levels.append(lg.level)
            lg.setLevel(logging.DEBUG)

    def tearDown(self):
        for lg, level in zip(self.loggers, self.levels):
            lg.removeHandler(self.capture)
            lg.setLevel(level)


class AnonymityTestCase(LogCaptureMixin, BaseTestCase):

    def test_no_row_and_no_log_record_holds_the_address_or_user_agent(self):
        client = Client(**HEADERS)
        # A logged-in staff member filing from the same browser is anonymous too.
        client.force_login(self.pegawai)
        r = client.get("/lapor/")
        self.assertEqual(r.status_code, 200)
        r = client.post("/lapor/", {"what": "Pegawai membagikan stiker paslon di ruang pelayanan.",
                                    "unit": self.upt_a.pk, "files": [upload("a.jpg", jpeg_with_gps()),
                                                                     upload("b.pdf", PDF)]})
        self.assertEqual(r.status_code, 200)
        code = re.search(rb"(\d{4} \d{4} \d{4} \d{4})", r.content).group(1).decode()
        r = client.post(reverse("whistle_status"), {"code": code})
        token = re.search(rb'name="token" value="([^"]+)"', r.content).group(1).decode()
        client.post(reverse("whistle_status"), {"token": token, "text": "Tambahan keterangan."})
        client.post(reverse("whistle_status"), {"code": "0000 0000 0000 0001"})  # a wrong code
        client.get("/lapor/tidak-ada/")  # a 404: Django's request logger writes a warning with the request
        strict = Client(enforce_csrf_checks=True, **HEADERS)
        strict.post("/lapor/", {"what": "tanpa token csrf sama sekali"})  # CSRF failure: the security logger

        self.assertEqual(Report.objects.count(), 1)
        dump = dump_database()
        self.assertIn("whistle.report", dump)  # the dump did see the report
        for needle in NEEDLES:
            self.assertNotIn(needle, dump)
        self.assertTrue(self.capture.records, "the test must have captured some records")
        logs = "\n".join(self.capture.texts)
        self.assertIn("/lapor/tidak-ada/", logs)
        for needle in NEEDLES:
            self.assertNotIn(needle, logs)

        # The audit chain names no one for the reporter's changes, and holds no sealed content.
        entries = AuditEntry.objects.filter(model__startswith="whistle.")
        self.assertTrue(entries.exists())
        self.assertEqual(set(entries.values_list("actor_name", flat=True)), {"pelapor anonim"})
        self.assertFalse(entries.exclude(actor_id=None).exists())
        self.assertNotIn("Pegawai membagikan", repr(list(entries.values())))
        self.assertNotIn("receipt_hash", repr(list(entries.values())))

    def test_only_the_csrf_cookie_is_set_and_the_session_is_ignored(self):
        client = Client(**HEADERS)
        client.force_login(self.pengawas)
        for r in (client.get("/lapor/"), client.get(reverse("whistle_status")),
                  client.post("/lapor/", {"what": "Kepala UPT meminta staf hadir di kampanye."})):
            self.assertLessEqual(set(r.cookies), {"csrftoken"})
            self.assertFalse(r.wsgi_request.user.is_authenticated)

    def test_headers_on_the_reporting_pages(self):
        for r in (self.client.get("/lapor/"), self.client.get(reverse("whistle_status")),
                  self.client.post(reverse("whistle_status"), {"code": "1"}),
                  self.client.get("/lapor/tidak-ada/")):
            self.assertEqual(r["Cache-Control"], "no-store")
            self.assertEqual(r["Referrer-Policy"], "no-referrer")
            csp = r["Content-Security-Policy"]
            self.assertIn("default-src 'none'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertNotIn("http", csp)
        page = self.client.get("/lapor/").content.decode()
        # No external resource, no script at all.
        self.assertFalse(re.search(r'(src|href)="(https?:)?//', page))
        self.assertNotIn("<script", page)
        self.assertNotIn(" style=", page)
        # Other pages keep the normal policy.
        self.assertNotEqual(self.client.get(reverse("login")).get("Referrer-Policy"), "no-referrer")

    def test_the_access_log_of_serve_is_scrubbed_for_reporting_paths(self):
        # runserver (used by `manage.py serve`) logs every request on "django.server" with the
        # client socket attached; for /lapor/ the filter drops it.
        a, b = socket.socketpair()
        try:
            logger = logging.getLogger("django.server")
            logger.info('"%s" %s %s', "POST /lapor/status/ HTTP/1.1", "200", "1234",
                        extra={"request": a, "server_time": "01/Dec/2026 10:00:00"})
            logger.info('"%s" %s %s', "GET /masuk/ HTTP/1.1", "200", "99",
                        extra={"request": b, "server_time": "01/Dec/2026 10:00:01"})
        finally:
            a.close()
            b.close()
            logger.info("- Broken pipe from %s", ("10.77.66.55", 50123))
        recs = [r for r in self.capture.records if r.name == "django.server"]
        self.assertFalse(any(ADDR in r.getMessage() for r in recs))
        lapor = [r for r in recs if "/lapor/" in r.getMessage()]
        other = [r for r in recs if "/masuk/" in r.getMessage()]
        self.assertTrue(lapor and other)
        self.assertTrue(all(r.request is None for r in lapor))
        self.assertTrue(all(r.request is not None for r in other))
        self.assertTrue(any(isinstance(f, ScrubFilter) for f in logging.getLogger("django.server").filters))


class OriginNullTestCase(BaseTestCase):
    """`Referrer-Policy: no-referrer` makes browsers send `Origin: null` on our own posts."""

    def test_same_origin_posts_with_a_null_origin_pass_the_csrf_check(self):
        client = Client(enforce_csrf_checks=True)
        client.get("/lapor/")
        token = client.cookies["csrftoken"].value
        data = {"what": "Pegawai memasang stiker paslon di mobil dinas.", "csrfmiddlewaretoken": token}
        r = client.post("/lapor/", data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
        self.assertContains(r, "Pengaduan terkirim")
        r = client.post("/lapor/", data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
        self.assertEqual(r.status_code, 403)
        r = client.post("/lapor/", data, HTTP_ORIGIN="https://jahat.example", HTTP_SEC_FETCH_SITE="same-origin")
        self.assertEqual(r.status_code, 403)
        r = client.post("/lapor/", {"what": data["what"]}, HTTP_ORIGIN="null")  # no token: still refused
        self.assertEqual(r.status_code, 403)
        self.assertEqual(Report.objects.count(), 1)


class RunserverAccessLogTestCase(LogCaptureMixin, BaseTestCase):
    """The real request handler of `runserver` (what `manage.py serve` runs), over a socket."""

    def test_a_real_request_leaves_no_address_in_the_access_log(self):
        import threading
        import urllib.error
        import urllib.request

        from django.core.handlers.wsgi import WSGIHandler
        from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

        httpd = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=True)
        httpd.set_app(WSGIHandler())
        thread = threading.Thread(target=httpd.handle_request)
        thread.start()
        port = httpd.server_address[1]
        req = urllib.request.Request(f"http://127.0.0.1:{port}/lapor/tidak-ada/",
                                     headers={"User-Agent": UA, "X-Forwarded-For": XFF})
        try:
            urllib.request.urlopen(req, timeout=10)
        except urllib.error.HTTPError as exc:
            self.assertEqual(exc.code, 404)
        thread.join(10)
        httpd.server_close()
        access = [r for r in self.capture.records if r.name == "django.server"]
        self.assertTrue(any("/lapor/tidak-ada/" in r.getMessage() for r in access))
        # The database driver's own debug lines name the database server (also 127.0.0.1 here), not
        # the client: every record written while serving the request is searched except those.
        logs = "\n".join(t for r, t in zip(self.capture.records, self.capture.texts, strict=False)
                          if not r.name.startswith("psycopg"))
        self.assertIn("/lapor/tidak-ada/", logs)
        for needle in (*NEEDLES, "raddr", "'127.0.0.1', "):
            self.assertNotIn(needle, logs)
