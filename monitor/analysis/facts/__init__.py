"""Facts analysts copy by hand today: TIP tier rankings and counted figures.

Rule based and pure (text in, facts out, no models, no I/O), so it is fast and can
run in a process pool. Two kinds of fact, each described in its module:

- ``tip_tier`` (a country's TIP report ranking): ``monitor.analysis.facts.tiers``;
- ``statistic`` (a number with what it counts, and its period): ``monitor.analysis.facts.stats``;

and the country names both find in every script: ``monitor.analysis.facts.countries``.

A fact repeated in the story (a headline, a summary paragraph) is kept once: of two
facts with the same country and tier, or the same number and ``counted``, the one
that says less (no year, change or period, or the same ones) is dropped.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import date

from monitor.analysis.facts.countries import find_countries
from monitor.analysis.facts.stats import (
    ACTION_SAYS,
    CATEGORIES,
    DOMAIN,
    NOUN,
    NUMBER,
    action_of,
    find_periods,
    intl_stat_facts,
    nearest_period,
    number_value,
    stat_facts,
)
from monitor.analysis.facts.tiers import (
    BURMESE_WA,
    REPORT_AUTHOR,
    TIP_REPORT,
    TRAFFICKING,
    Story,
    headline_tiers,
    story_year,
    tip_facts,
    unsaid,
)
from monitor.analysis.text import ascii_digits, split_sentences
from monitor.models import Fact

log = logging.getLogger(__name__)

__all__ = ["CATEGORIES", "Fact", "extract_facts", "split_sentences"]

# --- the whole story ----------------------------------------------------------------------


def extract_facts(text: str, *, title: str = "", published: date | None = None) -> list[Fact]:
    """TIP tier rankings and counted figures in ``text``, in the order they appear.

    ``title`` helps find the story's subject and report year; ``published`` (the story's
    date) gives the report year when the story says "this year's report".
    """
    original, original_title = text, title
    # Same length as the original, so offsets into it are offsets into the original: digits
    # as ASCII, and markup left in some sources ("&mdash;", "<strong>") as spaces.
    text = _MARKUP.sub(lambda m: " " * len(m.group()), ascii_digits(BURMESE_WA.sub("၀", text)))
    title = ascii_digits(BURMESE_WA.sub("၀", title))
    whole = f"{title}\n{text}"
    # A story about human trafficking that says "Tier 3" means the report even when it does not name it.
    names_report = bool(TIP_REPORT.search(whole) or REPORT_AUTHOR.search(whole) or TRAFFICKING.search(whole))
    story = Story(names_report, story_year(title, text, published))
    for mention in find_countries(title):
        if mention.name != "United States":
            story.subject = mention.name
            break
    headline = headline_tiers(title, original_title, story)  # before the body, which may go on with its tier
    story_in_domain = bool(DOMAIN.search(text) or TRAFFICKING.search(text))
    facts: list[Fact] = []
    carried: str | None = None
    last_stat: Fact | None = None  # the last figure, for a running total that refers back to it
    last_index = 0
    spans = split_sentences(text)
    for index, (start, end) in enumerate(spans):
        # "Countries listed on Tier 3 are:" ranks the list on the next line.
        tip_end = spans[index + 1][1] if index + 1 < len(spans) and text[start:end].rstrip()[-1:] in (":", "：") else end
        facts.extend(tip_facts(text, start, tip_end, story))
        if story_in_domain:
            stats, carried = _sentence_stats(text, start, end, carried, last_stat if index - last_index <= 2 else None,
                                             told=last_stat is not None)
            stats += _running_totals(text, start, end, stats, last_stat if index - last_index <= 2 else None)
            if stats:
                last_stat, last_index = stats[-1], index
            facts.extend(stats)
    facts = _runs_by_year([_with_sentence(f, original) for f in facts])
    facts = unsaid(headline, facts) + facts
    if story_in_domain or DOMAIN.search(title) or TRAFFICKING.search(title):
        facts = _headline_stats(title, original_title, facts) + facts
    kept = _drop_repeats(_drop_vaguer_counts(facts))
    log.debug("extracted %d facts (%d repeats dropped)", len(kept), len(facts) - len(kept))
    return kept


def _headline_stats(title: str, original_title: str, facts: list[Fact]) -> list[Fact]:
    """Figures only the headline gives ("919 suspects arrested, 2,493 victims saved"), as facts
    whose sentence is the title and whose offsets are 0 (the title is not in the text). A number
    the body states too, whatever it says it counts, is the body's."""
    said = {f.number for f in facts if f.kind == "statistic"}
    found: list[Fact] = []
    carried: str | None = None
    for start, end in split_sentences(title):
        stats, carried = _sentence_stats(title, start, end, carried)
        found += [dataclasses.replace(f, sentence=original_title, start=0, end=0) for f in stats if f.number not in said]
    return found


