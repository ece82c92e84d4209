"""URLs of the REST API app (mounted at ``/api/`` by the project)."""

from django.urls import URLPattern, URLResolver

from laoke.api.api import api

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = list(api.urls[0])
