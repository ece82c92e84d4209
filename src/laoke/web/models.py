"""Per-user state of the web app (saved list views)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A named customer-list query (filters and sort) a user keeps for one-click reuse."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=100)
    querystring = models.CharField(_("query"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="unique_saved_view_name")]

    def __str__(self) -> str:
        return self.name
