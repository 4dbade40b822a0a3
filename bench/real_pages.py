"""Real article pages, served ×N as one feed on loopback: `monitor poll` against a naive loop
and trafilatura alone, side by side, in interleaved rounds.

    .venv/bin/python bench/real_pages.py [--copies 5] [--rounds 3] [--keep DIR]

The pages are the real third-party pages of ../shared/corpora/pages/ (read, never copied):
mozilla-readability-test-pages (130), goose3-content (51) and the newspaper4k pages that have
an expected text (23); each copy gets its own URL. Per round, in this order, each a fresh
child process on a fresh database:

  monitor    the real CLI, `monitor --config CFG poll`, [http] per_host_delay = 0,
             per_host_concurrency = 4, the default worker count and [ner] scope
  naive      one process: httpx GET feed, feedparser, per entry a GET, trafilatura.extract
             and an sqlite insert + commit
  floor-1    trafilatura.extract over the pages in memory, 1 process
  floor-2    the same with 2 processes (multiprocessing, fork)
  base       with --base MONITOR: another checkout's `monitor` CLI (e.g. main's, installed in
             its own venv, so its own dependencies too), run just before `monitor` in each round

Measured per run: pages/s (pages / wall time of the child, start-up included), CPU per page
of the whole process tree (wait4's rusage: the child and every worker it joined), peak PSS of
the tree (psutil, every 0.1 s: forked workers' shared pages counted once) and stored-text F1
against the gold texts: bag-of-words F1 (words; characters for scripts written without
spaces) over the newspaper4k pages' expected texts, and the recall of goose3's expected
text, which is a prefix of the article. The table gives min / median / max over the rounds;
quote ratios from one run, the machine is shared.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CORPORA = ROOT.parent / "shared" / "corpora" / "pages"
PYTHON = sys.executable
MONITOR = str(Path(PYTHON).with_name("monitor"))
VARIANTS = ("base", "monitor", "naive", "floor-1", "floor-2")


# ----------------------------------------------------------------------------- the pages
def load_pages() -> list[dict[str, Any]]:
    """Every article page with its title and gold (None when the corpus has no expected text)."""
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA} not present: the real pages live outside the repository")
    pages: list[dict[str, Any]] = []
    for case in sorted((CORPORA / "mozilla-readability-test-pages").iterdir()):
        meta = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8"))
        pages.append({"name": f"mozilla-{case.name}", "path": case / "source.html", "title": meta.get("title") or case.name,
                      "gold": None, "gold_kind": None})
    for page in sorted((CORPORA / "goose3-content").glob("test_*.html")):
        expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8")).get("expected", {})
        pages.append({"name": f"goose3-{page.stem}", "path": page, "title": expected.get("title") or page.stem,
                      "gold": expected.get("cleaned_text"), "gold_kind": "prefix"})
    folder = CORPORA / "newspaper4k-testdata"
    for text in sorted((folder / "txt").glob("*.txt")):
        page = folder / "html" / f"{text.stem}.html"
        if page.exists():
            pages.append({"name": f"newspaper4k-{text.stem}", "path": page, "title": text.stem,
                          "gold": text.read_text(encoding="utf-8", errors="replace"), "gold_kind": "full"})
    return pages


class Site:
    """The pages ×copies at /c{copy}/{name}.html and one RSS feed of them at /feed.xml."""

    def __init__(self, pages: list[dict[str, Any]], copies: int) -> None:
        self.pages = pages
        self.bodies = {page["name"]: page["path"].read_bytes() for page in pages}
        self.copies = copies
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.feed = self._feed().encode()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def urls(self) -> list[tuple[str, dict[str, Any]]]:
        return [(f"{self.base}/c{copy}/{page['name']}.html", page) for copy in range(self.copies) for page in self.pages]

    def _feed(self) -> str:
        moment = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
        items = "".join(
            f"<item><title>{html.escape(page['title'])}</title><link>{html.escape(url)}</link>"
            f"<guid isPermaLink=\"true\">{html.escape(url)}</guid>"
            f"<pubDate>{format_datetime(moment - timedelta(minutes=n))}</pubDate><description>Story {n}</description></item>"
            for n, (url, page) in enumerate(self.urls())
        )
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Real pages</title>'
                f"<link>{self.base}/</link><description>bench</description>{items}</channel></rss>")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                if self.path == "/feed.xml":
                    self._send(site.feed, "application/rss+xml; charset=utf-8")
                elif self.path.endswith(".html") and self.path.count("/") == 2:
                    body = site.bodies.get(self.path.rsplit("/", 1)[1][: -len(".html")])
                    if body is None:
                        self._send(b"not found", "text/plain", 404)
                    else:
                        self._send(body, "text/html")  # no charset: as many real servers
                else:
                    self._send(b"not found", "text/plain", 404)

            def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


# ----------------------------------------------------------------------------- scoring
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def tokens(text: str) -> Counter[str]:
    words: list[str] = []
    for word in re.findall(r"\w+", text.lower()):
        words.extend(list(word) if _UNSPACED.search(word) else [word])
    return Counter(words)


def f1(extracted: str, gold: str) -> tuple[float, float, float]:
    got, want = tokens(extracted or ""), tokens(gold)
    overlap = sum((got & want).values())
    precision = overlap / max(1, sum(got.values()))
    recall = overlap / max(1, sum(want.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if overlap else 0.0)


def score(texts: dict[str, str | None], urls: list[tuple[str, dict[str, Any]]]) -> dict[str, float]:
    full, prefix = [], []
    for url, page in urls:
        if page["gold"] is None:
            continue
        _, recall, value = f1(texts.get(url) or "", page["gold"])
        (full if page["gold_kind"] == "full" else prefix).append(value if page["gold_kind"] == "full" else recall)
    return {"f1": round(statistics.fmean(full), 4) if full else 0.0,
            "prefix_recall": round(statistics.fmean(prefix), 4) if prefix else 0.0}


# ----------------------------------------------------------------------------- children
def child_naive(feed_url: str, db_path: str, out: str) -> None:
    import feedparser
    import httpx
    import trafilatura

    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE articles (url TEXT UNIQUE, title TEXT, text TEXT)")
    with httpx.Client(trust_env=False) as client:
        for entry in feedparser.parse(client.get(feed_url).content).entries:
            page = client.get(entry.link)
            text = trafilatura.extract(page.text)
            db.execute("INSERT INTO articles VALUES (?, ?, ?)", (entry.link, entry.title, text))
            db.commit()
    db.close()


def _extract(body: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(body)


def child_floor(processes: int, urls_file: str, out: str) -> None:
    import multiprocessing

    import trafilatura  # noqa: F401  (imported before forking, as a pool user would)

    pairs = json.loads(Path(urls_file).read_text())
    bodies = [Path(path).read_bytes() for _, path in pairs]
    if processes == 1:
        texts = [_extract(body) for body in bodies]
    else:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            texts = pool.map(_extract, bodies, chunksize=4)
    Path(out).write_text(json.dumps({url: text for (url, _), text in zip(pairs, texts, strict=True)}))


# ----------------------------------------------------------------------------- measuring
def wait_sampling(proc: subprocess.Popen[bytes], sample: Callable[[], bool], interval: float,
                  started: float) -> tuple[float, int, Any]:
    """Call ``sample`` every ``interval`` seconds (until it returns False) while ``proc`` runs;
    returns the wall time since ``started``, the exit code and the tree's rusage (wait4)."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set() and sample():
            stop.wait(interval)

    sampler = threading.Thread(target=loop, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, proc.returncode, usage


def measure(argv: list[str], cwd: Path) -> dict[str, float]:
    """Wall time, CPU of the whole tree (wait4), and peak PSS of the tree."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=open(cwd / "child.log", "ab"))
    watched = psutil.Process(proc.pid)
    peak = {"pss": 0.0, "main_cpu": 0.0}

    def sample() -> bool:
        total = 0
        try:
            members = [watched, *watched.children(recursive=True)]
        except psutil.Error:
            return False
        for member in members:
            try:
                total += member.memory_full_info().pss
            except psutil.Error:
                pass
        peak["pss"] = max(peak["pss"], total)
        try:  # the child's own CPU, without its workers: the last sample before it exits
            own = watched.cpu_times()
            peak["main_cpu"] = own.user + own.system
        except psutil.Error:
            pass
        return True

    wall, code, usage = wait_sampling(proc, sample, 0.1, started)
    if code:
        raise SystemExit(f"{' '.join(argv)} exited {code}; see {cwd / 'child.log'}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "main_cpu": peak["main_cpu"], "pss_mb": peak["pss"] / 2**20}


def write_config(folder: Path, feed_url: str) -> Path:
    path = folder / "monitor.toml"
    path.write_text(
        "feed_lists = []\n[storage]\npath = \"monitor.db\"\n"
        "[http]\nallow_private_networks = true\nper_host_delay = 0.0\nper_host_concurrency = 4\nconcurrency = 16\n"
        "[digest]\nenabled = false\n"
        f"[[feeds]]\nname = \"Real pages\"\nurl = \"{feed_url}\"\nlang = \"en\"\n"
    )
    return path


def stored_texts(db: Path) -> dict[str, str | None]:
    conn = sqlite3.connect(db)
    try:
        return {url: text for url, text in conn.execute("SELECT url, text FROM articles")}
    finally:
        conn.close()


def run_variant(variant: str, site: Site, folder: Path, base: str | None = None) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    urls = site.urls()
    if variant in ("monitor", "base"):
        config = write_config(folder, f"{site.base}/feed.xml")
        executable = base if variant == "base" and base else MONITOR
        figures = measure([executable, "--config", str(config), "poll"], folder)
        texts = stored_texts(folder / "monitor.db")
    elif variant == "naive":
        figures = measure([PYTHON, __file__, "--child", "naive", f"{site.base}/feed.xml", str(folder / "naive.db"), ""], folder)
        texts = stored_texts(folder / "naive.db")
    else:
        pairs = [(url, str(page["path"])) for url, page in urls]
        (folder / "pages.json").write_text(json.dumps(pairs))
        out = folder / "texts.json"
        figures = measure([PYTHON, __file__, "--child", variant, str(folder / "pages.json"), str(out), ""], folder)
        texts = json.loads(out.read_text())
    stored = sum(1 for url, _ in urls if texts.get(url) is not None)
    return {**figures, "pages": len(urls), "stored": stored, **score(texts, urls)}


def spread(values: list[float], digits: int = 1) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} / {max(values):.{digits}f}"


def report(results: dict[str, list[dict[str, Any]]]) -> str:
    rows = ["| | " + " | ".join(VARIANTS) + " |", "|---|" + "---|" * len(VARIANTS)]

    def row(label: str, cell: Any) -> None:
        rows.append(f"| {label} | " + " | ".join(cell(results[v]) if results.get(v) else "" for v in VARIANTS) + " |")

    row("pages/s (min / median / max)", lambda runs: spread([r["pages"] / r["wall"] for r in runs]))
    row("CPU ms per page, whole tree", lambda runs: spread([1000 * r["cpu"] / r["pages"] for r in runs]))
    row("  of which the main process", lambda runs: spread([1000 * r["main_cpu"] / r["pages"] for r in runs]))
    row("peak PSS of the tree, MB", lambda runs: spread([r["pss_mb"] for r in runs], 0))
    row("stored-text F1 (newspaper4k gold)", lambda runs: f"{statistics.median(r['f1'] for r in runs):.3f}")
    row("recall of goose3's gold prefix", lambda runs: f"{statistics.median(r['prefix_recall'] for r in runs):.3f}")
    row("pages with text / pages", lambda runs: f"{runs[-1]['stored']} / {runs[-1]['pages']}")
    if results.get("monitor") and results.get("naive"):
        ratios = [m["wall"] and (n["wall"] / m["wall"]) for m, n in zip(results["monitor"], results["naive"], strict=False)]
        cpu = [m["cpu"] / n["cpu"] for m, n in zip(results["monitor"], results["naive"], strict=False)]
        rows.append(f"\nmonitor / naive, same round: pages/s ×{spread(ratios, 2)}; CPU per page ×{spread(cpu, 2)}")
    if results.get("monitor") and results.get("base"):
        ratios = [b["wall"] / m["wall"] for m, b in zip(results["monitor"], results["base"], strict=False)]
        cpu = [m["cpu"] / b["cpu"] for m, b in zip(results["monitor"], results["base"], strict=False)]
        rows.append(f"monitor / base, same round: pages/s ×{spread(ratios, 2)}; CPU per page ×{spread(cpu, 2)}")
    if results.get("base") and results.get("naive"):
        ratios = [n["wall"] / b["wall"] for b, n in zip(results["base"], results["naive"], strict=False)]
        cpu = [b["cpu"] / n["cpu"] for b, n in zip(results["base"], results["naive"], strict=False)]
        rows.append(f"base / naive, same round: pages/s ×{spread(ratios, 2)}; CPU per page ×{spread(cpu, 2)}")
    for floor in ("floor-1", "floor-2"):
        if results.get("monitor") and results.get(floor):
            ratios = [f["wall"] / m["wall"] for m, f in zip(results["monitor"], results[floor], strict=False)]
            rows.append(f"monitor / {floor} pages/s, same round: ×{spread(ratios, 2)}")
    return "\n".join(rows)


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, first, second = sys.argv[2], sys.argv[3], sys.argv[4]
        if kind == "naive":
            child_naive(first, second, sys.argv[5])
        else:
            child_floor(int(kind.split("-")[1]), first, second)
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=5, help="copies of every page (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--variants", default="monitor,naive,floor-1,floor-2")
    parser.add_argument("--keep", type=Path, help="keep configs, databases and logs here")
    parser.add_argument("--base", help="another checkout's `monitor` executable, run as the 'base' variant "
                        "(e.g. main's, installed in its own venv)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="real-pages-"))
    pages = load_pages()
    site = Site(pages, args.copies)
    size = sum(len(body) for body in site.bodies.values()) / len(site.bodies)
    print(f"{len(pages)} real pages x {args.copies} = {len(pages) * args.copies} pages, {size / 1000:.0f} KB each on average")
    chosen = [v for v in VARIANTS if (v == "base" and args.base) or (v != "base" and v in args.variants.split(","))]
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in chosen}
    for round_ in range(args.rounds):
        for variant in chosen:
            result = run_variant(variant, site, folder / f"round{round_}" / variant, args.base)
            results[variant].append(result)
            print(json.dumps({"round": round_, "variant": variant, **{k: round(v, 4) if isinstance(v, float) else v
                                                                       for k, v in result.items()}}), flush=True)
    print()
    print(report(results))
    (folder / "results.json").write_text(json.dumps(results, indent=1))
    print(f"\nresults: {folder / 'results.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
