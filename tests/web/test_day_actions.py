"""The small actions of a salesperson's day, from the customer page and Today: contacts, a touch with
its next follow-up, personal tasks, Done with an outcome, a complaint resolved from its task.

Each one is checked where the user sees it: the customer's timeline, Today, the contact card.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.api.services.tokens import create_token
from laoke.audit.models import AuditEvent
from laoke.customers.models import Contact, CustomerShare
from laoke.interactions.models import Interaction
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.activity import log_complaint
from tests.web import factories as f

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _page(client: Client, customer_id: int) -> str:
    return client.get(f"/customers/{customer_id}/?show=timeline&show=history").content.decode()


def test_owner_adds_a_contact_with_every_channel_and_sees_it_tap_to_call(
    sales_client: Client, sales: User
) -> None:
    """A won prospect with nobody on file gets its buyer: phone and WhatsApp are links a phone can dial."""
    cust = f.customer("Lyon Import", owner=sales)
    response = sales_client.post(
        f"/customers/{cust.pk}/contacts/",
        {
            "contact-name": "Marie Dubois",
            "contact-role": "Buyer",
            "contact-email": "marie@lyon.example",
            "contact-phone": "+33 4 12 34 56 78",
            "contact-whatsapp": "+33 6 12 34 56 78",
            "contact-wechat": "marie_lyon",
            "contact-skype": "marie.dubois",
            "contact-language": "fr",
            "contact-birthday": "1985-04-12",
            "contact-interests": "sailing, two children",
            "contact-is_primary": "on",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(customer=cust)
    assert (contact.whatsapp, contact.wechat, contact.language) == ("+33 6 12 34 56 78", "marie_lyon", "fr")
    page = _page(sales_client, cust.pk)
    assert 'href="tel:+33412345678"' in page
    assert 'href="https://wa.me/33612345678"' in page
    assert "sailing, two children" in page and "French" in page
    assert "Contact added: Marie Dubois" in page  # on the timeline
    assert AuditEvent.objects.get(action="contact_added").detail["name"] == "Marie Dubois"


def test_contact_form_errors_are_clear_and_nothing_is_saved(sales_client: Client, sales: User) -> None:
    """A bad e-mail, a phone with letters and a WhatsApp number without country code are each explained."""
    cust = f.customer(owner=sales)
    response = sales_client.post(
        f"/customers/{cust.pk}/contacts/",
        {
            "contact-name": "",
            "contact-email": "marie-at-lyon",
            "contact-phone": "call me",
            "contact-whatsapp": "06 12 34 56 78",
            "contact-birthday": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please correct the fields marked below." in page
    assert "Enter a valid email address." in page
    assert "Write the number with digits only" in page
    assert "WhatsApp needs the country code" in page
    assert "This date is in the future." in page
    assert not Contact.objects.exists()


def test_owner_edits_a_contact_and_the_timeline_says_so(sales_client: Client, sales: User) -> None:
    """Changing a contact keeps one row, with the new values, and notes the change."""
    cust = f.customer(owner=sales)
    buyer = f.contact(cust, "Hans Weber", email="hans@old.example")
    sales_client.post(
        f"/customers/{cust.pk}/contacts/{buyer.pk}/",
        {f"contact-{buyer.pk}-name": "Hans Weber", f"contact-{buyer.pk}-email": "hans@new.example"},
    )
    buyer.refresh_from_db()
    assert buyer.email == "hans@new.example"
    assert "Contact details changed: Hans Weber" in _page(sales_client, cust.pk)
    assert AuditEvent.objects.get(action="contact_changed").detail["fields"] == ["email"]


def test_a_colleague_the_customer_is_only_shared_with_may_not_change_contacts(
    sales_client: Client, sales: User, other_sales: User
) -> None:
    """Contacts are the owner's (and managers'): a shared colleague gets 403 and no form."""
    cust = f.customer(owner=other_sales)
    CustomerShare.objects.create(customer=cust, user=sales)
    response = sales_client.post(f"/customers/{cust.pk}/contacts/", {"contact-name": "Intruder"})
    assert response.status_code == 403
    assert not Contact.objects.exists()
    assert "Add a contact" not in _page(sales_client, cust.pk)


def test_manager_adds_a_contact(manager_client: Client, sales: User) -> None:
    """A manager who sees the customer may add its contacts."""
    cust = f.customer(owner=sales)
    response = manager_client.post(f"/customers/{cust.pk}/contacts/", {"contact-name": "Ana Silva"})
    assert response.status_code == 302 and Contact.objects.get().name == "Ana Silva"


def test_a_call_with_a_next_follow_up_becomes_a_task_on_the_owners_today(
    client: Client, sales: User, other_sales: User
) -> None:
    """A colleague logs a WhatsApp touch for a shared customer: the follow-up goes to the owner's Today."""
    cust = f.customer("Lyon Import", owner=sales)
    CustomerShare.objects.create(customer=cust, user=other_sales)
    client.force_login(other_sales)
    client.cookies["django_language"] = "en"
    monday = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(
        f"/customers/{cust.pk}/interactions/",
        {
            "kind": "whatsapp",
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "subject": "Spring catalogue",
            "body": "Interested in the new colours, wants prices",
            "follow_up_on": monday.isoformat(),
        },
        **HX,
    )
    html = response.content.decode()
    assert "Saved." in html and "is on Today" in html
    assert "Interested in the new colours" in html  # the refreshed timeline
    task = Task.objects.get(kind="follow_up")
    assert (task.assignee, task.customer, task.due_on) == (sales, cust, monday)
    assert task.title_en == task.why_en == ""  # codes, worded in the reader's language
    logged = timezone.localdate()
    with translation.override("en"):
        assert task.title == "Follow up: Spring catalogue"
        assert task.why == f"Agreed when logging the WhatsApp of {logged:%m/%d/%Y}."
    with translation.override("zh-hans"):
        assert task.title == "跟进：Spring catalogue"
        assert task.why == f"记录{logged.year}年{logged.month}月{logged.day}日的WhatsApp时约定的下次跟进。"
    client.force_login(sales)
    today = client.get("/").content.decode()
    assert f'id="task-{task.pk}"' in today and "Follow up: Spring catalogue" in today


