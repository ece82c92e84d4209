"""An import made in the page's own request (a small file) re-scores the book, as a background one does."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.jobs.models import Job
from laoke.retention.models import CustomerScore

pytestmark = pytest.mark.django_db

ORDERS = "客户,日期,金额\nACME,2025-01-05,1000\nACME,2025-02-05,1200\nBeta,2025-03-01,500\n"


def test_a_small_web_import_queues_a_rescore(client: Client) -> None:
    """After the import the book is scored (jobs run inline in tests): every imported customer has a score."""
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    page = client.post(
        reverse("import"), {"file": SimpleUploadedFile("o.csv", ORDERS.encode()), "kind": "orders"}
    )
    mapping = {f"map{c['index']}": c["field"] for c in page.context["columns"]}
    client.post(reverse("import_run"), mapping)
    assert Job.objects.filter(kind="score").count() == 1
    assert set(CustomerScore.objects.values_list("customer__code", flat=True)) == {"ACME", "Beta"}


def test_a_refused_import_queues_no_rescore(client: Client) -> None:
    """Nothing written, nothing to re-score."""
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    bad = ORDERS + "Gamma,2025-03-09,abc\n"
    page = client.post(
        reverse("import"), {"file": SimpleUploadedFile("o.csv", bad.encode()), "kind": "orders"}
    )
    mapping = {f"map{c['index']}": c["field"] for c in page.context["columns"]}
    client.post(reverse("import_run"), mapping)
    assert not Job.objects.filter(kind="score").exists()
