"""Measure the flagging rules on the labelled set and check the bar.

    python bench/eval_classifier.py [--set PATH] [--rules PATH]

Prints precision, recall and F1 for "flagged" overall, per language and per family,
recall on non-English positives, and every misclassified item with its reason.
Exits 1 when the bar is missed: F1 >= 0.98, no look-alike flagged, non-English
recall >= 0.95. The numbers come from ``monitor.analysis.evaluation``, as in tests/test_eval_bar.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from monitor.analysis.evaluation import bar_failures, evaluate, format_report, load_labelled
from monitor.analysis.rules import load_rules

DEFAULT_SET = Path(__file__).resolve().parent / "eval" / "labelled.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="labelled JSONL (default: %(default)s)")
    parser.add_argument("--rules", type=Path, default=None, help="rules file (default: the shipped one)")
    args = parser.parse_args(argv)

    rules = load_rules(args.rules)
    items = load_labelled(args.set)
    started = time.perf_counter()
    report = evaluate(items, rules)
    elapsed = time.perf_counter() - started

    print(f"set: {args.set} ({len(items)} items); rules: {rules.source} (version {rules.version})")
    print(f"classified in {elapsed * 1000:.0f} ms ({elapsed * 1e6 / max(len(items), 1):.0f} µs per item)\n")
    print(format_report(report))
    failures = bar_failures(report)
    print()
    if failures:
        print("BAR MISSED: " + "; ".join(failures))
        return 1
    print("bar met: F1 >= 0.98, no look-alike flagged, non-English recall >= 0.95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
