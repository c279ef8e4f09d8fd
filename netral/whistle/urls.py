from django.urls import path

from netral.whistle import views

# Public: mounted at /lapor/ (a stable address printed on posters). Staff: /pengaduan/.
public_urlpatterns = [
    path("", views.report_form, name="whistle_form"),
    path("kode/", views.receipt_confirm, name="whistle_receipt_confirm"),
    path("status/", views.status, name="whistle_status"),
]

urlpatterns = [
    path("", views.report_list, name="whistle_list"),
    path("poster.pdf", views.poster, name="whistle_poster"),
    path("<int:pk>/", views.report_detail, name="whistle_detail"),
    path("<int:pk>/berkas/<int:att_pk>/", views.attachment_download, name="whistle_attachment"),
    path("<int:pk>/<str:action>/", views.report_action, name="whistle_action"),
]
