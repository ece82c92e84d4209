"""URLs of the manager pages: portfolio dashboard, policy, import."""

from django.urls import path

from laoke.web.views import dashboard, imports, policy

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("policy/", policy.policy_page, name="policy"),
    path("policy/preview/", policy.policy_preview, name="policy_preview"),
    path("policy/versions/<int:version_id>/", policy.policy_version, name="policy_version"),
    path("policy/download.toml", policy.policy_download, name="policy_download"),
    path("import/", imports.import_page, name="import"),
    path("import/run/", imports.import_run, name="import_run"),
    path("import/mapping/", imports.import_apply_mapping, name="import_apply_mapping"),
    path("import/<int:batch_id>/", imports.import_batch, name="import_batch"),
    path("import/<int:batch_id>/progress/", imports.import_progress, name="import_progress"),
    path("import/<int:batch_id>/errors.csv", imports.import_errors, name="import_errors"),
]