def _sentence_stats(text: str, start: int, end: int, carried: str | None,
                    previous: Fact | None = None, told: bool = False) -> tuple[list[Fact], str | None]:
    """One sentence's figures: the English reading, then the other languages' for the numbers
    it did not read; and what the sentence carries to the next ("Of these ..."). ``previous``,
    the last figure of the sentence before, is the whole of a breakdown ("Of that number, ...");
    ``told``: the story has given a figure already."""
    stats, carried = stat_facts(text, start, end, carried, previous, told=told)
    known = {f.number for f in stats}
    stats += [f for f in intl_stat_facts(text, start, end, carried, previous) if f.number not in known]
    return stats, carried


# A running total that says what it counts or refers back: "This year the figure rose to 260.",
# "brought to 1,415 the total held", "bringing the total of arrests to 412".
_TOTAL_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:total|number|figure|tally|toll)\s+(?:(?:has|had|have)\s+)?"
    r"(?:increased|rose|risen|grew|grown|jumped|climbed|reached|fell|fallen|dropped|stood\s+at|went\s+up)\s+(?:to\s+)?"
    r"|\b(?:brought|bringing|brings|raising|raised|taking|took|pushing|pushed)\s+(?:the\s+(?:total|number|tally)"
    r"(?:\s+(?:number\s+)?of\s+(?P<noun>[a-z]+)(?:\s+(?P<act>[a-z]+))?)?\s+)?(?:up\s+)?to\s+"
)
_TOTAL_APPROX = re.compile(r"(?:about|some|more\s+than|over|nearly|almost|around|at\s+least)\s+$", re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"\s+(?:the\s+)?(?:total\s+)?(?:number\s+)?(?:of\s+)?(?P<word>[a-z]+)")


def _running_totals(text: str, start: int, end: int, stats: list[Fact], last: Fact | None) -> list[Fact]:
    """Totals whose number stands alone: what they count comes from their own words or the figure before."""
    sentence = text[start:end]
    said = {f.number for f in stats}
    found = []
    for m in NUMBER.finditer(sentence):
        number = number_value(m)
        if number is None or number in said:
            continue
        head = sentence[max(0, m.start() - 90):m.start()]
        approx = _TOTAL_APPROX.search(head)
        head = head[:approx.start()] if approx else head
        total = _TOTAL_BEFORE.search(head)
        if total is None or total.end() != len(head) or NOUN.match(sentence[m.end():]):
            continue
        words = [total.group("act") or "", total.group("noun") or ""]
        after = _TOTAL_AFTER.match(sentence, m.end())
        if after and re.match(r"\s+the\s+total", sentence[m.end():]):
            words.append(after.group("word"))  # "brought to 1,415 the total held"
        action = next((a for a in map(action_of, words) if a), None)
        if action in ACTION_SAYS or action == "detained":
            counted = "suspects arrested" if action == "detained" else ACTION_SAYS[action]
        elif "arrests" in words:
            counted = "suspects arrested"
        elif last is not None and not any(words):
            counted = last.category or ""  # "212 suspects were detained. This year the figure rose to 260."
        else:
            continue
        periods = find_periods(sentence)
        found.append(Fact("statistic", sentence, start, end, number=number, counted=counted, period=nearest_period(periods, m.start())))
    return found


