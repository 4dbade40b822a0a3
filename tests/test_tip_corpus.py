"""Tier facts on the real TIP-tier sentences in ../shared/corpora/tip (read there, never copied).

- Every CIA World Factbook entry that states a tier yields that (country, tier), and no
  other tier for that country; Tier 2 Watch List (also spelled "Watch list") is never read
  as Tier 2; "Special Case" yields no tier; a World summary yields one fact per listed
  country or none, never the whole list for one country.
- Where the entry gives the report year ("(2023)", or the state.gov address) and the
  direction ("remained on", "downgraded", "upgraded"), the fact carries them.
- Every entry is flagged by the shipped rules.
- The 2001-2015 tier table drives sentences written here (our words, the table's facts):
  "In 2005, the TIP report placed Cambodia on Tier 3", and "downgraded from ... to ..."
  between consecutive years.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from monitor.analysis.classifier import classify
from monitor.analysis.facts import Fact, extract_facts
from monitor.analysis.rules import load_rules

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
TIP = CORPORA / "tip"
if not TIP.is_dir():
    pytest.skip(
        "../shared/corpora/tip not present (real third-party test corpora live outside the repo)",
        allow_module_level=True,
    )

RANKINGS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")
# The Factbook's short names -> the facts' canonical names.
FACTBOOK_NAMES = {
    "Burma": "Myanmar", "DRC": "Democratic Republic of the Congo", "Congo (Brazzaville)": "Republic of the Congo",
    "The Dominican": "Dominican Republic", "Gambia, The": "The Gambia", "Bahamas, The": "Bahamas",
    "Korea, North": "North Korea", "Korea, South": "South Korea", "Cabo Verde": "Cabo Verde",
}
TABLE_NAMES = {
    "Burma": "Myanmar", "Congo - Kinshasa": "Democratic Republic of the Congo",
    "Congo - Brazzaville": "Republic of the Congo", "Myanmar (Burma)": "Myanmar", "Gambia": "The Gambia",
    "Côte d’Ivoire": "Cote d'Ivoire", "Côte d'Ivoire": "Cote d'Ivoire", "St. Lucia": "Saint Lucia",
    "St. Vincent & Grenadines": "Saint Vincent and the Grenadines", "St. Kitts & Nevis": "Saint Kitts and Nevis",
    "Antigua & Barbuda": "Antigua and Barbuda", "Bosnia & Herzegovina": "Bosnia and Herzegovina",
    "Trinidad & Tobago": "Trinidad and Tobago", "São Tomé & Príncipe": "Sao Tome and Principe",
    "Macedonia": "North Macedonia", "Swaziland": "Eswatini", "Hong Kong SAR China": "Hong Kong",
    "Macau SAR China": "Macau", "Micronesia (Federated States of)": "Micronesia",
    "Bolivia, Plurinational State of": "Bolivia", "Congo": "Republic of the Congo",
    "Congo, the Democratic Republic of the": "Democratic Republic of the Congo", "Iran, Islamic Republic of": "Iran",
    "Korea, Democratic People's Republic of": "North Korea", "Korea, Republic of": "South Korea",
    "Macedonia, the former Yugoslav Republic of": "North Macedonia", "Micronesia, Federated States of": "Micronesia",
    "Moldova, Republic of": "Moldova", "Sint Maarten (Dutch part)": "Sint Maarten", "Syrian Arab Republic": "Syria",
    "Taiwan, Province of China": "Taiwan", "Tanzania, United Republic of": "Tanzania",
    "Venezuela, Bolivarian Republic of": "Venezuela", "Brunei Darussalam": "Brunei",
    "Lao People's Democratic Republic": "Laos", "Macao": "Macau", "Russian Federation": "Russia", "Viet Nam": "Vietnam",
}
TABLE_TIERS = {"1": "Tier 1", "2": "Tier 2", "3": "Tier 2 Watch List", "4": "Tier 3"}


def _entries() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(TIP.glob("tip_factbook*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append((path.name, json.loads(line)))
    return found


ENTRIES = _entries()


def _tier_part(entry: dict[str, Any]) -> str:
    """The entry's "tier rating" text (older snapshots hold it among other parts)."""
    return str(entry.get("parts", {}).get("tier rating", entry["text"]))


STATED = [(name, e) for name, e in ENTRIES if e["gec"] != "xx" and re.match(r"\s*(?:Tier|Special Case)", _tier_part(e))]


def _stated_tier(text: str) -> str:
    m = re.match(r"\s*(Tier 2 Watch [Ll]ist|Tier [123]|Special Case)", text)
    assert m, text[:80]
    return m.group(1).replace("Watch list", "Watch List")


@functools.cache
def _facts(text: str) -> tuple[Fact, ...]:
    return tuple(extract_facts(text))


