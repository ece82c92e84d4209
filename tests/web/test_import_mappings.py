"""The import page remembers named column mappings and ties the file's salespeople to users."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.audit.models import AuditEvent
from laoke.customers.models import Customer
from laoke.importing.models import SalespersonName, SavedMapping

pytestmark = pytest.mark.django_db

#: An export whose amount column ("Summe") nothing recognises: the manager maps it by hand.
MONTHLY = "客户,日期,Summe,币种,业务员\nACME,2025-01-05,1000,USD,张伟\nBeta,2025-02-05,500,USD,李娜\n"
NEXT_MONTH = "客户,日期,Summe,币种,业务员\nGamma,2025-03-05,700,USD,张伟\n"


@pytest.fixture
def manager_client(client: Client) -> Client:
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    return client


def _upload(client: Client, text: str) -> Client:
    response = client.post(
        reverse("import"),
        {"file": SimpleUploadedFile("sales.csv", text.encode()), "kind": "orders"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    return response


def _posted(response: object) -> dict[str, str]:
    return {f"map{c['index']}": c["field"] for c in response.context["columns"]}  # type: ignore[attr-defined]


def test_saved_mapping_is_applied_to_next_months_file(manager_client: Client) -> None:
    """A mapping saved with a name is applied, and said to be, when a file with the same headers comes."""
    first = _upload(manager_client, MONTHLY)
    form = _posted(first)
    assert form["map2"] == "-"
    form["map2"] = "amount"
    form["save_mapping_as"] = "Kingdee monthly"
    manager_client.post(reverse("import_run"), form)
    saved = SavedMapping.objects.get()
    assert (saved.name, saved.mapping["Summe"]) == ("Kingdee monthly", "amount")
    assert AuditEvent.objects.filter(target="import mapping Kingdee monthly").exists()

    second = _upload(manager_client, NEXT_MONTH)
    assert {c["name"]: c["field"] for c in second.context["columns"]}["Summe"] == "amount"
    assert "Applied the saved mapping “Kingdee monthly”." in second.content.decode()


def test_a_saved_mapping_can_be_picked_from_the_list(manager_client: Client) -> None:
    """A file with other headers gets a saved mapping the manager picks from the list."""
    saved = SavedMapping.objects.create(
        name="Kingdee monthly", kind="orders", columns=["x"], mapping={"Summe": "amount"}
    )
    upload = _upload(manager_client, "客户,日期,Summe\nACME,2025-01-05,1000\n")
    assert "applied-mapping" not in upload.content.decode()
    picked = manager_client.post(
        reverse("import_apply_mapping"), {"saved": saved.pk}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert {c["name"]: c["field"] for c in picked.context["columns"]}["Summe"] == "amount"
    assert "Applied the saved mapping “Kingdee monthly”." in picked.content.decode()


def test_unknown_salespeople_are_listed_and_mapped(manager_client: Client) -> None:
    """Names matching no user are listed with row counts; the manager ties one and creates the other."""
    lina = User.objects.create_user("lina", password="pw", role=RoleChoices.SALESPERSON)
    User.objects.create_user("wei", first_name="Wei", last_name="Zhang", role=RoleChoices.SALESPERSON)
    text = MONTHLY.replace("李娜", "Li Na") + "Delta,2025-01-09,20,USD,Li Na\n"
    response = _upload(manager_client, text.replace("Summe", "金额").replace("张伟", "Zhang Wei"))
    listed = [(s["name"], s["rows"]) for s in response.context["unknown_salespeople"]]
    assert listed == [("Li Na", 2)]  # "Zhang Wei" is Wei Zhang, first and last name swapped

    response = _upload(manager_client, text.replace("Summe", "金额"))
    listed = {s["name"]: s for s in response.context["unknown_salespeople"]}
    assert sorted(listed) == ["Li Na", "张伟"]
    form = _posted(response)
    form[f"sp_name{listed['Li Na']['index']}"] = "Li Na"
    form[f"sp{listed['Li Na']['index']}"] = str(lina.pk)
    form[f"sp_name{listed['张伟']['index']}"] = "张伟"
    form[f"sp{listed['张伟']['index']}"] = "new"
    manager_client.post(reverse("import_run"), form)

    created = User.objects.get(first_name="张伟")
    assert created.role == RoleChoices.SALESPERSON and not created.has_usable_password()
    assert Customer.objects.get(code="ACME").owner == created
    assert Customer.objects.get(code="Beta").owner == lina
    assert SalespersonName.objects.get(name="Li Na").user == lina
    again = _upload(manager_client, text.replace("Summe", "金额"))
    assert again.context["unknown_salespeople"] == []


def test_result_lists_possible_duplicates_and_warnings(manager_client: Client) -> None:
    """The import result names customers that may be known under another code, and unknown countries."""
    known = Customer.objects.create(code="C-1", name="Acme GmbH")
    text = "客户,日期,金额,币种,国家\nACME Ltd,2025-01-05,1000,USD,火星\nBeta,2025-02-05,500,USD,德国\n"
    form = _posted(_upload(manager_client, text))
    response = manager_client.post(reverse("import_run"), form, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    pairs = [(d.customer.code, d.other.code, d.reason) for d in response.context["duplicates"]]
    assert pairs == [("ACME Ltd", "C-1", "name")]
    html = response.content.decode()
    assert reverse("customer_detail", args=[known.pk]) in html
    assert "无法识别的国家名称，已留空：火星（1 行）" in html
