"""What a policy change would do: the book re-scored in memory, grades compared with the stored ones."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Max

from laoke.accounts.models import User
from laoke.company.models import ScoringPolicy
from laoke.core.scorecard.policy import Policy
from laoke.core.scorecard.policy_toml import policy_from_toml, policy_to_toml
from laoke.jobs.services import queue_job
from laoke.retention.models import CustomerScore
from laoke.retention.scorecard_messages import shipped_texts_as_codes
from laoke.retention.services import scoring

NO_GRADE = "—"


@dataclass(frozen=True)
class GradeChanges:
    """From → to counts of the grades of every customer under an edited policy."""

    grades: list[str]  # row and column order: the policy's grades, then "—" (not graded)
    matrix: dict[tuple[str, str], int] = field(default_factory=dict)
    customers: int = 0

    @property
    def changed(self) -> int:
        """Customers whose grade would change."""
        return sum(n for (a, b), n in self.matrix.items() if a != b)

    def rows(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The matrix as table rows: (from grade, [(to grade, count), …])."""
        return [(a, [(b, self.matrix.get((a, b), 0)) for b in self.grades]) for a in self.grades]


def changes_from_result(result: dict[str, Any]) -> GradeChanges:
    """The grade moves a ``preview`` job stored (its result) as :class:`GradeChanges`."""
    matrix = {(str(a), str(b)): int(n) for a, b, n in result.get("matrix", [])}
    return GradeChanges(list(result.get("grades", [])), matrix, int(result.get("customers", 0)))


def saved_policy() -> Policy:
    """The newest saved policy as written (without the company's country/currency tables)."""
    saved = ScoringPolicy.objects.order_by("-created_at", "-id").first()
    return shipped_texts_as_codes(policy_from_toml(saved.text)) if saved else Policy()


def scoring_date(fallback: dt.date) -> dt.date:
    """The date the stored scores are as of, so a preview compares like with like."""
    value = CustomerScore.objects.aggregate(latest=Max("as_of"))["latest"]
    return value if isinstance(value, dt.date) else fallback


def grade_changes(policy: Policy, *, as_of: dt.date) -> GradeChanges:
    """Re-score the stored book with ``policy`` (nothing is saved) and count grade moves."""
    book = scoring.load_book()
    scores = scoring.score_book(book, as_of=as_of, policy=scoring.with_company_tables(policy))
    stored = dict(CustomerScore.objects.values_list("customer__code", "grade"))
    if not stored:
        current = scoring.score_book(book, as_of=as_of, policy=scoring.current_policy())
        stored = dict(zip(current["customer_id"].to_list(), current["grade"].to_list(), strict=True))
    moves: Counter[tuple[str, str]] = Counter()
    for code, grade in zip(scores["customer_id"].to_list(), scores["grade"].to_list(), strict=True):
        moves[(stored.get(code) or NO_GRADE, grade or NO_GRADE)] += 1
    seen = {g for pair in moves for g in pair}
    order = [*policy.grades.names, NO_GRADE]
    grades = [g for g in order if g in seen or g in policy.grades.names] + sorted(seen - set(order))
    return GradeChanges(grades=grades, matrix=dict(moves), customers=scores.height)


def save_policy(policy: Policy, *, note: str, user: User, as_of: dt.date) -> ScoringPolicy:
    """Store ``policy`` as a new version and queue the re-score of the book with it (a job).

    The request answers at once; the ``score`` job (scores, forecasts, alerts and the follow-up
    plan, under the book lock) runs in a worker and the page follows its progress.
    """
    previous = ScoringPolicy.objects.count()
    numbered = replace(policy, version=max(policy.version, previous) + 1)
    row = ScoringPolicy.objects.create(text=policy_to_toml(numbered), note=note, created_by=user)
    queue_job("score", params={"as_of": as_of.isoformat()}, user=user)
    return row
