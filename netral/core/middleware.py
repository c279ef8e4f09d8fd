from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from netral.core import audit

# Everything Netral serves comes from its own origin (offices are often offline: no CDN).
# No 'unsafe-inline' for scripts or styles: an injected <script>, on*= handler, <style> or
# style="" attribute does nothing (tests in core/tests/test_headers.py keep templates clean).
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Every page a logged-in user sees may hold personal data: never keep it in a
            # browser or proxy cache (shared office PCs, the back button after logging out).
            # A view that already said no-store (its own wording) is left as it is.
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store, private"
            response.setdefault("Pragma", "no-cache")
        return response


SESSION_STARTED = "nt_started"
SESSION_SEEN = "nt_seen"
# Writing the session on every request would cost a database write per page: the last-seen
# time is refreshed at most this often (seconds).
SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _stamp_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now


class SessionGuardMiddleware:
    """Ends a login idle for SESSION_IDLE_TIMEOUT or older than SESSION_COOKIE_AGE, and holds a
    user whose role requires 2FA on the enrolment page until enrolled (core/account_views.py)."""

    ENROL_EXEMPT = ("twofactor_enrol", "logout", "set_language", "javascript-catalog")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = timezone.now().timestamp()
            started = session.get(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi."))
                return redirect_to_login(request.get_full_path())
            if SESSION_STARTED not in session:
                session[SESSION_STARTED] = now
            if now - seen >= SEEN_RESOLUTION or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
            if session.get("nt_2fa_enrol") and not user.has_2fa:
                exempt = {reverse(name) for name in self.ENROL_EXEMPT}
                if request.path not in exempt and not request.path.startswith(settings.STATIC_URL):
                    return redirect("twofactor_enrol")
        return self.get_response(request)


class AuditActorMiddleware:
    """Attributes every audited change made while handling a request to the logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else "anonim"
        with audit.acting_as(actor):
            return self.get_response(request)


class LanguageMiddleware:
    """Indonesian unless the user chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most office PCs
    run an English browser: staff would get English pages they never asked for. Only the
    language cookie set by the language switch counts here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if lang not in dict(settings.LANGUAGES):
            lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        return response
