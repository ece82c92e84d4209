"""The token page and the API documentation in a real browser (no console errors, nothing from a CDN)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import log_in
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_salesperson_creates_a_token_reads_the_docs_and_revokes_it(
    page: Page, live_server: Any, browser: Browser
) -> None:
    """The new token is shown once; the Swagger docs load locally; the token works, then is revoked."""
    owner = f.user("sales1")
    f.customer("Alpha GmbH", owner=owner)
    f.customer("Gamma Ltd", owner=f.user("sales2"))
    url = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, url, "sales1", f.PASSWORD)

    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("What is it for?").fill("ERP sync")
    page.get_by_role("button", name="Create a token").click()
    token = page.locator("[data-token=new]").inner_text()
    assert token.startswith("laoke_")

    stranger = browser.new_context()  # no session cookie: the token alone
    outside = stranger.request
    answer = outside.get(f"{url}/api/customers", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    assert [c["name"] for c in answer.json()["items"]] == ["Alpha GmbH"]

    page.get_by_role("link", name="API documentation").click()
    expect(page.get_by_text("Laoke API")).to_be_visible()
    expect(page.get_by_text("/api/orders/bulk")).to_be_visible()
    assert all(r.startswith(url) for r in requests), [r for r in requests if not r.startswith(url)]

    page.goto(f"{url}/api/keys/")
    expect(page.locator("[data-token=new]")).to_have_count(0)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("was revoked")).to_be_visible()
    assert outside.get(f"{url}/api/customers", headers={"Authorization": f"Bearer {token}"}).status == 401
    # A revoked token is refused even alongside the browser's own session.
    assert (
        page.request.get(f"{url}/api/customers", headers={"Authorization": f"Bearer {token}"}).status == 401
    )
    assert page.request.get(f"{url}/api/customers").status == 200
    stranger.close()
