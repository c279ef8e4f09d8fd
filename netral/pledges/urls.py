from django.urls import path

from netral.pledges import views

urlpatterns = [
    path("", views.index, name="pledges_index"),
    path("pakta/", views.pledges_home, name="pledges_home"),
    path("saya/", views.my_pledges, name="my_pledges"),
    # Regulation library
    path("regulasi/", views.regulation_list, name="regulation_list"),
    path("aturan/", views.rules, name="rules"),
    path("regulasi/baru/", views.regulation_edit, name="regulation_create"),
    path("regulasi/<int:pk>/", views.regulation_detail, name="regulation_detail"),
    path("regulasi/<int:pk>/ubah/", views.regulation_edit, name="regulation_edit"),
    path("regulasi/<int:pk>/berkas/", views.regulation_file, name="regulation_file"),
    # Socialisation and ikrar events
    path("kegiatan/", views.event_list, name="event_list"),
    path("kegiatan/baru/", views.event_edit, name="event_create"),
    path("kegiatan/hadir/<str:token>/", views.checkin_token, name="event_checkin_token"),
    path("kegiatan/<int:pk>/", views.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", views.event_edit, name="event_edit"),
    path("kegiatan/<int:pk>/hadir/", views.event_checkin, name="event_checkin"),
    path("kegiatan/<int:pk>/qr/", views.event_qr, name="event_qr"),
    path("kegiatan/<int:pk>/impor/", views.event_import, name="event_import"),
    path("kegiatan/impor/<int:pk>/", views.attendance_import_detail, name="attendance_import_detail"),
    path("kegiatan/impor/<int:pk>/status/", views.attendance_import_status, name="attendance_import_status"),
    path("kegiatan/impor/<int:pk>/laporan.csv", views.attendance_import_report, name="attendance_import_report"),
    path("kegiatan/<int:pk>/materi/", views.event_material, name="event_material"),
    # Integrity pacts
    path("pakta/templat/baru/", views.template_edit, name="template_create"),
    path("pakta/templat/<int:pk>/", views.template_detail, name="template_detail"),
    path("pakta/templat/<int:pk>/ubah/", views.template_edit, name="template_edit"),
    path("pakta/templat/<int:pk>/buat/", views.template_generate, name="template_generate"),
    path("pakta/templat/<int:pk>/ingatkan/", views.template_remind, name="template_remind"),
    path("pakta/proses/<int:pk>/", views.generation_detail, name="generation_detail"),
    path("pakta/<int:pk>/", views.pact_detail, name="pact_detail"),
    path("pakta/<int:pk>/pdf/", views.pact_pdf, name="pact_pdf"),
    path("pakta/<int:pk>/tandatangan/", views.pact_sign, name="pact_sign"),
    path("pakta/<int:pk>/pindaian/", views.pact_scan, name="pact_scan"),
    path("pakta/<int:pk>/pindaian/berkas/", views.pact_scan_file, name="pact_scan_file"),
    path("verifikasi/", views.pact_verify_form, name="pact_verify_form"),
    path("verifikasi/<str:code>/", views.pact_verify, name="pact_verify"),
    # Task forces
    path("tim/", views.taskforce_list, name="taskforce_list"),
    path("tim/baru/", views.taskforce_edit, name="taskforce_create"),
    path("tim/<int:pk>/", views.taskforce_detail, name="taskforce_detail"),
    path("tim/<int:pk>/ubah/", views.taskforce_edit, name="taskforce_edit"),
    path("tim/<int:pk>/sk/", views.taskforce_decree, name="taskforce_decree"),
    path("tim/<int:pk>/anggota/", views.taskforce_member_add, name="taskforce_member_add"),
    path("tim/<int:pk>/anggota/<int:member_pk>/hapus/", views.taskforce_member_remove, name="taskforce_member_remove"),
]
