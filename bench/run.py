"""The benchmark: the whole pipeline against its floor and a naive loop, in one run.

    .venv/bin/python bench/run.py [--feeds 20 --items 25 --relevant-share 0.2] [--quick]

Serves a generated press (bench/corpus.py) on loopback addresses 127.0.0.2.. and measures,
on the same pages:

  floor      trafilatura.extract over the pages already in memory: 1 process, and 2
  naive      one process: feedparser + one httpx GET per page + trafilatura.extract +
             sqlite insert, sequentially
  pipeline   the monitor's poll on a throw-away config and database, with the shipped
             politeness ([http] per_host_delay 1.0, per_host_concurrency 1) and with
             per_host_delay 0 (per_host_concurrency 4, concurrency 16); NER on flagged
             and related stories (the default scope)
  re-poll    `monitor --config CFG poll` (the real CLI) again on the same database with
             nothing changed: requests, bytes and pages counted by the server
  NER        bench/bench_ner.py's two variants (full spaCy pipeline vs the monitor's
             trimmed one) on the extracted texts of the flagged and related stories

The full polls run `poll_once` (the function `monitor poll` calls) in a child process so
that the poll report's time per stage can be read back; memory is sampled with psutil
over the child and its extraction workers. Ratios from one run are what to quote.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from corpus import Corpus, diff  # noqa: E402  (bench/ is not a package)

PYTHON = sys.executable
MONITOR = str(Path(PYTHON).with_name("monitor"))
STAGES = ("fetch", "parse", "extract", "classify", "facts", "dedup", "ner", "store")
FAST_HTTP = {"per_host_delay": 0.0, "per_host_concurrency": 4, "concurrency": 16}


# ----------------------------------------------------------------------------- memory
@dataclass
class MemoryPeak:
    """Peak RSS of a process and of its children (the extraction workers), sampled."""

    main_mb: float = 0.0
    workers_mb: float = 0.0  # the sum over the workers at one moment
    total_mb: float = 0.0
    samples: list[tuple[float, float, float]] = field(default_factory=list)  # (t, main, workers)


def sample_memory(pid: int, stop: threading.Event, peak: MemoryPeak, interval: float = 0.1) -> None:
    began = time.monotonic()
    try:
        process = psutil.Process(pid)
        while not stop.is_set():
            main, workers = tree_rss_mb(process)
            peak.samples.append((time.monotonic() - began, main, workers))
            peak.main_mb = max(peak.main_mb, main)
            peak.workers_mb = max(peak.workers_mb, workers)
            peak.total_mb = max(peak.total_mb, main + workers)
            stop.wait(interval)
    except psutil.NoSuchProcess:
        pass


def tree_rss_mb(process: psutil.Process) -> tuple[float, float]:
    """RSS of ``process`` and the sum over its descendants, in MB."""
    main = process.memory_info().rss / 2**20
    workers = 0.0
    for child in process.children(recursive=True):
        try:
            workers += child.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            pass
    return main, workers


def run_measured(argv: list[str], log_path: Path) -> tuple[subprocess.CompletedProcess[str], float, MemoryPeak]:
    """Run a command, sampling its memory; returns (result, wall seconds, peak)."""
    peak, stop = MemoryPeak(), threading.Event()
    began = time.perf_counter()
    with log_path.open("w") as log:
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
        sampler = threading.Thread(target=sample_memory, args=(child.pid, stop, peak), daemon=True)
        sampler.start()
        out, _ = child.communicate()
    wall = time.perf_counter() - began
    stop.set()
    sampler.join()
    if child.returncode:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}; see {log_path}")
    return subprocess.CompletedProcess(argv, child.returncode, out, ""), wall, peak


# ----------------------------------------------------------------------------- config
def write_config(corpus: Corpus, folder: Path, name: str, http: dict[str, Any]) -> Path:
    """A throw-away config: its own database, the corpus's feeds, loopback allowed."""
    lines = [
        "[storage]", f'path = "{folder / (name + ".db")}"',
        "[http]", "allow_private_networks = true  # the outlets are on 127.0.0.x",
        *(f"{key} = {value!r}" for key, value in http.items()),
        "[digest]", "enabled = false",
    ]
    for feed in range(corpus.feeds):
        lines += ["[[feeds]]", f'name = "{corpus.site(feed)}"', f'url = "{corpus.feed_url(feed)}"', 'lang = "en"']
    path = folder / f"{name}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


