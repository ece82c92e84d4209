"""URLs of the web app. New pages (dashboard, policy, import) add one module under views/ each."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from laoke.accounts.forms import LaokeAuthenticationForm
from laoke.web.views import customer_actions, customer_detail, customer_merge, customers, today

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", authentication_form=LaokeAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", today.today, name="home"),
    path("tasks/<int:task_id>/done/", today.task_done, name="task_done"),
    path("tasks/<int:task_id>/snooze/", today.task_snooze, name="task_snooze"),
    path("tasks/<int:task_id>/note/", today.task_note, name="task_note"),
    path("customers/", customers.customer_list, name="customer_list"),
    path("customers/export.xlsx", customers.customer_export, name="customer_export"),
    path("customers/export.csv", customers.customer_export, {"fmt": "csv"}, name="customer_export_csv"),
    path("customers/views/", customers.saved_view_create, name="saved_view_create"),
    path("customers/views/<int:view_id>/delete/", customers.saved_view_delete, name="saved_view_delete"),
    path("customers/<int:customer_id>/", customer_detail.customer_detail, name="customer_detail"),
    path(
        "customers/<int:customer_id>/panels/<slug:panel>/",
        customer_detail.customer_panel,
        name="customer_panel",
    ),
    path("customers/<int:customer_id>/merge/", customer_merge.customer_merge, name="customer_merge"),
    path(
        "customers/<int:customer_id>/interactions/",
        customer_detail.interaction_create,
        name="interaction_create",
    ),
    path("customers/<int:customer_id>/facts/", customer_actions.manual_facts, name="customer_facts"),
    path("customers/<int:customer_id>/lost/", customer_actions.customer_lost, name="customer_lost"),
    path("customers/<int:customer_id>/reopen/", customer_actions.customer_reopen, name="customer_reopen"),
    path(
        "customers/<int:customer_id>/complaints/", customer_actions.complaint_create, name="complaint_create"
    ),
    path(
        "complaints/<int:complaint_id>/resolve/", customer_actions.complaint_resolve, name="complaint_resolve"
    ),
    path("customers/<int:customer_id>/contacts/", customer_actions.contact_save, name="contact_create"),
    path(
        "customers/<int:customer_id>/contacts/<int:contact_id>/",
        customer_actions.contact_save,
        name="contact_update",
    ),
    path(
        "customers/<int:customer_id>/contacts/<int:contact_id>/edit/",
        customer_actions.contact_edit_form,
        name="contact_edit_form",
    ),
    path("customers/<int:customer_id>/tasks/", customer_actions.personal_task_create, name="customer_task"),
    path("tasks/new/", today.personal_task_create, name="personal_task"),
    path("alerts/<int:alert_id>/dismiss/", customer_detail.alert_dismiss, name="alert_dismiss"),
    path("", include("laoke.web.urls_manager")),
    path("", include("laoke.web.urls_team")),
]
