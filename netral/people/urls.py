from django.urls import path

from netral.people import views

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("baru/", views.employee_edit, name="employee_create"),
    path("ekspor/", views.employee_export, name="employee_export"),
    path("saya/", views.me, name="me"),
    path("impor/", views.import_upload, name="roster_import"),
    path("impor/<int:pk>/", views.import_detail, name="roster_import_detail"),
    path("impor/<int:pk>/status/", views.import_status, name="roster_import_status"),
    path("impor/<int:pk>/laporan.csv", views.import_report, name="roster_import_report"),
    path("akun/<int:pk>/hapus/", views.account_remove, name="account_remove"),
    path("akun/<int:pk>/verifikasi/", views.account_verify, name="account_verify"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("<int:pk>/akun/", views.account_add, name="account_add"),
]
