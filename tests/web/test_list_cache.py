"""The customer list keeps its sorted ids and drop-downs per scope and book version: what a visit
shows after a change is what the uncached list shows, in English and in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from laoke.accounts.models import User
from laoke.retention.models import CustomerScore
from laoke.retention.services.alerts import dismiss_alert
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return [c.name for c in response.context["page"].object_list]


def _get(client: Client, path: str, lang: str):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = lang
    return client.get(path, HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_rescore_reorders_the_list_sorted_by_sales(manager_client: Client, lang: str) -> None:
    """Sorted by sales, the list follows the new scorecards on the next visit (a re-score deletes
    and rewrites them), not the order kept from the first visit."""
    a, b = f.customer("Alpha"), f.customer("Bravo")
    f.score(a, revenue_12m=100.0)
    f.score(b, revenue_12m=50.0)
    assert _names(_get(manager_client, "/customers/?sort=-revenue", lang)) == ["Alpha", "Bravo"]
    assert _names(_get(manager_client, "/customers/?sort=-revenue&page=1", lang)) == ["Alpha", "Bravo"]
    CustomerScore.objects.all().delete()
    f.score(a, revenue_12m=10.0)
    f.score(b, revenue_12m=500.0)
    page = _get(manager_client, "/customers/?sort=-revenue", lang)
    assert _names(page) == ["Bravo", "Alpha"]
    html = page.content.decode()
    assert html.index("Bravo") < html.index("Alpha")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_renamed_or_new_customer_takes_its_place_on_the_next_visit(
    manager_client: Client, lang: str
) -> None:
    """A customer renamed or added one by one moves the book version: the name sort is redone."""
    f.customer("Bravo")
    charlie = f.customer("Charlie")
    assert _names(_get(manager_client, "/customers/", lang)) == ["Bravo", "Charlie"]
    charlie.name = "Able"
    charlie.save()
    f.customer("Baker")
    assert _names(_get(manager_client, "/customers/", lang)) == ["Able", "Baker", "Bravo"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_dismissed_alert_leaves_the_open_alerts_list_at_once(
    manager_client: Client, manager: User, lang: str
) -> None:
    """Dismissing updates the alert in place (no new row, no signal): lists that read alerts are
    sorted on each visit, so the customer leaves "open alerts" and the alert sort at once."""
    a, b = f.customer("Alpha"), f.customer("Bravo")
    alert = f.alert(b)
    f.alert(a)
    f.alert(a)
    assert _names(_get(manager_client, "/customers/?alerts=open", lang)) == ["Alpha", "Bravo"]
    assert _names(_get(manager_client, "/customers/?sort=-alerts", lang)) == ["Alpha", "Bravo"]
    dismiss_alert(alert=alert, user=manager, note="done")
    assert _names(_get(manager_client, "/customers/?alerts=open", lang)) == ["Alpha"]
    for one in a.alerts.all():
        dismiss_alert(alert=one, user=manager, note="done")
    f.alert(b)
    assert _names(_get(manager_client, "/customers/?sort=-alerts", lang)) == ["Bravo", "Alpha"]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_salesperson_never_reads_the_ids_kept_for_a_manager(
    manager: User, sales: User, other_sales: User
) -> None:
    """The ids are kept per scope: after a manager's visit a salesperson still sees only their own."""
    manager_client, sales_client = _client(manager), _client(sales)
    f.customer("Mine", owner=sales)
    f.customer("Theirs", owner=other_sales)
    assert _names(manager_client.get("/customers/")) == ["Mine", "Theirs"]
    assert _names(sales_client.get("/customers/")) == ["Mine"]
    assert "Theirs" not in sales_client.get("/customers/").content.decode()


def test_a_handover_moves_the_customer_between_salespeople(sales: User, other_sales: User) -> None:
    """A customer handed over (one save) leaves the old owner's list on the next visit."""
    sales_client = _client(sales)
    mine = f.customer("Mine", owner=sales)
    assert _names(sales_client.get("/customers/")) == ["Mine"]
    mine.owner = other_sales
    mine.save()
    assert _names(sales_client.get("/customers/")) == []


