"""Measure the classifier on a labelled set, and say whether it meets the bar.

Shared by ``bench/eval_classifier.py`` (prints the tables) and
``tests/test_eval_bar.py`` (asserts the bar), so both judge the same numbers.
The set is JSON lines: ``id, lang, family, expected (flagged|related|none), title, text``.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from monitor.analysis.classifier import Verdict, classify
from monitor.analysis.rules import RuleSet
from monitor.errors import MonitorError

log = logging.getLogger(__name__)

EXPECTED = ("flagged", "related", "none")
# Families that are not look-alikes: the positives, plain related stories, unrelated news.
NOT_LOOKALIKE = frozenset({"ncct", "tip", "ncct+tip", "related", "general"})

BAR_F1 = 0.98
BAR_NON_ENGLISH_RECALL = 0.95


@dataclass(frozen=True)
class LabelledItem:
    id: str
    lang: str
    family: str
    expected: str
    title: str
    text: str


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, expected_flag: bool, flagged: bool) -> None:
        if expected_flag and flagged:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif expected_flag:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Mistake:
    item: LabelledItem
    got: str  # flagged | related | none
    verdict: Verdict


@dataclass
class EvalReport:
    overall: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_family: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    non_english: Counts = field(default_factory=Counts)
    related_right: int = 0  # expected related and classified related
    related_total: int = 0
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def lookalikes_flagged(self) -> dict[str, int]:
        return {family: c.fp for family, c in sorted(self.by_family.items()) if family not in NOT_LOOKALIKE and c.fp}


def load_labelled(path: Path) -> list[LabelledItem]:
    """Read a labelled set; a malformed line is a ``MonitorError`` naming it."""
    items = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                item = LabelledItem(**{key: str(raw[key]) for key in LabelledItem.__dataclass_fields__})
            except (ValueError, KeyError) as exc:
                raise MonitorError(f"{path}:{number}: not a labelled item: {exc}") from None
            if item.expected not in EXPECTED:
                raise MonitorError(f"{path}:{number}: expected = {item.expected!r}; use one of {', '.join(EXPECTED)}")
            items.append(item)
    return items


def outcome(verdict: Verdict) -> str:
    return "flagged" if verdict.flagged else "related" if verdict.related else "none"


def evaluate(items: list[LabelledItem], rules: RuleSet) -> EvalReport:
    report = EvalReport()
    for item in items:
        verdict = classify(item.title, item.text, rules)
        got = outcome(verdict)
        expected_flag, flagged = item.expected == "flagged", verdict.flagged
        report.overall.add(expected_flag, flagged)
        report.by_lang[item.lang].add(expected_flag, flagged)
        report.by_family[item.family].add(expected_flag, flagged)
        if item.lang != "en":
            report.non_english.add(expected_flag, flagged)
        if item.expected == "related":
            report.related_total += 1
            report.related_right += got == "related"
        if got != item.expected:
            report.mistakes.append(Mistake(item, got, verdict))
    return report


def bar_failures(report: EvalReport) -> list[str]:
    """Why the report misses the bar; empty when it meets it."""
    failures = []
    if report.overall.f1 < BAR_F1:
        failures.append(f"F1 {report.overall.f1:.3f} < {BAR_F1}")
    for family, count in report.lookalikes_flagged.items():
        failures.append(f"look-alike family {family!r}: {count} flagged")
    if report.non_english.recall < BAR_NON_ENGLISH_RECALL:
        failures.append(f"non-English recall {report.non_english.recall:.3f} < {BAR_NON_ENGLISH_RECALL}")
    return failures


def format_report(report: EvalReport) -> str:
    """Markdown tables: overall, per language, per family, then the mistakes."""
    o = report.overall
    lines = [
        "| scope | items | TP | FP | FN | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        _row("**all**", o),
        _row("non-English", report.non_english),
    ]
    lines += [_row(lang, counts) for lang, counts in sorted(report.by_lang.items())]
    lines += ["", "| family | items | flagged | false positives | missed |", "|---|---:|---:|---:|---:|"]
    for family, c in sorted(report.by_family.items()):
        lines.append(f"| {family} | {c.tp + c.fp + c.fn + c.tn} | {c.tp + c.fp} | {c.fp} | {c.fn} |")
    lines += [
        "",
        f"related kept as related: {report.related_right}/{report.related_total}",
        f"recall on non-English positives: {report.non_english.recall:.3f}",
    ]
    if report.mistakes:
        lines += ["", "misclassified:"]
        for m in report.mistakes:
            lines.append(f"- {m.item.id} [{m.item.family}] expected {m.item.expected}, got {m.got}: {m.verdict.reason}")
    return "\n".join(lines)


def _row(scope: str, c: Counts) -> str:
    items = c.tp + c.fp + c.fn + c.tn
    return f"| {scope} | {items} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |"
