"""URLs of the Cadence app: drafts, calendar, win-back plans, trips, response times, templates."""

from django.urls import URLPattern, URLResolver, path

from laoke.cadence.views import calendar, drafts, festivals, overview, plans, templates, today

urlpatterns: list[URLPattern | URLResolver] = [
    path("cadence/", overview.overview, name="cadence_overview"),
    path("today/catch-up/", today.catch_up, name="today_catch_up"),
    path("today/budget/", today.budget, name="today_budget"),
    path("cadence/mails/", overview.log_customer_mail, name="cadence_log_mail"),
    path(
        "cadence/mails/<int:interaction_id>/answered/", overview.mail_answered, name="cadence_mail_answered"
    ),
    path("cadence/tasks/<int:task_id>/draft/", drafts.draft, name="cadence_draft"),
    path("cadence/calendar.ics", calendar.calendar_download, name="cadence_calendar"),
    path("cadence/feed/<str:token>.ics", calendar.calendar_feed, name="cadence_feed"),
    path("cadence/plans/<int:plan_id>/", plans.plan_detail, name="cadence_plan"),
    path("cadence/plans/<int:plan_id>/attempts/", plans.plan_attempt, name="cadence_plan_attempt"),
    path("cadence/plans/<int:plan_id>/review/", plans.plan_post_mortem, name="cadence_plan_review"),
    path("cadence/plans/<int:plan_id>/close/", plans.plan_close, name="cadence_plan_close"),
    path("cadence/customers/<int:customer_id>/plan/", plans.plan_start, name="cadence_plan_start"),
    path("cadence/visits/<int:visit_id>/", plans.visit_detail, name="cadence_visit"),
    path("cadence/templates/", templates.template_list, name="cadence_templates"),
    path(
        "cadence/templates/<str:kind>/<str:language>/", templates.template_edit, name="cadence_template_edit"
    ),
    path(
        "cadence/templates/<str:kind>/<str:language>/mine/",
        templates.template_edit_own,
        name="cadence_template_edit_own",
    ),
    path("cadence/festivals/", festivals.festival_list, name="cadence_festivals"),
]
