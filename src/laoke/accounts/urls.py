"""URLs of the team pages (managers) and of the handover dossiers."""

from django.urls import path

from laoke.accounts import views

urlpatterns = [
    path("team/", views.team, name="team"),
    path("team/policy/", views.access_policy, name="access_policy"),
    path("team/pool/", views.pool, name="pool"),
    path("team/<int:user_id>/handover/", views.handover, name="handover"),
    path("customers/<int:customer_id>/dossiers/", views.dossiers, name="customer_dossiers"),
    path("customers/<int:customer_id>/sharing/", views.sharing, name="customer_sharing"),
]
