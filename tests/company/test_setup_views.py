"""Company set-up pages: settings, exchange rates (one, a file, pasted) and risk tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.audit.models import AuditEvent
from laoke.company.models import CompanySettings, CountryPolicy, CurrencyPolicy, ExchangeRate
from laoke.fileio.export import xlsx_bytes

pytestmark = pytest.mark.django_db

PAGES = ["company_setup", "company_rates", "company_risks"]


@pytest.mark.parametrize("name", PAGES)
def test_salesperson_gets_403(sales_client: Client, name: str) -> None:
    """It refuses every set-up page, read or write, to a salesperson."""
    assert sales_client.get(reverse(name)).status_code == 403
    assert sales_client.post(reverse(name), {"name": "X"}).status_code == 403


def test_salesperson_cannot_delete_a_rate(sales_client: Client) -> None:
    """It refuses a salesperson's delete and keeps the rate."""
    rate = ExchangeRate.objects.create(
        currency="GBP", valid_from=dt.date(2025, 1, 1), rate_to_home=Decimal("9")
    )
    assert sales_client.post(reverse("company_rate_delete", args=[rate.pk])).status_code == 403
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


def test_menu_shows_company_to_managers_only(manager_client: Client, sales_client: Client) -> None:
    """It lists the set-up page in a manager's menu and not in a salesperson's."""
    href = reverse("company_setup")
    assert f'href="{href}"' in manager_client.get(reverse("company_rates")).content.decode()
    assert f'href="{href}"' not in sales_client.get("/").content.decode()


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "en",
            ["Company set-up", "Home currency", "Fiscal year starts in", "Time zone", "GBP · British Pound"],
        ),
        ("zh-hans", ["公司设置", "本位币", "财年起始月份", "时区", "GBP · 英镑"]),
    ],
)
def test_settings_page_speaks_both_languages(manager_client: Client, lang: str, labels: list[str]) -> None:
    """It labels the settings form and names currencies in the reader's language."""
    manager_client.cookies["django_language"] = lang
    html = manager_client.get(reverse("company_setup")).content.decode()
    for label in labels:
        assert label in html


