"""Soak: N articles through a running `monitor run`, memory sampled along the way.

    .venv/bin/python bench/soak.py [--articles 10000 --feeds 20 --interval 10]

Serves the generated press (bench/corpus.py) on 127.0.0.2.., starts the real daemon
(`monitor --config CFG run`) on a throw-away database, and keeps publishing new stories
while the daemon polls (each feed every --interval seconds, per_host_delay 0): a new
story per feed whenever the daemon has caught up to within --backlog stories, so none
falls off a feed's window unseen. Every --every seconds it records the daemon's RSS
(main process; and the extraction workers, summed) against the number of articles
stored. At the end: SIGTERM, a clean stop, and RSS min / max / final with the slope in
MB per 1,000 articles (fitted after the first 10% of articles, past the warm-up).
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import Corpus  # noqa: E402  (bench/ is not a package)
from run import FAST_HTTP, MONITOR, ROOT, tree_rss_mb, write_config  # noqa: E402

TARGET_MB = 250


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy: ask again at the next sample
        return 0


def tree_pss_mb(process: psutil.Process) -> float:
    """Proportional set size of the process and its workers: pages they share (forked
    workers share much with their parent) are split between them instead of counted
    in full by each, so the sum is the daemon's real footprint."""
    total = 0.0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_full_info().pss / 2**20
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def rates(samples: list[tuple[float, int, float, float, float]], step: int = 1000) -> list[float]:
    """Articles per second over each successive ``step`` articles stored."""
    found, mark, since = [], step, samples[0][0]
    for seconds, count, *_ in samples:
        while count >= mark:  # one sample may pass several marks
            found.append(step / max(1e-9, seconds - since))
            mark, since = mark + step, seconds
    return found


def slope(points: list[tuple[int, float]]) -> float:
    """Least-squares MB per 1,000 articles."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return 1000 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0


def summary(name: str, values: list[float], points: list[tuple[int, float]]) -> str:
    return (f"{name}: min {min(values):.0f} MB, max {max(values):.0f} MB, final {values[-1]:.0f} MB, "
            f"slope {slope(points):+.2f} MB per 1,000 articles")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--interval", type=float, default=10.0, help="seconds between polls of one feed")
    parser.add_argument("--backlog", type=int, default=10, help="unstored stories allowed per feed")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between memory samples")
    parser.add_argument("--timeout", type=float, default=4 * 3600.0)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()

    folder = Path(args.keep or tempfile.mkdtemp(prefix="monitor-soak-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(args.feeds, 5, cache_pages=False).start()  # pages rendered per request: 10,000 won't sit in memory
    config = write_config(corpus, folder, "soak", FAST_HTTP)
    text = config.read_text()
    text = text.replace("[digest]", "[schedule]\ntick = 1.0\njitter = 0.0\n[digest]")
    text = text.replace('lang = "en"', f'lang = "en"\ninterval = {args.interval}')
    config.write_text(text)
    db = folder / "soak.db"
    for old in folder.glob("soak.db*"):  # a kept folder from an earlier run: start from nothing
        old.unlink()

    log = (folder / "daemon.log").open("w")
    daemon = subprocess.Popen([MONITOR, "--config", str(config), "run"], stdout=log, stderr=log, cwd=ROOT)
    process = psutil.Process(daemon.pid)
    stop = threading.Event()

    def publisher() -> None:
        while not stop.is_set() and corpus.published < args.articles:
            if corpus.published - stored(db) < args.feeds * args.backlog:
                corpus.publish(1)
            stop.wait(0.2)

    threading.Thread(target=publisher, daemon=True).start()
    samples: list[tuple[float, int, float, float, float]] = []  # (seconds, articles, main MB, workers MB, PSS MB)
    began = time.monotonic()
    print(f"soak: {args.articles} articles, {args.feeds} feeds polled every {args.interval:g}s; work in {folder}", flush=True)
    try:
        while daemon.poll() is None and time.monotonic() - began < args.timeout:
            count = stored(db)
            main_mb, workers_mb = tree_rss_mb(process)
            pss_mb = tree_pss_mb(process)
            samples.append((time.monotonic() - began, count, main_mb, workers_mb, pss_mb))
            if len(samples) % 30 == 1:
                print(f"  {samples[-1][0]:6.0f}s {count:6d} articles  main {main_mb:4.0f} MB  workers {workers_mb:4.0f} MB"
                      f"  whole daemon (PSS) {pss_mb:4.0f} MB", flush=True)
            if count >= args.articles:
                break
            time.sleep(args.every)
    finally:
        stop.set()
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=60)
        corpus.stop()
    elapsed = samples[-1][0]
    final = samples[-1][1]
    warm = [s for s in samples if s[1] >= final * 0.1]
    print(f"\n{final} articles in {elapsed:.0f}s ({final / elapsed:.1f}/s); daemon exit code {code}; "
          f"server: {corpus.stats.snapshot()['requests']}")
    print(summary("main process RSS", [s[2] for s in samples], [(s[1], s[2]) for s in warm]))
    print(summary("analysis workers RSS (sum of 2; each loads the spaCy model)", [s[3] for s in samples], [(s[1], s[3]) for s in warm]))
    print(summary("whole daemon PSS (shared pages counted once)", [s[4] for s in samples], [(s[1], s[4]) for s in warm]))
    print("articles per second, by thousand stored: " + ", ".join(f"{r:.1f}" for r in rates(samples)))
    peak_main = max(s[2] for s in samples)
    print(f"target: main process <= {TARGET_MB} MB: {'ok' if peak_main <= TARGET_MB else 'MISSED'} "
          f"(workers counted apart; with them the peak is {max(s[2] + s[3] for s in samples):.0f} MB)")
    (folder / "samples.tsv").write_text("seconds\tarticles\tmain_mb\tworkers_mb\tpss_mb\n" + "".join(
        f"{s[0]:.1f}\t{s[1]}\t{s[2]:.1f}\t{s[3]:.1f}\t{s[4]:.1f}\n" for s in samples))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
