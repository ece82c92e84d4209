"""URLs of the Audit log app."""

from django.urls import URLPattern, URLResolver, path

from laoke.audit import views

urlpatterns: list[URLPattern | URLResolver] = [path("audit/", views.audit_log, name="audit_log")]
