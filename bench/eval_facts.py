"""Measure facts, entities and flags on a hand-labelled set of real stories.

    python bench/eval_facts.py PATH.jsonl [--split tune|holdout|all] [--misses] [--no-ner]

The set is kept outside the repository (third-party text). One JSON object a line:

    {"id", "lang", "split": "tune"|"holdout"|"fresh", "title", "text", "date": "YYYY-MM-DD"|null,
     "flag": true|false,
     "tiers": [[country, "1"|"2"|"2WL"|"3", year|null, change|null], ...], "tiers_opt": [...],
     "stats": [[number, category], ...], "stats_opt": [...],
     "entities": [canonical name, ...]}

``tiers`` and ``stats`` are the facts an analyst would copy by hand; ``*_opt`` are facts that
are acceptable but not required (counted neither right nor wrong). A tier fact matches on
(country, tier); a statistic on (number, category), the category being ``Fact.category``.
Report year and change are scored on the matched tier facts whose label gives them.

Prints precision, recall and F1 per language and per fact kind, flag recall and false flags,
and entity recall. ``--misses`` lists what went wrong, for the tune split only: the held-out
split is for reporting, never for tuning. A "fresh" split (a later set of stories nobody tuned
on) is reported on its own; ``--misses --split fresh`` lists its misses, after which its
figures are no longer unseen.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout without installing

from monitor.analysis.classifier import classify
from monitor.analysis.evaluation import Counts
from monitor.analysis.facts import Fact, extract_facts
from monitor.analysis.language import detect_language
from monitor.analysis.rules import load_rules

TIER_CODES = {"1": "Tier 1", "2": "Tier 2", "2WL": "Tier 2 Watch List", "3": "Tier 3"}


def _country(name: str) -> str:
    """A country as labels and facts both may write it: "The Gambia" and "Gambia" are one."""
    return name.removeprefix("The ")


@dataclass
class Score(Counts):
    """Precision, recall and F1 as in the classifier's evaluation, summed across stories."""

    def __iadd__(self, other: Score) -> Score:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class Row:
    items: int = 0
    tiers: Score = field(default_factory=Score)
    stats: Score = field(default_factory=Score)
    numbers: Score = field(default_factory=Score)  # statistics matched on the number alone
    year_right: int = 0
    year_asked: int = 0
    change_right: int = 0
    change_asked: int = 0
    flag: Score = field(default_factory=Score)
    entities: Score = field(default_factory=Score)
    flagged_with_entities: int = 0
    flagged: int = 0


def _facts(item: dict[str, Any]) -> list[Fact]:
    params = inspect.signature(extract_facts).parameters
    kwargs: dict[str, Any] = {}
    if "published" in params and item.get("date"):
        kwargs["published"] = date.fromisoformat(item["date"][:10])
    if "title" in params:
        kwargs["title"] = item.get("title") or ""
    return extract_facts(item["text"], **kwargs)


def _match(predicted: set[Any], required: set[Any], optional: set[Any]) -> Score:
    return Score(
        tp=len(predicted & required),
        fp=len(predicted - required - optional),
        fn=len(required - predicted),
    )


def _entities_of(extractor: Any, item: dict[str, Any]) -> set[str]:
    if extractor is None:
        return set()
    text = f"{item.get('title') or ''}\n{item['text']}"
    # The language as the pipeline detects it: stories in another language, in any script,
    # go to the multilingual gazetteer there, not to the English model (see analysis/worker.py).
    return {e.canonical for e in extractor.extract([text], [detect_language(text)])[0]}


def evaluate(items: list[dict[str, Any]], extractor: Any, misses: bool) -> dict[str, Row]:
    rules = load_rules()
    rows: dict[str, Row] = defaultdict(Row)
    for item in items:
        facts = _facts(item)
        tiers = [f for f in facts if f.kind == "tip_tier" and f.tier in TIER_CODES.values()]
        stats = [f for f in facts if f.kind == "statistic"]
        want_tiers = {(_country(c), TIER_CODES[t]) for c, t, *_ in item["tiers"]}
        ok_tiers = {(_country(c), TIER_CODES[t]) for c, t, *_ in item["tiers_opt"]}
        got_tiers = {(_country(f.country), f.tier) for f in tiers}
        want_stats = {(n, c) for n, c in item["stats"]}
        ok_stats = {(n, c) for n, c in item["stats_opt"]}
        got_stats = {(f.number, f.category) for f in stats}
        verdict = classify(item.get("title") or "", item["text"], rules)
        found = _entities_of(extractor, item)
        want_entities = set(item["entities"])

        row_scores = []
        for key in (item["lang"], "all", "non-en" if item["lang"] != "en" else "en-only"):
            row = rows[key]
            row_scores.append(row)
            row.items += 1
            row.tiers += _match(got_tiers, want_tiers, ok_tiers)
            row.stats += _match(got_stats, want_stats, ok_stats)
            row.numbers += _match({n for n, _ in got_stats}, {n for n, _ in want_stats}, {n for n, _ in ok_stats})
            for country, code, *rest in item["tiers"]:
                year = rest[0] if rest else None
                change = rest[1] if len(rest) > 1 else None
                same = [f for f in tiers if (_country(f.country), f.tier) == (_country(country), TIER_CODES[code])]
                if not same:
                    continue
                if year is not None:
                    row.year_asked += 1
                    row.year_right += any(f.year == year for f in same)
                if change is not None:
                    row.change_asked += 1
                    row.change_right += any(f.change == change for f in same)
            row.flag += Score(
                tp=int(item["flag"] and verdict.flagged),
                fp=int(not item["flag"] and verdict.flagged),
                fn=int(item["flag"] and not verdict.flagged),
            )
            if extractor is not None:
                row.entities += Score(tp=len(want_entities & found), fn=len(want_entities - found))
                if verdict.flagged:
                    row.flagged += 1
                    row.flagged_with_entities += bool(found)
        if misses and item["split"] in ("tune", "fresh"):
            _print_misses(item, tiers, stats, want_tiers, ok_tiers, got_tiers, want_stats, ok_stats, got_stats,
                          verdict.flagged, want_entities - found if extractor is not None else set())
    return rows


