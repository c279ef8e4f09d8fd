from django.urls import path

from netral.cases import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("baru/", views.case_create, name="case_create"),
    path("ekspor/", views.case_export, name="case_export"),
    path("lewat-batas/", views.overdue_list, name="case_overdue"),
    path("pengaturan/", views.case_settings, name="case_settings"),
    path("notifikasi/", views.notification_list, name="case_notifications"),
    path("notifikasi/dibaca/", views.notification_read, name="case_notifications_read"),
    path("pegawai/<int:pk>/", views.employee_file, name="employee_file"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/status/", views.case_transition, name="case_transition"),
    path("<int:pk>/dokumen/<int:doc_pk>/", views.case_document, name="case_document"),
    path("<int:pk>/penanggung-jawab/", views.case_assign, name="case_assign"),
    path("<int:pk>/catatan/", views.case_note, name="case_note"),
    path("<int:pk>/perpanjang/", views.case_extend, name="case_extend"),
    path("<int:pk>/klarifikasi/", views.hearing_create, name="hearing_create"),
    path("<int:pk>/klarifikasi/<int:hearing_pk>/kehadiran/", views.hearing_attendance, name="hearing_attendance"),
    path("<int:pk>/klarifikasi/<int:hearing_pk>/surat/<str:kind>/", views.hearing_letter, name="hearing_letter"),
    path("<int:pk>/klarifikasi/<int:hearing_pk>/berita-acara/", views.hearing_minutes_upload,
         name="hearing_minutes_upload"),
    path("<int:pk>/bukti/", views.case_evidence, name="case_evidence"),
    path("<int:pk>/rekomendasi/", views.case_recommend, name="case_recommend"),
    path("<int:pk>/sanksi/", views.case_sanction, name="case_sanction"),
    path("<int:pk>/teruskan/", views.case_forward, name="case_forward"),
    path("<int:pk>/teruskan/<int:fw_pk>/balasan/", views.forwarding_reply, name="forwarding_reply"),
]
