from django.urls import path

from netral.reports import views

urlpatterns = [
    path("", views.dashboard, name="report_dashboard"),
    path("monev/", views.report_list, name="report_list"),
    path("monev/baru/", views.report_create, name="report_create"),
    path("monev/<int:pk>/", views.report_detail, name="report_detail"),
    path("monev/<int:pk>/rekomendasi/", views.report_recommendations, name="report_recommendations"),
    path("monev/<int:pk>/<str:kind>/", views.report_file, name="report_file"),
    path("ekspor/temuan/", views.export_findings, name="export_findings"),
    path("ekspor/kasus/", views.export_cases, name="export_cases"),
]
