"""URLs of the manager pages: portfolio dashboard, policy, import."""

from django.urls import path

from laoke.web.views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
