"""URLs of the REST API app (mounted at ``/api/`` by the project): the token page, then the API."""

from django.urls import URLPattern, URLResolver, path

from laoke.api import views
from laoke.api.api import api

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("keys/", views.tokens_page, name="tokens_page"),
    path("keys/new/", views.create_token_view, name="token_create"),
    path("keys/<int:token_id>/revoke/", views.revoke_token_view, name="token_revoke"),
    *api.urls[0],
]
