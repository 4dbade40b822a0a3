"""The gazetteer's one expression (word checks written once) finds what one check per name found."""

from __future__ import annotations

import itertools
import re

import pytest

from monitor.analysis.entities import Gazetteer, _names_pattern, load_domain_names
from monitor.analysis.rules import REPORT_YEARS, YEAR_PLACEHOLDER
from monitor.analysis.text import UNSPACED_CLASS, is_unspaced

_YEARS = "(?:" + "|".join(str(year) for year in REPORT_YEARS) + ")"


def _per_name(keys: list[str]) -> re.Pattern[str]:
    """The expression as it was built before: the word checks repeated in every name."""
    spaced_letter = f"[^\\W_{UNSPACED_CLASS}]"

    def one(key: str) -> str:
        head = "" if is_unspaced(key[0]) or not key[0].isalnum() else f"(?<!{spaced_letter})"
        tail = "" if is_unspaced(key[-1]) or not key[-1].isalnum() else f"(?!{spaced_letter})"
        return f"(?:{head}{re.escape(key).replace(re.escape(YEAR_PLACEHOLDER), _YEARS)}{tail})"

    return re.compile("|".join(one(key) for key in keys))


# Longest first, as the gazetteer sorts them: a longer name whose end check fails must give
# way to a shorter one at the same place; names starting or ending with a year have no check there.
KEYS = sorted([
    "iom", "ioms", "iom unit", "ncct", "report {year}", "{year} report", "{year}",
    "ក្រសួង", "ក្រសួងការបរទេស", "外交部", "u.s.", "(adhoc)", "ab", "abc", "abcd", "bc",
], key=len, reverse=True)
EDGES = ["", " ", "x", "é", "1", "_", "ក", "中", ".", "-", "2023", "20231"]
WORDS = ["iom", "ioms", "iom unit", "ncct", "report 2023", "2023 report", "report 2041", "1999 report",
         "ក្រសួងការបរទេស", "ក្រសួង", "外交部", "u.s.", "(adhoc)", "abcd", "abc", "bcd", "report 20231"]


@pytest.mark.parametrize(("before", "after"), list(itertools.product(EDGES, EDGES)))
def test_one_expression_matches_as_one_check_per_name(before: str, after: str) -> None:
    every, each = _names_pattern(KEYS), _per_name(KEYS)
    for word in WORDS:
        text = f"{before}{word}{after} {word}{before}"
        assert [m.span() for m in every.finditer(text)] == [m.span() for m in each.finditer(text)], text


def test_the_shipped_names_match_as_before_on_mixed_text() -> None:
    gazetteer = Gazetteer(load_domain_names())
    keys = sorted(gazetteer._entries, key=len, reverse=True)
    text = " ".join(f"{edge}{key.replace(YEAR_PLACEHOLDER, '2023')}{edge}" for key in keys for edge in ("", "x", "ក"))
    found = [m.span() for m in _names_pattern(keys).finditer(text)]
    assert found == [m.span() for m in _per_name(keys).finditer(text)]
    assert len(found) > len(keys)  # most names are found where nothing touches them
