"""What evidence costs: WARC bytes per 1,000 flagged stories and the time added per page.

Archives real news pages (the ``../shared/corpora/pages`` HTML, read only, never copied)
through :class:`monitor.evidence.Evidence`, exactly as the pipeline does after a story is
flagged (gzip the two records, append with fsync, insert the row), then reads each one back
verified and renders its sandboxed page, into a temporary database::

    python bench/evidence_cost.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from monitor.evidence.archive import Evidence, archive_bytes, evidence_dir, verify
from monitor.evidence.page import render_snapshot
from monitor.evidence.warc import Capture
from monitor.settings import settings_from_dict
from monitor.store import Store
from monitor.store.snapshots import all_snapshots

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "pages"


def real_pages() -> list[Path]:
    pages = [p for p in CORPORA.rglob("*") if p.is_file() and p.suffix.lower() in (".html", ".htm")]
    return sorted(p for p in pages if p.stat().st_size > 2000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="archive the corpus this many times")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print("../shared/corpora not present (real third-party pages live outside the repo)", file=sys.stderr)
        return 1
    pages = real_pages()
    bodies = [p.read_bytes() for p in pages]
    with tempfile.TemporaryDirectory() as folder:
        settings = settings_from_dict({"storage": {"path": "monitor.db"}}, base_dir=Path(folder))
        store = Store.open(Path(settings.storage.path))
        feed = store.add_feed("https://outlet.example/feed.xml", "Outlet")
        evidence = Evidence(settings, store)
        archive_ms: list[float] = []  # gzip + append + fsync, in a worker thread
        keep_ms: list[float] = []  # the snapshots row, on the event loop
        loop = asyncio.new_event_loop()
        n = 0
        for _ in range(args.repeat):
            for body in bodies:
                n += 1
                url = f"https://outlet.example/story-{n}.html"
                article = store.save_article(
                    {"url": url, "title": "t", "text": "t", "flagged": 1, "source": "page", "discovered_at": "2026-12-01T00:00:00Z"},
                    entry={"feed_id": feed, "entry_key": str(n), "link": url},
                )
                capture = Capture(requested_url=url, url=url, status=200, body=body,
                                  headers={"content-type": "text/html; charset=utf-8", "server": "nginx",
                                           "date": "Tue, 01 Dec 2026 12:00:00 GMT", "cache-control": "max-age=300"},
                                  request_headers=evidence.request_headers, fetched_at=datetime.now(UTC))
                started = time.perf_counter()
                archived = loop.run_until_complete(evidence.archive(capture, flagged=True, related=True))
                written = time.perf_counter()
                assert evidence.keep(article, archived) is not None
                archive_ms.append((written - started) * 1000)
                keep_ms.append((time.perf_counter() - written) * 1000)
        served_ms: list[float] = []
        for snapshot in all_snapshots(store)[: len(bodies)]:
            started = time.perf_counter()
            verified = verify(store.path, snapshot)
            render_snapshot(snapshot, verified.record)
            served_ms.append((time.perf_counter() - started) * 1000)
        loop.close()
        size = archive_bytes(evidence_dir(settings))
        raw = sum(len(b) for b in bodies) * args.repeat
        store.close()
    print(f"{len(pages)} real pages x {args.repeat} = {n} snapshots; mean page {raw / n / 1024:.1f} KB as served")
    print(f"archive: {size / 1048576:.2f} MB = {size / n / 1024:.1f} KB per snapshot = "
          f"{size / n * 1000 / 1048576:.1f} MB per 1,000 flagged stories (gzip per record; {size / raw:.0%} of the raw bytes)")
    for label, times in (("records (gzip + append + fsync, worker thread)", archive_ms),
                         ("row (INSERT + COMMIT, event loop)", keep_ms)):
        print(f"added per flagged page, {label}: median {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms, max {max(times):.2f} ms")
    print(f"serving one (read + sha256 + sandboxed render): median {statistics.median(served_ms):.2f} ms, "
          f"max {max(served_ms):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