def _print_misses(item: dict[str, Any], tiers: list[Fact], stats: list[Fact], want_tiers: set[Any],
                  ok_tiers: set[Any], got_tiers: set[Any], want_stats: set[Any], ok_stats: set[Any],
                  got_stats: set[Any], flagged: bool, missing_entities: set[str]) -> None:
    lines = []
    if want_tiers - got_tiers:
        lines.append(f"  tier missed: {sorted(want_tiers - got_tiers)}")
    if got_tiers - want_tiers - ok_tiers:
        lines.append(f"  tier wrong: {sorted(got_tiers - want_tiers - ok_tiers)}")
    for country, code, *rest in item["tiers"]:
        same = [f for f in tiers if (_country(f.country), f.tier) == (_country(country), TIER_CODES[code])]
        year = rest[0] if rest else None
        change = rest[1] if len(rest) > 1 else None
        if same and year is not None and not any(f.year == year for f in same):
            lines.append(f"  year: {country} want {year} got {[f.year for f in same]}")
        if same and change is not None and not any(f.change == change for f in same):
            lines.append(f"  change: {country} want {change} got {[f.change for f in same]}")
    if want_stats - got_stats:
        lines.append(f"  stat missed: {sorted(want_stats - got_stats, key=str)}")
    if got_stats - want_stats - ok_stats:
        lines.append(f"  stat wrong: {sorted(got_stats - want_stats - ok_stats, key=str)}")
    if flagged != item["flag"]:
        lines.append(f"  flag: want {item['flag']} got {flagged}")
    if missing_entities:
        lines.append(f"  entities missed: {sorted(missing_entities)}")
    if lines:
        print(f"{item['id']}:")
        print("\n".join(lines))


def _prf(score: Score) -> str:
    if not score.tp + score.fp + score.fn:
        return "- | - | -"
    return f"{score.precision:.2f} | {score.recall:.2f} | {score.f1:.2f}"


def _num(value: float, support: int) -> str:
    return f"{value:.2f}" if support else "-"


def _ratio(right: int, asked: int) -> str:
    return f"{right / asked:.2f} ({right}/{asked})" if asked else "-"


def report(rows: dict[str, Row], title: str) -> None:
    print(f"\n## {title}\n")
    print("| lang | items | tier P | tier R | tier F1 | year | change | stat P | stat R | stat F1 | number F1 "
          "| flag R | false flags | entity R | flagged with entities |")
    print("|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    order = sorted(k for k in rows if k not in ("all", "non-en", "en-only")) + ["non-en", "all"]
    for key in order:
        if key not in rows:
            continue
        r = rows[key]
        entity_recall = f"{r.entities.recall:.2f}" if r.entities.tp + r.entities.fn else "-"
        print(
            f"| {key} | {r.items} | {_prf(r.tiers)} "
            f"| {_ratio(r.year_right, r.year_asked)} | {_ratio(r.change_right, r.change_asked)} "
            f"| {_prf(r.stats)} | {_num(r.numbers.f1, r.numbers.tp + r.numbers.fn)} "
            f"| {_num(r.flag.recall, r.flag.tp + r.flag.fn)} | {r.flag.fp} | {entity_recall} | {_ratio(r.flagged_with_entities, r.flagged)} |"
        )
    print(f"\n(tier counts all: tp={rows['all'].tiers.tp} fp={rows['all'].tiers.fp} fn={rows['all'].tiers.fn}; "
          f"stat counts all: tp={rows['all'].stats.tp} fp={rows['all'].stats.fp} fn={rows['all'].stats.fn})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path, help="labelled JSONL (kept outside the repository)")
    parser.add_argument("--split", choices=("tune", "holdout", "fresh", "all"), default="all")
    parser.add_argument("--misses", action="store_true", help="list the misses of the tune split")
    parser.add_argument("--no-ner", action="store_true", help="skip entities (no spaCy model needed)")
    args = parser.parse_args(argv)

    items = [json.loads(line) for line in args.set.read_text(encoding="utf-8").splitlines() if line.strip()]
    extractor = None
    if not args.no_ner:
        from monitor.analysis.entities import EntityExtractor
        from monitor.settings import NerSettings

        extractor = EntityExtractor.load(NerSettings())
    present = [s for s in ("tune", "holdout", "fresh") if any(i["split"] == s for i in items)]
    splits = present if args.split == "all" else [args.split]
    for split in splits:
        chosen = [i for i in items if i["split"] == split]
        # The held-out split is never listed: its misses would become tuning material.
        listed = args.misses and (split == "tune" or (split == "fresh" and args.split == "fresh"))
        report(evaluate(chosen, extractor, listed), f"{split} ({len(chosen)} stories)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
