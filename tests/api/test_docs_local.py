"""The API docs page is served from the app's own files, never from a CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from laoke.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_swagger_from_the_app(client: Client) -> None:
    user = User.objects.create_user(username="docs-reader", password="x", role="manager")
    client.force_login(user)
    response = client.get("/api/docs")
    page = response.content.decode()
    assert response.status_code == 200
    scripts = re.findall(r'src="([^"]+)"', page)
    assert scripts and all(s.startswith("/static/ninja/") for s in scripts)
    assert "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js")  # served by the app's static files
