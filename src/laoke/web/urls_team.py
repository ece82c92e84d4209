"""URLs of the team pages (managers: people, access rules, the shared pool, handovers), the
audit log, and a customer's handover dossiers and sharing."""

from django.urls import path

from laoke.web.views import audit_log, team

urlpatterns = [
    path("team/", team.team, name="team"),
    path("team/policy/", team.access_policy, name="access_policy"),
    path("team/pool/", team.pool, name="pool"),
    path("team/<int:user_id>/handover/", team.handover, name="handover"),
    path("customers/<int:customer_id>/dossiers/", team.dossiers, name="customer_dossiers"),
    path("customers/<int:customer_id>/sharing/", team.sharing, name="customer_sharing"),
    path("audit/", audit_log.audit_log, name="audit_log"),
]
