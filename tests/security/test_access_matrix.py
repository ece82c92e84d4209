"""The access matrix: every URL pattern of the project (pages, exports, charts, search, API, admin)
walked as each role on a demo book; no salesperson or team manager reaches a customer they may not see.

URL patterns are taken from the resolver, so new pages and API routes are walked without editing
this file. Every integer (or string) argument is filled with the id of an object that belongs to
*another* salesperson (found by following foreign keys to the customer or the user), and every
customer's name and code carry a marker with its id, so any response (HTML, JSON, CSV, the XML
inside an .xlsx) can be scanned for customers the user may not see.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from laoke.accounts.models import RoleChoices, Team, User
from laoke.api.services.tokens import create_token
from laoke.cadence.models import VisitPlan, VisitStatusChoices
from laoke.cadence.services.agenda import refresh_agenda
from laoke.company.models import ScoringPolicy
from laoke.customers.models import AccessPolicy, Contact, Customer, CustomerShare
from laoke.customers.visibility import visible_customers
from laoke.demo.generator import generate_book
from laoke.demo.services import load_book
from laoke.importing.models import ImportBatch
from laoke.retention.permissions import visible_tasks
from laoke.retention.services import scoring
from laoke.web.models import SavedView
from tests.web import factories as f

MARK = "ZZSECRET"
MARKER = re.compile(rf"{MARK}-(\d+)")
MISSING_ID = 987654321
OWNER_FIELDS = ("owner", "user", "assignee", "salesperson", "created_by", "made_by", "recorded_by", "to_user")
DENIED = {403, 404, 405}
#: Arguments whose name does not say the model: a trip is a VisitPlan, a plan a win-back plan.
ARGUMENT_MODELS = {"visit_id": "cadence.VisitPlan", "plan_id": "cadence.ReactivationPlan"}

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    """One URL pattern: its label, the URL built with another salesperson's ids, its argument names."""

    label: str
    url: str
    kwargs: tuple[str, ...]
    filled: bool  # every argument got the id of a real object of another salesperson


