"""Odd values in the web pages' query strings and forms never cause a server error.

The pages are found by walking the URL patterns (as the access matrix does) and rendering each
one as a salesperson and as a manager on a demo book. Each page's forms (GET and POST, htmx ones
too) and the query strings of its links tell which parameters it reads. Every GET parameter and
every POST field then gets odd values ('²', 'abc', '-1', a 30-digit number, a NUL, an empty
string, and a seeded random pick of impossible dates, long strings, emoji, markup…), one field at
a time while the others keep the values the page rendered. No response may be a 5xx.
The API is left out: schemathesis fuzzes it from its schema.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from laoke.accounts.models import User
from laoke.cadence.services.agenda import refresh_agenda
from laoke.customers.models import Customer
from laoke.demo.generator import generate_book
from laoke.demo.services import load_book
from laoke.retention.services import scoring
from tests.security.test_access_matrix import client_for, routes

pytestmark = pytest.mark.django_db

#: Sent to every parameter: a number to str.isdigit() but not to int(), text where an id is
#: expected, a number too large for any database integer.
ALWAYS = ["²", "abc", "9" * 30]
#: Two of these (one for a POST field), picked with a seed per page and parameter, are sent as well.
SOMETIMES = [
    "-1",
    "",
    "\x00",
    "0",
    "2026-13-45",
    "2026-02-30",
    "31/12/2026",
    "x" * 3000,
    "😀",
    "中文名称",
    "%00",
    "1e309",
    "NaN",
    "-0",
    "1.5",
    " 7 ",
    "１２",
    "٣",
    "null",
    "true",
    "[]",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "//evil.example/",
    "https://evil.example/",
]
#: Each of these is also sent to every parameter seen anywhere at once, on every page.
AT_ONCE = [*ALWAYS, "-1", "", "\x00", "2026-13-45", "x" * 3000]
SEED = 15
#: Fields fuzzed per form (a seeded pick when a form has more: the policy form has over a hundred).
MAX_FIELDS = 4
SKIPPED_PREFIXES = ("/api/", "/admin/", "/logout/", "/login/")


# -- reading a page's forms and links ---------------------------------------------------------------


@dataclass
class Form:
    """A form of a page: where it goes, how, and the values it was rendered with."""

    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    element_id: str = ""
    include: str = ""  # the id of a form whose fields an htmx button sends (hx-include)


class PageReader(HTMLParser):
    """Collects the forms (with their rendered values), htmx buttons and links' query strings."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method, action = a.get("method", "get").lower(), a.get("action") or self.url
            if "hx-post" in a:
                method, action = "post", a["hx-post"]
            self._form = Form(method, action, element_id=a.get("id", ""))
            self.forms.append(self._form)
        elif "hx-post" in a and tag != "form":
            extra = json.loads(a["hx-vals"]) if a.get("hx-vals") else {}
            include = a.get("hx-include", "").lstrip("#")
            self.forms.append(
                Form("post", a["hx-post"], {k: str(v) for k, v in extra.items()}, include=include)
            )
        elif tag == "a" and "?" in a.get("href", ""):
            self.links.append(a["href"])
        if self._form is None or not a.get("name"):
            if tag == "option" and self._form is not None and self._select is not None:
                self._option(a)
            return
        name = a["name"]
        if tag == "input" and a.get("type") != "file":
            if a.get("type") in {"checkbox", "radio", "submit"} and name in self._form.fields:
                return
            self._form.fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._form.fields.setdefault(name, a.get("value", ""))

    def _option(self, a: dict[str, str]) -> None:
        assert self._form is not None and self._select is not None
        if "selected" in a or not self._form.fields.get(self._select):
            self._form.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def local_path(url: str, base: str) -> str | None:
    """The path of a link or action on this site (None for another site or an unknown path)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path or urlsplit(base).path
    try:
        resolve(path)
    except Resolver404:
        return None
    return path


@dataclass
class Surface:
    """What the fuzzer sends: GET parameters per page, POST forms with their rendered values."""

    get_params: dict[str, set[str]] = field(default_factory=dict)
    pages: set[str] = field(default_factory=set)  # the URLs that answered a plain GET with 200
    #: (URL pattern, field names) → (a URL of that pattern, the rendered values): one task's
    #: "done" form stands for all of them.
    post_forms: dict[tuple[str, tuple[str, ...]], tuple[str, dict[str, str]]] = field(default_factory=dict)

    def read(self, url: str, html: str) -> None:
        reader = PageReader(url)
        reader.feed(html)
        by_id = {f.element_id: f for f in reader.forms if f.element_id}
        for form in reader.forms:
            path = local_path(form.action, url)
            if path is None or path.startswith(SKIPPED_PREFIXES):
                continue
            fields = dict(form.fields)
            if form.include in by_id:
                fields = {**by_id[form.include].fields, **fields}
            fields.pop("csrfmiddlewaretoken", None)
            if form.method == "get":
                self.get_params.setdefault(path, set()).update(fields)
            else:
                self.post_forms.setdefault((resolve(path).route, tuple(sorted(fields))), (path, fields))
        for href in reader.links:
            path = local_path(href, url)
            if path is not None and not path.startswith(SKIPPED_PREFIXES):
                names = {k for k, _ in parse_qsl(urlsplit(href).query, keep_blank_values=True)}
                self.get_params.setdefault(path, set()).update(names)


def odd_values(*where: str, extra: int = 2) -> list[str]:
    """The odd values for one parameter: all of ALWAYS, ``extra`` of SOMETIMES picked with a fixed seed."""
    rng = random.Random(f"{SEED}:" + ":".join(where))
    return ALWAYS + rng.sample(SOMETIMES, extra)


# -- the book -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, User]]:
    """A small scored demo book with two customers in the shared pool; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        load_book(book=generate_book(seed=7, today=today, customers=20, years=3))
        scoring.rescore(as_of=today)
        refresh_agenda(as_of=today)
        salesperson = User.objects.get(username="sales1")
        mine = Customer.objects.filter(owner=salesperson).order_by("pk")
        Customer.objects.filter(pk__in=list(mine.values_list("pk", flat=True)[:2])).update(owner=None)
        assert mine.exists()
        yield {"salesperson": salesperson, "manager": User.objects.get(username="manager")}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def no_mail_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mailbox form checks its login on the mail server: here no server is reached."""
    monkeypatch.setattr("laoke.mailbox.forms.check_connection", lambda **kwargs: None)


@pytest.fixture(autouse=True)
def jobs_run_inline() -> None:
    """Jobs an accepted form queues (re-scoring the book…) stay queued and are rolled back with it:
    what is fuzzed here is the handling of the input, not the jobs (this replaces the conftest's
    fixture of the same name, which runs them inline)."""


SPENT: dict[str, float] = {}  # seconds per URL pattern, printed to show where the time goes


def _send(client: Client, method: str, path: str, data: dict[str, str]) -> int:
    started = time.perf_counter()
    with transaction.atomic():
        response = getattr(client, method)(path, data)
        transaction.set_rollback(True)
    route = f"{method.upper()} {resolve(path).route}"
    SPENT[route] = SPENT.get(route, 0.0) + time.perf_counter() - started
    return int(response.status_code)


def surface_for(client: Client, salesperson: User) -> tuple[list[str], Surface]:
    """Every page (built with the salesperson's objects, which both roles may see) and what it reads."""
    pages = [
        r.url
        for r in routes(salesperson)
        if not r.url.startswith(SKIPPED_PREFIXES) and r.label not in {"set_language"}
    ]
    surface = Surface()
    for url in pages:
        with transaction.atomic():
            response = client.get(url)
            transaction.set_rollback(True)
        if response.status_code == 200:
            surface.pages.add(url)
            if "text/html" in response.get("Content-Type", ""):
                surface.read(url, response.content.decode("utf-8", "replace"))
    return pages, surface


@pytest.mark.parametrize("role", ["salesperson", "manager"])
def test_odd_parameters_never_cause_a_server_error(book: dict[str, User], role: str) -> None:
    """GET every page with odd values in each query parameter it reads (and in all of them at once),
    POST every form with odd values in each field: no response is a server error."""
    client = client_for(book[role])
    started = time.perf_counter()
    pages, surface = surface_for(client, book["salesperson"])
    every_param = sorted(set().union(*surface.get_params.values()))
    expected = {"q", "sort", "grade", "kind"} | ({"who", "owner"} if role == "manager" else set())
    assert expected <= set(every_param) and len(surface.post_forms) > 10
    pages = [url for url in pages if url in surface.pages]
    errors: list[str] = []
    sent = 0
    for url in pages:
        path = urlsplit(url).path
        for name in sorted(surface.get_params.get(path, set())):
            for value in odd_values(role, path, name):
                sent += 1
                if (status := _send(client, "get", url, {name: value})) >= 500:
                    errors.append(f"GET {path}?{name}={value[:20]!r} → {status}")
        for value in AT_ONCE:
            sent += 1
            if (status := _send(client, "get", url, dict.fromkeys(every_param, value))) >= 500:
                errors.append(f"GET {path} with every parameter = {value[:20]!r} → {status}")
    for (route, names), (path, rendered) in sorted(surface.post_forms.items()):
        for name in random.Random(f"{SEED}:{route}").sample(names, min(len(names), MAX_FIELDS)):
            for value in odd_values(role, "post", route, name, extra=1):
                sent += 1
                if (status := _send(client, "post", path, {**rendered, name: value})) >= 500:
                    errors.append(f"POST {path} {name}={value[:20]!r} → {status}")
    print(f"{role}: {sent} requests in {time.perf_counter() - started:.1f} s, {len(errors)} server errors")
    print(
        "  slowest:", ", ".join(f"{r} {t:.1f} s" for r, t in sorted(SPENT.items(), key=lambda x: -x[1])[:6])
    )
    SPENT.clear()
    assert not errors, f"{role}:\n" + "\n".join(errors)