# ----------------------------------------------------------------------------- the floor
def _extract(body: bytes) -> str | None:
    import trafilatura

    return trafilatura.extract(body.decode("utf-8"))


def floor(pages: list[bytes], processes: int) -> tuple[float, list[str | None]]:
    """Seconds to extract every page with trafilatura alone (pages in memory)."""
    if processes == 1:
        began = time.perf_counter()
        texts = [_extract(body) for body in pages]
        return time.perf_counter() - began, texts
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_extract, pages[:processes])  # start the workers before timing
        began = time.perf_counter()
        texts = pool.map(_extract, pages, chunksize=8)
        return time.perf_counter() - began, texts


# ----------------------------------------------------------------------------- naive loop
def naive(corpus: Corpus, db_path: Path) -> tuple[float, float, int]:
    """The loop anyone would write first: one process, one thing at a time."""
    import feedparser
    import httpx
    import trafilatura

    began, cpu = time.perf_counter(), time.thread_time()  # this thread only: the server's threads live here too
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE articles (url TEXT UNIQUE, title TEXT, text TEXT)")
    stored = 0
    with httpx.Client(trust_env=False) as client:
        for feed in range(corpus.feeds):
            parsed = feedparser.parse(client.get(corpus.feed_url(feed)).content)
            for entry in parsed.entries:
                page = client.get(entry.link)
                text = trafilatura.extract(page.text)
                db.execute("INSERT INTO articles VALUES (?, ?, ?)", (entry.link, entry.title, text))
                db.commit()
                stored += 1
    db.close()
    return time.perf_counter() - began, time.thread_time() - cpu, stored


# ----------------------------------------------------------------------------- pipeline
def child_poll(config: str) -> None:
    """In a child process: what `monitor poll` does, printing the report as JSON."""
    from monitor.app import App
    from monitor.logs import configure
    from monitor.settings import load_settings
    from monitor.usecases.poll import poll_once

    configure("INFO", "text")  # as the CLI does: logging is part of the cost
    settings = load_settings(config)
    store = App(settings).synced_store()
    began = time.perf_counter()
    report = poll_once(settings, store)
    total = time.perf_counter() - began
    # CPU of this process and of the (joined) workers: robust to other load on the machine.
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = {"main": usage[0].ru_utime + usage[0].ru_stime, "workers": usage[1].ru_utime + usage[1].ru_stime}
    counts = store.counts()
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(json.dumps({
        "poll_seconds": report.seconds, "with_startup_seconds": total, "cpu": cpu, "stage_seconds": report.stage_seconds,
        "pages_fetched": report.total("pages_fetched"), "stored": report.total("stored"),
        "failed": [f.error for f in report.failed], "counts": counts,
        "article_errors": sum(len(f.article_errors) for f in report.feeds),
    }))


@dataclass
class PollRun:
    name: str
    report: dict[str, Any]
    wall: float
    memory: MemoryPeak
    server: dict[str, dict[str, int]]
    db_bytes: int


def pipeline(corpus: Corpus, folder: Path, name: str, http: dict[str, Any]) -> tuple[PollRun, Path]:
    config = write_config(corpus, folder, name, http)
    before = corpus.stats.snapshot()
    result, wall, memory = run_measured([PYTHON, __file__, "--child-poll", str(config)], folder / f"{name}.log")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    db_bytes = sum(p.stat().st_size for p in folder.glob(f"{name}.db*"))
    return PollRun(name, report, wall, memory, diff(corpus.stats.snapshot(), before), db_bytes), config


