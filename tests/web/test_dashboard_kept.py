"""The dashboard's drawn content, kept per scope, language, role, day and book version.

A repeated visit serves the content drawn before (no figure, no accuracy check read again); any
change of the book (a re-score, an import, a new accuracy check, a handover) shows on the next
visit, and a reader never gets the content drawn for another scope or language.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, Team, User
from laoke.customers.models import Customer
from laoke.retention.models import BacktestRun, CustomerScore
from laoke.retention.services.storage import clear_table
from laoke.web.views import dashboard as view
from tests.web import factories as f

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)
#: What differs between two requests: the CSRF token's mask and the script nonce.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')


@pytest.fixture
def book() -> dict[str, User]:
    """Two salespeople (one in a team with its manager), a manager of everything, six customers."""
    team = Team.objects.create(name="East")
    people = {
        "boss": f.user("boss", role=RoleChoices.MANAGER),
        "lead": f.user("lead", role=RoleChoices.MANAGER, team=team),
        "s1": f.user("s1", team=team),
        "s2": f.user("s2"),
    }
    for i in range(6):
        customer = f.customer(f"Customer {i}", owner=people["s1"] if i < 2 else people["s2"])
        f.score(customer, as_of=AS_OF, grade="A" if i < 3 else "B", state="at_risk" if i == 0 else "active")
    return people


def _page(client: Client, language: str = "en") -> str:
    client.cookies["django_language"] = language
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return PER_REQUEST.sub(r'\1…"', response.content.decode())


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found is not None, name
    return found.group(1)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_second_visit_serves_the_drawn_content_without_reading_the_figures(
    book: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second visit reads neither the figures nor the accuracy check, and its page is the first's."""
    client = _client(book["boss"])
    first = _page(client)
    calls: list[str] = []
    figures, accuracy = view._figures, view._accuracy
    monkeypatch.setattr(view, "_figures", lambda user, as_of: calls.append("figures") or figures(user, as_of))
    monkeypatch.setattr(view, "_accuracy", lambda as_of: calls.append("accuracy") or accuracy(as_of))
    assert _page(client) == first
    assert calls == []


def test_the_content_is_kept_per_process_and_in_the_shared_cache(book: dict[str, User]) -> None:
    """Another process (nothing kept in memory) serves the content from the shared cache."""
    from django.core.cache import cache

    client = _client(book["boss"])
    first = _page(client)
    view.forget_kept_bodies()
    assert _page(client) == first  # from the shared cache
    cache.clear()
    assert _page(client) == first  # from this process's memo


def test_each_scope_language_and_role_gets_its_own_content(book: dict[str, User]) -> None:
    """The manager sees 6 graded customers, the team's manager 2 (s1's), s2 four; en and zh differ."""
    boss, lead, s2 = (_client(book[k]) for k in ("boss", "lead", "s2"))
    for _visit in range(2):
        assert _figure(_page(boss), "graded") == "6"
        assert _figure(_page(lead), "graded") == "2"
        assert _figure(_page(s2), "graded") == "4"
    assert "Sales per owner" in _page(boss) and "Sales per owner" not in _page(s2)
    english, chinese = _page(boss, "en"), _page(boss, "zh-hans")
    assert "Grade distribution" in english and "Grade distribution" not in chinese
    assert "等级分布" in chinese
    assert "Grade distribution" in _page(boss, "en")


@pytest.mark.parametrize("who", ["boss", "s1"])
def test_a_rescore_shows_on_the_next_visit(book: dict[str, User], who: str) -> None:
    """A re-score rewrites the scorecards in bulk (no save signal): the next visit counts anew."""
    client = _client(book[who])
    before = {lang: _figure(_page(client, lang), "at-risk") for lang in ("en", "zh-hans")}
    assert before == {"en": "1", "zh-hans": "1"}
    rows = [{**r, "id": None, "state": "at_risk"} for r in CustomerScore.objects.values()]
    clear_table(CustomerScore)
    CustomerScore.objects.bulk_create([CustomerScore(**r) for r in rows])
    expected = "6" if who == "boss" else "2"
    assert {lang: _figure(_page(client, lang), "at-risk") for lang in ("en", "zh-hans")} == {
        "en": expected,
        "zh-hans": expected,
    }


def test_an_import_shows_on_the_next_visit(book: dict[str, User]) -> None:
    """Customers and scores written in bulk (as an import and its re-score do) show on the next visit."""
    client = _client(book["boss"])
    assert _figure(_page(client), "graded") == "6"
    added = Customer.objects.bulk_create(
        [Customer(code=f"N{i}", name=f"New {i}", owner=book["s2"]) for i in range(3)]
    )
    CustomerScore.objects.bulk_create(
        [CustomerScore(customer_id=c.pk, as_of=AS_OF, total=50.0, grade="C", state="active") for c in added]
    )
    assert _figure(_page(client), "graded") == "9"


def _metrics(auc: float) -> dict[str, Any]:
    return {"models": {"laoke": {"auc": auc, "brier": 0.15, "mae_count": 1.0, "mae_days": 40.0}}}


def test_a_new_accuracy_check_shows_on_the_next_visit(book: dict[str, User]) -> None:
    """A re-score at the same date writes its accuracy check over the same row (no new id): shown."""
    client = _client(book["boss"])
    assert "Not enough history yet" in _page(client)
    fields = {"cutoff": dt.date(2025, 3, 1), "horizon_days": 365, "customers": 42}
    BacktestRun.objects.update_or_create(as_of=AS_OF, defaults={**fields, "metrics": _metrics(0.8123)})
    assert "0.812" in _page(client)
    BacktestRun.objects.update_or_create(as_of=AS_OF, defaults={**fields, "metrics": _metrics(0.6543)})
    html = _page(client)
    assert "0.654" in html and "0.812" not in html


def test_a_handover_shows_on_the_next_visit(book: dict[str, User]) -> None:
    """A customer saved to another owner (one save) moves to that salesperson's dashboard."""
    s2 = _client(book["s2"])
    assert _figure(_page(s2), "graded") == "4"
    customer = Customer.objects.filter(owner=book["s1"]).first()
    assert customer is not None
    customer.owner = book["s2"]
    customer.save()
    assert _figure(_page(s2), "graded") == "5"


def test_the_next_day_draws_the_content_again(book: dict[str, User], monkeypatch: pytest.MonkeyPatch) -> None:
    """The content is kept for one day (the pace chart and the book's date count from today)."""
    client = _client(book["boss"])
    _page(client)
    drawn: list[int] = []
    real = view._figures
    monkeypatch.setattr(view, "_figures", lambda user, as_of: drawn.append(1) or real(user, as_of))
    _page(client)
    assert drawn == []
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(view.timezone, "localdate", lambda *a, **k: tomorrow)
    _page(client)
    assert drawn == [1]
