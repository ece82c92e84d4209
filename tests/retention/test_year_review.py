"""The year-end review page: proposals, decisions, sign-off, the export, and the tier it sets."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.test import Client

from laoke.accounts.models import RoleChoices, Team, User
from laoke.audit.models import AuditEvent
from laoke.cadence.repositories import load_customers
from laoke.core.cadence.model import Tier
from laoke.core.scorecard.policy import Policy
from laoke.customers.models import Customer
from laoke.retention.models import ReviewDecision, ReviewSignoff
from tests.jobs.downloads import file_bytes, follow_export
from tests.web import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def book() -> dict[str, Customer]:
    """A big, steady customer and a small, shrinking one of team A, and one of team B."""
    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    li = f.user("li", first_name="Li", last_name="Wei", team=team_a)
    other = f.user("zhao", team=team_b)
    big = f.customer("Big Buyer GmbH", owner=li)
    small = f.customer("Small Shop", owner=li)
    far = f.customer("Team B Ltd", owner=other)
    for month in range(1, 13):
        f.order(big, dt.date(YEAR - 1, month, 5), "9000")
        f.order(big, dt.date(YEAR, month, 5), "10000")
        f.order(far, dt.date(YEAR, month, 6), "3000")
    f.order(small, dt.date(YEAR - 1, 3, 1), "800")
    f.order(small, dt.date(YEAR, 3, 1), "100")
    return {"big": big, "small": small, "far": far}


def _client(client: Client, user: User, lang: str = "en") -> Client:
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def test_manager_decides_signs_off_and_the_tier_follows(client: Client, book: dict[str, Customer]) -> None:
    """Proposals are shown; saved decisions and the sign-off are stored, audited and set the cadence tier."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    c = _client(client, boss)
    page = c.get(f"/review/{YEAR}/").content.decode()
    assert "Big Buyer GmbH" in page and "Small Shop" in page and "Li Wei" in page
    assert "Promote to (or keep as) key customer." in page
    chinese = _client(Client(), boss, "zh-hans").get(f"/review/{YEAR}/").content.decode()
    assert "升为（或保持）重点客户。" in chinese and "Promote to (or keep as)" not in chinese
    big, small = book["big"], book["small"]
    response = c.post(
        f"/review/{YEAR}/",
        {
            "action": "save",
            f"decision-{small.code}": "drop",
            f"note-{small.code}": "Orders shrink every year",
        },
    )
    assert response.status_code == 302
    decision = ReviewDecision.objects.get(year=YEAR, customer=small)
    assert (decision.decision, decision.note, decision.decided_by) == (
        "drop",
        "Orders shrink every year",
        boss,
    )
    c.post(f"/review/{YEAR}/", {"action": "sign_off"})
    assert ReviewSignoff.objects.filter(year=YEAR, signed_by=boss).exists()
    # Customers left undecided took the proposal at the sign-off.
    assert ReviewDecision.objects.filter(year=YEAR).count() == 3
    assert AuditEvent.objects.filter(action="year_review", target=str(YEAR)).count() == 2
    # A signed-off review cannot change.
    c.post(f"/review/{YEAR}/", {"action": "save", f"decision-{small.code}": "promote"})
    assert ReviewDecision.objects.get(year=YEAR, customer=small).decision == "drop"
    tiers = {x.customer_id: x.tier for x in load_customers(as_of=dt.date(YEAR + 1, 1, 10), policy=Policy())}
    assert tiers[small.pk] == Tier.SMALL
    big_decision = ReviewDecision.objects.get(year=YEAR, customer=big).decision
    assert big_decision == "promote" and tiers[big.pk] == Tier.KEY


def test_team_manager_sees_only_the_team_and_cannot_sign_off(
    client: Client, book: dict[str, Customer]
) -> None:
    """A team manager reviews the team's customers only; the sign-off is the company's."""
    lead = f.user("lead", role=RoleChoices.MANAGER, team=Team.objects.get(name="A"))
    c = _client(client, lead)
    page = c.get(f"/review/{YEAR}/").content.decode()
    assert "Big Buyer GmbH" in page and "Team B Ltd" not in page
    assert 'value="sign_off"' not in page
    assert c.post(f"/review/{YEAR}/", {"action": "sign_off"}).status_code == 403
    far = book["far"]
    c.post(f"/review/{YEAR}/", {"action": "save", f"decision-{far.code}": "drop"})
    assert not ReviewDecision.objects.filter(customer=far).exists()


def test_salesperson_is_refused(client: Client, book: dict[str, Customer]) -> None:
    """The review is a manager's page."""
    c = _client(client, User.objects.get(username="li"))
    assert c.get(f"/review/{YEAR}/").status_code == 403
    assert c.get(f"/review/{YEAR}/review.xlsx").status_code == 403


def test_export_has_decisions_owner_names_and_real_percentages(
    client: Client, book: dict[str, Customer]
) -> None:
    """The workbook carries the decision column in the reader's language, the owner's name and shares in %."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    c = _client(client, boss, "zh-hans")
    small = book["small"]
    c.post(f"/review/{YEAR}/", {"action": "save", f"decision-{small.code}": "drop"})
    response = follow_export(c, c.get(f"/review/{YEAR}/review.xlsx"))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(file_bytes(response))) as book_file:
        strings = book_file.read("xl/sharedStrings.xml").decode()
        sheet = book_file.read("xl/worksheets/sheet1.xml").decode()
    assert "决定" in strings and "降为最低维护" in strings and "Li Wei" in strings
    # The proposal is worded once, in the reader's language (no English column beside it).
    assert "升为（或保持）重点客户。" in strings and "Promote to (or keep as)" not in strings
    assert "建议（中文）" not in strings
    assert "<f>" not in sheet
    # Big Buyer's share of the year's 156,100 is 120,000 → 76.9 %, written as a number, not 0.769.
    assert ">76.87" in sheet or ">76.8" in sheet


def test_an_empty_book_has_an_empty_review(client: Client) -> None:
    """With no customers at all the page says so instead of failing."""
    c = _client(client, f.user("boss", role=RoleChoices.MANAGER))
    response = c.get(f"/review/{YEAR}/")
    assert response.status_code == 200
    assert f"No customer bought in {YEAR} or the year before." in response.content.decode()
