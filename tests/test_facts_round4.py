"""Figures and tiers the fourth batch of regional reporting writes (facts6), in sentences written
for these tests: actions named as nouns ("the return of"), people handed over, deportation
faced, thousands grouped by a dot, more nouns for the people counted, the other languages'
nouns and verbs (Vietnamese, Malay, Chinese, Burmese, Khmer, Lao), and tier wording.
"""

from __future__ import annotations

import pytest

from monitor.analysis.facts import extract_facts


def stats(text: str, title: str = "") -> set[tuple[int | None, str | None]]:
    return {(f.number, f.category) for f in extract_facts(text, title=title) if f.kind == "statistic"}


def tier_facts(text: str, title: str = "") -> list[tuple[str | None, str | None, str | None]]:
    return [(f.country, f.tier, f.change) for f in extract_facts(text, title=title) if f.kind == "tip_tier"]


# --- English statistics ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Border officers arranged the return to Laos of some 48 trafficking victims on Monday.",
     {(48, "victims repatriated")}),
    ("The sweep ended with the rescue of 1.372 victims of human trafficking, the agency said.",
     {(1372, "victims rescued")}),
    ("The operation led to the deportation of 215 foreign nationals found in the scam compound.",
     {(215, "deported")}),
])
def test_an_action_named_as_a_noun_before_the_number(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_people_handed_over_to_a_prosecutor_are_prosecuted() -> None:
    text = "Detectives handed over 6 suspects to the public prosecutor in the trafficking case."
    assert stats(text) == {(6, "prosecutions")}


def test_victims_handed_over_to_their_country_go_home() -> None:
    text = "Malaysia hands over 29 trafficking victims to Indonesia at the border post."
    assert stats(text) == {(29, "victims repatriated")}


def test_people_facing_deportation_are_deported() -> None:
    text = "After the trafficking raids, 812 foreign nationals were marked for deportation."
    assert stats(text) == {(812, "deported")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Officers arrested more than 40 suspected wrongdoers in the trafficking sweep.", {(40, "suspects arrested")}),
    ("The court charged 21 surrogate mothers with human trafficking.", {(21, "prosecutions")}),
    ("Police rescued six newborns from a baby trafficking ring.", {(6, "victims rescued")}),
    ("About 900 POGO workers were rescued when the trafficking hub was raided.", {(900, "victims rescued")}),
])
def test_more_nouns_for_the_people_counted(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_people_tricked_are_victims_but_not_in_an_aside() -> None:
    assert stats("Nine women tricked and sold as brides, say trafficking police.") == {(9, "victims identified")}
    text = "Officers helped 57 Thais who were tricked into scam work, a trafficking official said."
    assert stats(text) == set()
    text = "Officers arranged the return of 57 Thais who were lured into scam work in a trafficking ring."
    assert stats(text) == {(57, "victims repatriated")}
