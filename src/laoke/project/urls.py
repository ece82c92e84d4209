from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("laoke.api.urls")),
    path("", include("laoke.cadence.urls")),
    path("", include("laoke.mailbox.urls")),
    path("", include("laoke.accounts.urls")),
    path("", include("laoke.kpi.urls")),
    path("", include("laoke.jobs.urls")),
    path("", include("laoke.company.urls")),
    path("", include("laoke.pipeline.urls")),
    path("", include("laoke.retention.urls")),
    path("", include("laoke.web.urls")),
]