# -- the book -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, User]]:
    """A demo book, scored, with two teams; rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        started = time.perf_counter()
        load_book(book=generate_book(seed=5, today=today, customers=20, years=3))
        loaded = time.perf_counter()
        scoring.rescore(as_of=today)
        refresh_agenda(as_of=today)  # win-back plans, proposed visits and rule-made tasks
        print(f"demo book loaded in {loaded - started:.1f} s, scored in {time.perf_counter() - loaded:.1f} s")
        for c in Customer.objects.all():
            c.name, c.code = f"{MARK}-{c.pk} name", f"{MARK}-{c.pk}-code"
            c.save(update_fields=["name", "code"])
        for contact in Contact.objects.all():
            contact.name = f"{MARK}-{contact.customer_id} contact"
            contact.save(update_fields=["name"])
        # Team A (West): sales1 (the victim), sales2 and their manager; team B (East): sales3 to
        # sales8 (sales7 has left) and theirs; "manager" (no team) and "admin" are company-level.
        west, east = Team.objects.create(name="West"), Team.objects.create(name="East")
        User.objects.filter(username__in=["sales1", "sales2"]).update(team=west)
        User.objects.filter(role=RoleChoices.SALESPERSON).exclude(username__in=["sales1", "sales2"]).update(
            team=east
        )
        lead = User.objects.create_user(
            "lead", password="x-lead-password", role=RoleChoices.MANAGER, team=east
        )
        lead_a = User.objects.create_user(
            "lead_a", password="x-lead-password", role=RoleChoices.MANAGER, team=west
        )
        people = {
            "victim": User.objects.get(username="sales1"),
            "salesperson": User.objects.get(username="sales2"),
            "team_manager": lead,
            "team_a_manager": lead_a,
            "team_b_salesperson": User.objects.get(username="sales3"),
            "team_b_colleague": User.objects.get(username="sales4"),
            "team_b_departed": User.objects.get(username="sales7"),
            "manager": User.objects.get(username="manager"),
            "admin": User.objects.get(username="admin"),
        }
        assert people["team_b_departed"].left_on is not None
        theirs = Customer.objects.filter(owner=people["victim"]).order_by("pk").first()
        assert theirs is not None
        f.task(theirs, people["victim"], today)
        f.alert(theirs)
        SavedView.objects.create(user=people["victim"], name="mine", querystring="grade=A")
        create_token(user=people["victim"], name="victim's script")
        ImportBatch.objects.create(
            user=people["victim"],
            kind="orders",
            file_name=f"{MARK}-{theirs.pk} orders.csv",
            file_sha256="0" * 64,
        )
        # A batch of team A's manager and one run from the command line (no user): both name the
        # victim's customer in their file name and in their errors file.
        errors = {"errors": [{"row": 2, "column": "customer", "message": f"{MARK}-{theirs.pk} unknown"}]}
        for by, name in ((lead_a, "team A"), (None, "laoke import")):
            ImportBatch.objects.create(
                user=by,
                kind="orders",
                file_name=f"{MARK}-{theirs.pk} {name}.csv",
                file_sha256="0" * 64,
                status=ImportBatch.Status.FAILED,
                report=errors,
            )
        if not VisitPlan.objects.filter(owner=people["victim"]).exists():
            visit = VisitPlan.objects.create(
                key=f"visit:{people['victim'].pk}:{theirs.country}:test",
                owner=people["victim"],
                country=theirs.country or "DE",
                starts_on=today,
                ends_on=today,
            )
            visit.customers.add(theirs)
        assert Customer.objects.filter(owner=people["salesperson"]).exists()
        yield people
        transaction.set_rollback(True)


# -- which object of the victim fills an argument ---------------------------------------------------


def _victim_filters(model: type[models.Model], victim: User, depth: int = 0) -> list[dict[str, Any]]:
    """Filters selecting ``model`` rows that belong to the victim, strictest first (empty: unknown)."""
    if model is Customer:
        return [{"owner": victim}]
    if model is User:
        return [{"pk": victim.pk}]
    fks = [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey | models.OneToOneField)]
    by_customer = [{f"{f.name}__owner": victim} for f in fks if f.related_model is Customer][:1]
    by_user = [{f.name: victim} for f in fks if f.related_model is User and f.name in OWNER_FIELDS][:1]
    if by_customer and by_user:
        return [{**by_user[0], **by_customer[0]}, *by_user, *by_customer]
    if by_customer or by_user:
        return by_customer or by_user
    if depth == 0:
        for f in fks:
            related = f.related_model
            if isinstance(related, type) and related is not model:
                inner = _victim_filters(related, victim, depth=1)
                if inner:
                    return [{f"{f.name}__{k}": v for k, v in flt.items()} for flt in inner]
    return []


def _models_for(argument: str, label: str) -> list[type[models.Model]]:
    """Models an argument name points at: ``task_id`` → Task, ``view_id`` → SavedView; admin by URL name."""
    if label.startswith("admin:") and argument == "object_id":
        m = re.match(r"admin:(\w+?)_(\w+)_(change|delete|history)$", label)
        if m:
            try:
                return [apps.get_model(m.group(1), m.group(2))]
            except LookupError:
                return []
    if argument in ARGUMENT_MODELS:
        return [apps.get_model(ARGUMENT_MODELS[argument])]
    stem = argument.removesuffix("_id").removesuffix("_pk").replace("_", "")
    everything = [m for m in apps.get_models() if m._meta.app_label not in {"contenttypes", "sessions"}]
    exact = [m for m in everything if m._meta.model_name == stem]
    return exact or [m for m in everything if m._meta.model_name.endswith(stem)]


def victim_id(argument: str, label: str, victim: User) -> int | None:
    """The id of an object of ``argument``'s model that belongs to the victim (None when there is none)."""
    if argument in {"pk", "id"}:
        argument = "customer_id"
    for model in _models_for(argument, label):
        for flt in _victim_filters(model, victim):
            pk = model._default_manager.filter(**flt).order_by("pk").values_list("pk", flat=True).first()
            if pk is not None:
                return int(pk)
    return None


# -- walking the resolver ---------------------------------------------------------------------------

ROUTE_ARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + _text(p.pattern), ns or "")
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield prefix + _text(p.pattern), name or prefix + _text(p.pattern)


def _text(pattern: Any) -> str:
    """The pattern as text: routes keep ``<conv:name>``; regexes get their groups as ``<re:name>``."""
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    if isinstance(pattern, RegexPattern):
        text = str(pattern._regex).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        return _regex_groups(text)
    return str(pattern)


