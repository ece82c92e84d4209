"""Pages name the job or the button that does the work, never a command to run (both languages)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.customers.models import AccessPolicy
from laoke.importing.models import ImportBatch
from laoke.jobs.models import Job
from tests.web import factories as f

pytestmark = pytest.mark.django_db

WORDING = {
    "pool": {
        "en": "return here when the nightly job “Return neglected customers to the shared pool” runs",
        "zh-hans": "每晚的后台任务“将久未跟进的客户退回公海”运行时",
    },
    "kpi": {
        "en": "it starts with the next re-score of the book (every night, or “Re-score now”",
        "zh-hans": "下次重新评估全部客户后开始记录",
    },
    "customer": {
        "en": "The scorecard appears after the next re-score of the book: every night, or when a manager",
        "zh-hans": "每晚自动运行，或由经理点击“立即重新评估”",
    },
    "import": {
        "en": "Queued: waiting for a worker to start the import…",
        "zh-hans": "已排队：等待后台进程开始导入…",
    },
}


def _client(user: User, lang: str) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client


def _pages(boss: User) -> dict[str, str]:
    """The URL showing each text: the shared pool, the KPI page, an unscored customer, a queued import."""
    policy = AccessPolicy.current()
    policy.pool_after_days = 90
    policy.save()
    customer = f.customer("Unscored Ltd", owner=boss)
    batch = ImportBatch.objects.create(kind="orders", file_name="big.csv", user=boss, stage="queued")
    Job.objects.create(kind="import", params={"batch": batch.pk}, stage="queued")
    return {
        "pool": reverse("pool"),
        "kpi": reverse("kpi"),
        "customer": reverse("customer_detail", args=[customer.pk]),
        "import": reverse("import_batch", args=[batch.pk]),
    }


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_pages_name_the_job_not_a_command(lang: str) -> None:
    """The pool, KPI, customer and import pages tell about the job or button, not `laoke pool/score`."""
    boss = f.user("boss", role=RoleChoices.MANAGER)
    client = _client(boss, lang)
    for page, url in _pages(boss).items():
        text = client.get(url).content.decode()
        assert WORDING[page][lang] in text, page
        assert "laoke pool" not in text and "laoke score" not in text, page
        assert "another import" not in text and "另一个导入" not in text, page
