"""URLs of the jobs app."""

from django.urls import URLPattern, URLResolver, path

from laoke.jobs import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("jobs/", views.jobs_page, name="jobs"),
    path("jobs/run/<str:kind>/", views.job_run, name="job_run"),
    path("jobs/schedule/<str:kind>/", views.schedule_save, name="schedule_save"),
    path("jobs/<int:job_id>/", views.job_card, name="job_card"),
    path("jobs/<int:job_id>/wait/", views.job_page, name="job_page"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
]
