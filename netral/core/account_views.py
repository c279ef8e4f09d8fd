"""Logging in and the user's own account security: password + TOTP login, 2FA enrolment and
recovery codes, login history, "keluar dari semua perangkat"; for Admin the login history and the
access log of their units.

Login in two steps: the password form never calls `login()` for a user with 2FA; it parks the
user id in the session and only the code step logs in. So every authenticated session passed
every factor the user has (tests may still use `client.force_login`, which is a trusted shortcut).
A user of a role in TWO_FACTOR_ROLES without 2FA is logged in but, with TWO_FACTOR_ENFORCED,
held on the enrolment page until enrolled (SessionGuardMiddleware).
"""

import base64
import io
import secrets
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netral.core import audit, totp
from netral.core.confirm import confirmation, confirmed
from netral.core.forms import BootstrapMixin
from netral.core.models import AccessLog, LoginEvent, RecoveryCode, Role, User
from netral.core.scoping import get_scoped_or_404, role_required
from netral.core.security import client_ip, held_for, log_login, record_failure, record_success, wait_message

PENDING = "nt_2fa_pending"          # user id waiting for the code step
ENROL_REQUIRED = "nt_2fa_enrol"     # logged in, but must enrol before anything else
ENROL_SECRET = "nt_2fa_secret"      # secret shown on the enrolment page, not yet confirmed
PENDING_MAX_AGE = 5 * 60
RECOVERY_CODES = 10


class LoginForm(BootstrapMixin, AuthenticationForm):
    """Password step, throttled per account name and per source address (core.security)."""

    throttled = False

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else ""
        wait = held_for(username, ip)
        if wait:
            self.throttled = True
            log_login(self.request, LoginEvent.Outcome.THROTTLED, username=username)
            raise forms.ValidationError(wait_message(wait), code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            record_failure(username, ip)
            user = User.objects.filter(username__iexact=username).first() if username else None
            log_login(self.request, LoginEvent.Outcome.FAILED, user=user, username=username)
            raise


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Kode dari aplikasi autentikator atau kode pemulihan"), max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "class": "form-control form-control-lg font-monospace",
                                                         "autofocus": True}))


