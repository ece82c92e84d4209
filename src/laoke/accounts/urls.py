"""URLs of the people and password pages (the team pages are in ``laoke.web.urls_team``)."""

from django.urls import path

from laoke.accounts import views_password, views_people

urlpatterns = [
    path("team/people/new/", views_people.person_new, name="person_new"),
    path("team/<int:user_id>/edit/", views_people.person_edit, name="person_edit"),
    path("team/password/", views_password.temporary_password, name="temporary_password"),
    path("account/password/", views_password.PasswordChange.as_view(), name="password_change"),
]
