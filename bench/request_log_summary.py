"""Per page, what the requests of a ``bench/web_load.py --request-log FILE`` run cost the server.

Run from the repository root::

    .venv/bin/python bench/request_log_summary.py /tmp/requests.tsv

Reads the log ``bench/gunicorn_request_log.py`` writes (one line per request) and prints, per page
(the customer list with any query string as one page, every 360° page as one), the requests, the
median and p95 of their CPU and wall milliseconds, the young collections' milliseconds per request
and the full collections (generation 2) the page's requests ran, with their milliseconds: each
full pass holds the GIL, so every thread of that gunicorn process waits meanwhile. The warm-up's
requests are counted too.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

_CUSTOMER = re.compile(r"^/customers/\d+/$")


@dataclass
class Page:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    young_ms: float = 0.0
    full: int = 0
    full_ms: float = 0.0


def page_of(asked: str) -> str:
    path = asked.split("?", 1)[0]
    return "/customers/<id>/" if _CUSTOMER.match(path) else path


def nearest(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path)
    parser.add_argument("--least", type=int, default=50, help="leave out pages with fewer requests")
    options = parser.parse_args()
    pages: dict[str, Page] = defaultdict(Page)
    for line in options.log.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 10:
            continue
        wall, cpu, asked = float(parts[3]), float(parts[4]), parts[6]
        gc_ms, full, full_ms = float(parts[7]), int(parts[8]), float(parts[9])
        page = pages[page_of(asked)]
        page.cpu.append(cpu)
        page.wall.append(wall)
        page.young_ms += gc_ms - full_ms
        page.full += full
        page.full_ms += full_ms
    print(
        "| page | requests | CPU p50 / p95 ms | wall p50 / p95 ms | young collections ms per request "
        "| full collections (ms) |"
    )
    print("|---|---:|---|---|---:|---|")
    total, total_ms = 0, 0.0
    for name, page in sorted(pages.items(), key=lambda item: -len(item[1].cpu)):
        total, total_ms = total + page.full, total_ms + page.full_ms
        if len(page.cpu) < options.least:
            continue
        n = len(page.cpu)
        print(
            f"| {name} | {n} | {nearest(page.cpu, 50):.1f} / {nearest(page.cpu, 95):.1f} "
            f"| {nearest(page.wall, 50):.1f} / {nearest(page.wall, 95):.1f} | {page.young_ms / n:.2f} "
            f"| {page.full} ({page.full_ms:.0f}) |"
        )
    print(f"\nfull collections in the whole run: {total} ({total_ms:,.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
