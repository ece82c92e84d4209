"""URLs of the Mailbox app."""

from django.urls import URLPattern, URLResolver, path

from laoke.mailbox import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("mailbox/", views.mailbox_settings, name="mailbox_settings"),
    path("mailbox/sync/", views.mailbox_sync, name="mailbox_sync"),
    path("mailbox/disconnect/", views.mailbox_disconnect, name="mailbox_disconnect"),
    path("mailbox/proposals/<int:proposal_id>/", views.proposal_decide, name="mailbox_proposal"),
]
