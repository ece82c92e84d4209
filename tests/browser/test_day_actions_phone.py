"""A salesperson's small actions on a 390×844 phone, in English and in Chinese: add a contact, log a
call with its next follow-up (on Today at once), set oneself a task, mark a task done with its outcome
(on the timeline), resolve a complaint from its task on Today."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from laoke.interactions.models import Interaction
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.activity import log_complaint
from tests.web import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "login": "Log in",
        "add_contact": "Add a contact",
        "save_contact": "Save the contact",
        "log": "Log interaction",
        "saved": "Saved.",
        "new_task": "New task for me",
        "add_task": "Add the task",
        "done": "Done",
        "mark_done": "Mark done",
        "resolve": "Resolve",
        "mark_resolved": "Mark resolved",
        "task_done": "Task done",
        "no_open": "No open complaints.",
        "open_tasks": "Open tasks",
        "edit": "Edit",
        "loss": "Loss record",
    },
    "zh-hans": {
        "login": "登录",
        "add_contact": "添加联系人",
        "save_contact": "保存联系人",
        "log": "记录跟进",
        "saved": "已保存。",
        "new_task": "给自己加一条待办",
        "add_task": "添加待办",
        "done": "完成",
        "mark_done": "标记完成",
        "resolve": "解决",
        "mark_resolved": "标记为已解决",
        "task_done": "完成的待办",
        "no_open": "没有未解决的投诉。",
        "open_tasks": "未完成待办",
        "edit": "编辑",
        "loss": "流失记录",
    },
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_salespersons_actions_on_a_phone(page: Page, live_server: Any, language: str) -> None:
    t = TEXT[language]
    sales = f.user("sales1", first_name="Li")
    customer = f.customer("Lyon Import", owner=sales, country="FR")
    complaint = log_complaint(customer=customer, user=sales, subject="Broken cartons")
    url = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
    page.goto(f"{url}/login/")
    page.locator("input[name=username]").fill("sales1")
    page.locator("input[name=password]").fill(f.PASSWORD)
    page.get_by_role("button", name=t["login"]).click()
    page.wait_for_url(f"{url}/")

    # The log form is on the first screen of the customer page.
    page.goto(f"{url}/customers/{customer.pk}/")
    box = page.locator("#touch-form").bounding_box()
    assert box is not None and box["y"] < 844, f"the log form starts at {box} on an 844 px phone"

    # Add a contact: the phone and WhatsApp numbers become links a phone can dial.
    contacts = page.locator("#contacts")
    contacts.locator("summary", has_text=t["add_contact"]).click()
    form = contacts.get_by_role("form", name=t["add_contact"])
    form.locator("[name=contact-name]").fill("Marie Dubois")
    form.locator("[name=contact-phone]").fill("+33 4 12 34 56 78")
    form.locator("[name=contact-whatsapp]").fill("+33 6 12 34 56 78")
    form.locator("[name=contact-language]").select_option("fr")
    form.get_by_role("button", name=t["save_contact"]).click()
    expect(page.locator('#contacts a[href="tel:+33412345678"]')).to_be_visible()
    expect(page.locator('#contacts a[href="https://wa.me/33612345678"]')).to_be_visible()
    # Its edit form is drawn when "Edit" opens, filled in.
    marie = page.locator("#contacts .contact", has_text="Marie Dubois")
    marie.locator("summary", has_text=t["edit"]).click()
    expect(marie.locator("[name$=-phone]")).to_have_value("+33 4 12 34 56 78")

    # Log a call with its next follow-up: the task is on Today at once.
    touch = page.locator("#touch-form")
    touch.locator("[name=kind]").select_option("call")
    touch.locator("[name=subject]").fill("Spring order")
    touch.locator("[name=body]").fill("Wants the new colours")
    follow_up = timezone.localdate() + dt.timedelta(days=1)
    touch.locator("[name=follow_up_on]").fill(follow_up.isoformat())
    touch.get_by_role("button", name=t["log"]).click()
    expect(page.locator("#touch-form")).to_contain_text(t["saved"])
    expect(page.locator("#timeline")).to_contain_text("Wants the new colours")

    # A task for oneself about this customer.
    act = page.locator("#act")
    act.locator("summary", has_text=t["new_task"]).click()
    act.locator("[name=personal-title]").fill("Send the price list")
    act.get_by_role("button", name=t["add_task"]).click()
    page.wait_for_url(re.compile(rf"/customers/{customer.pk}/"))

    page.goto(f"{url}/")
    follow = Task.objects.get(kind="follow_up", customer=customer)
    personal = Task.objects.get(kind="personal", customer=customer)
    complaint_task = Task.objects.get(rule_key=f"complaint:{complaint.pk}")
    expect(page.locator(f"#task-{follow.pk}")).to_be_visible()
    row = page.locator(f"#task-{personal.pk}")
    expect(row).to_contain_text("Send the price list")

    # Done asks for the outcome.
    row.locator("summary", has_text=t["done"]).click()
    row.locator("[name=outcome]").fill("Price list sent by mail")
    row.get_by_role("button", name=t["mark_done"]).click()
    expect(page.locator(f"#task-{personal.pk}")).to_have_class(re.compile("task-closed"))

    # Resolve the complaint from its task: asks how.
    crow = page.locator(f"#task-{complaint_task.pk}")
    crow.locator("summary", has_text=t["resolve"]).click()
    crow.locator("[name=outcome]").fill("Credit note sent")
    crow.get_by_role("button", name=t["mark_resolved"]).click()
    expect(page.locator(f"#task-{complaint_task.pk}")).to_have_class(re.compile("task-closed"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"Today is {width} px wide on a 390 px phone"

    page.goto(f"{url}/customers/{customer.pk}/")
    # The interactions and the history row, below the fold, are drawn as they come into view.
    timeline = page.locator("#timeline")
    timeline.scroll_into_view_if_needed()
    expect(timeline).to_contain_text(t["task_done"])
    expect(timeline).to_contain_text("Price list sent by mail")
    expect(page.locator("#complaints")).to_contain_text(t["no_open"])
    page.locator("#history").scroll_into_view_if_needed()
    expect(page.locator("#h-tasks")).to_have_text(t["open_tasks"])
    expect(page.locator("#h-loss")).to_have_text(t["loss"])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the customer page is {width} px wide on a 390 px phone"
    page.screenshot(path=f"/tmp/laoke_day_actions_{language}.png", full_page=False)
    complaint.refresh_from_db()
    assert complaint.resolution == "Credit note sent"
    assert Task.objects.get(pk=personal.pk).status == TaskStatusChoices.DONE
    assert Interaction.objects.filter(customer=customer, kind="task_done").count() == 1
