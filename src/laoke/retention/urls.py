"""URLs of the retention app: the year-end review."""

from django.urls import URLPattern, URLResolver, path

from laoke.retention import views, views_analyze

urlpatterns: list[URLPattern | URLResolver] = [
    path("alerts/", views.alert_inbox, name="alert_inbox"),
    path("analyze/", views_analyze.analyze_page, name="analyze_orders"),
    path("review/", views.review_index, name="year_review_index"),
    path("review/<int:year>/", views.year_review, name="year_review"),
    path("review/<int:year>/review.xlsx", views.year_review_export, name="year_review_export"),
]