def _regex_groups(text: str) -> str:
    """Replace each ``(?P<name>…)`` group (nested parentheses allowed) by ``<re:name>``."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("(?P<", i):
            end = text.index(">", i)
            name = text[i + 4 : end]
            depth, j = 1, end + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(text[j], 0) if text[j - 1] != "\\" else 0
                j += 1
            out.append(f"<re:{name}>")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _fill(route: str, label: str, victim: User) -> tuple[str, tuple[str, ...], bool]:
    names: list[str] = []
    filled = True

    def value(name: str, conv: str | None) -> str:
        nonlocal filled
        names.append(name)
        if name == "app_label":
            return "customers"
        if name == "url":
            return ""
        if conv == "uuid":
            filled = False
            return "00000000-0000-0000-0000-000000000000"
        found = victim_id(name, label, victim)
        if found is None:
            filled = False
            return str(MISSING_ID)
        return str(found)

    url = ROUTE_ARG.sub(lambda m: value(m.group("name"), m.group("conv")), route)
    url = url.replace("\\.", ".").replace("\\", "")
    return "/" + url, tuple(names), filled


def routes(victim: User) -> list[Route]:
    """Every URL pattern of the project, built with the victim's ids."""
    out = []
    for route, label in _walk(get_resolver().url_patterns):
        url, names, filled = _fill(route, label, victim)
        out.append(Route(label, url, names, filled))
    return out


# -- scanning a response ------------------------------------------------------------------------------


def body_text(response: Any) -> str:
    """Everything a response carries, as text (the XML inside an .xlsx or .docx; streamed bodies too)."""
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as z:
                return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        except zipfile.BadZipFile:
            pass
    return raw.decode("utf-8", "replace")


def leaked(response: Any, allowed: set[int]) -> set[int]:
    """Ids of customers named in the response that the user may not see."""
    return {int(pk) for pk in MARKER.findall(body_text(response))} - allowed


def denied(response: Any) -> bool:
    """403, 404, 405, or a redirect to a login page (the admin's answer to non-staff)."""
    if response.status_code in DENIED:
        return True
    return response.status_code == 302 and "login" in response.get("Location", "")


def client_for(user: User) -> Client:
    """A logged-in client reading English."""
    c = Client(raise_request_exception=False)
    c.force_login(user)
    c.cookies["django_language"] = "en"
    return c


def extra_params(victim: User) -> dict[str, str]:
    """Query parameters that try to reach the victim's data through filters and search."""
    customer = Customer.objects.filter(owner=victim).order_by("pk").first()
    assert customer is not None
    return {
        "q": MARK,
        "owner": str(victim.pk),
        "who": str(victim.pk),
        "user": str(victim.pk),
        "salesperson": str(victim.pk),
        "customer": str(customer.pk),
        "customer_id": str(customer.pk),
    }


# -- the tests -------------------------------------------------------------------------------------------


def test_every_pattern_can_be_built_and_resolves(book: dict[str, User]) -> None:
    """Each URL pattern of the project turns into a URL that resolves (so the matrix covers it)."""
    bad = []
    for r in routes(book["victim"]):
        try:
            resolve(r.url.split("?")[0])
        except Exception as exc:
            bad.append(f"{r.label}: {r.url} ({exc.__class__.__name__})")
    assert not bad, "\n".join(bad)
    assert len(routes(book["victim"])) > 30


def test_arguments_of_known_objects_are_filled_with_the_victims_ids(book: dict[str, User]) -> None:
    """Customer, task, alert and dossier arguments really carry the other salesperson's ids."""
    victim = book["victim"]
    by_label = {r.label: r for r in routes(victim)}
    for label in (
        "customer_detail",
        "task_done",
        "alert_dismiss",
        "customer_dossiers",
        "handover",
        "cadence_visit",
        "import_batch",
        "import_errors",
    ):
        assert by_label[label].filled, label
    own = set(Customer.objects.filter(owner=victim).values_list("pk", flat=True))
    assert int(by_label["customer_detail"].url.strip("/").split("/")[-1]) in own


