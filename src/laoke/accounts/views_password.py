"""Password pages: every user changes their own; a manager gives a temporary password."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from laoke.accounts.access import current_user, manager_required
from laoke.accounts.forms_password import OwnPasswordChangeForm, TemporaryPasswordForm
from laoke.accounts.services.passwords import password_changed, resettable_users, set_temporary_password
from laoke.platform.fields import parse_id


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (old password first; the session stays logged in), audited."""

    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form: Form) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            password_changed(user=current_user(self.request))
        messages.success(self.request, _("Your password has been changed."))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = current_user(self.request)
        return {**super().get_context_data(**kwargs), "forced": user.must_change_password, "nav": "account"}


@manager_required
@sensitive_post_parameters("password1", "password2")
def temporary_password(request: HttpRequest) -> HttpResponse:
    """A manager sets a temporary password for someone they may manage; it must be changed at login."""
    user = current_user(request)
    people = resettable_users(user)
    chosen = parse_id(request.GET.get("user"))
    form = TemporaryPasswordForm(request.POST or None, people=people, initial={"user": chosen})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["user"]
        with transaction.atomic():
            set_temporary_password(by=user, target=target, password=form.cleaned_data["password1"])
        messages.success(
            request,
            _("Temporary password set for %(name)s. They must choose their own at their next login.")
            % {"name": target},
        )
        return redirect("team")
    context = {"nav": "team", "form": form, "people": people}
    return render(request, "accounts/temporary_password.html", context, status=400 if form.errors else 200)
