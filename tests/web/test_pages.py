"""Login, access rules and the rendering of every page."""

from __future__ import annotations

import pytest
from django.test import Client

from laoke.accounts.models import User
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/customers/", "/customers/export.xlsx"])
def test_pages_require_login(client: Client, url: str) -> None:
    """It sends an anonymous visitor to the login page."""
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_logs_in_with_password(client: Client, sales: User) -> None:
    """It logs the salesperson in and lands on Today."""
    client.cookies["django_language"] = "en"
    page = client.get("/login/")
    assert b'for="id_username"' in page.content
    response = client.post("/login/", {"username": "sales1", "password": f.PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert b"Today" in response.content


def test_logout_is_a_post(sales_client: Client) -> None:
    """It logs out on POST and the pages ask for a login again."""
    sales_client.post("/logout/")
    assert sales_client.get("/").status_code == 302


def test_salesperson_cannot_open_another_owners_customer(sales_client: Client, other_sales: User) -> None:
    """It answers 404 for a customer owned by someone else."""
    theirs = f.customer("Not Yours Ltd", owner=other_sales)
    assert sales_client.get(f"/customers/{theirs.pk}/").status_code == 404


def test_manager_opens_any_customer(manager_client: Client, other_sales: User) -> None:
    """It lets a manager open a customer owned by a salesperson."""
    theirs = f.customer("Anyone Ltd", owner=other_sales)
    response = manager_client.get(f"/customers/{theirs.pk}/")
    assert response.status_code == 200
    assert b"Anyone Ltd" in response.content


def test_360_page_shows_score_forecast_alerts_and_history(sales_client: Client, sales: User) -> None:
    """It shows grade, dimension explanations, unknown dimensions, alerts, contacts and late days."""
    cust = f.rich_customer(sales)
    html = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Hamburg Tools GmbH" in html
    assert "Margin 28.0% and profit $48,612 over the last 12 months." in html
    assert "unknown" in html
    assert "Silent for three months" in html and "Call the buyer" in html
    assert "Anna Schmidt" in html
    assert 'id="radar-data"' in html and 'id="orders-data"' in html and 'id="season-data"' in html
    assert "123,456" in html
    assert "overdue" in html  # the open payment is 10 days past due


def test_360_page_in_chinese_uses_chinese_texts(sales_client: Client, sales: User) -> None:
    """It shows the Chinese explanation and alert reason when the language is zh-Hans."""
    cust = f.rich_customer(sales)
    sales_client.cookies["django_language"] = "zh-hans"
    html = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "近12个月毛利率28.0%，利润US$48,612。" in html
    assert "三个月没有联系" in html
    assert "评估维度" in html or "客户评估" in html


def test_360_page_of_a_bare_customer_shows_empty_states(sales_client: Client, sales: User) -> None:
    """It renders a customer with no score, orders or contacts, saying what is missing."""
    cust = f.customer("Fresh Start Co", owner=sales)
    html = sales_client.get(f"/customers/{cust.pk}/").content.decode()
    assert "Not evaluated yet" in html
    assert "No orders yet." in html
    assert "No contacts recorded." in html