def test_a_follow_up_in_the_past_is_refused(sales_client: Client, sales: User) -> None:
    """The follow-up day cannot be before today; nothing is logged."""
    cust = f.customer(owner=sales)
    response = sales_client.post(
        f"/customers/{cust.pk}/interactions/",
        {
            "kind": "call",
            "occurred_at": "2025-03-01T10:30",
            "follow_up_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        },
        **HX,
    )
    assert "The follow-up day is in the past" in response.content.decode()
    assert not Interaction.objects.exists() and not Task.objects.exists()


def test_personal_task_from_the_customer_page_and_from_today(sales_client: Client, sales: User) -> None:
    """A salesperson sets themself tasks, about a customer or about nothing; both show on Today."""
    cust = f.customer("Lyon Import", owner=sales)
    day = timezone.localdate()
    sales_client.post(
        f"/customers/{cust.pk}/tasks/",
        {"personal-title": "Send the price list", "personal-due_on": day.isoformat()},
    )
    sales_client.post(
        "/tasks/new/", {"personal-title": "Prepare the fair", "personal-due_on": day.isoformat()}
    )
    tasks = {t.title_en: t for t in Task.objects.filter(kind="personal")}
    assert tasks["Send the price list"].customer == cust and tasks["Prepare the fair"].customer is None
    assert {t.assignee for t in tasks.values()} == {sales}
    today = sales_client.get("/").content.decode()
    assert "Send the price list" in today and "Prepare the fair" in today


def test_personal_task_in_the_past_is_refused_with_the_reason(sales_client: Client, sales: User) -> None:
    """Today's form says why a task was not added."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = sales_client.post(
        "/tasks/new/", {"personal-title": "Too late", "personal-due_on": yesterday.isoformat()}, follow=True
    )
    assert "The task was not added" in response.content.decode()
    assert not Task.objects.exists()


def test_done_with_an_outcome_writes_it_on_the_customers_timeline(sales_client: Client, sales: User) -> None:
    """Done asks for the outcome; the customer's timeline shows the task and what came of it."""
    cust = f.customer(owner=sales)
    task = f.task(cust, sales, timezone.localdate(), title_en="Call about the spring order")
    response = sales_client.post(
        f"/tasks/{task.pk}/done/", {"outcome": "They will order 2 containers in March"}, **HX
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == TaskStatusChoices.DONE
    page = _page(sales_client, cust.pk)
    assert "Task done: Call about the spring order" in page
    assert "They will order 2 containers in March" in page


def test_done_on_a_complaint_task_asks_how_and_resolves_the_complaint(
    sales_client: Client, sales: User
) -> None:
    """Without a word the complaint stays open; saying how resolves it and closes the task."""
    cust = f.customer(owner=sales)
    complaint = log_complaint(customer=cust, user=sales, subject="Broken cartons")
    task = Task.objects.get(rule_key=f"complaint:{complaint.pk}")
    row = sales_client.get("/").content.decode()
    assert "How was it resolved?" in row
    refused = sales_client.post(f"/tasks/{task.pk}/done/", {"outcome": ""}, **HX).content.decode()
    assert "Say how the complaint was resolved." in refused
    complaint.refresh_from_db()
    assert complaint.resolved_at is None
    sales_client.post(f"/tasks/{task.pk}/done/", {"outcome": "Credit note sent"}, **HX)
    complaint.refresh_from_db()
    task.refresh_from_db()
    assert complaint.resolved_at is not None and complaint.resolution == "Credit note sent"
    assert task.status == TaskStatusChoices.DONE
    page = _page(sales_client, cust.pk)
    assert "No open complaints." in page and "Credit note sent" in page


def test_the_api_marks_a_task_done_with_its_outcome_and_resolves_a_complaint(
    client: Client, sales: User
) -> None:
    """PATCH /api/tasks/<id> goes through the same service: outcome on the timeline, complaint resolved."""
    _token, raw = create_token(user=sales, name="phone")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}
    cust = f.customer(owner=sales)
    task = f.task(cust, sales, timezone.localdate(), title_en="Call back")
    ok = client.patch(
        f"/api/tasks/{task.pk}",
        {"status": "done", "note": "Agreed on samples"},
        content_type="application/json",
        **headers,
    )
    assert ok.status_code == 200
    assert Interaction.objects.get(customer=cust, kind="task_done").body == "Agreed on samples"
    complaint = log_complaint(customer=cust, user=sales, subject="Late shipment")
    ctask = Task.objects.get(rule_key=f"complaint:{complaint.pk}")
    refused = client.patch(
        f"/api/tasks/{ctask.pk}", {"status": "done"}, content_type="application/json", **headers
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "note", "message": "Say how the complaint was resolved."}]
    client.patch(
        f"/api/tasks/{ctask.pk}",
        {"status": "done", "note": "Next shipment by air"},
        content_type="application/json",
        **headers,
    )
    complaint.refresh_from_db()
    assert complaint.resolution == "Next shipment by air"
