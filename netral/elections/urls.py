from django.urls import path
from django.views.generic import RedirectView

from netral.elections import views

# Separate prefixes (kalender/, titik-rawan/, matriks-risiko/) so that only one menu entry is
# highlighted at a time.
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="election_list"), name="elections_home"),
    path("kalender/", views.election_list, name="election_list"),
    path("kalender/baru/", views.election_edit, name="election_create"),
    path("kalender/salin/", views.election_copy, name="election_copy"),
    path("kalender/<slug:slug>/", views.election_calendar, name="election_calendar"),
    path("kalender/<slug:slug>/ubah/", views.election_edit, name="election_edit"),
    path("kalender/<slug:slug>/hapus/", views.election_delete, name="election_delete"),
    path("kalender/<slug:slug>/tahapan/baru/", views.stage_edit, name="stage_create"),
    path("kalender/<slug:slug>/tahapan/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("kalender/<slug:slug>/tahapan/<int:pk>/hapus/", views.stage_delete, name="stage_delete"),
    path("kalender/<slug:slug>/peserta/", views.contestant_list, name="contestant_list"),
    path("kalender/<slug:slug>/peserta/baru/", views.contestant_edit, name="contestant_create"),
    path("kalender/<slug:slug>/peserta/<int:pk>/", views.contestant_edit, name="contestant_edit"),
    path("kalender/<slug:slug>/peserta/<int:pk>/hapus/", views.contestant_delete, name="contestant_delete"),
    path("peserta/impor/", views.contestant_import, name="contestant_import"),
    path("peserta/impor/<int:pk>/", views.contestant_import_detail, name="contestant_import_detail"),
    path("peserta/impor/<int:pk>/status/", views.contestant_import_status, name="contestant_import_status"),
    path("peserta/impor/<int:pk>/laporan.csv", views.contestant_import_report, name="contestant_import_report"),
    path("titik-rawan/", views.risk_list, name="risk_list"),
    path("titik-rawan/baru/", views.risk_edit, name="risk_create"),
    path("titik-rawan/adopsi/", views.risk_adopt, name="risk_adopt"),
    path("titik-rawan/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("titik-rawan/<int:pk>/ubah/", views.risk_edit, name="risk_edit"),
    path("titik-rawan/<int:pk>/hapus/", views.risk_delete, name="risk_delete"),
    path("titik-rawan/<int:risk_pk>/mitigasi/baru/", views.mitigation_edit, name="mitigation_create"),
    path("titik-rawan/<int:risk_pk>/mitigasi/<int:pk>/", views.mitigation_edit, name="mitigation_edit"),
    path("mitigasi/<int:pk>/status/", views.mitigation_status, name="mitigation_status"),
    path("matriks-risiko/", views.risk_matrix, name="risk_matrix"),
]
