"""URLs of the manager pages: portfolio dashboard, policy, import."""

from django.urls import path

from laoke.web.views import dashboard, policy

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("policy/", policy.policy_page, name="policy"),
    path("policy/preview/", policy.policy_preview, name="policy_preview"),
    path("policy/download.toml", policy.policy_download, name="policy_download"),
]
