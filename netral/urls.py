from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as BaseSetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import include, path
from django.utils.translation import gettext as _
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from netral.api.api import api
from netral.core import account_views
from netral.core.forms import BootstrapMixin
from netral.whistle.urls import public_urlpatterns as whistle_public


class PasswordForm(BootstrapMixin, PasswordChangeForm):
    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("new_password1")
        # The same password again changes nothing, and keeps every other session alive (the session hash is
        # derived from the password): refused, so "change my leaked password" really ends the leak.
        if new and "new_password2" not in self.errors and self.user.check_password(new):
            self.add_error("new_password2", ValidationError(
                _("Kata sandi baru tidak boleh sama dengan kata sandi lama."), code="same_password"))
        return cleaned


class ResetForm(BootstrapMixin, PasswordResetForm):
    def save(self, *args, **kwargs):
        kwargs.setdefault("extra_email_context", {"site_name": settings.SITE_NAME})
        kwargs["domain_override"] = kwargs.get("domain_override") or settings.SITE_ROOT.split("://")[-1].rstrip("/")
        kwargs.setdefault("use_https", settings.SITE_ROOT.startswith("https://"))
        return super().save(*args, **kwargs)


class SetPasswordForm(BootstrapMixin, BaseSetPasswordForm):
    pass


urlpatterns = [
    path("masuk/", account_views.login_view, name="login"),
    path("masuk/kode/", account_views.login_code, name="login_code"),
    path("akun/keamanan/", account_views.account_security, name="account_security"),
    path("akun/2fa/", account_views.twofactor_enrol, name="twofactor_enrol"),
    path("akun/2fa/matikan/", account_views.twofactor_disable, name="twofactor_disable"),
    path("akun/2fa/kode-pemulihan/", account_views.recovery_codes_renew, name="recovery_codes_renew"),
    path("akun/keluar-semua/", account_views.logout_everywhere, name="logout_everywhere"),
    path("akun/data-saya/", account_views.my_data, name="my_data"),
    # Django admin's own login would skip the second factor: it goes through ours.
    path("django-admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(form_class=PasswordForm), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten password: a one-time link by e-mail (Django's token: single use, PASSWORD_RESET_TIMEOUT).
    path("akun/lupa-sandi/", auth_views.PasswordResetView.as_view(form_class=ResetForm), name="password_reset"),
    path("akun/lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("akun/lupa-sandi/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
         name="password_reset_confirm"),
    path("akun/lupa-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("pegawai/", include("netral.people.urls")),
    path("pemilu/", include("netral.elections.urls")),
    path("pembinaan/", include("netral.pledges.urls")),
    path("pemantauan/", include("netral.monitoring.urls")),
    path("kasus/", include("netral.cases.urls")),
    path("lapor/", include(whistle_public)),
    path("pengaduan/", include("netral.whistle.urls")),
    path("laporan/", include("netral.reports.urls")),
    # The API's bare root (django-ninja's "api-root" answers 404) leads to its offline docs instead.
    path("api/", RedirectView.as_view(url="/api/docs"), name="api_home"),
    path("api/", api.urls),
    path("integrasi/", include("netral.api.urls")),
    path("", include("netral.core.urls")),
]
