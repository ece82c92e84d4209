"""The 360° page around its content is drawn once per reader and kept (``laoke.web.customer_frame``):
the same HTML as the template draws whole, each visit with its own CSRF token, address, title and
content; a waiting message, a refused form, DEBUG and an edited template draw the page whole, and
one reader (user, language, role and menu) never gets another's frame."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import Template
from django.template.loader import get_template
from django.test import Client, override_settings

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import Customer
from laoke.web import customer_frame
from laoke.web.frame_marks import MARK
from tests.web import factories as f

pytestmark = pytest.mark.django_db

#: What differs between two requests however the page is drawn: the CSRF token's mask, the nonce,
#: the touch form's clock.
_PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|nonce=")[^"]+"')
_CLOCK = re.compile(r'(name="occurred_at" value=")[^"]*')
_TOKENS = re.compile(r'(?:csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"')
#: A name the title must escape as the template does.
_AWKWARD = 'Smith & Söhne <b>"Best"</b> O\'Neil'


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Start with nothing kept; record the key of each frame drawn to be kept."""
    monkeypatch.setattr(customer_frame, "_frames", {})
    monkeypatch.setattr(customer_frame, "_parts", {})
    keys: list[tuple[Any, ...]] = []
    real_key, real_frame = customer_frame.frame_key, customer_frame._frame
    last: list[tuple[Any, ...] | None] = [None]

    def key(*args: Any, **kwargs: Any) -> tuple[Any, ...] | None:
        last[0] = real_key(*args, **kwargs)
        return last[0]

    def frame(*args: Any, **kwargs: Any) -> Any:
        assert last[0] is not None
        keys.append(last[0])
        return real_frame(*args, **kwargs)

    monkeypatch.setattr(customer_frame, "frame_key", key)
    monkeypatch.setattr(customer_frame, "_frame", frame)
    return keys


