from django.urls import path

from netral.api import views

urlpatterns = [
    path("token/", views.token_list, name="api_token_list"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="api_token_revoke"),
]
