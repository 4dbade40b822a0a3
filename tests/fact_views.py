"""The facts a text yields, as the tuples the facts tests compare (one place for every test file)."""

from __future__ import annotations

from datetime import date

from monitor.analysis.facts import extract_facts


def stats(text: str, title: str = "", published: date | None = None) -> set[tuple[int | None, str | None]]:
    """(number, category): what is counted without its bracketed detail."""
    return {(f.number, f.category) for f in extract_facts(text, title=title, published=published)
            if f.kind == "statistic"}


def tiers(text: str, title: str = "", published: date | None = None) -> set[tuple[str | None, str | None]]:
    return {(f.country, f.tier) for f in extract_facts(text, title=title, published=published) if f.kind == "tip_tier"}


def tier_facts(text: str, title: str = "", published: date | None = None
               ) -> list[tuple[str | None, str | None, int | None, str | None]]:
    """(country, tier, year, change), in the text's order."""
    return [(f.country, f.tier, f.year, f.change) for f in extract_facts(text, title=title, published=published)
            if f.kind == "tip_tier"]


def tier_changes(text: str, title: str = "") -> list[tuple[str | None, str | None, str | None]]:
    """(country, tier, change), in the text's order."""
    return [(country, tier, change) for country, tier, _, change in tier_facts(text, title=title)]
