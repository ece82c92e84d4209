"""Demo users, customers and their contacts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import numpy as np

from laoke.demo.archetypes import NOTES, Rhythm
from laoke.demo.book import DemoUser
from laoke.demo.reference import COUNTRIES, TRADE_WORDS, CountryRef

SALES_NAMES = (
    ("Na", "Li", "李"),
    ("Wei", "Wang", "王"),
    ("Min", "Zhang", "张"),
    ("Yang", "Liu", "刘"),
    ("Jing", "Chen", "陈"),
    ("Fan", "Yang", "杨"),
    ("Lei", "Zhao", "赵"),
    ("Li", "Huang", "黄"),
    ("Tao", "Zhou", "周"),
    ("Hui", "Wu", "吴"),
)
DEPARTED_INDEX = 6  # sales7 has left the company
#: how the book is spread over salespeople: uneven on purpose (owner concentration is a risk to show)
OWNER_WEIGHTS = (0.2, 0.16, 0.14, 0.12, 0.1, 0.1, 0.1, 0.08, 0.05, 0.05)

KINDS = ("distributor", "importer", "brand_owner", "brand_user", "end_user", "trader")
KIND_WEIGHTS = (0.25, 0.2, 0.15, 0.15, 0.15, 0.1)
TERMS = ("TT", "TT_ADVANCE", "LC", "OA", "DP", "DA")
TERMS_WEIGHTS = (0.35, 0.1, 0.15, 0.2, 0.1, 0.1)
CREDIT_DAYS = {
    "TT": (30,),
    "TT_ADVANCE": (0,),
    "LC": (45, 60),
    "OA": (30, 60, 90),
    "DP": (45,),
    "DA": (60, 90),
}
CHANNELS = ("search", "field", "referral", "internal", "influencer", "other")
CHANNEL_WEIGHTS = (0.3, 0.25, 0.2, 0.1, 0.05, 0.1)
CONTACT_ROLES = ("Purchasing manager 采购经理", "Owner 老板", "Technical manager 技术经理", "Accounts 财务")
PHONE_PARTS = ((1, 99), (100, 999), (1000, 9999))
TLD = {"US": "com", "GB": "co.uk", "JP": "co.jp", "KR": "co.kr", "AU": "com.au", "BR": "com.br", "IN": "in"}


def make_users(*, salespeople: int, today: dt.date) -> tuple[DemoUser, ...]:
    """Return the manager, the admin and ``salespeople`` salespeople, one of whom has left."""
    users = [
        DemoUser("manager", "Jun", "Sun", "manager", "manager@demo-trading.example", False, None),
        DemoUser("admin", "Admin", "", "admin", "admin@demo-trading.example", True, None),
    ]
    departed = min(DEPARTED_INDEX, salespeople - 1)
    for i in range(salespeople):
        first, last, _zh = SALES_NAMES[i % len(SALES_NAMES)]
        left_on = today - dt.timedelta(days=150) if i == departed else None
        username = f"sales{i + 1}"
        users.append(
            DemoUser(username, first, last, "salesperson", f"{username}@demo-trading.example", False, left_on)
        )
    return tuple(users)


def _pick(
    rng: np.random.Generator, options: tuple[str, ...], weights: tuple[float, ...] | None = None
) -> str:
    p = None if weights is None else np.asarray(weights[: len(options)]) / sum(weights[: len(options)])
    return str(options[int(rng.choice(len(options), p=p))])


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum()) or "mail"


def pick_country(rng: np.random.Generator) -> CountryRef:
    """Draw a country by its weight in the book."""
    weights = np.array([c.weight for c in COUNTRIES])
    return COUNTRIES[int(rng.choice(len(COUNTRIES), p=weights / weights.sum()))]


def company_name(rng: np.random.Generator, country: CountryRef) -> str:
    """A plausible company name for ``country``."""
    form = _pick(rng, country.company_forms)
    return form.format(s=_pick(rng, country.surnames), w=_pick(rng, TRADE_WORDS))


def make_customer(
    rng: np.random.Generator,
    *,
    code: str,
    rhythm: Rhythm,
    country: CountryRef,
    owner: str,
    yearly_value: float,
    today: dt.date,
) -> dict[str, Any]:
    """Return one customer row; its portrait fields follow its archetype."""
    kind = rhythm.archetype
    currency = country.currency if rng.random() < 0.75 else "USD"
    risky = country.policy_risk >= 4
    terms = _pick(rng, TERMS, (0.25, 0.25, 0.4, 0.04, 0.04, 0.02) if risky else TERMS_WEIGHTS)
    credit = int(rng.choice(CREDIT_DAYS[terms]))
    turnover = yearly_value * float(rng.uniform(8, 60))
    headcount = max(3, round(turnover / float(rng.uniform(120_000, 400_000))))
    age = int(min(90, 2 + rng.lognormal(2.8, 0.7)))
    lifespan = 5 if age < 4 else 4 if age < 8 else 3 if age < 15 else 2 if age < 30 else 1
    trend = {"growing": 2, "dropping_grower": 1, "trial_grower": 1, "declining": -1}.get(
        kind, int(rng.integers(-1, 2))
    )
    payer = _pick(rng, ("punctual", "slow", "bad"), (0.45, 0.3, 0.25) if risky else (0.65, 0.27, 0.08))
    margin = float(np.clip(rng.normal(0.18, 0.05), 0.04, 0.4))
    if yearly_value < 30_000:
        margin = min(0.45, margin + 0.07)
    if kind == "neglected_small":
        margin = float(rng.uniform(0.3, 0.42))
    level = int(np.clip(round(1 + np.log10(max(yearly_value, 1e3) / 1e3) + rng.normal(0, 0.8)), 1, 5))
    zh, en = NOTES[kind]

    def maybe(value: int) -> int | None:
        return None if rng.random() < 0.08 else value

    return {
        "customer_id": code,
        "name": company_name(rng, country),
        "country": country.code,
        "currency": currency,
        "kind": _pick(rng, KINDS, KIND_WEIGHTS),
        "headcount": headcount,
        "turnover": round(turnover, -3),
        "founded_year": today.year - age,
        "payment_terms": terms,
        "credit_days": credit,
        "source_channel": _pick(rng, CHANNELS, CHANNEL_WEIGHTS),
        "owner": owner,
        "relationship_level": maybe(level),
        "market_trend": maybe(trend),
        "lifespan_risk": maybe(lifespan),
        "delivery_sensitivity": maybe(int(rng.integers(4, 6) if kind == "dormant" else rng.integers(1, 6))),
        "archetype": kind,
        "margin": round(margin, 4),
        "payer": payer,
        "first_order": rhythm.first_order,
        "stop_date": rhythm.stop_date,
        "notes": f"演示数据 / demo data — {zh} {en}",
    }


def make_contacts(
    rng: np.random.Generator, customer: dict[str, Any], country: CountryRef
) -> list[dict[str, Any]]:
    """Return one to three contacts of ``customer``, the first one primary."""
    domain = f"{_slug(str(customer['name']).split()[0])}.{TLD.get(country.code, 'com')}"
    out = []
    for i in range(int(rng.choice([1, 2, 2, 3]))):
        first, last = _pick(rng, country.first_names), _pick(rng, country.surnames)
        birthday = None
        if rng.random() < 0.85:
            birthday = dt.date(
                int(rng.integers(1960, 1996)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
            )
        out.append(
            {
                "customer_id": customer["customer_id"],
                "name": f"{first} {last}",
                "role": CONTACT_ROLES[min(i, 3)] if i else _pick(rng, CONTACT_ROLES[:2]),
                "email": f"{_slug(first)}.{_slug(last)}@{domain}",
                "phone": "+{} {} {}".format(*(int(rng.integers(lo, hi)) for lo, hi in PHONE_PARTS)),
                "birthday": birthday,
                "language": country.language,
                "is_primary": i == 0,
            }
        )
    return out
