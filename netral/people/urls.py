from django.urls import path

from netral.people import views

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("baru/", views.employee_edit, name="employee_create"),
    path("ekspor/", views.employee_export, name="employee_export"),
    path("saya/", views.me, name="me"),
    path("akun-login/", views.logins, name="employee_logins"),
    path("aktivasi/<str:token>/", views.activate_login, name="login_activate"),
    path("impor/", views.import_upload, name="roster_import"),
    path("impor/<int:pk>/", views.import_detail, name="roster_import_detail"),
    path("impor/<int:pk>/status/", views.import_status, name="roster_import_status"),
    path("impor/<int:pk>/laporan.csv", views.import_report, name="roster_import_report"),
    path("akun/<int:pk>/hapus/", views.account_remove, name="account_remove"),
    path("akun/<int:pk>/verifikasi/", views.account_verify, name="account_verify"),
    path("akun/permintaan-hapus/", views.removal_list, name="account_removals"),
    path("akun/permintaan-hapus/<int:pk>/putuskan/", views.removal_decide, name="account_removal_decide"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("<int:pk>/akun/", views.account_add, name="account_add"),
]