def test_api_schema_paths_are_all_walked(book: dict[str, User]) -> None:
    """Every path of the OpenAPI schema (when the API has one) is among the walked URL patterns."""
    try:
        from laoke.api.api import api
    except ImportError:
        walked: set[str] = set()
        schema_paths: set[str] = set()
    else:
        schema_paths = {re.sub(r"\{\w+\}", "{}", p) for p in api.get_openapi_schema()["paths"]}
        walked = {
            re.sub(r"<(?:\w+:)?\w+>", "{}", "/" + route) for route, _ in _walk(get_resolver().url_patterns)
        }
    assert schema_paths <= walked, sorted(schema_paths - walked)


@pytest.mark.parametrize("role", ["salesperson", "team_manager", "manager", "admin"])
def test_role_reaches_only_what_it_may_see(book: dict[str, User], role: str) -> None:
    """GET every URL (plain and with filters naming the victim), POST every URL carrying the victim's ids:
    no server error, no customer outside the role's visibility in any response, and writes refused."""
    user, victim = book[role], book["victim"]
    allowed = set(visible_customers(user).values_list("pk", flat=True))
    everything = set(Customer.objects.values_list("pk", flat=True))
    assert (allowed == everything) == (role in {"manager", "admin"})
    # The expected scope, computed from the data rather than through the rule under test:
    if role == "salesperson":
        assert allowed == set(Customer.objects.filter(owner=user).values_list("pk", flat=True))
    if role == "team_manager":
        east = Customer.objects.filter(owner__team=user.team) | Customer.objects.filter(owner__isnull=True)
        assert allowed == set(east.values_list("pk", flat=True))
        assert not allowed & set(Customer.objects.filter(owner=victim).values_list("pk", flat=True))
    if role == "salesperson":
        # Pool customers belong to nobody: a salesperson may see them listed in the pool to claim one.
        allowed = allowed | set(Customer.objects.filter(owner__isnull=True).values_list("pk", flat=True))
    client = client_for(user)
    params = extra_params(victim)
    problems: list[str] = []
    walked = 0
    for r in routes(victim):
        if r.label in {"logout", "login"} or r.label.endswith(":logout"):
            continue
        for query in ({}, params):
            response = client.get(r.url, query)
            walked += 1
            if response.status_code >= 500:
                problems.append(f"GET {r.url} {query and 'with filters'} → {response.status_code}")
                continue
            bad = leaked(response, allowed)
            if bad:
                problems.append(f"GET {r.url} {query and 'with filters'} shows customers {sorted(bad)[:5]}")
        if r.kwargs and r.filled and role in {"salesperson", "team_manager"}:
            with transaction.atomic():
                response = client.post(r.url, {"note": "x", "days": "1"})
                if not denied(response):
                    problems.append(f"POST {r.url} → {response.status_code} (expected 403/404/405)")
                if leaked(response, allowed):
                    problems.append(f"POST {r.url} shows customers it should not")
                for method in ("put", "patch", "delete"):
                    response = getattr(client, method)(r.url, data="{}", content_type="application/json")
                    # 400/422: the body was refused before any object was looked up
                    if not (denied(response) or response.status_code in {400, 422}):
                        problems.append(f"{method.upper()} {r.url} → {response.status_code}")
                    if leaked(response, allowed):
                        problems.append(f"{method.upper()} {r.url} shows customers it should not")
                transaction.set_rollback(True)
    if role in {"salesperson", "team_manager"}:
        # The user's own objects must not lead to someone else's customer either.
        for r in routes(user):
            if r.kwargs and r.filled and r.label not in {"logout", "login"}:
                response = client.get(r.url)
                bad = leaked(response, allowed)
                if bad:
                    problems.append(f"GET {r.url} (own object) shows customers {sorted(bad)[:5]}")
    assert walked > 60
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_salesperson_search_and_list_never_show_another_salespersons_customer(book: dict[str, User]) -> None:
    """Searching for the victim's exact customer name or code finds nothing for another salesperson."""
    victim_customer = Customer.objects.filter(owner=book["victim"]).order_by("pk").first()
    assert victim_customer is not None
    client = client_for(book["salesperson"])
    for q in (victim_customer.name, victim_customer.code):
        page = client.get("/customers/", {"q": q})
        assert page.status_code == 200 and f"/customers/{victim_customer.pk}/" not in page.content.decode()


# -- team boundaries: who may change what (laoke.customers.permissions) -----------------------------


