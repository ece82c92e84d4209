"""The clash check (撞单): does a new or edited inquiry look like a buyer the company already has?

An inquiry is compared with every customer and every other open inquiry or target of the company,
whoever owns them, on three keys: the normalised company name (case, punctuation and legal forms
such as GmbH, Ltd, Co., Ltd., S.A., 有限公司 left out), the e-mail domain (free-mail domains such
as gmail.com or qq.com say nothing about the company and are ignored) and the exact e-mail
(customers' addresses are their contacts').

What is found is stored on the inquiry (``Prospect.clashes``: the other record's kind and id and
which keys matched) and, on the other side, on the other inquiry, so both pages and both board
cards warn. When the other record belongs to another salesperson, that person gets one task on
Today per clash pair (``rule_key`` ``clash:…``, never duplicated, never reopened). Who may see
what is decided when a warning is shown, not here. Nothing here commits: the caller owns the
transaction.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _

from laoke.accounts.models import User
from laoke.core.messages import Message
from laoke.customers.book_cache import note_change
from laoke.customers.models import Contact, Customer
from laoke.customers.visibility import visible_customers, visible_owned
from laoke.pipeline.models import Prospect, ProspectStatusChoices
from laoke.platform.messages import to_stored
from laoke.retention.models import Task, TaskStatusChoices
from laoke.retention.services.alerts import ALERT_TASK_KIND, ALERT_TASK_PRIORITY

#: Legal forms left out of a company name (compared after lower-casing and folding punctuation).
LEGAL_FORMS = frozenset(
    [
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "ug",
        "ek",
        "gbr",
        "se",
        "co",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "lp",
        "plc",
        "pte",
        "pty",
        "pvt",
        "private",
        "sa",
        "sas",
        "sarl",
        "sàrl",
        "srl",
        "spa",
        "sl",
        "bv",
        "nv",
        "oy",
        "oyj",
        "ab",
        "as",
        "aps",
        "asa",
        "kk",
        "jsc",
        "ojsc",
        "pjsc",
        "ooo",
        "zao",
        "ao",
        "sp",
        "zoo",
        "spzoo",
        "sro",
        "kft",
        "zrt",
        "bhd",
        "sdn",
        "tbk",
        "pt",
        "cv",
        "de",
        "rl",
        "sac",
        "eirl",
        "ltda",
        "eireli",
        "fzco",
        "fze",
        "fz",
        "dmcc",
        "wll",
    ]
)
#: Chinese legal forms, removed from the end of the name (longest first).
CHINESE_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "集团有限公司",
    "有限公司",
    "株式会社",
    "有限會社",
    "有限会社",
    "合伙企业",
    "公司",
)
#: Free-mail domains: the same one on two records says nothing about the company.
FREE_MAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.co.jp",
        "yahoo.fr",
        "yahoo.de",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "gmx.com",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com",
        "protonmail.com",
        "proton.me",
        "zoho.com",
        "mail.com",
        "t-online.de",
        "orange.fr",
        "free.fr",
        "libero.it",
        "naver.com",
        "daum.net",
        "hanmail.net",
        "rediffmail.com",
    ]
)
#: Kind of the other owner's task (the alert kind: never put in catch-up, above rule-made tasks).
CLASH_TASK_KIND = ALERT_TASK_KIND
CLASH_TASK_CODE = "clash"
#: The keys that can match, in the order a warning names them.
KEYS = ("email", "domain", "name")
KEY_LABELS = {
    "email": _("same e-mail address"),
    "domain": _("same e-mail domain"),
    "name": _("same company name"),
}
OPEN_STATES = (ProspectStatusChoices.INQUIRY, ProspectStatusChoices.TARGET)

_PUNCTUATION = re.compile(r"[^\w]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """The name compared: lower case, punctuation folded, legal forms (GmbH, Co., Ltd., 有限公司…) left out.

    >>> normalise_name("Müller Chemie GmbH & Co. KG") == normalise_name("MÜLLER-CHEMIE")
    True
    """
    text = unicodedata.normalize("NFKC", name or "").casefold().replace("&", " ")
    text = re.sub(r"[()（）]", " ", text).strip()
    changed = True
    while changed:
        changed = False
        for form in CHINESE_FORMS:
            if text.endswith(form) and len(text) > len(form):
                text, changed = text[: -len(form)].strip(), True
    words: list[str] = []
    run = False  # the last word is a run of single letters (S.A., B.V., S.r.l. → "sa", "bv", "srl")
    for word in _PUNCTUATION.sub(" ", text).split():
        if len(word) == 1 and run:
            words[-1] += word
        else:
            words.append(word)
            run = len(word) == 1
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return "".join(words)


def email_domain(email: str) -> str:
    """The company domain of an address, or ``""`` for a free-mail one or no address."""
    address = (email or "").strip().lower()
    if "@" not in address:
        return ""
    domain = address.rsplit("@", 1)[1].strip(".")
    return "" if not domain or domain in FREE_MAIL_DOMAINS else domain


def _address(email: str) -> str:
    return (email or "").strip().lower()


@dataclass(frozen=True)
class Record:
    """A customer or an inquiry as the check compares it."""

    kind: str  # "customer" | "prospect"
    pk: int
    owner_id: int | None
    keys: dict[str, frozenset[str]]


@dataclass
class ClashIndex:
    """Every customer and open inquiry of the company, looked up by name, domain and e-mail."""

    records: dict[tuple[str, int], Record] = field(default_factory=dict)
    lookup: dict[tuple[str, str], set[tuple[str, int]]] = field(default_factory=lambda: defaultdict(set))

    def add(self, record: Record) -> None:
        self.records[(record.kind, record.pk)] = record
        for key, values in record.keys.items():
            for value in values:
                self.lookup[(key, value)].add((record.kind, record.pk))

    def matches(self, record: Record) -> dict[tuple[str, int], list[str]]:
        """Other records sharing a key with ``record`` → the keys shared (email, domain, name)."""
        found: dict[tuple[str, int], list[str]] = defaultdict(list)
        for key in KEYS:
            for value in record.keys.get(key, ()):
                for other in self.lookup.get((key, value), ()):
                    if other != (record.kind, record.pk) and key not in found[other]:
                        found[other].append(key)
        return dict(found)


def _keys(name: str, emails: Iterable[str]) -> dict[str, frozenset[str]]:
    addresses = {_address(e) for e in emails if _address(e)}
    return {
        "name": frozenset({n} if (n := normalise_name(name)) else ()),
        "domain": frozenset(d for d in (email_domain(a) for a in addresses) if d),
        "email": frozenset(addresses),
    }


def prospect_record(prospect: Prospect) -> Record:
    return Record("prospect", prospect.pk, prospect.owner_id, _keys(prospect.name, [prospect.email]))


def build_index() -> ClashIndex:
    """The company's customers (with their contacts' addresses) and open inquiries and targets."""
    index = ClashIndex()
    emails: dict[int, list[str]] = defaultdict(list)
    for customer_id, email in Contact.objects.exclude(email="").values_list("customer_id", "email"):
        emails[customer_id].append(email)
    for pk, name, owner_id in Customer.objects.values_list("pk", "name", "owner_id").iterator(
        chunk_size=5000
    ):
        index.add(Record("customer", pk, owner_id, _keys(name, emails.get(pk, []))))
    # A won inquiry is its customer now: compared as the customer only.
    for pk, name, email, owner_id in Prospect.objects.filter(status__in=OPEN_STATES).values_list(
        "pk", "name", "email", "owner_id"
    ):
        index.add(Record("prospect", pk, owner_id, _keys(name, [email])))
    return index


def _clash_list(index: ClashIndex, record: Record) -> list[dict[str, Any]]:
    found = index.matches(record)
    return [
        {"kind": kind, "id": pk, "owner_id": index.records[(kind, pk)].owner_id, "keys": keys}
        for (kind, pk), keys in sorted(found.items(), key=lambda item: (item[0][0] != "customer", item[0][1]))
    ]


def check_clashes(*, prospects: Iterable[Prospect], today: dt.date) -> list[Prospect]:
    """Check ``prospects`` (saved) against the company; store the clashes on them and on the other inquiries.

    Returns the prospects checked. The other owner of each clash gets one task (see :func:`notify`).
    """
    items = list(prospects)
    if not items:
        return []
    index = build_index()
    touched: dict[int, Prospect] = {p.pk: p for p in items}
    # The other inquiries found (and those that named these before) are checked again too.
    others: set[int] = set()
    for prospect in items:
        for clash in _clash_list(index, prospect_record(prospect)):
            if clash["kind"] == "prospect":
                others.add(int(clash["id"]))
        for clash in prospect.clashes or []:
            if clash.get("kind") == "prospect":
                others.add(int(clash["id"]))
    for other in Prospect.objects.filter(pk__in=others - set(touched)):
        touched[other.pk] = other
    changed = False
    for prospect in touched.values():
        clashes = _clash_list(index, prospect_record(prospect)) if prospect.status in OPEN_STATES else []
        if clashes != (prospect.clashes or []):
            prospect.clashes = clashes
            Prospect.objects.filter(pk=prospect.pk).update(clashes=clashes)
            changed = True
    if changed:  # an update() saves nothing: the board keeps its cards under the book's version
        note_change()
    for prospect in items:
        notify(prospect=prospect, today=today)
    return items


def clash_task_key(prospect_id: int, kind: str, other_id: int) -> str:
    """One key per clash pair, whichever side was checked: ``clash:customer:7:prospect:12``."""
    sides = sorted([("prospect", prospect_id), (kind, other_id)])
    return "clash:" + ":".join(f"{k}:{pk}" for k, pk in sides)


def _owner_of(kind: str, pk: int) -> tuple[User | None, Customer | None, Prospect | None]:
    if kind == "customer":
        customer = Customer.objects.select_related("owner").filter(pk=pk).first()
        return (customer.owner if customer else None), customer, None
    other = Prospect.objects.select_related("owner").filter(pk=pk).first()
    return (other.owner if other else None), None, other


def notify(*, prospect: Prospect, today: dt.date) -> list[Task]:
    """Tell the other owner of each clash of ``prospect``: one task per pair, made once.

    Nobody is told about a clash with their own record (the warning on the page is enough), a
    record without an owner, or an owner who left. The task names the salesperson who recorded
    the inquiry and the keys that matched, and the other owner's own record, never the inquiry's
    facts: they may not see it.
    """
    made: list[Task] = []
    recorder = prospect.owner
    who = str(recorder) if recorder else "—"
    for clash in prospect.clashes or []:
        kind, other_id = str(clash["kind"]), int(clash["id"])
        owner, customer, other = _owner_of(kind, other_id)
        if owner is None or not owner.is_active or owner.pk == prospect.owner_id:
            continue
        keys = [k for k in KEYS if k in clash.get("keys", [])]
        mine = (
            Message("pipeline.task.clash.title.customer", {"who": who, "name": customer.name})
            if customer
            else Message(
                "pipeline.task.clash.title.prospect", {"who": who, "name": other.name if other else ""}
            )
        )
        values = {
            "customer": customer,
            "assignee": owner,
            "kind": CLASH_TASK_KIND,
            "title_msg": to_stored(mine),
            "why_msg": to_stored(Message("pipeline.task.clash.why", {"keys": ",".join(keys), "who": who})),
            "due_on": today,
            "priority": ALERT_TASK_PRIORITY,
            "details": {
                "code": CLASH_TASK_CODE,
                "prospect_id": prospect.pk,
                "other_kind": kind,
                "other_id": other_id,
                "by": prospect.owner_id,
                "keys": keys,
            },
            "status": TaskStatusChoices.OPEN,
        }
        task, _created = Task.objects.get_or_create(
            rule_key=clash_task_key(prospect.pk, kind, other_id), defaults=values
        )
        made.append(task)
    return made


@dataclass(frozen=True)
class ClashView:
    """One clash as a reader may see it: the other record named only when they may open it."""

    kind: str  # "customer" | "prospect"
    pk: int
    name: str | None  # None: not the reader's to see
    owner: str | None  # the other record's owner now (None: nobody)
    keys: tuple[str, ...]
    own: bool  # the other record has the same owner as this inquiry

    @property
    def how(self) -> list[str]:
        """What matched, in the reader's language."""
        return [str(KEY_LABELS[k]) for k in self.keys]