# A run of years the sentence gives a ranking for: "from 2011 to 2015", "Between 2018 and 2020", "2018-2020".
_YEAR = r"(?:19|20)\d\d|25[4-7]\d"
_YEAR_RUN = re.compile(
    rf"(?<!\d)(?:between|entre|antara|giữa)\s+(?P<first>{_YEAR})\s*(?:and|y|et|dan|và)\s*(?P<last>{_YEAR})(?!\d)"
    rf"|(?<!\d)(?P<first2>{_YEAR})\s*(?:to|until|through|[-–—]|à|hingga|sampai|đến|至|到|ถึง)\s*(?P<last2>{_YEAR})(?!\d)"
    rf"|\b(?:de|desde)\s+(?P<first3>{_YEAR})\s+a\s+(?P<last3>{_YEAR})(?!\d)", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|(?<!\d)25[4-7]\d(?!\d)")
_LONGEST_RUN = 25


def _runs_by_year(facts: list[Fact]) -> list[Fact]:
    """A tier stated for a run of years ("Between 2018 and 2020, Malaysia was on the Tier 2 Watch
    List", "from 2011 to 2015") is one fact a year, as the report ranked it each year; only when the run is the
    sentence's only mention of years, so no year of another ranking is taken for it."""
    expanded: list[Fact] = []
    for fact in facts:
        runs = list(_YEAR_RUN.finditer(ascii_digits(fact.sentence))) if fact.kind == "tip_tier" else []
        years = _ANY_YEAR.findall(ascii_digits(fact.sentence)) if len(runs) == 1 else []
        if len(runs) == 1 and len(years) == 2:
            bounds = [int(year) for year in runs[0].groups() if year]
            first, last = _ce(bounds[0]), _ce(bounds[1])
            if fact.year in (None, first) and first < last <= first + _LONGEST_RUN:
                expanded += [dataclasses.replace(fact, year=year) for year in range(first, last + 1)]
                continue
        expanded.append(fact)
    return expanded


def _ce(year: int) -> int:
    return year - 543 if year > 2500 else year  # Thai Buddhist era


_MARKUP = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6});|</?[a-zA-Z][^<>]{0,80}>")


def _with_sentence(fact: Fact, original: str) -> Fact:
    sentence = original[fact.start:fact.end]
    return fact if sentence == fact.sentence else dataclasses.replace(fact, sentence=sentence)


_VAGUE_CATEGORIES = ("victims identified", "other")


def _drop_vaguer_counts(facts: list[Fact]) -> list[Fact]:
    """"1,943 victims" beside "rescued 1,943 victims": the figure the story says what was done to wins."""
    said = {f.number for f in facts if f.kind == "statistic" and f.category not in _VAGUE_CATEGORIES}
    return [f for f in facts if f.kind != "statistic" or f.category not in _VAGUE_CATEGORIES or f.number not in said]


def _drop_repeats(facts: list[Fact]) -> list[Fact]:
    kept: list[Fact] = []
    for fact in facts:
        if any(_adds_nothing(fact, earlier) for earlier in kept):
            continue
        # A headline's "3,412 deported" gives way to the body's "3,412 deported in 2026".
        kept = [earlier for earlier in kept if not _adds_nothing(earlier, fact)]
        kept.append(fact)
    return kept


def _adds_nothing(fact: Fact, earlier: Fact) -> bool:
    if fact.kind != earlier.kind:
        return False
    same: tuple[object, ...]
    same_earlier: tuple[object, ...]
    extra: tuple[str, ...]
    if fact.kind == "tip_tier":
        same, extra = (fact.country, fact.tier), ("year", "change")
        same_earlier = (earlier.country, earlier.tier)
    else:
        same, extra = (fact.number, fact.counted), ("period",)
        same_earlier = (earlier.number, earlier.counted)
    if same != same_earlier:
        return False
    return all(getattr(fact, key) in (None, getattr(earlier, key)) for key in extra)
