"""The URL around an id (``laoke.platform.python_html.url_around_id``) is kept per process under
the name, the script prefix and the URLconf: the links drawn in Python stay those ``reverse`` gives."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_script_prefix, reverse, set_script_prefix

from laoke.accounts.models import User
from laoke.platform import python_html
from tests.web import factories as f
from tests.web.conftest import sales

__all__ = ["sales"]


@pytest.mark.django_db
def test_the_page_links_the_kept_url(client: Client, sales: User) -> None:
    """The profile card's edit link (drawn in Python) on two customers' pages, read once."""
    client.force_login(sales)
    for customer in (f.customer("One", owner=sales), f.customer("Two", owner=sales)):
        html = client.get(f"/customers/{customer.pk}/").content.decode()
        assert f'href="{reverse("pipeline_portrait_edit", args=[customer.pk])}">' in html
    assert [key for key in python_html._URLS if key[0] == "pipeline_portrait_edit"]


def test_a_kept_url_follows_the_script_prefix() -> None:
    before = get_script_prefix()
    try:
        for prefix in ("/", "/crm/", "/"):
            set_script_prefix(prefix)
            head, tail = python_html.url_around_id("cadence_plan")
            assert f"{head}42{tail}" == reverse("cadence_plan", args=[42])
            assert head.startswith(prefix)
    finally:
        set_script_prefix(before)
    assert {key[1] for key in python_html._URLS if key[0] == "cadence_plan"} >= {"/", "/crm/"}