def api_client(user: User) -> Client:
    """A client that calls the API with a fresh token of ``user``."""
    _token, raw = create_token(user=user, name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def test_visit_plans_are_opened_and_changed_only_within_the_team(book: dict[str, User]) -> None:
    """Another team's manager can neither open nor plan a salesperson's trip; the own team's manager can."""
    visit = VisitPlan.objects.filter(owner=book["victim"]).order_by("pk").first()
    assert visit is not None
    url, before = f"/cadence/visits/{visit.pk}/", visit.status
    wanted = (
        VisitStatusChoices.DECLINED if before != VisitStatusChoices.DECLINED else VisitStatusChoices.PLANNED
    )
    with transaction.atomic():
        other = client_for(book["team_manager"])
        assert other.get(url).status_code == 404
        assert other.post(url, {"status": wanted}).status_code == 404
        visit.refresh_from_db()
        assert visit.status == before
        own = client_for(book["team_a_manager"])
        assert own.get(url).status_code == 200
        assert own.post(url, {"status": wanted}).status_code == 302
        visit.refresh_from_db()
        assert visit.status == wanted
        transaction.set_rollback(True)


def test_import_batches_and_their_errors_files_follow_who_started_them(book: dict[str, User]) -> None:
    """A team manager opens their team's batches only (not another team's, not a command-line run);
    company-level managers and admins open every batch; the errors file follows its batch."""
    marked = ImportBatch.objects.filter(file_name__startswith=MARK)
    batches = {
        "victim": marked.get(user=book["victim"]),
        "team_a": marked.get(user=book["team_a_manager"]),
        "cli": marked.get(user__isnull=True),
    }
    expected = {
        "team_manager": set(),
        "team_a_manager": {"victim", "team_a"},
        "salesperson": set(),
        "victim": {"victim"},
        "manager": {"victim", "team_a", "cli"},
        "admin": {"victim", "team_a", "cli"},
    }
    problems = []
    for role, may in expected.items():
        client = client_for(book[role])
        for key, batch in batches.items():
            for suffix in ("", "progress/", "errors.csv"):
                status = client.get(f"/import/{batch.pk}/{suffix}").status_code
                if (status == 200) != (key in may) or status not in {200, 404}:
                    problems.append(f"{role} /import/{key}/{suffix} → {status}")
        if book[role].is_manager:
            listed = client.get("/import/").content.decode()
            shown = {key for key, b in batches.items() if f"/import/{b.pk}/" in listed}
            if shown != may:
                problems.append(f"{role} lists {sorted(shown)}, expected {sorted(may)}")
    assert not problems, "\n".join(problems)


def test_owner_changes_stay_within_the_actors_scope(book: dict[str, User]) -> None:
    """A team manager gives customers only to current members of their team; nobody gives a customer
    to someone who left; a salesperson cannot take over a colleague's customer shared with them."""
    lead, victim, departed = book["team_manager"], book["victim"], book["team_b_departed"]
    colleague = book["team_b_colleague"]
    team_b = Customer.objects.filter(owner=book["team_b_salesperson"]).order_by("pk").first()
    shared = Customer.objects.filter(owner=victim).order_by("pk").first()
    assert team_b is not None and shared is not None
    url = f"/api/customers/{team_b.pk}"
    refused, done = [], []
    with transaction.atomic():
        api = api_client(lead)
        for login in (victim.username, departed.username, book["manager"].username, book["admin"].username):
            response = api.patch(url, {"owner": login}, content_type="application/json")
            team_b.refresh_from_db()
            if response.status_code != 422 or team_b.owner_id != book["team_b_salesperson"].pk:
                refused.append(f"team manager PATCH owner={login} → {response.status_code}")
            response = api.post(
                "/api/customers",
                {"code": f"NEW-{login}", "name": "New", "owner": login},
                content_type="application/json",
            )
            if response.status_code != 422 or Customer.objects.filter(code=f"NEW-{login}").exists():
                refused.append(f"team manager POST owner={login} → {response.status_code}")
        boss = api_client(book["manager"])
        response = boss.patch(url, {"owner": departed.username}, content_type="application/json")
        if response.status_code != 422:
            refused.append(f"company manager PATCH owner={departed.username} (left) → {response.status_code}")
        CustomerShare.objects.create(customer=shared, user=book["salesperson"])
        response = api_client(book["salesperson"]).patch(
            f"/api/customers/{shared.pk}",
            {"owner": book["salesperson"].username},
            content_type="application/json",
        )
        shared.refresh_from_db()
        if response.status_code != 422 or shared.owner_id != victim.pk:
            refused.append(f"salesperson takes a shared customer → {response.status_code}")
        # What each may do: the team manager within the team, the company manager to anyone current.
        done.append(
            api.patch(url, {"owner": colleague.username}, content_type="application/json").status_code
        )
        done.append(
            api.post(
                "/api/customers",
                {"code": "NEW-B", "name": "New", "owner": colleague.username},
                content_type="application/json",
            ).status_code
        )
        done.append(api.patch(url, {"owner": ""}, content_type="application/json").status_code)
        done.append(boss.patch(url, {"owner": victim.username}, content_type="application/json").status_code)
        team_b.refresh_from_db()
        assert team_b.owner_id == victim.pk
        transaction.set_rollback(True)
    assert not refused, "\n".join(refused)
    assert done == [200, 201, 200, 200]


def test_company_rules_are_changed_only_at_company_level(book: dict[str, User]) -> None:
    """Team managers cannot change the team rules (pool days, export limit) nor the scoring policy;
    a manager without a team and an admin can."""
    rules = {"pool_after_days": "7", "export_row_limit": "5"}
    with transaction.atomic():
        before = AccessPolicy.current()
        policies = ScoringPolicy.objects.count()
        for role in ("team_manager", "team_a_manager"):
            client = client_for(book[role])
            assert client.post("/team/policy/", rules).status_code == 403, role
            assert client.post("/policy/", {"toml": "", "note": "x"}).status_code == 403, role
            assert 'action="/team/policy/"' not in client.get("/team/").content.decode(), role
            now = AccessPolicy.current()
            assert (now.pool_after_days, now.export_row_limit) == (
                before.pool_after_days,
                before.export_row_limit,
            )
            assert ScoringPolicy.objects.count() == policies
        for role in ("manager", "admin"):
            client = client_for(book[role])
            assert 'action="/team/policy/"' in client.get("/team/").content.decode(), role
            assert client.post("/team/policy/", rules).status_code == 302, role
            now = AccessPolicy.current()
            assert (now.pool_after_days, now.export_row_limit) == (7, 5)
            AccessPolicy.objects.filter(pk=1).delete()
        transaction.set_rollback(True)


def test_tasks_follow_one_rule_on_the_web_and_in_the_api(book: dict[str, User]) -> None:
    """The tasks a user may list and act on are the same on the web and in the API: a salesperson
    never reaches a task on a customer they cannot see; a team manager reaches the team's tasks
    without a customer, and not another team's."""
    today = timezone.localdate()
    with transaction.atomic():
        theirs = Customer.objects.filter(owner=book["victim"]).order_by("pk").first()
        assert theirs is not None
        on_hidden = f.task(theirs, book["salesperson"], today)  # assigned to sales2, customer of sales1
        loose = f.task(None, book["team_b_salesperson"], today)  # no customer, team B
        reach = {
            "salesperson": {on_hidden.pk: False, loose.pk: False},
            "team_manager": {on_hidden.pk: False, loose.pk: True},
            "team_a_manager": {on_hidden.pk: True, loose.pk: False},
        }
        problems = []
        for role, tasks in reach.items():
            web, api = client_for(book[role]), api_client(book[role])
            listed: set[int] = set()
            offset = 0
            while True:
                page = api.get("/api/tasks", {"limit": 500, "offset": offset}).json()
                listed |= {t["id"] for t in page["items"]}
                offset += 500
                if offset >= page["count"]:
                    break
            scope = set(visible_tasks(book[role]).values_list("pk", flat=True))
            if listed != scope:
                problems.append(f"{role}: API lists {len(listed)} tasks, the web {len(scope)}")
            for pk, may in tasks.items():
                with transaction.atomic():
                    web_ok = web.post(f"/tasks/{pk}/done/").status_code == 302
                    api_status = api.patch(
                        f"/api/tasks/{pk}", {"status": "done"}, content_type="application/json"
                    )
                    transaction.set_rollback(True)
                if (web_ok, api_status.status_code == 200, pk in listed) != (may, may, may):
                    problems.append(
                        f"{role} task {pk}: web {web_ok}, API {api_status.status_code}, listed {pk in listed}"
                    )
        transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
