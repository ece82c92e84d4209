"""The clash check (撞单): an inquiry like a colleague's customer or inquiry warns both owners."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.pipeline.models import Prospect
from laoke.pipeline.services.clashes import email_domain, normalise_name
from laoke.pipeline.services.inquiries import create_inquiry, update_inquiry
from laoke.retention.models import Task
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("Müller Chemie GmbH & Co. KG", "MÜLLER-CHEMIE"),
        ("Acme Co., Ltd.", "ACME LIMITED"),
        ("Acme S.A.", "acme"),
        ("深圳市宏达化工有限公司", "深圳市宏达化工"),
        ("Foo S.r.l.", "foo"),
    ],
)
def test_names_are_compared_without_case_punctuation_or_legal_form(one: str, two: str) -> None:
    assert normalise_name(one) == normalise_name(two) != ""


def test_different_names_stay_different() -> None:
    assert normalise_name("Plan B GmbH") != normalise_name("Plan GmbH")


def test_free_mail_domains_say_nothing() -> None:
    assert email_domain("Hans@Mueller-Chemie.DE") == "mueller-chemie.de"
    for free in ("a@gmail.com", "b@qq.com", "c@163.com", "d@outlook.com", "e@hotmail.com", "f@yahoo.com"):
        assert email_domain(free) == ""


def test_an_inquiry_like_a_colleagues_customer_warns_and_tells_the_colleague(
    client: Client, sales: User, other_sales: User
) -> None:
    """Same domain as a colleague's customer: the page names the owner, not the customer; Wang gets a task."""
    theirs = f.customer("Müller Chemie GmbH", owner=other_sales)
    f.contact(theirs, "Hans", email="hans@mueller-chemie.de")
    client.force_login(sales)
    client.cookies["django_language"] = "en"
    response = client.post(
        "/inquiries/new/",
        {
            "name": "MC Europe",
            "email": "info@mueller-chemie.de",
            "created_on": timezone.localdate().isoformat(),
        },
    )
    p = Prospect.objects.get()
    assert response.status_code == 302
    page = client.get(f"/inquiries/{p.pk}/").content.decode()
    assert 'id="clash-warning"' in page and "Possible clash" in page
    assert "owned by Wang" in page and "same e-mail domain" in page and "A customer you cannot open" in page
    assert "Müller Chemie" not in page  # the colleague's customer is not named to sales1
    board = client.get("/pipeline/").content.decode()
    assert "clash-flag" in board and "Possible clash" in board and "Wang" in board
    task = Task.objects.get(assignee=other_sales)
    assert task.customer == theirs and task.kind == "alert" and task.details["code"] == "clash"
    assert task.title_en == task.why_en == ""  # codes, worded in the reader's language
    with translation.override("en"):
        assert task.title == "Possible clash: Li recorded an inquiry like your customer Müller Chemie GmbH"
        assert task.why == "The inquiry has the same e-mail domain. Agree with Li who follows this buyer."
    with translation.override("zh-hans"):
        assert task.title == "可能撞单：Li 录入的询盘与你的客户 Müller Chemie GmbH 相似"
        assert task.why == "该询盘与之有相同的邮箱域名。请与 Li 商定由谁跟进。"
    assert task.due_on == timezone.localdate()
    # Editing the inquiry checks again but does not tell Wang twice.
    update_inquiry(prospect=p, fields={"name": "MC Europe GmbH"}, as_of=timezone.localdate())
    assert Task.objects.filter(assignee=other_sales).count() == 1


def test_the_manager_sees_the_other_customers_name(client: Client, sales: User, other_sales: User) -> None:
    theirs = f.customer("Acme Co., Ltd.", owner=other_sales)
    boss = f.user("boss2", role="manager")
    p = create_inquiry(owner=sales, fields={"name": "ACME LIMITED"}, as_of=timezone.localdate())
    client.force_login(boss)
    client.cookies["django_language"] = "en"
    page = client.get(f"/inquiries/{p.pk}/").content.decode()
    assert f'href="/customers/{theirs.pk}/"' in page and "same company name" in page


def test_two_inquiries_warn_each_other(sales: User, other_sales: User, client: Client) -> None:
    """Wang's inquiry recorded later by the same e-mail: both pages warn, Li is told once."""
    today = timezone.localdate()
    first = create_inquiry(owner=sales, fields={"name": "Nordic Tools AB"}, as_of=today)
    second = create_inquiry(owner=other_sales, fields={"name": "nordic tools"}, as_of=today)
    first.refresh_from_db()
    assert [c["id"] for c in first.clashes] == [second.pk] and [c["id"] for c in second.clashes] == [first.pk]
    assert Task.objects.filter(assignee=sales, details__prospect_id=second.pk).count() == 1
    client.force_login(sales)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/inquiries/{first.pk}/").content.decode()
    assert "可能撞单" in page and "负责人：Wang" in page and "nordic tools" not in page


def test_no_task_for_ones_own_customer_nor_for_free_mail(sales: User, other_sales: User) -> None:
    mine = f.customer("Delta Ltd", owner=sales)
    f.contact(f.customer("Gamma", owner=other_sales), "X", email="buyer@gmail.com")
    p = create_inquiry(
        owner=sales, fields={"name": "Delta", "email": "buyer2@gmail.com"}, as_of=dt.date(2026, 5, 1)
    )
    assert [(c["kind"], c["id"]) for c in p.clashes] == [("customer", mine.pk)]
    assert not Task.objects.exists()


def test_the_cli_import_checks_and_prints_clashes(tmp_path: Path, sales: User, other_sales: User) -> None:
    f.customer("Orion Trading S.A.", owner=other_sales)
    path = tmp_path / "inq.csv"
    path.write_text("name,e-mail,country\nORION TRADING,sales@orion.es,西班牙\n", encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("inquiries", "score", str(path), "--save", "--owner", "sales1", stdout=out)
    assert (
        "Possible clash: ORION TRADING looks like Orion Trading S.A. (Wang; same company name)."
        in out.getvalue()
    )
    p = Prospect.objects.get()
    assert p.country == "ES" and p.email == "sales@orion.es"
    assert Task.objects.filter(assignee=other_sales, details__code="clash").count() == 1