def _tiers(facts: tuple[Fact, ...] | list[Fact]) -> list[Fact]:
    return [f for f in facts if f.kind == "tip_tier" and f.tier in RANKINGS]


def test_the_corpus_is_the_one_described() -> None:
    assert len(STATED) >= 140  # 45 + 50 + 65 entries state a tier across the three snapshots


@pytest.mark.parametrize(("file", "entry"), STATED, ids=[f"{n}:{e['country']}" for n, e in STATED])
def test_every_stated_tier_is_extracted(file: str, entry: dict[str, Any]) -> None:
    stated = _stated_tier(_tier_part(entry))
    country = FACTBOOK_NAMES.get(entry["country"], entry["country"])
    facts = _tiers(_facts(entry["text"]))  # the whole entry: other parts must not add a wrong tier
    if stated == "Special Case":
        assert facts == [], [(f.country, f.tier) for f in facts]
        return
    mine = [f for f in facts if f.country == country]
    assert mine, f"{country}: no tier fact in {[(f.country, f.tier) for f in facts]}"
    assert {f.tier for f in mine} == {stated}, [(f.country, f.tier, f.sentence[:120]) for f in mine]


@pytest.mark.parametrize(("file", "entry"), STATED, ids=[f"{n}:{e['country']}" for n, e in STATED])
def test_year_and_direction_where_stated(file: str, entry: dict[str, Any]) -> None:
    text = _tier_part(entry)
    stated = _stated_tier(text)
    if stated == "Special Case":
        return
    country = FACTBOOK_NAMES.get(entry["country"], entry["country"])
    mine = [f for f in _tiers(_facts(text)) if f.country == country and f.tier == stated]
    assert mine
    year = re.search(r"\((20\d\d)\)\s*$", text) or re.search(r"/(20\d\d)-trafficking-in-persons-report/", text)
    if year:
        assert int(year.group(1)) in {f.year for f in mine}, [(f.year, f.sentence[-80:]) for f in mine]
    words = {"down": r"(?:was|were) downgraded to", "up": r"(?:was|were) upgraded to", "same": r"remained on"}
    for change, pattern in words.items():
        if re.search(rf"\b{pattern}\s+Tier", text) and not any(
            re.search(rf"\b{p}\s+Tier", text) for c, p in words.items() if c != change
        ):
            assert change in {f.change for f in mine}, [(f.change, f.sentence[-100:]) for f in mine]


def test_world_lists_give_one_fact_per_country_or_none() -> None:
    for file, entry in ENTRIES:
        if entry["gec"] != "xx":
            continue
        facts = _tiers(extract_facts(entry["text"]))
        per_country: dict[str, set[str]] = {}
        for f in facts:
            per_country.setdefault(f.country or "", set()).add(f.tier or "")
        assert all(len(tiers) == 1 for tiers in per_country.values()), (file, per_country)


def test_every_entry_is_flagged() -> None:
    """Every entry but a World summary that is only two lists of countries (no word about trafficking)."""
    rules = load_rules()
    entries = [(file, e) for file, e in ENTRIES if e["gec"] != "xx" or re.search(r"traffick", e["text"], re.IGNORECASE)]
    assert len(entries) >= len(ENTRIES) - 1
    missed = [f"{file}:{e['country']}" for file, e in entries if not classify("", e["text"], rules).flagged]
    assert missed == []


def _table() -> dict[str, list[tuple[int, str]]]:
    rows: dict[str, list[tuple[int, str]]] = {}
    with (TIP / "tiers_2001_2015.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["tier"] in TABLE_TIERS:
                name = TABLE_NAMES.get(row["countryname"], row["countryname"])
                rows.setdefault(name, []).append((int(row["year"]), TABLE_TIERS[row["tier"]]))
    return rows


def test_historic_claims_from_the_tier_table() -> None:
    """Our sentences, the table's facts: every country-year comes back with its tier, year and direction."""
    wrong = []
    total = 0
    for country, years in sorted(_table().items()):
        years.sort()
        for (year, tier), previous in zip(years, [None, *years[:-1]], strict=True):
            if previous is None or previous[1] == tier:
                sentence = f"In {year}, the TIP report placed {country} on {tier}."
                change = "same" if previous else None
            else:
                order = RANKINGS.index
                verb = "downgraded" if order(tier) > order(previous[1]) else "upgraded"
                sentence = f"The {year} TIP report {verb} {country} from {previous[1]} to {tier}."
                change = "down" if verb == "downgraded" else "up"
            total += 1
            facts = _tiers(extract_facts(sentence))
            got = [(f.country, f.tier, f.year) for f in facts]
            if got != [(country, tier, year)] or (change in ("up", "down") and facts[0].change != change):
                wrong.append((sentence, got))
    assert total > 2000
    assert wrong == [], f"{len(wrong)} of {total}: {wrong[:10]}"
