"""The classifier meets the bar on the independent labelled set (bench/eval/labelled.jsonl).

The same computation as ``python bench/eval_classifier.py``; run that to see the tables.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis.evaluation import bar_failures, evaluate, format_report, load_labelled
from monitor.analysis.rules import load_rules

LABELLED = Path(__file__).resolve().parent.parent / "bench" / "eval" / "labelled.jsonl"


@pytest.mark.skipif(not LABELLED.exists(), reason=f"{LABELLED} is not there")
def test_shipped_rules_meet_the_bar() -> None:
    report = evaluate(load_labelled(LABELLED), load_rules())
    assert report.overall.tp > 0
    assert bar_failures(report) == [], format_report(report)
