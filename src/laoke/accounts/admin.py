"""Admin site: people (role, team, leaving date) and teams. Accounts are deactivated, never deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(User)
class LaokeUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active", "left_on")
    list_filter = ("role", "team", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Laoke"), {"fields": ("role", "team", "left_on", "phone")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """People are deactivated (Team → Hand over), never deleted: their history stays."""
        return False
