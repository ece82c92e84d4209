"""URLs of the team pages (managers), the handover dossiers and the password pages."""

from django.urls import path

from laoke.accounts import views, views_password, views_people

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/policy/", views.access_policy, name="access_policy"),
    path("team/pool/", views.pool, name="pool"),
    path("team/<int:user_id>/handover/", views.handover, name="handover"),
    path("team/people/new/", views_people.person_new, name="person_new"),
    path("team/<int:user_id>/edit/", views_people.person_edit, name="person_edit"),
    path("team/password/", views_password.temporary_password, name="temporary_password"),
    path("account/password/", views_password.PasswordChange.as_view(), name="password_change"),
    path("customers/<int:customer_id>/dossiers/", views.dossiers, name="customer_dossiers"),
    path("customers/<int:customer_id>/sharing/", views.sharing, name="customer_sharing"),
]
