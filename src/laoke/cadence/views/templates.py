"""Mail templates: the company's (managers) and each salesperson's own, per task kind and language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from laoke.accounts.access import current_user
from laoke.accounts.models import User
from laoke.cadence.forms import MailTemplateForm
from laoke.cadence.letters import built_in
from laoke.cadence.models import MailTemplate
from laoke.cadence.services.reports import kind_label
from laoke.core.cadence.drafts import LETTER_KINDS, PLACEHOLDERS
from laoke.core.cadence.salutation import DRAFT_LANGUAGES

LANGUAGES = DRAFT_LANGUAGES
#: Each language under its own name, as its readers write it.
LANGUAGE_NAMES = {
    "zh": "中文",
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "fr": "Français",
    "ru": "Русский",
    "ar": "العربية",
    "pt": "Português",
    "ja": "日本語",
}


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    """Every template kind in one language: the built-in text, the company's and the user's own."""
    user = current_user(request)
    language = request.GET.get("lang", "")
    if language not in LANGUAGES:
        language = "zh" if (request.LANGUAGE_CODE or "").startswith("zh") else "en"
    company = {t.kind: t for t in MailTemplate.objects.filter(language=language, owner__isnull=True)}
    own = {t.kind: t for t in MailTemplate.objects.filter(language=language, owner=user)}
    kinds = sorted(LETTER_KINDS)
    rows = [
        {
            "kind": kind,
            "label": kind_label(kind),
            "template": own.get(kind) or company.get(kind) or built_in().get((kind, language)),
            "company": kind in company,
            "own": kind in own,
        }
        for kind in kinds
    ]
    context = {
        "rows": rows,
        "language": language,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "nav": "cadence",
    }
    return render(request, "cadence/templates.html", context)


def _edit(request: HttpRequest, kind: str, language: str, owner: User | None) -> HttpResponse:
    user = current_user(request)
    default = built_in().get((kind, language))
    if default is None or language not in LANGUAGES:
        raise Http404
    back = f"{reverse('cadence_templates')}?lang={language}"
    instance = MailTemplate.objects.filter(kind=kind, language=language, owner=owner).first()
    if request.method == "POST" and request.POST.get("reset"):
        if instance is not None:
            instance.delete()
        messages.success(request, _("Back to the built-in template."))
        return redirect(back)
    initial = {"subject": default.subject, "body": default.body} if instance is None else None
    if instance is None and owner is not None:
        company = MailTemplate.objects.filter(kind=kind, language=language, owner__isnull=True).first()
        if company is not None:
            initial = {"subject": company.subject, "body": company.body}
    form = MailTemplateForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.kind, template.language, template.owner, template.updated_by = kind, language, owner, user
        template.save()
        messages.success(request, _("Template saved."))
        return redirect(back)
    context = {
        "form": form,
        "kind": kind,
        "kind_label": kind_label(kind),
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "custom": instance is not None,
        "own": owner is not None,
        "placeholders": [f"{{{p}}}" for p in PLACEHOLDERS],
        "nav": "cadence",
    }
    return render(request, "cadence/template_edit.html", context)


@login_required
def template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit the company's template (managers and admins); saving an unknown placeholder is refused."""
    if not current_user(request).is_manager:
        raise PermissionDenied
    return _edit(request, kind, language, None)


@login_required
def template_edit_own(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    """Edit the user's own template, which wins over the company's for their drafts."""
    return _edit(request, kind, language, current_user(request))
