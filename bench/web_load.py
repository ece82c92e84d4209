"""Load the web app with 20 concurrent users on a 10 000-customer demo book; print latencies per page.

Run from the repository root::

    .venv/bin/python bench/web_load.py                       # SQLite, then PostgreSQL if it answers
    .venv/bin/python bench/web_load.py --database sqlite --requests 500

For each database it builds the book (``laoke migrate``, ``laoke demo --customers N --today D``,
``laoke score --as-of D``) into a fresh database (a SQLite file under ``/tmp/laoke_load_*``, or the
PostgreSQL database ``laoke_load``, dropped and created again), starts the app under gunicorn on
127.0.0.1 with a job worker beside it (as ``laoke serve`` runs them; the load starts once the
worker has built the book's figures ahead: ``--no-worker`` for gunicorn alone, e.g. for code older
than that), logs in the users (salespeople and managers, each with a session of their own) and
sends a bounded number of requests per page type: at most ``--requests`` (and ``--seconds``) for
the customer list (filters, sorting, paging) and the 360° page, a tenth of that for Today,
Dashboard, KPI, Pipeline, Policy and Import. It prints, per page, the requests per second, the
p50/p95/p99 of the time seen by the client and of the server time the app reports in its
``Server-Timing`` header, the lowest and highest of the users' own medians (far apart when the
gunicorn processes hold unequal shares of the connections), and the ratio of the page's client p95
to the cheapest page's p95 in the same run (the target: every main page ≤ 3×), and each worker's
resident and peak memory after the run (the per-process memos are bounded). Only 127.0.0.1 is
contacted.

An existing book can be loaded instead of a fresh one (``--database-url``), and an older
checkout's code served (``--src OLD/src``, put first on ``PYTHONPATH``) to measure a change
against its parent on the same book::

    .venv/bin/python bench/web_load.py --database sqlite --database-url sqlite:////tmp/book.sqlite3
    .venv/bin/python bench/web_load.py --database sqlite --database-url ... --src /tmp/before/src
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.client import HTTPConnection, HTTPException, HTTPResponse
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
PG_URL = "postgres://postgres@127.0.0.1:5432/laoke_load"
PASSWORD = "laoke-demo"
#: Requests per page sent by one manager alone (server time without contention).
SOLO = 30

#: Printed by ``laoke shell``: who can log in and which customers each of them sees.
_FACTS = """
import json
from laoke.accounts.models import User
from laoke.customers.models import Customer
from laoke.retention.models import CustomerScore
users = User.objects.filter(is_active=True, left_on__isnull=True)
sales = list(users.filter(role="salesperson").values_list("username", flat=True))
managers = list(users.filter(role="manager").values_list("username", flat=True))
mine = {u: list(Customer.objects.filter(owner__username=u).values_list("pk", flat=True)[:400]) for u in sales}
everyone = list(Customer.objects.order_by("?").values_list("pk", flat=True)[:2000])
grades = sorted(set(CustomerScore.objects.values_list("grade", flat=True).distinct()) - {""})
countries = sorted(set(Customer.objects.values_list("country", flat=True).distinct()) - {""})
print(json.dumps({"sales": sales, "managers": managers, "mine": mine, "all": everyone,
                  "grades": grades, "countries": countries}))
