"""Where the memory of `monitor poll` is: per process (main, each analysis worker), over time.

    .venv/bin/python bench/memory_profile.py [--copies 1] [--rounds 1] [--before DIR] [--keep DIR]

The real pages of bench/real_pages.py (its Site: ../shared/corpora/pages ×N as one feed on
loopback, [http] per_host_delay = 0), polled by the real CLI on a fresh database. Every
--interval seconds each process of the tree is read from /proc (psutil's memory_full_info:
PSS, USS, and RSS); the report gives the tree's peak PSS with each process's share at that
moment, each process's own peak PSS and USS, CPU per page of the tree (wait4) and pages/s.

--before DIR (repeatable) runs the same poll with the monitor package of another checkout (a
baseline worktree, put first on PYTHONPATH) interleaved with this one, round by round, so
before and after are measured in the same run; --extra TOML adds a variant of this checkout
with TOML appended to its config, --env NAME=VALUE[,NAME=VALUE] one with those environment
variables set (for a knob tried by hand: MALLOC_ARENA_MAX, a temporary switch in the code).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from real_pages import MONITOR, Site, load_pages, wait_sampling, write_config

MB = 2**20


def sample_tree(root: psutil.Process) -> list[dict[str, Any]]:
    """One reading of every process of the tree: pid, role, pss/uss/rss in MB."""
    try:
        members = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    readings = []
    for member in members:
        try:
            info = member.memory_full_info()
        except psutil.Error:
            continue
        readings.append({"pid": member.pid, "role": "main" if member.pid == root.pid else "worker",
                         "pss": info.pss / MB, "uss": info.uss / MB, "rss": info.rss / MB})
    return readings


def profile_poll(site: Site, folder: Path, interval: float, pythonpath: str | None, extra: str = "",
                 environment: dict[str, str] | None = None) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    config = write_config(folder, f"{site.base}/feed.xml")
    if extra:
        with config.open("a") as out:
            out.write(extra.replace("\\n", "\n") + "\n")
    env = {**os.environ, **(environment or {})}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    started = time.perf_counter()
    proc = subprocess.Popen([MONITOR, "--config", str(config), "poll"], cwd=folder, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(folder / "child.log", "ab"))
    root = psutil.Process(proc.pid)
    timeline: list[tuple[float, list[dict[str, Any]]]] = []

    def sample() -> bool:
        readings = sample_tree(root)
        if readings:
            timeline.append((time.perf_counter() - started, readings))
        return True

    wall, code, usage = wait_sampling(proc, sample, interval, started)
    if code:
        raise SystemExit(f"monitor poll exited {code}; see {folder / 'child.log'}")
    pages = len(site.urls())
    peak_at, peak_readings = max(timeline, key=lambda point: sum(r["pss"] for r in point[1]))
    own: dict[int, dict[str, float]] = {}
    for _, readings in timeline:
        for r in readings:
            mine = own.setdefault(r["pid"], {"role": r["role"], "pss": 0.0, "uss": 0.0, "rss": 0.0})
            for key in ("pss", "uss", "rss"):
                mine[key] = max(mine[key], r[key])
    # The tree's PSS over the poll, in tenths of the wall time (is it flat or growing?).
    tenths = []
    for n in range(10):
        window = [sum(r["pss"] for r in rs) for t, rs in timeline if n * wall / 10 <= t < (n + 1) * wall / 10]
        tenths.append(round(max(window)) if window else None)
    return {
        "pages": pages, "wall": round(wall, 2), "pages_per_s": round(pages / wall, 2),
        "cpu_ms_per_page": round(1000 * (usage.ru_utime + usage.ru_stime) / pages, 1),
        "peak_pss_mb": round(sum(r["pss"] for r in peak_readings), 1), "peak_at_s": round(peak_at, 1),
        "at_peak": [{k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items()} for r in peak_readings],
        "own_peaks": [{"pid": pid, **{k: (round(v, 1) if isinstance(v, float) else v) for k, v in p.items()}}
                      for pid, p in own.items()],
        "tree_pss_by_tenth": tenths,
        "samples": len(timeline),
    }


def summary(label: str, runs: list[dict[str, Any]]) -> str:
    def spread(values: list[float], digits: int = 1) -> str:
        return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} / {max(values):.{digits}f}"

    main_peak = [max(p["pss"] for p in r["own_peaks"] if p["role"] == "main") for r in runs]
    worker_uss = [max((p["uss"] for p in r["own_peaks"] if p["role"] == "worker"), default=0.0) for r in runs]
    return (f"{label}: peak PSS of the tree {spread([r['peak_pss_mb'] for r in runs], 0)} MB; "
            f"main's own peak PSS {spread(main_peak, 0)} MB; a worker's peak USS {spread(worker_uss, 0)} MB; "
            f"CPU {spread([r['cpu_ms_per_page'] for r in runs])} ms/page; {spread([r['pages_per_s'] for r in runs])} pages/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="copies of every page (default 1)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between readings (default 0.1)")
    parser.add_argument("--before", type=Path, action="append", default=[],
                        help="a baseline checkout whose monitor package is polled too, interleaved; repeatable")
    parser.add_argument("--keep", type=Path, help="keep configs, databases and logs here")
    parser.add_argument("--extra", action="append", default=[], metavar="TOML",
                        help="a variant of this checkout with TOML appended to its config (\\n for new lines), e.g. "
                             "'[extract]\\npages_in_flight = 6'; repeatable")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE[,NAME=VALUE]",
                        help="a variant of this checkout with these environment variables set; repeatable")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="memory-profile-"))
    site = Site(load_pages(), args.copies)
    variants: dict[str, tuple[str | None, str, dict[str, str]]] = {}
    for n, before in enumerate(args.before):
        variants[f"before{n or ''}:{before.name}"] = (str(before.resolve()), "", {})
    variants["after"] = (None, "", {})
    for extra in args.extra:
        variants[f"after+{extra}"] = (None, extra, {})
    for assignments in args.env:
        variants[f"after+{assignments}"] = (None, "", dict(pair.split("=", 1) for pair in assignments.split(",")))
    print(f"{len(site.urls())} pages; variants {', '.join(variants)}", flush=True)
    results: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
    for round_ in range(args.rounds):
        for n, (label, (pythonpath, extra, environment)) in enumerate(variants.items()):
            result = profile_poll(site, folder / f"round{round_}" / f"variant{n}", args.interval, pythonpath, extra,
                                  environment)
            results[label].append(result)
            print(json.dumps({"round": round_, "variant": label, **result}), flush=True)
    print()
    for label, runs in results.items():
        print(summary(label, runs))
    (folder / "results.json").write_text(json.dumps(results, indent=1))
    print(f"\nresults: {folder / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
