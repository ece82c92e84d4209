"""URLs of the KPIs app."""

from django.urls import URLPattern, URLResolver, path

from laoke.kpi import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("kpi/", views.kpi_page, name="kpi"),
    path("kpi/export.xlsx", views.kpi_export, name="kpi_export"),
]
