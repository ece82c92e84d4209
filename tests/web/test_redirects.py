"""Redirect targets taken from the request stay on this site (no open redirect)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from laoke.accounts.models import User
from laoke.interactions.models import Interaction
from laoke.pipeline.models import Prospect
from laoke.platform.redirects import safe_next
from tests.web import factories as f

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
    "https://testserver.evil.example/",
]
#: Not pages: a relative name (redirect() would look it up as a URL name and fail), junk.
NOT_PAGES = ["abc", "²", "-1", "?next=/", "\x00", "9" * 30]
SRC = Path(__file__).resolve().parents[2] / "src" / "laoke"


@pytest.mark.parametrize("target", EVIL + NOT_PAGES)
def test_safe_next_refuses_other_sites(target: str) -> None:
    """A next pointing at another site, a script or no page at all falls back to the named page."""
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "home") == "/"


@pytest.mark.parametrize("target", ["/customers/?grade=A", "http://testserver/pipeline/"])
def test_safe_next_keeps_pages_of_this_site(target: str) -> None:
    """A path or a URL of this host is kept as it is."""
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "home") == target


def test_the_referer_counts_only_when_asked_and_only_from_this_site() -> None:
    """The Referer header is a candidate only with referer=True, and only for this site."""
    rf = RequestFactory()
    assert safe_next(rf.get("/x/", HTTP_REFERER="/kpi/"), "home") == "/"
    assert safe_next(rf.get("/x/", HTTP_REFERER="/kpi/"), "home", referer=True) == "/kpi/"
    assert safe_next(rf.get("/x/", HTTP_REFERER="https://evil.example/"), "home", referer=True) == "/"


@pytest.mark.parametrize("target", EVIL)
def test_mail_answered_never_leaves_the_site(sales_client: Client, sales: User, target: str) -> None:
    """Marking a customer mail answered with an evil next lands on the cadence page."""
    mail = Interaction.objects.create(
        customer=f.customer(owner=sales),
        kind="email_in",
        direction="in",
        occurred_at=timezone.now() - dt.timedelta(minutes=30),
    )
    response = sales_client.post(f"/cadence/mails/{mail.pk}/answered/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/cadence/"
    good = sales_client.post(f"/cadence/mails/{mail.pk}/answered/", {"next": "/customers/"})
    assert good["Location"] == "/customers/"


@pytest.mark.parametrize("target", EVIL + [t for t in NOT_PAGES if "\x00" not in t])
def test_pipeline_move_never_leaves_the_site(sales_client: Client, sales: User, target: str) -> None:
    """Moving a prospect with an evil next lands on the board."""
    p = Prospect.objects.create(name="Hamburg Pigments", owner=sales, created_on=timezone.localdate())
    response = sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "B", "next": target})
    assert response.status_code == 302 and response["Location"] == "/pipeline/"


def test_a_next_holding_nul_is_refused_before_the_move(sales_client: Client, sales: User) -> None:
    """A NUL in any form value is refused (400) and the prospect stays where it was."""
    p = Prospect.objects.create(name="Hamburg Pigments", owner=sales, created_on=timezone.localdate())
    response = sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "B", "next": "/\x00"})
    assert response.status_code == 400
    p.refresh_from_db()
    assert p.stage != "B" and not p.moves.exists()


@pytest.mark.parametrize("target", EVIL)
def test_login_and_language_switch_never_leave_the_site(client: Client, sales: User, target: str) -> None:
    """Django's login and language views, which read next too, stay on the site."""
    sales.set_password("a-long-password-1")
    sales.save()
    login = client.post("/login/", {"username": "sales1", "password": "a-long-password-1", "next": target})
    assert login.status_code == 302 and "evil" not in login["Location"]
    switch = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert switch.status_code == 302 and "evil" not in switch["Location"]


def test_every_module_reading_a_redirect_target_uses_the_helper() -> None:
    """A module that reads next or the Referer from a request uses laoke.platform.redirects (so its
    redirects are checked) instead of a check of its own."""
    reads = re.compile(
        r"""(GET|POST)\.get\(\s*["']next["']|HTTP_REFERER|headers\.get\(\s*["']referer""", re.I
    )
    offenders = []
    for p in SRC.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        if p.name != "redirects.py" and reads.search(text) and "laoke.platform.redirects" not in text:
            offenders.append(str(p.relative_to(SRC)))
    assert not offenders