def repoll(corpus: Corpus, config: Path, folder: Path) -> tuple[dict[str, dict[str, int]], float, str]:
    """The real CLI, again, with nothing changed on the server."""
    before = corpus.stats.snapshot()
    result, wall, _ = run_measured([MONITOR, "--config", str(config), "poll"], folder / f"{config.stem}-repoll.log")
    return diff(corpus.stats.snapshot(), before), wall, result.stdout.strip().splitlines()[0]


# ----------------------------------------------------------------------------- NER
def ner_rates(texts: list[str], batch_size: int = 16, repeat: int = 1) -> dict[str, float]:
    """Words per CPU second of bench_ner.py's variants on these texts, best of ``repeat``, interleaved."""
    from bench_ner import VARIANTS, load_variant

    works = {variant: load_variant(variant, batch_size) for variant in VARIANTS}
    for work in works.values():
        work(texts[:batch_size])  # warm-up
    best = dict.fromkeys(VARIANTS, float("inf"))
    for _ in range(repeat):
        for variant, work in works.items():
            began = time.process_time()  # CPU, like the other steps: other load on the machine does not count
            work(texts)
            best[variant] = min(best[variant], time.process_time() - began)
    words = sum(len(t.split()) for t in texts)
    return {variant: words / best[variant] for variant in VARIANTS}


# ----------------------------------------------------------------------------- per-step costs
def step_costs(bodies: list[bytes], kinds: list[str]) -> dict[str, float]:
    """Milliseconds of one core per page for each step of the analysis, on the same pages.

    Run here, in one process, one step at a time, with the monitor's own functions. Steps
    every page pays are per page; facts and NER are per relevant (flagged or related) story.
    """
    from monitor.analysis.classifier import classify
    from monitor.analysis.facts import extract_facts
    from monitor.analysis.language import detect_language
    from monitor.analysis.rules import load_rules
    from monitor.analysis.stories import content_hash, fingerprint
    from monitor.ingest.extractor import build_config, extract_article
    from monitor.settings import ExtractSettings

    settings, config, rules = ExtractSettings(), build_config(), load_rules()

    def each(work: Any, items: list[Any]) -> tuple[float, list[Any]]:
        began = time.process_time()
        out = [work(item) for item in items]
        return (time.process_time() - began) / max(1, len(items)) * 1000, out

    detect_language("warm up the language model")
    costs: dict[str, float] = {}
    costs["extract"], extracted = each(
        lambda body: extract_article(body, url="", content_type="text/html", charset="utf-8",
                                     settings=settings, config=config), bodies)
    texts = [e.text for e in extracted]
    costs["classify"], _ = each(lambda text: classify("", text, rules), texts)
    costs["language"], _ = each(detect_language, texts)
    costs["fingerprint"], _ = each(fingerprint, texts)
    costs["content hash"], _ = each(lambda text: content_hash("", text), texts)
    relevant = [t for t, k in zip(texts, kinds, strict=True) if k in ("flagged", "related")]
    costs["facts (per relevant story)"], _ = each(extract_facts, relevant)
    return costs


# ----------------------------------------------------------------------------- report
def fmt_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return ""


