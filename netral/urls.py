from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from netral.core.forms import BootstrapMixin
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class LoginForm(BootstrapMixin, AuthenticationForm):
    pass


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
    path("", include("netral.core.urls")),
]
