"""What keeps the reporting pages (/lapor/) from recording who visited them.

`AnonymityMiddleware` runs first. For a reporting path it
- derives the rate-limit bucket of the client (a keyed hash of its address with a salt that
  changes every day and lives only in the whistle cache), then
- removes the address, the user agent and every other identifying header from the request
  before any other code (views, loggers, error reports) can see them, and every cookie but the
  CSRF and language cookies (so no session: a logged-in staff member is anonymous here too),
- and on the way out sets no-store, no-referrer and a strict CSP, and drops any cookie but CSRF.

`ScrubFilter` removes the request from log records about these paths (Django's request logger,
the security loggers and the access log of `runserver`/`manage.py serve`).
"""

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

PREFIX = "/lapor/"
KEEP_HEADERS = {"HTTP_HOST", "HTTP_COOKIE", "HTTP_ORIGIN", "HTTP_REFERER", "HTTP_X_CSRFTOKEN",
                "HTTP_X_FORWARDED_PROTO", "HTTP_ACCEPT"}
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SCRUBBED_LOGGERS = ("django.request", "django.server", "django.security", "django.security.csrf",
                    "django.security.DisallowedHost", "django.security.SuspiciousOperation",
                    "django.security.RequestDataTooBig", "django.security.TooManyFieldsSent",
                    "django.security.TooManyFilesSent", "django.security.SuspiciousFileOperation",
                    "django.security.SuspiciousMultipartForm")


def is_reporting_path(path):
    return (path or "").startswith(PREFIX) or (path or "").rstrip("/") == PREFIX.rstrip("/")


def bucket_cache():
    return caches["whistle"]


def daily_salt():
    """Random per day, kept only in the whistle cache (memory or Redis), expiring after two days."""
    day = timezone.localdate().isoformat()
    cache = bucket_cache()
    key = f"salt:{day}"
    cache.add(key, secrets.token_hex(32), 2 * 86400)
    return cache.get(key) or ""


def client_address(meta):
    if settings.SECURE_PROXY_SSL_HEADER and meta.get("HTTP_X_FORWARDED_FOR"):
        # Behind our proxy: the last address is the one the proxy saw (earlier ones are the client's claim).
        return meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return meta.get("REMOTE_ADDR", "")


def client_bucket(meta):
    salt = daily_salt()
    return hmac.new(salt.encode(), client_address(meta).encode(), hashlib.sha256).hexdigest()[:32]


def scrub_meta(meta):
    for key in list(meta):
        if (key.startswith("HTTP_") and key not in KEEP_HEADERS) or "REMOTE" in key:
            del meta[key]
    meta["REMOTE_ADDR"] = "0.0.0.0"
    cookies = meta.get("HTTP_COOKIE")
    if cookies:
        keep = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        parts = [p.strip() for p in cookies.split(";")]
        meta["HTTP_COOKIE"] = "; ".join(p for p in parts if p.split("=", 1)[0].strip() in keep)


def restore_same_origin(request):
    """Under `Referrer-Policy: no-referrer` browsers send `Origin: null` even on our own form
    posts, which Django's CSRF check refuses. When the browser says the post is same-origin
    (Sec-Fetch-Site, a header pages cannot forge), or says nothing (older browsers), put our
    own origin back; the CSRF token is still checked. A cross-site post keeps `null` and fails."""
    meta = request.META
    if meta.get("HTTP_ORIGIN") != "null" or meta.get("HTTP_SEC_FETCH_SITE", "same-origin") != "same-origin":
        return
    from django.core.exceptions import DisallowedHost

    try:
        meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:  # leave it to Django to refuse the host
        pass


class AnonymityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_reporting_path(request.path_info):
            return self.get_response(request)
        request.whistle_client = client_bucket(request.META)
        restore_same_origin(request)
        scrub_meta(request.META)
        if "COOKIES" in request.__dict__:
            del request.__dict__["COOKIES"]
        from netral.whistle.uploads import MemoryOnlyUploadHandler

        # Before anything reads the body (the CSRF check does): evidence never lands in /tmp in clear.
        request.upload_handlers = [MemoryOnlyUploadHandler(request)]
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        response["Referrer-Policy"] = "no-referrer"
        response["Content-Security-Policy"] = CSP
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response["X-Robots-Tag"] = "noindex"
        for name in list(response.cookies):
            if name != settings.CSRF_COOKIE_NAME:
                del response.cookies[name]
        return response


class ScrubFilter(logging.Filter):
    """Drops the request (with its headers, or the socket with the peer address) from records
    about a reporting path, and the address from any formatted argument."""

    def filter(self, record):
        if record.name == "django.server" and "Broken pipe" in str(record.msg) and record.args:
            # runserver names the client address but not the path: it may be a reporter's.
            record.args = tuple("-" for _ in record.args) if isinstance(record.args, tuple) else ()
        req = getattr(record, "request", None)
        path = getattr(req, "path", None) if req is not None else None
        text = ""
        try:
            text = record.getMessage()
        except Exception:
            text = str(record.msg)
        if (path and is_reporting_path(path)) or PREFIX in text:
            if req is not None:
                record.request = None
            if PREFIX in text and record.args:
                # The access log's arguments: keep the request line and status, nothing else.
                record.msg, record.args = text, ()
        return True


def install_log_filters():
    f = ScrubFilter()
    for name in SCRUBBED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(x, ScrubFilter) for x in logger.filters):
            logger.addFilter(f)