def print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows)
    print(f"| {'measure':{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for key, value in rows:
        print(f"| {key:{width}} | {value} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=25)
    parser.add_argument("--relevant-share", type=float, default=0.2)
    parser.add_argument("--quick", action="store_true", help="10 feeds x 10 items: a smoke run")
    parser.add_argument("--skip-polite", action="store_true", help="skip the run with the shipped per_host_delay")
    parser.add_argument("--latency", type=float, default=0.0, metavar="MS",
                        help="the server waits MS milliseconds before each answer (default 0: loopback, CPU-bound)")
    parser.add_argument("--keep", metavar="DIR", help="keep configs, databases and logs in DIR")
    parser.add_argument("--child-poll", metavar="CONFIG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_poll:
        child_poll(args.child_poll)
        return 0
    if args.quick:
        args.feeds, args.items = 10, 10

    folder = Path(args.keep or tempfile.mkdtemp(prefix="monitor-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(args.feeds, args.items, relevant_share=args.relevant_share, latency=args.latency / 1000).start()
    pages = corpus.pages()
    n = len(pages)
    kinds = [s.kind for s in corpus.stories()]
    size = sum(len(b) for _, b in pages) / n
    print(f"corpus: {args.feeds} feeds x {args.items} items = {n} pages on {len(corpus.hosts)} loopback hosts, "
          f"{size / 1024:.0f} KB/page, {sum(s.words for s in corpus.stories()) / n:.0f} words/story, "
          f"{kinds.count('flagged')} flagged + {kinds.count('related')} related stories, server latency {args.latency:g} ms; "
          f"work in {folder}", flush=True)

    bodies = [b for _, b in pages]
    cpu = time.thread_time()
    floor1, texts = floor(bodies, 1)
    floor1_cpu = time.thread_time() - cpu
    floor2, _ = floor(bodies, 2)
    print(f"floor: {floor1:.1f}s in 1 process, {floor2:.1f}s in 2", flush=True)
    naive_seconds, naive_cpu, naive_stored = naive(corpus, folder / "naive.db")
    print(f"naive: {naive_seconds:.1f}s ({naive_cpu:.1f} s CPU) for {naive_stored} pages", flush=True)

    runs: list[PollRun] = []
    repolls: dict[str, tuple[dict[str, dict[str, int]], float, str]] = {}
    variants = [("fast", FAST_HTTP)] + ([] if args.skip_polite else [("polite", {})])
    for name, http in variants:
        run, config = pipeline(corpus, folder, name, http)
        runs.append(run)
        print(f"pipeline {name}: {run.report['poll_seconds']:.1f}s poll, {run.wall:.1f}s with start-up", flush=True)
        repolls[name] = repoll(corpus, config, folder)

    relevant = [t for t, k in zip(texts, kinds, strict=True) if t and k in ("flagged", "related")]
    rates = ner_rates(relevant)
    steps = step_costs(bodies, kinds)
    share = len(relevant) / n
    words = sum(len(t.split()) for t in relevant) / max(1, len(relevant))
    steps["NER (per relevant story)"] = words / rates["monitor"] * 1000
    per_page = sum(v * (share if "relevant" in k else 1) for k, v in steps.items())
    main_per_page = runs[0].report["cpu"]["main"] / n * 1000  # fetch, parse, group, store
    ceiling = 2000 / (per_page + main_per_page)  # both cores busy with nothing but this work

    rows: list[tuple[str, str]] = [
        ("corpus", f"{n} pages, {args.feeds} feeds on {len(corpus.hosts)} hosts, {size / 1024:.0f} KB/page"),
        ("floor: trafilatura.extract, 1 process", f"{n / floor1:.1f} pages/s"),
        ("floor: trafilatura.extract, 2 processes", f"{n / floor2:.1f} pages/s"),
        ("floor: CPU per page", f"{floor1_cpu / n * 1000:.0f} ms"),
        ("naive loop (GET+feedparser+extract+insert)", f"{n / naive_seconds:.1f} pages/s ({naive_cpu / n * 1000:.0f} ms CPU/page)"),
    ]
    fast = runs[0]
    for run in runs:
        r = run.report
        label = "per_host_delay 0" if run.name == "fast" else "shipped politeness (delay 1.0 s, 1/host)"
        stages = r["stage_seconds"]
        rows += [
            (f"pipeline [{label}]", f"{n / r['poll_seconds']:.1f} pages/s ({r['poll_seconds']:.1f} s poll; "
                                    f"{n / run.wall:.1f} pages/s counting {run.wall - r['poll_seconds']:.1f} s start-up)"),
            ("  stored / flagged / related / errors",
             f"{r['counts']['articles']} / {r['counts']['flagged']} / {r['counts']['related']} / {len(r['failed'])} feeds, "
             f"{r['article_errors']} articles"),
            ("  time per stage (s, summed; worker stages = worker CPU)",
             ", ".join(f"{s} {stages.get(s, 0):.1f}" for s in STAGES)),
            ("  CPU per page: main / workers (incl. start-up)",
             f"{r['cpu']['main'] / n * 1000:.0f} / {r['cpu']['workers'] / n * 1000:.0f} ms "
             f"= {n / ((r['cpu']['main'] + r['cpu']['workers']) / 2):.1f} pages/s if both cores were ours"),
            ("  peak RSS: main / workers / total",
             f"{run.memory.main_mb:.0f} / {run.memory.workers_mb:.0f} / {run.memory.total_mb:.0f} MB"),
            ("  server: requests / body bytes",
             f"{sum(run.server['requests'].values())} / {fmt_bytes(sum(run.server['bytes'].values()))}"),
            ("  database per 1,000 articles", fmt_bytes(run.db_bytes / max(1, r['counts']['articles']) * 1000)),
        ]
        server, wall, line = repolls[run.name]
        rows.append((f"  re-poll, nothing changed (`monitor poll`, {wall:.1f} s)",
                     f"{sum(server['requests'].values())} requests, "
                     f"{server['full'].get('feed', 0)} feed bodies, {server['not_modified'].get('feed', 0)} feeds 304, "
                     f"{server['requests'].get('page', 0)} article pages, {fmt_bytes(sum(server['bytes'].values()))} of bodies"))
    r = fast.report
    rows += [
        ("ratio pipeline (delay 0) / naive", f"{naive_seconds / r['poll_seconds']:.2f}x "
                                             f"({naive_seconds / fast.wall:.2f}x counting start-up)"),
        ("ratio pipeline (delay 0) / naive, CPU per page on 2 cores",
         f"{naive_cpu / ((r['cpu']['main'] + r['cpu']['workers']) / 2):.2f}x"),
        ("ratio pipeline (delay 0) / floor, 1 process", f"{floor1 / r['poll_seconds']:.2f}x"),
        ("ratio pipeline (delay 0) / floor, 2 processes", f"{floor2 / r['poll_seconds']:.2f}x"),
        ("NER words/s: full spaCy / monitor", f"{rates['full']:.0f} / {rates['monitor']:.0f} "
                                              f"= {rates['monitor'] / rates['full']:.2f}x ({len(relevant)} texts)"),
        ("analysis steps, ms of one core (same pages, one process)",
         ", ".join(f"{k} {v:.1f}" for k, v in steps.items())),
        (f"  per page at this share ({share:.0%} relevant) + main process (incl. start-up)",
         f"{per_page:.1f} + {main_per_page:.1f} ms = {per_page + main_per_page:.1f} ms "
         f"(naive loop: {naive_cpu / n * 1000:.1f} ms)"),
        ("  CPU ceiling on 2 cores for this work / naive", f"{ceiling:.0f} pages/s = {ceiling / (n / naive_seconds):.2f}x"),
    ]
    print()
    print_table(rows)
    (folder / "results.json").write_text(json.dumps({
        "pages": n, "floor1": floor1, "floor1_cpu": floor1_cpu, "floor2": floor2, "naive": naive_seconds,
        "naive_cpu": naive_cpu, "ner": rates, "steps": steps, "relevant_share": share, "ceiling": ceiling,
        "latency_ms": args.latency,
        "runs": [{"name": x.name, "report": x.report, "wall": x.wall, "db_bytes": x.db_bytes, "server": x.server,
                  "memory": {"main": x.memory.main_mb, "workers": x.memory.workers_mb, "total": x.memory.total_mb}}
                 for x in runs],
        "repolls": {k: {"server": v[0], "wall": v[1], "line": v[2]} for k, v in repolls.items()},
    }, indent=1))
    corpus.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
