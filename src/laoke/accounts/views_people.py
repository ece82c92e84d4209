"""People pages: a manager adds a salesperson (or, company-wide, a manager) and moves people between teams."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from laoke.accounts.access import current_user, manager_required
from laoke.accounts.forms_people import ChangePersonForm, PersonForm
from laoke.accounts.services.people import (
    PeopleError,
    PersonDraft,
    add_person,
    assignable_roles,
    assignable_teams,
    change_person,
    managed_people,
)


@manager_required
@sensitive_post_parameters("password1", "password2")
def person_new(request: HttpRequest) -> HttpResponse:
    """Add a person with a temporary password; they choose their own at the first login."""
    user = current_user(request)
    roles, teams = assignable_roles(user), assignable_teams(user)
    initial = {"team": teams[0].pk if len(teams) == 1 else None}
    form = PersonForm(request.POST or None, roles=roles, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = PersonDraft(
            data["username"],
            data["first_name"],
            data["last_name"],
            data["email"],
            data["role"],
            data["team"],
            data["password1"],
        )
        try:
            with transaction.atomic():
                person = add_person(by=user, draft=draft)
        except PeopleError as refused:
            raise PermissionDenied from refused
        messages.success(
            request,
            _("%(name)s can now log in with the temporary password and must choose their own.")
            % {"name": person.get_full_name() or person.username},
        )
        return redirect("team")
    return render(
        request,
        "accounts/person_form.html",
        {"nav": "team", "form": form, "new": True},
        status=400 if form.errors else 200,
    )


@manager_required
def person_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """Change someone's team or role (company-level managers and admins)."""
    user = current_user(request)
    person = next((p for p in managed_people(user) if p.pk == user_id), None)
    if person is None:
        raise Http404
    roles, teams = assignable_roles(user), assignable_teams(user)
    form = ChangePersonForm(
        request.POST or None, roles=roles, teams=teams, initial={"role": person.role, "team": person.team_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                change_person(
                    by=user, person=person, role=form.cleaned_data["role"], team=form.cleaned_data["team"]
                )
        except PeopleError as refused:
            raise PermissionDenied from refused
        messages.success(
            request, _("%(name)s: team and role saved.") % {"name": person.get_full_name() or person.username}
        )
        return redirect("team")
    context = {"nav": "team", "form": form, "new": False, "person": person}
    return render(request, "accounts/person_form.html", context, status=400 if form.errors else 200)
