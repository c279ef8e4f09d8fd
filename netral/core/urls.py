from django.urls import path

from netral.core import account_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/baru/", views.unit_edit, name="unit_create"),
    path("unit/impor/", views.unit_import, name="unit_import"),
    path("unit/impor/<int:pk>/", views.unit_import_detail, name="unit_import_detail"),
    path("unit/impor/<int:pk>/status/", views.unit_import_status, name="unit_import_status"),
    path("unit/impor/<int:pk>/laporan.csv", views.unit_import_report, name="unit_import_report"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/hapus/", views.unit_delete, name="unit_delete"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_edit, name="user_create"),
    path("pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/reset-2fa/", account_views.user_2fa_reset, name="user_2fa_reset"),
    path("pengguna/riwayat-masuk/", account_views.login_history, name="login_history"),
    path("audit/akses/", account_views.access_log, name="access_log"),
    path("identitas-kantor/", views.office_edit, name="office_edit"),
    path("identitas-kantor/<int:pk>/logo/", views.office_logo, name="office_logo"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/<int:seq>/", views.audit_detail, name="audit_detail"),
]
