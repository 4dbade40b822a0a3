"""The report year a story is about, when its sentences also name other years (our own words)."""

from __future__ import annotations

from datetime import date

from monitor.analysis.facts import extract_facts


def tiers(text: str, title: str = "", published: date | None = None) -> set[tuple[str | None, str | None, int | None]]:
    return {(f.country, f.tier, f.year) for f in extract_facts(text, title=title, published=published)
            if f.kind == "tip_tier"}


def test_a_later_report_named_as_a_deadline_is_not_the_storys_year() -> None:
    text = ("Officials said the kingdom had worked hard for the upgrade. "
            "Across the region, Myanmar stayed on Tier 3 and Thailand kept its Tier 2 ranking. "
            "Cambodia now has to keep improving before the 2028 report comes out.")
    title = "Cambodia climbs to Tier 2 Watch List in 2027 trafficking report"
    found = tiers(text, title=title, published=date(2027, 7, 2))
    assert ("Myanmar", "Tier 3", 2027) in found
    assert ("Thailand", "Tier 2", 2027) in found
    assert not any(year == 2028 for _, _, year in found)


def test_in_year_of_the_report_itself_is_the_storys_year() -> None:
    title = "Laos stays on Tier 2 Watch List in 2027 trafficking report"
    found = tiers("Vietnam kept its Tier 2 ranking.", title=title, published=date(2027, 7, 2))
    assert ("Vietnam", "Tier 2", 2027) in found


def test_a_history_year_is_still_not_the_storys_year() -> None:
    text = ("Malaysia was lifted to Tier 2 Watch List in 2019's TIP report, a move critics questioned. "
            "This year the country stayed on Tier 2.")
    found = tiers(text, title="Malaysia keeps its place", published=date(2024, 6, 30))
    assert ("Malaysia", "Tier 2", 2019) not in found
    assert ("Malaysia", "Tier 2", 2024) in found
