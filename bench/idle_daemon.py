"""The idle daemon's memory: `monitor run` polls the real pages once, then waits for its next poll.

    .venv/bin/python bench/idle_daemon.py [--copies 1] [--idle-seconds 10]

Two daemons, one after the other, each on a fresh database: [extract] idle_worker_seconds = 0
(the workers are kept between polls) and = --idle-seconds (they are shut down after that
long without a page, with the NER model shared with them). For each: the peak PSS of the
process tree during the poll, and its PSS once the poll's pages are all stored and the
daemon has been idle for --idle-seconds + 5 s (psutil; forked workers' shared pages counted once).
"""

from __future__ import annotations

import argparse
import json
import signal
import sqlite3
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psutil
from real_pages import MONITOR, Site, load_pages, write_config


def tree_pss_mb(process: psutil.Process) -> tuple[float, int]:
    total, members = 0, [process]
    try:
        members += process.children(recursive=True)
    except psutil.Error:
        pass
    for member in members:
        try:
            total += member.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 2**20, len(members)


def stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def run_daemon(site: Site, folder: Path, idle_seconds: float, wait: float) -> dict[str, float]:
    folder.mkdir(parents=True, exist_ok=True)
    config = write_config(folder, f"{site.base}/feed.xml")
    with config.open("a") as out:
        out.write(f"[extract]\nidle_worker_seconds = {idle_seconds}\n")
    proc = subprocess.Popen([MONITOR, "--config", str(config), "run"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=open(folder / "daemon.log", "ab"))
    watched = psutil.Process(proc.pid)
    peak = {"pss": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["pss"] = max(peak["pss"], tree_pss_mb(watched)[0])
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    pages = len(site.urls())
    started = time.monotonic()
    try:
        while stored(folder / "monitor.db") < pages:
            if proc.poll() is not None:
                raise SystemExit(f"monitor run exited {proc.returncode}; see {folder / 'daemon.log'}")
            if time.monotonic() - started > 900:
                raise SystemExit("the poll did not finish in 900 s")
            time.sleep(0.5)
        polled = time.monotonic() - started
        stop.set()
        sampler.join()
        time.sleep(wait)
        idle_mb, processes = tree_pss_mb(watched)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return {"idle_worker_seconds": idle_seconds, "poll_seconds": round(polled, 1), "poll_peak_pss_mb": round(peak["pss"]),
            "idle_pss_mb": round(idle_mb), "idle_processes": processes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="copies of every page (default 1)")
    parser.add_argument("--idle-seconds", type=float, default=10.0, help="idle_worker_seconds of the second daemon")
    parser.add_argument("--keep", type=Path, help="keep configs, databases and logs here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="idle-daemon-"))
    site = Site(load_pages(), args.copies)
    for idle in (0.0, args.idle_seconds):
        result = run_daemon(site, folder / f"idle-{idle:g}", idle, args.idle_seconds + 5)
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
