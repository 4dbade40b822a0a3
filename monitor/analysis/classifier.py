"""Decide whether a story is flagged, and say why.

``classify(title, text, rules)`` is pure: it reads only its arguments, and its inputs
and outputs pickle, so it can run in a process pool. Each field is scanned once by
the rules' automaton (``monitor.analysis.rules``); the steps after that work on the hits:

1. within a group, the longest of overlapping terms wins;
2. a term whose list names look-alikes (``unless``) is discounted when one of their
   patterns is close by in the same sentence ("drug trafficking");
3. a term whose list ``requires`` context counts only when a context word, or a
   counted term of a named group, is within the list's window;
4. flagged = trafficking and (ncct or tip); related = trafficking alone.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from monitor.analysis.rules import GROUPS, Hit, RuleSet, Scan
from monitor.analysis.text import SPACE_CLAUSE_CLASS, split_sentences
from monitor.models import Match, Verdict

Field = Literal["title", "text"]

SNIPPET_CHARS = 300
_REASON_TERMS = 6  # terms named per group in a reason

# Look-alikes must be in the same clause. Thai and Lao have no full stop, and Thai, Lao,
# Khmer and Burmese writers put a space where a clause ends, so that is a break too.
_CLAUSE_SPACE = re.compile(rf"(?<=[{SPACE_CLAUSE_CLASS}])\s+(?=[{SPACE_CLAUSE_CLASS}])")


class _FieldScan:
    """One field's scan, placed in a shared coordinate space: the title comes first and
    the text starts at ``offset``, so a window can reach from the title into the lead.

    Sentence and clause starts are found on first use: only a story with a match (its
    snippet) or a look-alike near a term (its clause) needs them, and most have neither.
    """

    __slots__ = ("field", "original", "scan", "offset", "_sentence_starts", "_clause_starts")

    def __init__(self, field: Field, original: str, scan: Scan, offset: int) -> None:
        self.field = field
        self.original = original
        self.scan = scan
        self.offset = offset
        self._sentence_starts: tuple[int, ...] | None = None
        self._clause_starts: tuple[int, ...] | None = None

    @property
    def sentence_starts(self) -> tuple[int, ...]:
        """Original offsets where sentences begin."""
        if self._sentence_starts is None:
            self._sentence_starts = tuple(sorted({0, *(start for start, _ in split_sentences(self.original))}))
        return self._sentence_starts

    @property
    def clause_starts(self) -> tuple[int, ...]:
        """Sentence starts and the clause breaks of unspaced scripts."""
        if self._clause_starts is None:
            breaks = (m.end() for m in _CLAUSE_SPACE.finditer(self.original))
            self._clause_starts = tuple(sorted(set(self.sentence_starts).union(breaks)))
        return self._clause_starts

    def clause_of(self, normalised_start: int) -> int:
        original = self.scan.normalised.starts[normalised_start]
        return bisect.bisect_right(self.clause_starts, original)


@dataclass(frozen=True, slots=True)
class _Placed:
    hit: Hit
    where: _FieldScan

    @property
    def start(self) -> int:
        return self.where.offset + self.hit.start

    @property
    def end(self) -> int:
        return self.where.offset + self.hit.end


def classify(title: str, text: str, rules: RuleSet) -> Verdict:
    """Flag, relate or pass over one story, with the matches that explain the verdict."""
    title_scan = _field_scan("title", title or "", rules, 0)
    text_scan = _field_scan("text", text or "", rules, len(title_scan.scan.normalised.text) + 1)
    placed = [_Placed(hit, where) for where in (title_scan, text_scan) for hit in where.scan.hits]

    terms = _longest_per_group([p for p in placed if p.hit.pattern.kind == "term"])
    lookalikes = [p for p in placed if p.hit.pattern.kind == "lookalike"]
    contexts = [p for p in placed if p.hit.pattern.kind == "context"]

    counted: list[_Placed] = []
    discounted: list[tuple[_Placed, str]] = []
    needs_context: list[_Placed] = []
    for term in terms:
        spec = rules.lists[term.hit.pattern.list_index]
        lookalike = _nearby_lookalike(term, spec.unless, lookalikes, rules)
        if lookalike:
            discounted.append((term, f"exclude:{lookalike}"))
        elif spec.requires:
            needs_context.append(term)
        else:
            counted.append(term)

    # Groups lend only their context-free counted terms, so requirements cannot chase each other.
    lenders = contexts + counted
    for term in needs_context:
        spec = rules.lists[term.hit.pattern.list_index]
        if _has_context(term, spec.requires, spec.window, lenders):
            counted.append(term)
        else:
            discounted.append((term, f"no-context:{spec.name}"))

    counted.sort(key=lambda p: p.start)
    discounted.sort(key=lambda item: item[0].start)
    groups = {p.hit.pattern.owner for p in counted}
    trafficking = "trafficking" in groups
    flagged = trafficking and ("ncct" in groups or "tip" in groups)
    matches = tuple(_match(p, p.hit.pattern.owner) for p in counted)
    set_aside = tuple(_match(p, label) for p, label in discounted)
    return Verdict(
        flagged=flagged,
        related=trafficking and not flagged,
        score=_score(counted, rules),
        reason=_reason(matches, set_aside, flagged, trafficking),
        matches=matches,
        discounted=set_aside,
    )


def _field_scan(field: Field, original: str, rules: RuleSet, offset: int) -> _FieldScan:
    return _FieldScan(field, original, rules.scan(original), offset)


def _longest_per_group(terms: list[_Placed]) -> list[_Placed]:
    """Drop a term inside a longer (or equal, earlier) term of the same group."""
    kept: list[_Placed] = []
    reach: dict[str, int] = {}  # per group, the furthest end of a kept term
    for term in sorted(terms, key=lambda p: (p.start, -p.end)):
        group = term.hit.pattern.owner
        if term.end <= reach.get(group, -1):
            continue
        kept.append(term)
        reach[group] = term.end
    return kept


def _gap(a: _Placed, b: _Placed) -> int:
    """Characters between two spans; 0 when they touch or overlap."""
    return max(0, b.start - a.end, a.start - b.end)


def _nearby_lookalike(term: _Placed, names: tuple[str, ...], lookalikes: list[_Placed], rules: RuleSet) -> str | None:
    """The nearest look-alike in reach of ``term`` in its clause (the nearest explains best)."""
    if not names:
        return None
    clause = term.where.clause_of(term.hit.start)
    nearest: tuple[int, str] | None = None
    for candidate in lookalikes:
        name = candidate.hit.pattern.owner
        if name not in names or candidate.where is not term.where:
            continue
        gap = _gap(term, candidate)
        if gap <= rules.lookalike_windows[name] and candidate.where.clause_of(candidate.hit.start) == clause:
            if nearest is None or gap < nearest[0]:
                nearest = (gap, name)
    return nearest[1] if nearest else None


def _has_context(term: _Placed, names: tuple[str, ...], window: int, lenders: list[_Placed]) -> bool:
    for lender in lenders:
        if lender.hit.pattern.owner not in names:
            continue
        if term.start <= lender.start and lender.end <= term.end:
            continue  # a word inside the term itself ("tier" in "Tier 3") proves nothing
        if _gap(term, lender) <= window:
            return True
    return False


def _match(placed: _Placed, group: str) -> Match:
    where = placed.where
    start, end = where.scan.normalised.original_span(placed.hit.start, placed.hit.end)
    return Match(
        group=group,
        term=placed.hit.pattern.term,
        field=where.field,
        start=start,
        end=end,
        snippet=_snippet(where, start, end),
    )


def _snippet(where: _FieldScan, start: int, end: int) -> str:
    index = bisect.bisect_right(where.sentence_starts, start) - 1
    sentence_start = where.sentence_starts[index]
    sentence_end = where.sentence_starts[index + 1] if index + 1 < len(where.sentence_starts) else len(where.original)
    sentence_end = max(sentence_end, end)
    if sentence_end - sentence_start <= SNIPPET_CHARS:
        return " ".join(where.original[sentence_start:sentence_end].split())
    room = max(0, SNIPPET_CHARS - (end - start)) // 2
    left = max(sentence_start, start - room)
    right = min(sentence_end, end + room)
    return ("…" if left > sentence_start else "") + " ".join(where.original[left:right].split()) + ("…" if right < sentence_end else "")


def _score(counted: list[_Placed], rules: RuleSet) -> float:
    weighted: dict[str, float] = {}
    for placed in counted:
        spec = rules.lists[placed.hit.pattern.list_index]
        boost = rules.title_weight if placed.where.field == "title" else 1.0
        weighted[spec.group] = weighted.get(spec.group, 0.0) + spec.weight * boost
    total = sum(rules.group_weights[group] * math.log2(1 + amount) for group, amount in weighted.items())
    return round(min(total, rules.max_score), 2)


def _reason(matches: tuple[Match, ...], discounted: tuple[Match, ...], flagged: bool, trafficking: bool) -> str:
    parts = []
    for group in GROUPS:
        counts = Counter(m.term for m in matches if m.group == group)
        if counts:
            parts.append(f"{group}: {_tally(counts)}")
    reason = "; ".join(parts) if parts else "no trafficking, NCCT or TIP terms"
    if trafficking and not flagged:
        reason += " (no NCCT or TIP mention)"
    if discounted:
        reason += f" | ignored: {_tally(Counter(f'{m.term} ({m.group})' for m in discounted))}"
    return reason


def _tally(counts: Counter[str]) -> str:
    shown = [term if n == 1 else f"{term} ×{n}" for term, n in counts.most_common(_REASON_TERMS)]
    if len(counts) > _REASON_TERMS:
        shown.append(f"+{len(counts) - _REASON_TERMS} more")
    return ", ".join(shown)
