"""URLs of the Pipeline app: inquiries, board, target portrait, pace, portrait edit."""

from django.urls import URLPattern, URLResolver, path

from laoke.pipeline import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("inquiries/", views.inquiry_list, name="pipeline_inquiries"),
    path("inquiries/new/", views.inquiry_create, name="pipeline_inquiry_create"),
    path("inquiries/import/", views.inquiry_import, name="pipeline_inquiry_import"),
    path("inquiries/rescore/", views.inquiry_rescore, name="pipeline_inquiry_rescore"),
    path("inquiries/<int:prospect_id>/", views.inquiry_detail, name="pipeline_inquiry"),
    path("inquiries/<int:prospect_id>/edit/", views.inquiry_edit, name="pipeline_inquiry_edit"),
    path("pipeline/", views.board, name="pipeline_board"),
    path("pipeline/<int:prospect_id>/move/", views.prospect_move, name="pipeline_move"),
    path("pipeline/target/", views.target, name="pipeline_target"),
    path("pipeline/pace/", views.pace_page, name="pipeline_pace"),
    path("customers/<int:customer_id>/portrait/", views.portrait_edit, name="pipeline_portrait_edit"),
]
