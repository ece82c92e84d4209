"""The customer list's page around a request's values is drawn once per process and kept
(``laoke.web.list_frame``): the same HTML as the template draws whole, each visit with its own
token, search text, query string, counts, page links, drop-down choices and rows; a saved view
saved or deleted shows on the next visit, and one user's saved views never show to another."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from laoke.accounts.models import User
from laoke.web import list_frame
from laoke.web.frame_marks import MARK
from laoke.web.models import SavedView
from laoke.web.views import customers as list_view
from tests.web import factories as f

pytestmark = pytest.mark.django_db

_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')


def _book(sales: User, other_sales: User) -> None:
    grades = "AABBCCD"
    for n in range(7):
        c = f.customer(
            f"Händler & Co {n}",
            owner=sales if n % 3 else other_sales if n < 6 else None,
            country="DE" if n % 2 else "FR",
        )
        f.score(c, grade=grades[n], revenue_12m=float(n * 1000), state="at_risk" if n == 4 else "active")
        if n in (2, 5):
            f.alert(c)


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the pages drawn to be kept (one a call); start with nothing kept; two rows a page."""
    monkeypatch.setattr(list_frame, "_frames", {})
    monkeypatch.setattr(list_view, "PAGE_SIZE", 2)
    calls: list[int] = []
    real = list_frame.render_to_string

    def spy(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(list_frame, "render_to_string", spy)
    return calls


def _client(user: User, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _whole(client: Client, monkeypatch: pytest.MonkeyPatch, path: str) -> str:
    """The page as the template draws it whole (nothing kept)."""
    with monkeypatch.context() as m:
        m.setattr(list_frame, "frame_key", lambda request, context: None)
        return _kept(client, path)


def _kept(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return _PER_REQUEST.sub(r'\1…"', response.content.decode())


PATHS = [
    "/customers/",
    "/customers/?page=2",
    "/customers/?page=4",
    "/customers/?sort=-revenue&page=3",
    "/customers/?sort=grade",
    "/customers/?grade=A",
    "/customers/?grade=D",  # one customer: the count's singular
    "/customers/?grade=Z",  # none: the empty state
    "/customers/?state=at_risk&sort=score",
    "/customers/?country=DE&sort=-alerts&page=2",
    "/customers/?alerts=open",
    "/customers/?alerts=none&page=2",
    "/customers/?kind=distributor",
    "/customers/?treatment=grow",
    "/customers/?q=%3Cb%3E%22H%C3%A4ndler%22+%26+co&sort=-name",
    "/customers/?q=co&page=2&x=%3Ci%3E",
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("who", ["sales", "manager"])
def test_the_kept_page_is_the_template_html(
    who: str,
    language: str,
    request: pytest.FixtureRequest,
    sales: User,
    other_sales: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """First and second visit of each address (filters, sorts, pages, a search with <, & and
    quotes, no rows, one row) read as the template drawn whole, for a salesperson and a manager (the
    owner filter too), in English and Chinese; addresses that differ only in their values share
    one drawn page (before: the template drew every visit, ~3 ms of a list request)."""
    _book(sales, other_sales)
    user: User = request.getfixturevalue(who)
    SavedView.objects.create(user=user, name="Big <ones>", querystring="sort=-revenue&grade=A")
    client = _client(user, language)
    drawn = _drawn(monkeypatch)
    paths = PATHS + ([f"/customers/?owner={sales.pk}", "/customers/?owner=none"] if who == "manager" else [])
    for path in paths:
        whole = _whole(client, monkeypatch, path)
        assert _kept(client, path) == whole, path
        assert _kept(client, path) == whole, path
    assert len(drawn) < len(paths) - 4
    before = len(drawn)
    again = ("/customers/?sort=score&page=2", "/customers/?sort=-name&page=2", "/customers/?sort=country")
    for path in again:
        assert _kept(client, path) == _whole(client, monkeypatch, path)
    assert len(drawn) == before  # the same switches as addresses asked before
    html = client.get("/customers/?sort=-revenue&page=2").content.decode()
    assert not MARK.search(html) and list_frame.mark(0)[:20] not in html
    assert len(set(re.findall(r'(?:csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"', html))) == 1
    assert 'name="next" value="/customers/?sort=-revenue&amp;page=2"' in html
    assert '<a class="page-link" href="?sort=-revenue&amp;page=1">' in html
    assert '<option value="-revenue" selected>' in html


def test_each_visit_has_its_own_values(
    sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two addresses drawn from one kept page each show their own search, count, pages and rows;
    the CSRF cookie is set as the template's {% csrf_token %} sets it."""
    _book(sales, other_sales)
    drawn = _drawn(monkeypatch)
    client = _client(sales, "en")
    first = client.get("/customers/?q=H%C3%A4ndler&page=2")
    assert "csrftoken" in first.cookies
    html = first.content.decode()
    assert 'value="Händler"' in html and "4 customers" in html and "Page 2 of 2" in html
    assert '<a class="page-link" href="?q=H%C3%A4ndler&amp;page=1">' in html
    html = _kept(client, "/customers/?q=Co&sort=-name&page=2")
    assert len(drawn) == 1
    assert 'value="Co"' in html and "Page 2 of 2" in html and 'href="?q=Co&amp;sort=-name&amp;page=1"' in html
    assert '<option value="-name" selected>' in html and '<option value="name" selected>' not in html
    html = _kept(client, "/customers/?q=%22%3E&country=DE")
    assert 'value="&quot;&gt;"' in html and "No customer matches these filters." in html
    html = _kept(client, "/customers/?q=Co+1")
    assert "1 customer<" in html and 'value="Co 1"' in html


def test_a_saved_view_saved_or_deleted_shows_on_the_next_visit(
    sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved through the page, the view shows on the next visits (after the page with the message);
    deleted, it is gone; another user's saved views never show."""
    _book(sales, other_sales)
    _drawn(monkeypatch)
    mine, theirs = _client(sales, "en"), _client(other_sales, "en")
    assert "Saved views" not in _kept(mine, "/customers/") + _kept(theirs, "/customers/")
    saved = mine.post("/customers/views/", {"name": "Germans <DE>", "querystring": "country=DE"})
    assert saved.status_code == 302
    told = _kept(mine, "/customers/?country=DE")
    assert "View “Germans &lt;DE&gt;” saved." in told
    for path in ("/customers/", "/customers/?country=DE", "/customers/?page=2"):
        html = _kept(mine, path)
        assert '<a class="dropdown-item" href="?country=DE">Germans &lt;DE&gt;</a>' in html
        assert html == _whole(mine, monkeypatch, path)
        assert "Germans" not in _kept(theirs, path)
    SavedView.objects.create(user=other_sales, name="Theirs only", querystring="grade=A")
    assert "Theirs only" not in _kept(mine, "/customers/") and "Theirs only" in _kept(theirs, "/customers/")
    view = SavedView.objects.get(user=sales)
    assert theirs.post(f"/customers/views/{view.pk}/delete/").status_code == 404
    assert "Germans" in _kept(mine, "/customers/")
    assert mine.post(f"/customers/views/{view.pk}/delete/").status_code == 302
    _kept(mine, "/customers/")  # the message
    html = _kept(mine, "/customers/")
    assert "Germans" not in html and "Saved views" not in html
    assert html == _whole(mine, monkeypatch, "/customers/")


def test_a_renamed_view_or_salesperson_shows_on_the_next_visit(
    manager: User, sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the kept page shows around the values (a saved view's name, the owners offered, the
    reader's name) changed by plain SQL is drawn anew on the next visit."""
    _book(sales, other_sales)
    _drawn(monkeypatch)
    boss = _client(manager, "zh-hans")
    view = SavedView.objects.create(user=manager, name="Old name", querystring="grade=A")
    assert "Old name" in _kept(boss, "/customers/")
    SavedView.objects.filter(pk=view.pk).update(name="New name", querystring="grade=B")
    html = _kept(boss, "/customers/")
    assert "Old name" not in html and '<a class="dropdown-item" href="?grade=B">New name</a>' in html
    User.objects.filter(pk=manager.pk).update(first_name="Zhang")
    assert "Zhang" in _kept(boss, "/customers/")
    assert _kept(boss, "/customers/") == _whole(boss, monkeypatch, "/customers/")
