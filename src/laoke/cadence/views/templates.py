"""The company's mail templates: list every kind and language, edit one, go back to the default."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from laoke.cadence.forms import MailTemplateForm
from laoke.cadence.models import MailTemplate
from laoke.cadence.services.reports import kind_label
from laoke.core.cadence.drafts import DEFAULTS, PLACEHOLDERS
from laoke.web.access import current_user

LANGUAGES = ("en", "zh")


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    """Every template kind and language, marked when the company changed it."""
    custom = {(t.kind, t.language): t for t in MailTemplate.objects.all()}
    kinds = sorted({k for k, _lang in DEFAULTS} | {k for k, _lang in custom})
    rows = [
        (
            kind,
            kind_label(kind),
            [
                (lang, custom.get((kind, lang)) or DEFAULTS.get((kind, lang)), (kind, lang) in custom)
                for lang in LANGUAGES
            ],
        )
        for kind in kinds
    ]
    return render(request, "cadence/templates.html", {"rows": rows, "nav": "cadence"})


@login_required
def template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit the company's template (managers and admins); saving an unknown placeholder is refused."""
    user = current_user(request)
    if not user.is_manager:
        raise PermissionDenied
    default = DEFAULTS.get((kind, language))
    if default is None or language not in LANGUAGES:
        raise Http404
    instance = MailTemplate.objects.filter(kind=kind, language=language).first()
    if request.method == "POST" and request.POST.get("reset"):
        if instance is not None:
            instance.delete()
        messages.success(request, _("Back to the built-in template."))
        return redirect("cadence_templates")
    initial = {"subject": default.subject, "body": default.body} if instance is None else None
    form = MailTemplateForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.kind, template.language, template.updated_by = kind, language, user
        template.save()
        messages.success(request, _("Template saved."))
        return redirect("cadence_templates")
    context = {
        "form": form,
        "kind": kind,
        "kind_label": kind_label(kind),
        "language": language,
        "custom": instance is not None,
        "placeholders": [f"{{{p}}}" for p in PLACEHOLDERS],
        "nav": "cadence",
    }
    return render(request, "cadence/template_edit.html", context)
