from django.urls import path
from django.views.generic import RedirectView

from netral.monitoring import views

urlpatterns = [
    path("", views.finding_list, name="finding_list"),
    path("temuan/massal/", views.finding_bulk, name="finding_bulk"),
    path("temuan/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("temuan/<int:pk>/tindak/", views.finding_action, name="finding_action"),
    path("temuan/<int:pk>/bukti.zip", views.finding_evidence, name="finding_evidence"),
    path("konten/", views.content_list, name="content_list"),
    path("konten/baru/", views.content_create, name="content_create"),
    path("konten/<int:pk>/", views.content_detail, name="content_detail"),
    path("konten/<int:pk>/koreksi/", views.content_correct, name="content_correct"),
    path("berkas/<int:pk>/", views.media_file, name="media_file"),
    path("impor/", views.import_upload, name="content_import"),
    path("impor/<int:pk>/", views.import_detail, name="content_import_detail"),
    path("impor/<int:pk>/status/", views.import_status, name="content_import_status"),
    # The placeholder case pages moved to the cases app; old links keep working.
    path("kasus/", RedirectView.as_view(pattern_name="case_list", permanent=True)),
    path("kasus/<int:pk>/", RedirectView.as_view(pattern_name="case_detail", permanent=True)),
]