@pytest.mark.parametrize(
    ("lang", "germany", "france"), [("en", "Germany", "France"), ("zh-hans", "德国", "法国")]
)
def test_the_country_drop_down_follows_the_book_in_the_reader_language(
    manager_client: Client, lang: str, germany: str, france: str
) -> None:
    """The drop-down values are kept per language: a Chinese reader never gets English names; a new
    customer's country is offered on the next visit."""
    f.customer("Alpha", country="DE")
    html = _get(manager_client, "/customers/", lang).content.decode()
    assert f'value="DE">{germany}</option>' in html and france not in html
    other = "zh-hans" if lang == "en" else "en"
    _get(manager_client, "/customers/", other)
    f.customer("Bravo", country="FR")
    html = _get(manager_client, "/customers/", lang).content.decode()
    assert f'value="DE">{germany}</option>' in html and f'value="FR">{france}</option>' in html


def test_a_second_visit_reads_only_the_rows_shown(manager_client: Client) -> None:
    """With the book unchanged, a visit reads the version and the 50 rows shown, not a sort of
    every customer: fewer queries than the first visit, and none without a LIMIT or an id list."""
    for i in range(60):
        c = f.customer(f"Cust {i:02d}")
        f.score(c, revenue_12m=float(i))
        f.order(c, dt.date(2024, 1, 1 + i % 28))
    manager_client.get("/customers/?sort=-revenue&page=2")
    with CaptureQueriesContext(connection) as first_page:
        response = manager_client.get("/customers/?sort=-revenue")
    assert _names(response)[:2] == ["Cust 59", "Cust 58"]
    sort = 'ORDER BY "retention_customerscore"."revenue_12m" DESC'
    assert not [q["sql"] for q in first_page.captured_queries if sort in q["sql"]]


def test_customers_taken_from_the_pool_are_listed_for_their_new_owner(manager: User, sales: User) -> None:
    """Taking customers from the shared pool (one UPDATE, no save) moves them into the taker's list
    on the next visit, not after the next unrelated change."""
    from laoke.customers.models import Customer
    from laoke.customers.services.pool import assign_from_pool

    sales_client = _client(sales)
    f.customer("Mine", owner=sales)
    pooled = f.customer("Pooled", owner=None)
    assert _names(sales_client.get("/customers/")) == ["Mine"]
    assert _names(sales_client.get("/customers/?sort=owner")) == ["Mine"]
    assign_from_pool(customers=Customer.objects.filter(pk=pooled.pk), to=sales, by=manager)
    assert _names(sales_client.get("/customers/")) == ["Mine", "Pooled"]
    assert _names(sales_client.get("/customers/?sort=owner")) == ["Mine", "Pooled"]


def test_customers_handed_over_are_listed_for_the_recipient(
    manager: User, sales: User, other_sales: User
) -> None:
    """A handover that keeps the leaver's account (one UPDATE per recipient) lists the customers for
    the recipient on the next visit."""
    from laoke.retention.services.handover import hand_over

    other_client = _client(other_sales)
    f.customer("Theirs", owner=other_sales)
    f.customer("Handed", owner=sales)
    assert _names(other_client.get("/customers/")) == ["Theirs"]
    hand_over(leaving=sales, by=manager, recipients=[other_sales], deactivate=False)
    assert _names(other_client.get("/customers/")) == ["Handed", "Theirs"]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_list_sorted_in_python_keeps_its_ids_in_the_process(
    monkeypatch: pytest.MonkeyPatch, manager_client: Client, sales: User, lang: str
) -> None:
    """A list the process sorts from its book table keeps its ids itself (no round trip of up to
    10,000 ids through the shared cache); a search too, on every database (outside SQLite the
    database finds the ids, the table orders them). The ids kept follow the book: a new customer
    is listed on the next visit, in this process and in a process that kept nothing."""
    from laoke.web import customer_query

    names: list[str] = []
    real = customer_query.cached

    def spy(name: str, *args: object, **kwargs: object) -> object:
        names.append(name)
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(customer_query, "cached", spy)
    for n in range(3):
        f.score(f.customer(f"Customer {n}", owner=sales, country="DE"), revenue_12m=float(n))
    for path in (
        "/customers/?sort=-revenue",
        "/customers/?country=DE&sort=-revenue",
        "/customers/?sort=-revenue",
    ):
        assert _names(_get(manager_client, path, lang)) == ["Customer 2", "Customer 1", "Customer 0"]
    assert "customer-list-ids" not in names
    assert _names(_get(manager_client, "/customers/?q=customer&sort=-revenue", lang))[0] == "Customer 2"
    assert "customer-list-ids" not in names
    f.score(f.customer("Customer 9", owner=sales, country="DE"), revenue_12m=9.0)
    for _process in range(2):
        for path in ("/customers/?sort=-revenue", "/customers/?country=DE&sort=-revenue"):
            assert _names(_get(manager_client, path, lang))[0] == "Customer 9"
        customer_query.forget_kept_tables()