class EnrolForm(BootstrapMixin, forms.Form):
    password = forms.CharField(label=gettext_lazy("Kata sandi Anda"), widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))
    code = forms.CharField(label=gettext_lazy("Kode 6 angka dari aplikasi"), max_length=10,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


class PasswordConfirmForm(BootstrapMixin, forms.Form):
    password = forms.CharField(label=gettext_lazy("Kata sandi Anda"), widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


def _hash_code(code: str) -> str:
    code = "".join(ch for ch in code.upper() if ch.isalnum())
    return salted_hmac("netral.core.recovery-code", code, algorithm="sha256").hexdigest()


def new_recovery_codes(user) -> list[str]:
    """Replaces the user's recovery codes; returns the new ones (shown once, stored hashed)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    codes = ["".join(secrets.choice(alphabet) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash_code(c)) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def use_recovery_code(user, code) -> bool:
    # Conditional UPDATE: two requests with the same code cannot both succeed.
    return bool(RecoveryCode.objects.filter(user=user, code_hash=_hash_code(code), used_at__isnull=True)
                .update(used_at=timezone.now()))


def _complete_login(request, user, next_url, backend=None):
    auth_login(request, user, backend=backend or getattr(user, "backend", None))
    record_success(user.username)
    log_login(request, LoginEvent.Outcome.SUCCESS, user=user)
    if user.needs_2fa and not user.has_2fa:
        if settings.TWO_FACTOR_ENFORCED:
            request.session[ENROL_REQUIRED] = True
            messages.warning(request, _("Peran Anda wajib memakai verifikasi dua langkah. Aktifkan sekarang untuk "
                                        "melanjutkan."))
            return redirect("twofactor_enrol")
        messages.info(request, _("Lindungi akun Anda dengan verifikasi dua langkah di halaman Keamanan akun."))
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def login_view(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if user.has_2fa:
            request.session.cycle_key()
            request.session[PENDING] = {"uid": user.pk, "at": time.time(), "next": next_url,
                                        "backend": getattr(user, "backend", None)}
            return redirect("login_code")
        return _complete_login(request, user, next_url)
    return render(request, "registration/login.html", {"form": form, "next": next_url})


def login_code(request):
    pending = request.session.get(PENDING) or {}
    user = None
    if pending and time.time() - pending.get("at", 0) <= PENDING_MAX_AGE:
        user = User.objects.filter(pk=pending.get("uid"), is_active=True).first()
    if user is None or not user.has_2fa:
        request.session.pop(PENDING, None)
        messages.warning(request, _("Langkah verifikasi sudah kedaluwarsa. Masukkan kata sandi lagi."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        wait = held_for(user.username, ip)
        code = form.cleaned_data["code"]
        if wait:
            form.add_error("code", wait_message(wait))
        else:
            step = totp.verify(user.totp_plain_secret(), code, after_step=user.totp_last_step)
            # A code counts once: the conditional UPDATE refuses a step already used.
            ok = step is not None and User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
                totp_last_step=step)
            recovery = not ok and use_recovery_code(user, code)
            if ok or recovery:
                request.session.pop(PENDING, None)
                if recovery:
                    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
                    messages.warning(request, _("Anda masuk dengan kode pemulihan; tersisa %(n)d kode. Buat kode "
                                                "baru di halaman Keamanan akun bila hampir habis.") % {"n": left})
                return _complete_login(request, user, pending.get("next", ""), pending.get("backend"))
            record_failure(user.username, ip)
            log_login(request, LoginEvent.Outcome.CODE_FAILED, user=user)
            form.add_error("code", _("Kode salah atau sudah dipakai. Periksa jam di ponsel Anda."))
    return render(request, "registration/login_code.html", {"form": form})


def _qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buf = io.BytesIO()
    img.save(buf)
    # As an <img> data URI: allowed by img-src, and an SVG shown as an image never runs scripts.
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _current_factor_ok(user, code) -> bool:
    """A code of the phone in use now (counted once) or an unused recovery code."""
    old = totp.verify(user.totp_plain_secret(), code, after_step=user.totp_last_step)
    if old is not None and User.objects.filter(pk=user.pk, totp_last_step__lt=old).update(totp_last_step=old):
        return True
    return use_recovery_code(user, code)


@login_required
def twofactor_enrol(request):
    user = request.user
    # The secret waiting for its first code lives in the session (a database row too), so sealed as well.
    secret = ""
    if request.session.get(ENROL_SECRET):
        try:
            secret = totp.unseal(request.session[ENROL_SECRET], user.pk)
        except totp.SealError:
            secret = ""
    if not secret:
        secret = totp.new_secret()
        request.session[ENROL_SECRET] = totp.seal(secret, user.pk)
    form = EnrolForm(request.POST or None)
    moving = user.has_2fa
    if moving:
        # Moving to another phone: the password alone (with a hijacked session) must not move the second factor.
        form.fields["current_code"] = forms.CharField(
            label=gettext_lazy("Kode dari ponsel lama, atau satu kode pemulihan"), max_length=20,
            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "class": "form-control"}))
    if request.method == "POST" and form.is_valid():
        step = totp.verify(secret, form.cleaned_data["code"])
        if not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("Kata sandi salah."))
        elif step is None:
            form.add_error("code", _("Kode tidak cocok. Pastikan jam di ponsel benar lalu masukkan kode terbaru."))
        elif moving and not _current_factor_ok(user, form.cleaned_data["current_code"]):
            form.add_error("current_code", _("Kode dari ponsel lama atau kode pemulihan salah atau sudah dipakai."))
        else:
            user.set_totp_secret(secret)
            user.totp_confirmed_at, user.totp_last_step = timezone.now(), step
            user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
            request.session.pop(ENROL_SECRET, None)
            request.session.pop(ENROL_REQUIRED, None)
            audit.record_event(user, "verifikasi dua langkah diaktifkan", actor=user)
            codes = new_recovery_codes(user)
            messages.success(request, _("Verifikasi dua langkah aktif."))
            return render(request, "registration/recovery_codes.html", {"codes": codes})
    account = user.username
    uri = totp.provisioning_uri(secret, account, settings.SITE_NAME)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render(request, "registration/twofactor_enrol.html", {
        "form": form, "qr": _qr_data_uri(uri), "secret": grouped, "required": request.session.get(ENROL_REQUIRED)})


@login_required
@require_POST
def recovery_codes_renew(request):
    form = PasswordConfirmForm(request.POST)
    if not request.user.has_2fa:
        return redirect("twofactor_enrol")
    if not form.is_valid() or not request.user.check_password(form.cleaned_data["password"]):
        messages.error(request, _("Kata sandi salah; kode pemulihan tidak diganti."))
        return redirect("account_security")
    return render(request, "registration/recovery_codes.html", {"codes": new_recovery_codes(request.user)})


@login_required
@require_POST
def twofactor_disable(request):
    user = request.user
    form = PasswordConfirmForm(request.POST)
    if user.needs_2fa and settings.TWO_FACTOR_ENFORCED:
        messages.error(request, _("Peran Anda wajib memakai verifikasi dua langkah; tidak dapat dimatikan."))
    elif not form.is_valid() or not user.check_password(form.cleaned_data["password"]):
        messages.error(request, _("Kata sandi salah; verifikasi dua langkah tetap aktif."))
    else:
        _reset_2fa(user)
        audit.record_event(user, "verifikasi dua langkah dimatikan", actor=user)
        messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("account_security")


def _reset_2fa(user):
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    RecoveryCode.objects.filter(user=user).delete()


@login_required
def account_security(request):
    user = request.user
    history = LoginEvent.objects.filter(user=user)[:30]
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() if user.has_2fa else 0
    return render(request, "registration/account_security.html", {
        "history": history, "recovery_left": left, "confirm_form": PasswordConfirmForm(),
        "idle_minutes": settings.SESSION_IDLE_TIMEOUT // 60, "max_hours": settings.SESSION_COOKIE_AGE // 3600})


@login_required
@require_POST
def logout_everywhere(request):
    """Ends every session of this user, on every device, this one included."""
    user = request.user
    if not confirmed(request):
        return confirmation(
            request, title=_("Keluar dari semua perangkat"), button=_("Ya, keluar dari semua perangkat"),
            cancel_url=reverse("account_security"),
            message=_("Semua sesi Anda akan diakhiri, di setiap perangkat, termasuk perangkat ini. Anda perlu "
                      "masuk lagi."))
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])
    log_login(request, LoginEvent.Outcome.LOGOUT_ALL, user=user)
    auth_logout(request)
    messages.success(request, _("Anda sudah keluar dari semua perangkat. Silakan masuk lagi."))
    return redirect("login")


@login_required
def my_data(request):
    """Everything Netral holds about the logged-in person (UU PDP right of access): a printable
    page, or JSON with ?format=json."""
    from netral.core.privacy import my_data as collect

    data = collect(request.user)
    if request.GET.get("format") == "json":
        resp = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        resp["Content-Disposition"] = f'attachment; filename="data-saya-{timezone.localdate().isoformat()}.json"'
        return resp
    return render(request, "registration/my_data.html", {"data": data})


# --- Admin ---------------------------------------------------------------------------------------


@role_required(Role.ADMIN)
def login_history(request):
    from netral.core.views import paginate

    qs = LoginEvent.objects.for_user(request.user).select_related("user")
    q = request.GET.get("q", "").strip()
    outcome = request.GET.get("outcome", "")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(source__startswith=q))
    if outcome in LoginEvent.Outcome.values:
        qs = qs.filter(outcome=outcome)
    return render(request, "core/login_history.html", {"page": paginate(request, qs), "q": q, "outcome": outcome,
                                                       "outcomes": LoginEvent.Outcome.choices})


@role_required(Role.ADMIN)
def access_log(request):
    from netral.core.views import paginate

    qs = AccessLog.objects.for_user(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(object_repr__icontains=q) | Q(kind=q))
    return render(request, "core/access_log.html", {"page": paginate(request, qs), "q": q})


@role_required(Role.ADMIN)
@require_POST
def user_2fa_reset(request, pk):
    """A user who lost their phone and their recovery codes: an Admin of their unit resets 2FA;
    the user enrols again at the next login."""
    target = get_scoped_or_404(User, request.user, pk=pk)
    if not confirmed(request):
        return confirmation(
            request, title=_("Reset verifikasi dua langkah"), button=_("Ya, reset"),
            cancel_url=reverse("user_edit", args=[target.pk]),
            message=_("Verifikasi dua langkah %(u)s akan direset: aplikasi autentikator dan kode pemulihannya tidak "
                      "berlaku lagi, semua sesinya berakhir, dan ia harus mendaftar ulang saat masuk berikutnya.")
            % {"u": target.get_full_name() or target.username})
    _reset_2fa(target)
    target.session_salt = secrets.token_hex(16)
    target.save(update_fields=["session_salt"])
    audit.record_event(target, "verifikasi dua langkah direset oleh Admin", actor=request.user)
    messages.success(request, _("Verifikasi dua langkah %(u)s direset; ia harus mendaftar ulang saat masuk.")
                     % {"u": target.username})
    return redirect(reverse("user_edit", args=[target.pk]))