class ClashFacts(Protocol):
    """What :func:`describe_clashes` reads of a prospect: a model instance or a board card's values."""

    @property
    def pk(self) -> int: ...
    @property
    def owner_id(self) -> int | None: ...
    @property
    def clashes(self) -> list[dict[str, Any]]: ...


def describe_clashes(*, user: User | None, prospects: Iterable[ClashFacts]) -> dict[int, list[ClashView]]:
    """The clashes stored on ``prospects`` as ``user`` may see them (five queries for any number).

    The other owner's name is always given (whom to talk to); the other record's name only when
    the reader may open it (``visible_customers`` / ``visible_owned``). ``user=None`` is the
    command line, which sees the whole book.
    """
    items = [p for p in prospects if p.clashes]
    if not items:
        return {}  # the four look-ups below would find nothing (most boards: a few ms saved)
    ids: dict[str, set[int]] = {"customer": set(), "prospect": set()}
    for prospect in items:
        for clash in prospect.clashes:
            ids.setdefault(str(clash["kind"]), set()).add(int(clash["id"]))
    customers = {c.pk: c for c in Customer.objects.select_related("owner").filter(pk__in=ids["customer"])}
    others = {p.pk: p for p in Prospect.objects.select_related("owner").filter(pk__in=ids["prospect"])}
    if user is None:
        seen_customers, seen_prospects = set(customers), set(others)
    else:
        seen_customers = set(
            visible_customers(user).filter(pk__in=ids["customer"]).values_list("pk", flat=True)
        )
        seen_prospects = set(
            visible_owned(user, Prospect.objects.filter(pk__in=ids["prospect"])).values_list("pk", flat=True)
        )
    views: dict[int, list[ClashView]] = {}
    for prospect in items:
        rows: list[ClashView] = []
        for clash in prospect.clashes:
            kind, pk = str(clash["kind"]), int(clash["id"])
            record: Customer | Prospect | None = customers.get(pk) if kind == "customer" else others.get(pk)
            if record is None or (isinstance(record, Prospect) and record.status not in OPEN_STATES):
                continue  # deleted, or no longer open, since the check
            visible = pk in (seen_customers if kind == "customer" else seen_prospects)
            rows.append(
                ClashView(
                    kind=kind,
                    pk=pk,
                    name=record.name if visible else None,
                    owner=str(record.owner) if record.owner_id and record.owner else None,
                    keys=tuple(k for k in KEYS if k in clash.get("keys", [])),
                    own=record.owner_id is not None and record.owner_id == prospect.owner_id,
                )
            )
        if rows:
            views[prospect.pk] = rows
    return views