"""


def run(args: list[str], env: dict[str, str]) -> str:
    """Run a command, fail loudly, return its stdout."""
    done = subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def build_book(env: dict[str, str], customers: int, today: str) -> float:
    """Migrate, load the demo book and score it; return the seconds it took."""
    started = time.perf_counter()
    laoke = str(BIN / "laoke")
    run([laoke, "migrate", "--noinput", "-v0"], env)
    run([laoke, "demo", "--customers", str(customers), "--today", today, "-v0"], env)
    run([laoke, "score", "--as-of", today], env)
    return time.perf_counter() - started


def fresh_postgres() -> None:
    """Drop and create the PostgreSQL database ``laoke_load``."""
    common = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *common, "--if-exists", "laoke_load"], check=True)
    subprocess.run(["createdb", *common, "laoke_load"], check=True)


@dataclass
class Server:
    """The app under gunicorn on 127.0.0.1:``port``."""

    port: int
    env: dict[str, str]
    workers: int
    threads: int
    process: subprocess.Popen[bytes] | None = None
    #: A job worker beside gunicorn, as ``laoke serve`` runs one (its scheduler off: no nightly job
    #: during a run); None when ``--no-worker``.
    job_worker: subprocess.Popen[bytes] | None = None
    with_worker: bool = True
    worker_log: Path | None = None
    #: gunicorn's ``--keep-alive`` seconds (None: as ``laoke serve``, a connection per request); 2
    #: (gunicorn's default) keeps a connection with the process that accepted it.
    keep_alive: float | None = None

    def __enter__(self) -> Server:
        from laoke.cli import GUNICORN_OPTIONS  # as `laoke serve` runs it; the options below win

        args = [
            str(BIN / "gunicorn"),
            "laoke.project.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            *GUNICORN_OPTIONS,
            "--worker-class=gthread",
            f"--threads={self.threads}",
            "--log-level=warning",
        ]
        if self.keep_alive is not None:
            args.append(f"--keep-alive={self.keep_alive:g}")
        if self.env.get("LAOKE_BENCH_REQUEST_LOG"):
            args.append(f"--config={REPO / 'bench' / 'gunicorn_request_log.py'}")
        try:  # a worker or server that never got ready is stopped, not left running
            if self.with_worker:
                self._start_job_worker()
            self.process = subprocess.Popen(args, env=self.env, cwd=REPO)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    conn = HTTPConnection("127.0.0.1", self.port, timeout=2)
                    conn.request("GET", "/login/")
                    conn.getresponse().read()
                    return self
                except OSError:
                    time.sleep(0.3)
            raise RuntimeError("gunicorn did not answer within 30 s")
        except BaseException:
            self.__exit__()
            raise

    def _start_job_worker(self, timeout: float = 180) -> None:
        """Start ``laoke worker`` and wait until it says it built the book's figures ahead (what
        it does once started: the customer list's table and reasons), as a served app has them
        once its worker is up."""
        handle, name = tempfile.mkstemp(prefix="laoke_load_worker_", suffix=".log")
        os.close(handle)
        log = self.worker_log = Path(name)
        with log.open("wb") as out:
            self.job_worker = subprocess.Popen(
                [str(BIN / "laoke"), "worker", "--no-scheduler"],
                env=self.env,
                cwd=REPO,
                stdout=out,
                stderr=out,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = log.read_text(errors="replace")
            for line in text.splitlines():
                if "built ahead in" in line or "after the worker started" in line:
                    print(f"job worker: {line.split(': ', 1)[-1]}", file=sys.stderr)
                    return
            if self.job_worker.poll() is not None:
                raise RuntimeError(f"laoke worker stopped: {text[-2000:]}")
            time.sleep(0.5)
        raise RuntimeError(f"laoke worker built nothing ahead within {timeout:.0f} s")

    def worker_memory(self) -> list[tuple[int, int]]:
        """Each gunicorn worker's resident and peak resident memory now, in MiB (from /proc)."""
        if self.process is None:
            return []
        out = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                rss, peak = (int(fields.get(k, "0 kB").split()[0]) // 1024 for k in ("VmRSS", "VmHWM"))
                out.append((rss, peak))
        return sorted(out)

    def __exit__(self, *exc: object) -> None:
        from laoke.cli import _stop  # what `laoke serve` stops its worker with

        for child in (self.process, self.job_worker):
            if child is not None:
                _stop(child, timeout=20)
        if self.worker_log is not None:
            self.worker_log.unlink(missing_ok=True)


class Session:
    """One logged-in user on a keep-alive connection (cookies kept by hand)."""

    def __init__(self, port: int, username: str) -> None:
        self.conn = HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.username = username
        self.login()

    def _remember(self, response: HTTPResponse) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, float | None]:
        """Send a request; return (status, body, server milliseconds from Server-Timing)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        self._remember(response)
        timing = re.search(r"dur=([\d.]+)", response.getheader("Server-Timing") or "")
        return response.status, data, float(timing.group(1)) if timing else None

    def get(self, path: str) -> tuple[int, bytes, float | None]:
        """GET ``path``; once more on a fresh connection when the server closed an idle one.

        A request that timed out leaves the connection waiting for its answer: it is closed too,
        so the next request starts clean instead of failing with ``CannotSendRequest``.
        """
        try:
            return self.request("GET", path)
        except (OSError, HTTPException):
            self.conn.close()
            try:
                return self.request("GET", path)
            except (OSError, HTTPException):
                self.conn.close()
                raise

    def login(self) -> None:
        """Log in through the login form, as a browser does."""
        _status, page, _ms = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("no CSRF token on the login page")
        form = {
            "username": self.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1).decode(),
        }
        status, _body, _ms = self.request("POST", "/login/", urlencode(form))
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed for {self.username} (HTTP {status})")


@dataclass
class Result:
    """Timings of one page type."""

    page: str
    client_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    errors: Counter[int] = field(default_factory=Counter)
    seconds: float = 0.0
    #: Each user's times: a user whose connection a busy process holds waits longer than the others.
    by_user: dict[int, list[float]] = field(default_factory=dict)


@dataclass
class User:
    """One simulated user: a session and the customers they may open."""

    session: Session
    manager: Session
    customers: list[int]


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank on the sorted values)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def setup_django() -> None:
    """Set Django up in this process on the book of ``LAOKE_DATABASE_URL`` (the scripts that ask
    pages through Django's test client: page_cpu.py, list_tail.py, query_times.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoke.project.settings")
    os.environ.setdefault("LAOKE_DEBUG", "false")
    import django

    django.setup()


def list_facts() -> dict[str, list[str]]:
    """What :func:`list_path` draws filters from, read through the ORM (after :func:`setup_django`)."""
    from laoke.customers.models import Customer
    from laoke.retention.models import CustomerScore

    return {
        "grades": sorted(set(CustomerScore.objects.values_list("grade", flat=True).distinct()) - {""}),
        "countries": sorted(set(Customer.objects.values_list("country", flat=True).distinct()) - {""}),
    }


def list_path(rng: random.Random, facts: dict[str, list[str]]) -> str:
    """A customer-list URL like people use: a filter or two, a sort, sometimes a later page."""
    query: dict[str, str] = {}
    pick = rng.random()
    if pick < 0.3 and facts["grades"]:
        query["grade"] = rng.choice(facts["grades"])
    elif pick < 0.5:
        query["state"] = rng.choice(["active", "at_risk", "dormant", "lost"])
    elif pick < 0.65 and facts["countries"]:
        query["country"] = rng.choice(facts["countries"])
    elif pick < 0.75:
        query["alerts"] = "open"
    elif pick < 0.8:
        query["q"] = rng.choice(["trad", "co", "gmbh", "ltd"])
    if rng.random() < 0.5:
        query["sort"] = rng.choice(["-revenue", "score", "-last_order", "country", "grade", "-alerts"])
    if rng.random() < 0.4:
        query["page"] = str(rng.randint(2, 8))
    return "/customers/" + ("?" + urlencode(query) if query else "")


def hammer(
    name: str,
    users: list[User],
    make: Callable[[User, random.Random], tuple[Session, str]],
    limit: int,
    seconds: float,
) -> Result:
    """Send at most ``limit`` requests (or for ``seconds``) from every user at once."""
    result = Result(name)
    lock = threading.Lock()
    sent = [0]
    deadline = time.monotonic() + seconds

    def worker(user: User, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= limit:
                    return
                sent[0] += 1
            session, path = make(user, rng)
            started = time.perf_counter()
            try:
                status, _body, server = session.get(path)
            except (OSError, HTTPException):
                status, server = 0, None
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status != 200:
                    result.errors[status] += 1
                    continue
                result.client_ms.append(elapsed)
                result.by_user.setdefault(seed, []).append(elapsed)
                if server is not None:
                    result.server_ms.append(server)

    threads = [threading.Thread(target=worker, args=(u, i)) for i, u in enumerate(users)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


def load(
    port: int,
    facts: dict[str, object],
    users_wanted: int,
    requests: int,
    seconds: float,
    solo_n: int = SOLO,
    small_requests: int | None = None,
    only: str | None = None,
) -> tuple[list[Result], list[Result]]:
    """Log the users in; run each page type by one manager alone, then by all users at once."""
    sales: list[str] = facts["sales"]  # type: ignore[assignment]
    managers: list[str] = facts["managers"]  # type: ignore[assignment]
    mine: dict[str, list[int]] = facts["mine"]  # type: ignore[assignment]
    everyone: list[int] = facts["all"]  # type: ignore[assignment]
    n_managers = max(1, users_wanted // 5)
    users = []
    for i in range(users_wanted):
        manager_session = Session(port, managers[i % len(managers)])
        if i < n_managers:
            users.append(User(manager_session, manager_session, everyone))
        else:
            name = sales[i % len(sales)]
            users.append(User(Session(port, name), manager_session, mine.get(name) or everyone[:1]))
    list_facts = {"grades": facts["grades"], "countries": facts["countries"]}
    if small_requests:
        # As many requests as the list and the 360° page get: a p95 of the steady state rather
        # than of the first burst of 20 users.
        small, small_time = small_requests, seconds
    else:
        small, small_time = max(20, requests // 10), max(5.0, seconds / 3)
    phases: list[tuple[str, Callable[[User, random.Random], tuple[Session, str]], int, float]] = [
        ("Today /", lambda u, r: (u.session, "/"), small, small_time),
        ("Customers /customers/", lambda u, r: (u.session, list_path(r, list_facts)), requests, seconds),  # type: ignore[arg-type]
        (
            "360° /customers/<id>/",
            lambda u, r: (u.session, f"/customers/{r.choice(u.customers)}/"),
            requests,
            seconds,
        ),
        ("Dashboard /dashboard/", lambda u, r: (u.manager, "/dashboard/"), small, small_time),
        ("KPI /kpi/", lambda u, r: (u.session, "/kpi/"), small, small_time),
        ("Pipeline /pipeline/", lambda u, r: (u.session, "/pipeline/"), small, small_time),
        ("Policy /policy/", lambda u, r: (u.manager, "/policy/"), small, small_time),
        ("Import /import/", lambda u, r: (u.manager, "/import/"), small, small_time),
    ]
    if only:  # one page type (or a few) alone: its distribution without the others' runs before it
        wanted = [part.strip() for part in only.split(",") if part.strip()]
        phases = [phase for phase in phases if any(part in phase[0] for part in wanted)]
    warm = [hammer(f"warm {name}", users, make, len(users), 30) for name, make, _n, _s in phases]
    if any(w.errors for w in warm):
        print("warm-up errors:", {w.page: dict(w.errors) for w in warm if w.errors}, file=sys.stderr)
    solo = [hammer(name, users[:1], make, solo_n, 60) for name, make, _n, _s in phases] if solo_n else []
    loaded = [hammer(name, users, make, n, s) for name, make, n, s in phases]
    for r in loaded:
        if r.errors:
            print(f"{r.page}: errors by HTTP status (0: no answer) {dict(r.errors)}", file=sys.stderr)
    return solo, loaded


def table(label: str, results: list[Result]) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"\n### {label}\n",
        "| page | requests | errors | req/s | client p50 / p95 / p99 ms | server p50 / p95 / p99 ms "
        "| users' p50 ms, lowest / highest | p95 / cheapest p95 |",
        "|---|---:|---:|---:|---|---|---|---:|",
    ]
    p95s = [percentile(r.client_ms, 95) for r in results if r.client_ms]
    cheapest = min(p95s) if p95s else float("nan")
    for r in results:
        c = " / ".join(f"{percentile(r.client_ms, p):.0f}" for p in (50, 95, 99))
        s = " / ".join(f"{percentile(r.server_ms, p):.0f}" for p in (50, 95, 99))
        rate = len(r.client_ms) / r.seconds if r.seconds else 0.0
        errors = sum(r.errors.values())
        ratio = percentile(r.client_ms, 95) / cheapest if cheapest else float("nan")
        users = sorted(percentile(times, 50) for times in r.by_user.values() if times)
        spread = f"{users[0]:.0f} / {users[-1]:.0f}" if users else "-"
        lines.append(
            f"| {r.page} | {len(r.client_ms)} | {errors} | {rate:.1f} | {c} | {s} | {spread} | {ratio:.1f}× |"
        )
    return "\n".join(lines)


def bench_database(kind: str, options: argparse.Namespace, port: int) -> str:
    """Build the book on one database, load it, return the table."""
    if options.reuse:
        folder = Path(f"/tmp/laoke_load_book_{options.customers}_{options.today}")
        folder.mkdir(exist_ok=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix="laoke_load_", dir="/tmp"))
    try:
        url = f"sqlite:///{folder}/book.sqlite3" if kind == "sqlite" else PG_URL
        marker = folder / f"built-{kind}"
        reuse = options.reuse and marker.exists()
        if options.database_url:
            url, reuse = options.database_url, True
        if kind == "postgres" and not reuse:
            fresh_postgres()
        env = {
            **os.environ,
            "LAOKE_DATABASE_URL": url,
            "LAOKE_VAR_DIR": str(folder),
            "LAOKE_LANGUAGE": "zh-hans",
            "LAOKE_DEBUG": "false",
        }
        if options.request_log:
            env["LAOKE_BENCH_REQUEST_LOG"] = str(Path(options.request_log).resolve())
        if options.src:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (options.src, env.get("PYTHONPATH")) if p)
        run([str(BIN / "laoke"), "migrate", "--noinput", "-v0"], env)
        if not reuse:
            marker.unlink(missing_ok=True)
            built = build_book(env, options.customers, options.today)
            marker.touch()
            print(f"{kind}: {options.customers} customers built and scored in {built:.0f} s", file=sys.stderr)
        facts = json.loads(run([str(BIN / "laoke"), "shell", "-c", _FACTS], env).strip().splitlines()[-1])
        if options.cache_entries:
            fill_cache(folder / "cache", options.cache_entries)
        with Server(
            port,
            env,
            options.workers,
            options.threads,
            with_worker=not options.no_worker,
            keep_alive=options.keep_alive,
        ) as served:
            solo, loaded = load(
                port,
                facts,
                options.users,
                options.requests,
                options.seconds,
                options.solo,
                options.small_requests,
                options.only,
            )
            memory = served.worker_memory()
        load_avg = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        server = f"gunicorn {options.workers} workers × {options.threads} threads"
        code = f", code from {options.src}" if options.src else ""
        where = f"{kind}: {options.customers} customers, {server}{code}"
        return "\n".join(
            [
                table(f"{where}: one manager alone, {options.solo} requests per page", solo) if solo else "",
                table(f"{where}: {options.users} users at once", loaded),
                "\nworkers' memory after the run (resident / peak MiB): "
                + ", ".join(f"{rss:,} / {peak:,}" for rss, peak in memory),
                f"host load average after the run (1/5/15 min): {load_avg} on {os.cpu_count()} cores",
            ]
        )
    finally:
        if not options.reuse and not options.database_url:
            shutil.rmtree(folder, ignore_errors=True)


def fill_cache(folder: Path, entries: int) -> None:
    """Put ``entries`` expired entries in the shared cache's folder (``LAOKE_VAR_DIR/cache``), as a
    served app's folder holds thousands: what a write costs depends on it (docs/performance.md,
    "The shared file cache's writes"). They are empty files, which the cache takes for expired
    entries (and their names are no key's), so none is ever read as a hit."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(entries):
        (folder / f"{n:032x}.djcache").write_bytes(b"")


def postgres_answers() -> bool:
    """Whether a PostgreSQL server answers on 127.0.0.1:5432."""
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--today", default="2025-06-30", help="the demo's reference date (fixed: same book)")
    parser.add_argument("--users", type=int, default=20, help="concurrent users (a fifth are managers)")
    parser.add_argument(
        "--requests", type=int, default=2000, help="requests to the list and to the 360° page"
    )
    parser.add_argument(
        "--small-requests",
        type=int,
        help="requests to each other page (default: a tenth of --requests, at least 20; the same as"
        " --requests gives every page a steady-state p95 and the same time limit)",
    )
    parser.add_argument("--seconds", type=float, default=60, help="time limit of one page's run")
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (1: server time is the request's own)"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the book (SQLite folder under /tmp, PostgreSQL laoke_load) and reuse it next time",
    )
    parser.add_argument(
        "--database-url", help="load this existing (scored) book instead of building one; one --database only"
    )
    parser.add_argument(
        "--solo", type=int, default=SOLO, help="requests per page by one manager alone (0: none)"
    )
    parser.add_argument(
        "--only",
        help="run only the pages whose label contains one of these comma-separated texts (e.g."
        " 'Today,Import'); the ratio is then to the cheapest of those",
    )
    parser.add_argument(
        "--request-log",
        help="append one line per request served (worker, start, server wall and CPU ms, path) to this"
        " file (bench/gunicorn_request_log.py; LAOKE_BENCH_PROFILE_DIR also profiles the slow ones)",
    )
    parser.add_argument(
        "--cache-entries",
        type=int,
        default=0,
        help="start with this many (expired) entries in the shared cache's folder, as a served app's"
        " folder holds (default 0: an empty folder)",
    )
    parser.add_argument("--src", help="serve the code of this source folder (an older checkout's src)")
    parser.add_argument(
        "--keep-alive",
        type=float,
        help="gunicorn's --keep-alive seconds (default: as laoke serve, 0: a connection per request;"
        " 2 is gunicorn's own default)",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="serve gunicorn alone (by default a job worker runs beside it, as `laoke serve` runs one,"
        " and the load starts once it has built the book's figures ahead)",
    )
    options = parser.parse_args()
    kinds = ["sqlite", "postgres"] if options.database == "both" else [options.database]
    if "postgres" in kinds and not postgres_answers():
        print("PostgreSQL does not answer on 127.0.0.1:5432: skipped", file=sys.stderr)
        kinds.remove("postgres")
    for kind in kinds:
        print(bench_database(kind, options, options.port), flush=True)
    print("\nclient: time seen by the load client; server: the app's Server-Timing header")
    return 0


if __name__ == "__main__":
    sys.exit(main())
