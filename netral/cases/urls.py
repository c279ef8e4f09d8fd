from django.urls import path

from netral.cases import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("baru/", views.case_create, name="case_create"),
    path("ekspor/", views.case_export, name="case_export"),
    path("lewat-batas/", views.overdue_list, name="case_overdue"),
    path("notifikasi/", views.notification_list, name="case_notifications"),
    path("notifikasi/dibaca/", views.notification_read, name="case_notifications_read"),
    path("pegawai/<int:pk>/", views.employee_file, name="employee_file"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/status/", views.case_transition, name="case_transition"),
    path("<int:pk>/dokumen/<int:doc_pk>/", views.case_document, name="case_document"),
]
