from django import forms
from django.contrib import admin
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from netral.core.forms import BootstrapMixin


class LoginForm(BootstrapMixin, AuthenticationForm):
    """Login with a throttle: after MAX_FAILURES wrong passwords for one user name, that name is
    refused for LOCKOUT seconds, whatever the password (slows down password guessing)."""

    MAX_FAILURES = 5
    LOCKOUT = 15 * 60

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip().lower()
        key = f"login-failures:{username}"
        self.throttled = bool(username) and cache.get(key, 0) >= self.MAX_FAILURES
        if self.throttled:
            raise forms.ValidationError(
                _("Terlalu banyak percobaan masuk yang gagal untuk akun ini. Coba lagi dalam 15 menit."),
                code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                cache.add(key, 0, self.LOCKOUT)
                cache.incr(key)
            raise


class PasswordForm(BootstrapMixin, PasswordChangeForm):
    pass


urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(form_class=PasswordForm), name="password_change"),
    path("akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
    path("pegawai/", include("netral.people.urls")),
    path("pemilu/", include("netral.elections.urls")),
    path("pembinaan/", include("netral.pledges.urls")),
    path("pemantauan/", include("netral.monitoring.urls")),
    path("kasus/", include("netral.cases.urls")),
    path("laporan/", include("netral.reports.urls")),
    path("", include("netral.core.urls")),
]
