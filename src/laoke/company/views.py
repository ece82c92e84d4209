"""Company set-up pages (managers only): settings, exchange rates, country and currency risk."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from laoke.accounts.access import current_user, manager_required, may_change_company_rules
from laoke.company import services
from laoke.company.currency import home_currency
from laoke.company.forms import CountryPolicyForm, CurrencyPolicyForm, RateFileForm, RateForm, SettingsForm
from laoke.company.models import CompanySettings, CountryPolicy, CurrencyPolicy, ExchangeRate
from laoke.company.names import CURRENCY_CODES, country_name, currency_name
from laoke.fileio.errors import FileReadError
from laoke.fileio.rates import RateFileResult, read_rate_file
from laoke.platform.redirects import safe_next

#: Rates listed on the page (newest first); the rest stay stored.
RATES_SHOWN = 500
#: Row errors of a rates file shown on the page.
ERRORS_SHOWN = 50


def _company_level(request: HttpRequest) -> None:
    """Company-wide rules (settings, risk tables) change at company level only; a team manager reads
    them (exchange rates are facts every manager may enter: imports need them)."""
    if not may_change_company_rules(current_user(request)):
        raise PermissionDenied


def _lang() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def _render(request: HttpRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    context = {"nav": "company", "currency_codes": CURRENCY_CODES, **context}
    return render(request, f"company/{template}", context, status=status)


@manager_required
def setup_page(request: HttpRequest) -> HttpResponse:
    """Company name, home currency, fiscal year start, time zone; a POST saves them."""
    settings = CompanySettings.load()
    form = SettingsForm(request.POST or None, instance=settings)
    if request.method == "POST":
        _company_level(request)
        if form.is_valid():
            with transaction.atomic():
                services.save_settings(settings=form.save(commit=False), user=current_user(request))
            messages.success(request, _("Company settings saved."))
            return redirect("company_setup")
        return _render(request, "setup.html", status=400, form=form, settings=settings)
    return _render(request, "setup.html", form=form, settings=settings)


def _rates_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    wanted = (request.GET.get("currency") or "").strip().upper()[:3]
    stored = ExchangeRate.objects.order_by("currency", "-valid_from")
    if wanted:
        stored = stored.filter(currency=wanted)
    home = CompanySettings.load().home_currency
    return {
        "home": home,
        "home_name": currency_name(home),
        "rates": [(r, currency_name(r.currency)) for r in stored[:RATES_SHOWN]],
        "rates_more": max(0, stored.count() - RATES_SHOWN),
        "wanted": wanted,
        "next": safe_next(request, "company_rates")
        if (request.POST.get("next") or request.GET.get("next"))
        else "",
        "form": RateForm(initial={"currency": wanted} if wanted else None),
        "file_form": RateFileForm(),
        **extra,
    }


def _read_posted_rates(form: RateFileForm) -> tuple[RateFileResult, str]:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        return read_rate_file(upload, name=upload.name, require_date=True), upload.name
    text = str(form.cleaned_data["text"]).strip() + "\n"
    return read_rate_file(io.BytesIO(text.encode("utf-8")), name="pasted.csv", require_date=True), _("pasted")


@manager_required
def rates_page(request: HttpRequest) -> HttpResponse:
    """The rate history (currency, date, rate to home currency); add one rate, or a file of them.

    A file is stored all or nothing: any bad row stores none and lists the rows with their fields.
    After a change the page goes back to ``next`` (the import that was missing rates) if given.
    """
    if request.method != "POST":
        return _render(request, "rates.html", **_rates_context(request))
    user = current_user(request)
    if request.POST.get("action") == "upload":
        file_form = RateFileForm(request.POST, request.FILES)
        if not file_form.is_valid():
            return _render(request, "rates.html", status=400, **_rates_context(request, file_form=file_form))
        try:
            result, source = _read_posted_rates(file_form)
        except FileReadError as exc:
            return _render(
                request, "rates.html", status=400, **_rates_context(request, file_error=exc.message(_lang()))
            )
        if result.error_count:
            errors = [(e.row, e.column, e.message(_lang())) for e in result.errors[:ERRORS_SHOWN]]
            return _render(
                request,
                "rates.html",
                status=400,
                **_rates_context(
                    request,
                    row_errors=errors,
                    error_count=result.error_count,
                    more_errors=max(0, result.error_count - ERRORS_SHOWN),
                ),
            )
        with transaction.atomic():
            saved = services.save_rates(frame=result.frame, user=user, source=source)
        messages.success(
            request,
            ngettext(
                "%(count)d rate stored (%(new)d new, %(changed)d changed).",
                "%(count)d rates stored (%(new)d new, %(changed)d changed).",
                saved.total,
            )
            % {"count": saved.total, "new": saved.created, "changed": saved.updated},
        )
        return redirect(safe_next(request, "company_rates"))
    form = RateForm(request.POST)
    if not form.is_valid():
        return _render(request, "rates.html", status=400, **_rates_context(request, form=form))
    with transaction.atomic():
        rate = services.add_rate(
            currency=form.cleaned_data["currency"],
            valid_from=form.cleaned_data["valid_from"],
            rate=form.cleaned_data["rate"],
            user=user,
        )
    messages.success(
        request,
        _("Rate stored: 1 %(currency)s = %(rate)s %(home)s from %(date)s.")
        % {
            "currency": rate.currency,
            "rate": rate.rate_to_home.normalize(),
            "home": CompanySettings.load().home_currency,
            "date": rate.valid_from.isoformat(),
        },
    )
    return redirect(safe_next(request, "company_rates"))


@manager_required
@require_POST
def rate_delete(request: HttpRequest, rate_id: int) -> HttpResponse:
    """Delete one stored rate."""
    rate = get_object_or_404(ExchangeRate, pk=rate_id)
    with transaction.atomic():
        services.delete_rate(rate=rate, user=current_user(request))
    messages.success(request, _("Rate deleted."))
    return redirect("company_rates")


def _risks_context(**extra: Any) -> dict[str, Any]:
    return {
        "countries": [(p, country_name(p.country)) for p in CountryPolicy.objects.all()],
        "currencies": [(p, currency_name(p.currency)) for p in CurrencyPolicy.objects.all()],
        "country_form": CountryPolicyForm(),
        "currency_form": CurrencyPolicyForm(),
        "home_currency": home_currency(),
        **extra,
    }


@manager_required
def risks_page(request: HttpRequest) -> HttpResponse:
    """Country risk (1 low … 5 high) and currency risk (yearly volatility): list, add or change."""
    if request.method != "POST":
        return _render(request, "risks.html", **_risks_context())
    _company_level(request)
    user = current_user(request)
    if request.POST.get("kind") == "currency":
        code = str(request.POST.get("currency", "")).strip().upper()
        currency_form = CurrencyPolicyForm(
            request.POST, instance=CurrencyPolicy.objects.filter(currency=code).first()
        )
        if not currency_form.is_valid():
            return _render(request, "risks.html", status=400, **_risks_context(currency_form=currency_form))
        with transaction.atomic():
            services.save_currency_policy(policy=currency_form.save(commit=False), user=user)
    else:
        code = str(request.POST.get("country", "")).strip().upper()
        country_form = CountryPolicyForm(
            request.POST, instance=CountryPolicy.objects.filter(country=code).first()
        )
        if not country_form.is_valid():
            return _render(request, "risks.html", status=400, **_risks_context(country_form=country_form))
        with transaction.atomic():
            services.save_country_policy(policy=country_form.save(commit=False), user=user)
    messages.success(request, _("Risk saved."))
    return redirect("company_risks")


@manager_required
@require_POST
def country_risk_delete(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Delete a country's risk."""
    _company_level(request)
    policy = get_object_or_404(CountryPolicy, pk=policy_id)
    with transaction.atomic():
        services.delete_country_policy(policy=policy, user=current_user(request))
    messages.success(request, _("Risk deleted."))
    return redirect("company_risks")


@manager_required
@require_POST
def currency_risk_delete(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Delete a currency's risk."""
    _company_level(request)
    policy = get_object_or_404(CurrencyPolicy, pk=policy_id)
    with transaction.atomic():
        services.delete_currency_policy(policy=policy, user=current_user(request))
    messages.success(request, _("Risk deleted."))
    return redirect("company_risks")