def test_manager_saves_settings_and_it_is_audited(manager_client: Client) -> None:
    """It stores name, home currency, fiscal year start and time zone, and audits the change."""
    response = manager_client.post(
        reverse("company_setup"),
        {
            "name": "Ningbo Tools",
            "home_currency": "CNY",
            "fiscal_year_start_month": "4",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    saved = CompanySettings.objects.get(pk=1)
    assert (saved.name, saved.home_currency, saved.fiscal_year_start_month, saved.time_zone) == (
        "Ningbo Tools",
        "CNY",
        4,
        "Europe/London",
    )
    event = AuditEvent.objects.get(action="company_setup")
    assert event.user is not None and event.user.username == "boss"
    assert event.detail["changes"]["home_currency"] == ["USD", "CNY"]


def test_unknown_time_zone_is_refused(manager_client: Client) -> None:
    """It refuses a time zone that does not exist and stores nothing."""
    response = manager_client.post(
        reverse("company_setup"),
        {"name": "X", "home_currency": "CNY", "fiscal_year_start_month": "1", "time_zone": "Mars/Olympus"},
    )
    assert response.status_code == 400
    assert CompanySettings.load().home_currency == "USD"
    assert not AuditEvent.objects.filter(action="company_setup").exists()


def test_manager_adds_a_rate_and_it_is_audited(manager_client: Client) -> None:
    """It stores one rate (code upper-cased) and audits it; the history lists it."""
    response = manager_client.post(
        reverse("company_rates"),
        {"action": "add", "currency": "gbp", "valid_from": "2025-01-01", "rate": "9.12"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.valid_from, rate.rate_to_home) == (
        "GBP",
        dt.date(2025, 1, 1),
        Decimal("9.12"),
    )
    assert AuditEvent.objects.get(action="company_setup").target == "exchange rate GBP 2025-01-01"
    html = manager_client.get(reverse("company_rates")).content.decode()
    assert "British Pound" in html and "9.12" in html


def test_rate_of_zero_is_refused(manager_client: Client) -> None:
    """It refuses a rate of 0 and stores nothing."""
    response = manager_client.post(
        reverse("company_rates"),
        {"action": "add", "currency": "GBP", "valid_from": "2025-01-01", "rate": "0"},
    )
    assert response.status_code == 400
    assert not ExchangeRate.objects.exists()


RATES_CSV = "币种,日期,汇率\nGBP,2025-01-01,9.1\nEUR,2025-01-01,7.8\nGBP,2025-02-01,9.2\n"


def test_rates_file_with_chinese_headers_is_stored(manager_client: Client) -> None:
    """It stores every rate of a CSV with Chinese headers and audits the upload once."""
    upload = SimpleUploadedFile("rates.csv", RATES_CSV.encode())
    response = manager_client.post(reverse("company_rates"), {"action": "upload", "file": upload})
    assert response.status_code == 302
    assert ExchangeRate.objects.count() == 3
    event = AuditEvent.objects.get(action="company_setup")
    assert event.rows == 3 and event.detail["currencies"] == ["EUR", "GBP"]


def test_rates_workbook_with_english_headers_replaces_the_same_day(manager_client: Client) -> None:
    """It reads an XLSX (currency, date, rate) and replaces the rate of a currency and day already stored."""
    ExchangeRate.objects.create(currency="GBP", valid_from=dt.date(2025, 1, 1), rate_to_home=Decimal("8"))
    data = xlsx_bytes(
        ["currency", "date", "rate"], [["GBP", "2025-01-01", 9.5], ["JPY", "2025-01-01", 0.048]]
    )
    upload = SimpleUploadedFile("rates.xlsx", data)
    manager_client.post(reverse("company_rates"), {"action": "upload", "file": upload})
    stored = dict(ExchangeRate.objects.values_list("currency", "rate_to_home"))
    assert stored == {"GBP": Decimal("9.5"), "JPY": Decimal("0.048")}


def test_rates_file_with_a_bad_row_stores_nothing_and_names_row_and_field(manager_client: Client) -> None:
    """It stores no rate when one row is wrong and says which row and which column."""
    text = RATES_CSV + "EUR,2025-02-01,abc\n"
    upload = SimpleUploadedFile("rates.csv", text.encode())
    response = manager_client.post(reverse("company_rates"), {"action": "upload", "file": upload})
    assert response.status_code == 400
    assert not ExchangeRate.objects.exists()
    assert response.context["row_errors"] == [(5, "汇率", "'abc' is not a number")]
    assert not AuditEvent.objects.filter(action="company_setup").exists()


def test_pasted_rates_are_stored_and_go_back_to_next(manager_client: Client) -> None:
    """It stores a table pasted from a spreadsheet (tabs) and returns to the page named in next."""
    text = "currency\tdate\trate\nGBP\t2025-03-01\t9.3\n"
    response = manager_client.post(
        reverse("company_rates"), {"action": "upload", "text": text, "next": "/import/batch/7/"}
    )
    assert response.status_code == 302 and response["Location"] == "/import/batch/7/"
    assert ExchangeRate.objects.get().rate_to_home == Decimal("9.3")


def test_rates_upload_never_goes_back_to_another_site(manager_client: Client) -> None:
    """It ignores a next pointing to another site."""
    text = "currency,date,rate\nGBP,2025-03-01,9.3\n"
    response = manager_client.post(
        reverse("company_rates"), {"action": "upload", "text": text, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("company_rates")


def test_manager_deletes_a_rate(manager_client: Client) -> None:
    """It deletes a rate and audits it."""
    rate = ExchangeRate.objects.create(
        currency="GBP", valid_from=dt.date(2025, 1, 1), rate_to_home=Decimal("9")
    )
    manager_client.post(reverse("company_rate_delete", args=[rate.pk]))
    assert not ExchangeRate.objects.exists()
    assert "deleted" in AuditEvent.objects.get(action="company_setup").target


def test_country_and_currency_risk_are_saved_changed_and_audited(manager_client: Client) -> None:
    """It adds a country risk, changes it on a second save, adds a currency risk, audits each."""
    manager_client.post(
        reverse("company_risks"), {"kind": "country", "country": "GB", "risk": "2", "note": ""}
    )
    manager_client.post(
        reverse("company_risks"), {"kind": "country", "country": "GB", "risk": "4", "note": "tariffs"}
    )
    manager_client.post(
        reverse("company_risks"),
        {"kind": "currency", "currency": "try", "volatility_pct": "35.5", "note": ""},
    )
    assert list(CountryPolicy.objects.values_list("country", "risk", "note")) == [("GB", 4, "tariffs")]
    assert list(CurrencyPolicy.objects.values_list("currency", "volatility_pct")) == [
        ("TRY", Decimal("35.50"))
    ]
    assert AuditEvent.objects.filter(action="company_setup").count() == 3


@pytest.mark.parametrize(("lang", "name"), [("en", "United Kingdom"), ("zh-hans", "英国")])
def test_country_names_are_localised(manager_client: Client, lang: str, name: str) -> None:
    """It names the countries of the risk table in the reader's language."""
    CountryPolicy.objects.create(country="GB", risk=3)
    manager_client.cookies["django_language"] = lang
    html = manager_client.get(reverse("company_risks")).content.decode()
    assert f"{name} <span" in html


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "How much a currency moves against the home currency (CNY) in a year"),
        ("zh-hans", "该货币一年内相对本位币（CNY）的波动幅度"),
    ],
)
def test_the_currency_table_names_the_home_currency_it_is_against(
    manager_client: Client, lang: str, said: str
) -> None:
    """The rows are volatility against the home currency (the scorecard reads them so): the page
    names it, so that a company keeping its books in CNY does not enter rates against USD."""
    settings = CompanySettings.load()
    settings.home_currency = "CNY"
    settings.save()
    manager_client.cookies["django_language"] = lang
    assert said in manager_client.get(reverse("company_risks")).content.decode()


def test_salesperson_cannot_change_risk(sales_client: Client) -> None:
    """It refuses a salesperson's risk change and stores nothing."""
    response = sales_client.post(reverse("company_risks"), {"kind": "country", "country": "GB", "risk": "5"})
    assert response.status_code == 403
    assert not CountryPolicy.objects.exists()
