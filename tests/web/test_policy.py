"""The policy page: managers only, preview of grade moves, saving a version re-grades, errors per field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_from_toml, policy_to_toml
from laoke.customers.models import Customer
from laoke.orders.models import Order, OrderLine
from laoke.retention.models import CustomerScore
from laoke.retention.services import scoring
from laoke.web.policy_form import PolicyForm

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)


@pytest.fixture
def manager() -> User:
    return User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER)


@pytest.fixture
def book() -> None:
    """Six customers of different sizes, scored with the default policy."""
    for i in range(1, 7):
        customer = Customer.objects.create(code=f"C{i}", name=f"Customer {i}", country="DE", currency="EUR")
        for k in range(i):
            order = Order.objects.create(
                order_no=f"O{i}-{k}",
                customer=customer,
                order_date=AS_OF - dt.timedelta(days=30 + 50 * k),
                currency="EUR",
            )
            amount = Decimal(1000 * i * i)
            OrderLine.objects.create(
                order=order,
                line_no=1,
                amount=amount,
                amount_original=amount,
                currency="EUR",
                cost=amount * Decimal("0.7"),
            )
    scoring.rescore(as_of=AS_OF, policy=Policy())


def form_data(policy: Policy, **changes: Any) -> dict[str, Any]:
    """The field form as the page renders it for ``policy``, with some values changed."""
    form = PolicyForm(policy=policy)
    data = {name: "" if field.initial is None else field.initial for name, field in form.fields.items()}
    data.update(mode="fields", **changes)
    return data


def test_salesperson_gets_403(client: Client) -> None:
    """It refuses the policy page to a salesperson."""
    client.force_login(User.objects.create_user("s1", password="pw", role=RoleChoices.SALESPERSON))
    assert client.get(reverse("policy")).status_code == 403
    assert client.post(reverse("policy_preview"), {}).status_code == 403


def test_page_shows_the_policy_in_force(client: Client, manager: User) -> None:
    """It renders the weights form, the TOML text and the download of the default policy."""
    client.force_login(manager)
    response = client.get(reverse("policy"))
    assert response.status_code == 200
    assert 'name="weights__profit"' in response.content.decode()
    download = client.get(reverse("policy_download"))
    assert policy_from_toml(download.content.decode()) == Policy()


def test_preview_counts_grade_moves_and_saves_nothing(client: Client, manager: User, book: None) -> None:
    """It counts every graded customer not yet A as moving to A when every boundary is near 0."""
    client.force_login(manager)
    before = dict(CustomerScore.objects.values_list("customer__code", "grade"))
    not_a = sum(1 for g in before.values() if g and g != "A")
    response = client.post(reverse("policy_preview"), form_data(Policy(), grades__boundaries="0.3, 0.2, 0.1"))
    assert response.status_code == 200
    changes = response.context["changes"]
    assert changes.changed == not_a > 0
    assert changes.matrix.get(("A", "A"), 0) + not_a == sum(1 for g in before.values() if g)
    assert dict(CustomerScore.objects.values_list("customer__code", "grade")) == before
    assert ScoringPolicy.objects.count() == 0


def test_saving_keeps_history_and_regrades(client: Client, manager: User, book: None) -> None:
    """It stores a new policy version with its note and re-grades the stored book with it."""
    client.force_login(manager)
    data = form_data(Policy(), grades__boundaries="0.3, 0.2, 0.1", note="Everyone is A")
    response = client.post(reverse("policy"), data)
    assert response.status_code == 302
    saved = ScoringPolicy.objects.get()
    assert saved.note == "Everyone is A" and saved.created_by == manager
    assert policy_from_toml(saved.text).grades.boundaries == (0.3, 0.2, 0.1)
    graded = set(CustomerScore.objects.exclude(grade="").values_list("grade", flat=True))
    assert graded == {"A"}
    client.post(reverse("policy"), form_data(policy_from_toml(saved.text), note="second"))
    assert ScoringPolicy.objects.count() == 2


def test_invalid_boundaries_show_a_field_error_in_both_languages(
    client: Client, manager: User, book: None
) -> None:
    """It shows the error next to the boundaries field in English and Chinese and saves nothing."""
    client.force_login(manager)
    before = list(CustomerScore.objects.order_by("id").values_list("grade", flat=True))
    data = form_data(Policy(), grades__boundaries="40, 55, 70")
    english = client.post(reverse("policy"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.context["form"].errors["grades__boundaries"] == ["Boundaries must be strictly descending."]
    assert 'data-error-for="grades__boundaries"' in english.content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.post(reverse("policy"), data)
    assert "递减" in chinese.context["form"].errors["grades__boundaries"][0]
    assert ScoringPolicy.objects.count() == 0
    assert list(CustomerScore.objects.order_by("id").values_list("grade", flat=True)) == before


def test_negative_weight_is_refused_by_the_field(client: Client, manager: User) -> None:
    """It refuses a negative weight with the field's own message."""
    client.force_login(manager)
    response = client.post(
        reverse("policy"), form_data(Policy(), weights__profit="-1"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and "weights__profit" in response.context["form"].errors
    assert ScoringPolicy.objects.count() == 0


def test_toml_text_can_be_saved_and_its_errors_are_shown(client: Client, manager: User, book: None) -> None:
    """It saves a policy edited as TOML and names the faulty field of a broken one."""
    client.force_login(manager)
    bad = policy_to_toml(Policy()).replace("high = 60.0", "high = 160.0")
    response = client.post(reverse("policy"), {"mode": "toml", "toml": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "thresholds.low" in response.context["text_form"].errors["toml"][0]
    # What is wrong is worded in the reader's language, with its figures (the core says codes).
    client.cookies["django_language"] = "zh-hans"
    unknown = client.post(reverse("policy"), {"mode": "toml", "toml": "[grades]\nnames = ['A', 'B']\n"})
    [said] = unknown.context["text_form"].errors["toml"]
    assert said == "grades.names: 等级名称须比分界值正好多一个（现有 3 个分界值、2 个名称）。"
    client.cookies["django_language"] = "en"
    typo = client.post(reverse("policy"), {"mode": "toml", "toml": "[thresholds]\nwindow_months = 'x'\n"})
    assert typo.context["text_form"].errors["toml"] == [
        "thresholds.window_months: Enter a whole number, not 'x'."
    ]
    good = policy_to_toml(Policy()).replace('name = "default"', 'name = "strict"')
    assert client.post(reverse("policy"), {"mode": "toml", "toml": good, "note": "text"}).status_code == 302
    assert policy_from_toml(ScoringPolicy.objects.get().text).name == "strict"


def test_preview_runs_as_a_job_whose_card_polls_until_the_grade_moves_show(
    client: Client, manager: User, book: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request only queues a preview job; its card posts back until a worker has run it, then the
    grade moves show; another manager cannot read the job."""
    from laoke.jobs import runner, services
    from laoke.jobs.models import Job

    sent: list[int] = []
    monkeypatch.setattr(services, "send", lambda job_id, delay=None: sent.append(job_id))
    client.force_login(manager)
    data = form_data(Policy(), grades__boundaries="0.3, 0.2, 0.1")
    page = client.post(reverse("policy_preview"), data).content.decode()
    job = Job.objects.get(kind="preview")
    assert sent == [job.pk] and job.state == Job.State.QUEUED
    assert 'data-preview="job"' in page and f'"job": "{job.pk}"' in page and 'hx-trigger="every 1s"' in page
    assert 'data-preview="changes"' not in page
    runner.execute(sent.pop())
    response = client.post(reverse("policy_preview"), {"job": job.pk})
    assert 'data-preview="changes"' in response.content.decode() and response.context["changes"].changed > 0
    other = User.objects.create_user("boss2", password="pw", role=RoleChoices.MANAGER)
    client.force_login(other)
    assert client.post(reverse("policy_preview"), {"job": job.pk}).status_code == 403


def test_a_manager_reads_shares_conditions_and_edits_grade_treatments(client: Client, manager: User) -> None:
    """Weights show their share of 100 %, conditions name the score they test, and each grade's
    treatment is edited in both languages in the form (it was only in the TOML)."""
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    policy = Policy()
    page = client.get(reverse("policy")).content.decode()
    total = sum(policy.weights.values())
    profit_share = f"{policy.weights['profit'] / total:.0%} of the total score"
    assert profit_share in page
    assert f"score &lt; {policy.thresholds.low:g}" in page and f"score ≥ {policy.thresholds.high:g}" in page
    # The shipped treatments are offered in grey in both languages, whichever language reads the page.
    key_customer = (
        "Key customer: special treatment (volume discounts, samples, longer credit), personal contact."
    )
    assert f'placeholder="{key_customer}"' in page
    assert 'placeholder="重点客户：特殊待遇（批量折扣、样品、更长账期），保持私人联系。"' in page
    assert (
        'placeholder="Profitable and pays well but not loyal: study their buying and decision habits."'
        in page
    )
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("policy")).content.decode()
    assert "占总分的" in chinese and f'placeholder="{key_customer}"' in chinese
    data = form_data(
        policy,
        grade_treatment__A__en="Visit twice a year",
        grade_treatment__A__zh="每年拜访两次",
        note="A care",
    )
    assert client.post(reverse("policy"), data).status_code == 302
    saved = policy_from_toml(ScoringPolicy.objects.get().text)
    assert (saved.grade_treatments["A"].en, saved.grade_treatments["A"].zh) == (
        "Visit twice a year",
        "每年拜访两次",
    )
    assert saved.grade_treatments["B"] == policy.grade_treatments["B"]


def test_versions_are_compared_and_restored(client: Client, manager: User) -> None:
    """An old version shows what changed since; restoring it saves it as a new version (audited);
    a team manager may compare but not restore."""
    from laoke.accounts.models import Team
    from laoke.audit.models import AuditEvent

    client.force_login(manager)
    client.cookies["django_language"] = "en"
    policy = Policy()
    client.post(reverse("policy"), form_data(policy, note="first"))
    client.post(reverse("policy"), form_data(policy, grades__boundaries="90, 70, 50", note="stricter"))
    first, second = ScoringPolicy.objects.order_by("pk")
    page = client.get(reverse("policy_version", args=[first.pk])).content.decode()
    assert "Compare or restore" in client.get(reverse("policy")).content.decode()
    assert "90.0, 70.0, 50.0" in page or "90, 70, 50" in page
    assert (
        "This version is the policy in force."
        in client.get(reverse("policy_version", args=[second.pk])).content.decode()
    )
    lead = Client()
    lead.force_login(
        User.objects.create_user("lead", role=RoleChoices.MANAGER, team=Team.objects.create(name="A"))
    )
    assert lead.get(reverse("policy_version", args=[first.pk])).status_code == 200
    assert lead.post(reverse("policy_version", args=[first.pk])).status_code == 403
    assert client.post(reverse("policy_version", args=[first.pk])).status_code == 302
    restored = ScoringPolicy.objects.order_by("-pk").first()
    assert restored is not None and restored.note == f"Restored version {first.pk}"
    assert policy_from_toml(restored.text).grades.boundaries == policy_from_toml(first.text).grades.boundaries
    assert AuditEvent.objects.filter(detail__restored=first.pk).exists()