def _client(user: User, language: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _masked(html: str) -> str:
    return _CLOCK.sub(r"\1", _PER_REQUEST.sub(r'\1…"', html))


def _kept(client: Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status
    return _masked(response.content.decode())


def _whole(client: Client, monkeypatch: pytest.MonkeyPatch, path: str) -> str:
    """The page as the template draws it whole (the frame not asked)."""
    with monkeypatch.context() as m:
        m.setattr("laoke.web.views.customer_detail.customer_html", lambda *args, **kwargs: None)
        return _kept(client, path)


def _shapes(owner: User) -> list[Customer]:
    """Customers of several shapes: a rich one (score, orders, alert, contacts, payments), a bare
    one, one whose name needs escaping, one with a Chinese name and an alert."""
    rich = f.rich_customer(owner)
    bare = f.customer("Bare Ltd", owner=owner)
    awkward = f.customer(_AWKWARD, owner=owner, country="DE")
    f.score(awkward, grade="C", total=40.0)
    chinese = f.customer("上海五金贸易有限公司", owner=owner, country="CN")
    f.alert(chinese)
    return [rich, bare, awkward, chinese]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("who", ["sales", "manager"])
def test_the_framed_page_is_the_template_html(
    who: str, language: str, request: pytest.FixtureRequest, sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """First and second visit of customers of several shapes (and with ?show= panels drawn in the
    page) read as the template drawn whole, for a salesperson and a manager, in English and
    Chinese; one frame is drawn for the reader and serves every customer (before: base.html, the
    menu and the language form were drawn by the engine on every visit)."""
    user: User = request.getfixturevalue(who)
    customers = _shapes(sales)
    client = _client(user, language)
    drawn = _drawn(monkeypatch)
    paths = [f"/customers/{c.pk}/" for c in customers] + [
        f"/customers/{customers[0].pk}/?show=timeline&show=history",
        f"/customers/{customers[2].pk}/?edit_contact=1",
    ]
    for path in paths:
        whole = _whole(client, monkeypatch, path)
        assert _kept(client, path) == whole, path
        assert _kept(client, path) == whole, path
    assert len(drawn) == 1
    response = client.get(paths[0])
    html = response.content.decode()
    assert response.context["customer"] == customers[0]  # the test client still sees the context
    assert not MARK.search(html) and customer_frame.mark(0)[:20] not in html
    assert len(set(_TOKENS.findall(html))) == 1
    assert html.count("<html") == 1 and html.count("</html>") == 1 and html.count('id="main"') == 1


def test_the_title_is_the_customers_name_escaped(sales: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name with <, &, quotes and an apostrophe is escaped in the title (and the breadcrumb) as
    the template escapes it; the next customer drawn from the same frame has its own title."""
    awkward = f.customer(_AWKWARD, owner=sales)
    plain = f.customer("Plain GmbH", owner=sales)
    client = _client(sales, "en")
    drawn = _drawn(monkeypatch)
    html = _kept(client, f"/customers/{awkward.pk}/")
    escaped = "Smith &amp; Söhne &lt;b&gt;&quot;Best&quot;&lt;/b&gt; O&#x27;Neil"
    assert f"<title>{escaped} · Laoke</title>" in html
    assert f'<li class="breadcrumb-item active" aria-current="page">{escaped}</li>' in html
    assert "<b>" not in html.split("</title>")[0]
    html = _kept(client, f"/customers/{plain.pk}/")
    assert "<title>Plain GmbH · Laoke</title>" in html and escaped not in html
    assert len(drawn) == 1


def test_the_language_form_goes_back_to_the_address_asked(
    sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The language form's ``next`` is each request's own path with its query string, escaped."""
    customer = f.customer("Next Ltd", owner=sales)
    client = _client(sales, "en")
    drawn = _drawn(monkeypatch)
    base = f"/customers/{customer.pk}/"
    html = _kept(client, base)
    assert f'<input type="hidden" name="next" value="{base}">' in html
    path = f"{base}?show=timeline&x=%3Ci%3E%22&y=%27"
    html = _kept(client, path)
    assert (
        f'<input type="hidden" name="next" value="{base}?show=timeline&amp;x=%3Ci%3E%22&amp;y=%27">' in html
    )
    assert html == _whole(client, monkeypatch, path)
    assert len(drawn) == 1


def test_a_waiting_message_is_shown_once_as_before(sales: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message left by a form posted without htmx is drawn (and consumed) by the template as
    before: shown on the next visit, gone on the one after; no frame is drawn while it waits."""
    customer = f.customer("Message Ltd", owner=sales)
    alert = f.alert(customer)
    path = f"/customers/{customer.pk}/"
    pages: dict[str, list[str]] = {}
    for how in ("whole", "framed"):
        client = _client(sales, "en")
        drawn = _drawn(monkeypatch)
        with monkeypatch.context() as m:
            if how == "whole":
                m.setattr("laoke.web.views.customer_detail.customer_html", lambda *args, **kwargs: None)
            response = client.post(f"/alerts/{alert.pk}/dismiss/", {"note": ""})
            assert response.status_code == 302
            pages[how] = [_kept(client, path), _kept(client, path)]
        assert len(drawn) == (0 if how == "whole" else 1)
    assert pages["framed"] == pages["whole"]
    shown, after = pages["framed"]
    assert shown.count("Please say why.") == 1 and '<div class="messages" role="status">' in shown
    assert "Please say why." not in after and 'class="messages"' not in after


def _secret(client: Client) -> str:
    return str(client.cookies["csrftoken"].value)


def test_each_request_has_its_own_csrf_token(
    sales: User, other_sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two browsers of one reader share a frame, another reader has their own; every token in a
    page (hx-headers, logout and language forms, the content's forms) is that page's one token, of
    its own browser's CSRF cookie, never another's."""
    customer = f.customer("Token Ltd", owner=sales)
    theirs = f.customer("Other Token Ltd", owner=other_sales)
    drawn = _drawn(monkeypatch)
    browsers = [
        (_client(sales, "en"), customer),
        (_client(sales, "en"), customer),
        (_client(other_sales, "en"), theirs),
    ]
    seen: list[tuple[str, str]] = []
    for _round in range(2):
        for client, shown in browsers:
            response = client.get(f"/customers/{shown.pk}/")
            tokens = _TOKENS.findall(response.content.decode())
            assert len(tokens) >= 4 and len(set(tokens)) == 1
            assert _unmask_cipher_token(tokens[0]) == _secret(client)
            seen.append((tokens[0], _secret(client)))
    assert len({secret for _token, secret in seen}) == 3
    assert len({token for token, _secret in seen}) == len(seen)
    assert len(drawn) == 2


def test_a_reader_never_gets_anothers_frame(
    sales: User, other_sales: User, manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another salesperson (their name in the menu), the manager (the managers' menu) and the same
    salesperson in Chinese each get a frame of their own, the template's HTML; a second manager
    gets their own too (their name)."""
    other_manager = f.user("boss2", role=RoleChoices.MANAGER, first_name="Zhao")
    customer = f.customer("Readers Ltd", owner=sales)
    f.score(customer, grade="B")
    other = f.customer("Other Readers Ltd", owner=other_sales)
    drawn = _drawn(monkeypatch)
    readers = [
        (sales, "en", customer),
        (other_sales, "en", other),
        (manager, "en", customer),
        (other_manager, "en", customer),
        (sales, "zh-hans", customer),
        (manager, "zh-hans", other),
    ]
    for user, language, shown in readers:
        client = _client(user, language)
        path = f"/customers/{shown.pk}/"
        assert _kept(client, path) == _whole(client, monkeypatch, path), (user, language)
    assert len(drawn) == len(readers)
    assert len(set(drawn)) == len(readers)
    html = _kept(_client(other_sales, "en"), f"/customers/{other.pk}/")
    assert "Wang <span" in html and "Li <span" not in html


def test_a_refused_form_and_debug_draw_the_page_whole(sales: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page with a refused form (400, its errors) and the page under DEBUG are drawn by the
    template whole, no frame drawn or used."""
    customer = f.customer("Refused Ltd", owner=sales)
    client = _client(sales, "en")
    drawn = _drawn(monkeypatch)
    response = client.post(f"/customers/{customer.pk}/complaints/", {"subject": ""})
    assert response.status_code == 400
    assert response.content.decode().count("<html") == 1
    with override_settings(DEBUG=True):
        assert "<title>Refused Ltd · Laoke</title>" in _kept(client, f"/customers/{customer.pk}/")
    assert drawn == []
    _kept(client, f"/customers/{customer.pk}/")
    assert len(drawn) == 1


def _compiled(source: str) -> Template:
    engine = get_template(customer_frame.TEMPLATE).template.engine  # type: ignore[attr-defined]
    return Template(source, engine=engine)


def _edited(old: str, new: str) -> str:
    source = str(get_template(customer_frame.TEMPLATE).template.source)  # type: ignore[attr-defined]
    assert old in source
    return source.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("{{ customer.name }}{% endblock %}", "{{ customer.name|upper }}{% endblock %}"),
        ("{{ customer.name }}{% endblock %}", "{{ customer.name }} ({{ customer.country }}){% endblock %}"),
        ("{% block title %}{{ customer.name }}", "{% block title %}{{ customer.legal_name }}"),
        (
            "{% block scripts %}",
            "{% block nav_extra %}<li>{{ customer.name }}</li>{% endblock %}{% block scripts %}",
        ),
        ("{% block content %}", "{% block content %}{% block nav_extra %}{{ customer.name }}{% endblock %}"),
        (
            "<script src=\"{% static 'web/charts.js' %}\">",
            '<script nonce="{{ csp_nonce }}" src="{{ chart_js }}">',
        ),
        ('{% extends "web/base.html" %}', '{% extends "web/base_wide.html" %}'),
    ],
)
def test_an_edited_template_draws_the_page_whole(old: str, new: str) -> None:
    """The page's template with, outside its content, more than the frame marks is drawn whole
    (no frame parts); the template as it is has them."""
    assert customer_frame._known(_compiled(_edited("", ""))) is not None
    assert customer_frame._known(_compiled(_edited(old, new))) is None


def test_a_template_the_frame_does_not_know_is_drawn_whole(
    sales: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Served with such a template (an edited title) the view draws the page whole: no frame."""
    customer = f.customer("Edited Ltd", owner=sales)
    client = _client(sales, "en")
    drawn = _drawn(monkeypatch)
    edited = _compiled(
        _edited("{{ customer.name }}{% endblock %}", "{{ customer.name|upper }}{% endblock %}")
    )

    class _Backend:
        template = edited

    monkeypatch.setattr(customer_frame, "get_template", lambda name: _Backend())
    html = _kept(client, f"/customers/{customer.pk}/")
    assert "<title>Edited Ltd · Laoke</title>" in html
    assert drawn == []
