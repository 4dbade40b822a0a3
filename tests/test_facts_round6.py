"""Tiers as the fourth real evaluation set writes them in Chinese and Spanish (facts8), in
sentences written for these tests: a numbered "these three countries" after a list, the lowest
class said without a number, and the lowest level in Spanish; and look-alikes that stay no tier.
"""

from __future__ import annotations

import pytest
from fact_views import tiers

from monitor.analysis.facts import extract_facts


@pytest.mark.parametrize(("title", "text", "expected"), [
    # "这3个国家" / "這三個國家": the countries of the sentence before, whatever the numeral
    ("人口贩运报告", "美国今天把老挝、柬埔寨和缅甸降级。这3个国家都被降到最低的第三级。",
     {("Laos", "Tier 3"), ("Cambodia", "Tier 3"), ("Myanmar", "Tier 3")}),
    ("人口販運報告", "美國國務院將越南和汶萊降級。這兩個國家被列入第三級。",
     {("Vietnam", "Tier 3"), ("Brunei", "Tier 3")}),
    ("人口販運報告", "美國國務院將越南、汶萊與寮國降級。這 三 個 國家都被列入第三級。",
     {("Vietnam", "Tier 3"), ("Brunei", "Tier 3"), ("Laos", "Tier 3")}),
    # "最低类": the bottom class of the report, Tier 3
    ("人口贩运报告", "今年的人口贩运报告把老挝降到最低类。", {("Laos", "Tier 3")}),
    # Spanish "el nivel más bajo", every country of the list
    ("Informe sobre trata de personas",
     "El informe anual sobre trata de personas degradó a Laos, Camboya y Birmania al nivel más bajo.",
     {("Laos", "Tier 3"), ("Cambodia", "Tier 3"), ("Myanmar", "Tier 3")}),
])
def test_round6_tiers(title: str, text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text, title=title) == expected


@pytest.mark.parametrize(("title", "text"), [
    # no trafficking word: a lowest class of something else
    ("", "这3个国家的工资在区域里属于最低类。"),
    ("", "El salario mínimo de Laos sigue en el nivel más bajo de la región."),
])
def test_round6_no_tier(title: str, text: str) -> None:
    assert tiers(text, title=title) == set()


@pytest.mark.parametrize(("title", "text", "expected"), [
    # Malay "kumpulan terbawah" (the bottom group), with its peers after "bersama"
    ("Laporan pemerdagangan manusia",
     "Menurut laporan pemerdagangan manusia, Laos diletakkan dalam kumpulan terbawah bersama Kemboja dan Myanmar.",
     {("Laos", "Tier 3"), ("Cambodia", "Tier 3"), ("Myanmar", "Tier 3")}),
    # Spanish "Grupo 3" (capitalised: the report's group)
    ("Informe sobre trata de personas", "El Informe sobre trata de personas 2019 incluye a Laos en el Grupo 3.",
     {("Laos", "Tier 3")}),
    # French tier spelled out: "niveau deux"
    ("Rapport sur la traite des personnes",
     "Selon le rapport sur la traite des personnes, le Laos est resté un pays de niveau deux.", {("Laos", "Tier 2")}),
    # Vietnamese "loại thấp nhất" (the lowest class)
    ("Báo cáo buôn người", "Theo báo cáo về buôn người, Lào bị xếp vào loại thấp nhất.", {("Laos", "Tier 3")}),
])
def test_round6_lowest_and_spelled(title: str, text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text, title=title) == expected


@pytest.mark.parametrize(("title", "text"), [
    # a definition of the scale, no country ranked
    ("Rapport sur la traite des personnes", "Le rapport classe les pays en trois niveaux ; le niveau trois est le pire."),
    # a sports group, no trafficking word
    ("", "El Grupo 2 del torneo incluye a Laos y Camboya."),
])
def test_round6_spelled_no_tier(title: str, text: str) -> None:
    assert tiers(text, title=title) == set()


def stats(text: str) -> set[tuple[int | None, str | None]]:
    return {(f.number, f.counted) for f in extract_facts(text) if f.kind == "statistic"}


@pytest.mark.parametrize(("text", "expected"), [
    # French "victimes de traite" (without the article) is a trafficking word
    ("Au début du mois, 14 victimes de traite ont été rapatriées.", {(14, "victims repatriated")}),
    ("Hier, 8 travailleurs laotiens victimes de traite ont été rapatriés.", {(8, "victims repatriated")}),
    # the noun of an opening "Parmi ces ..." / "De ellas ..." for a number followed by its verb
    ("Parmi ces victimes de la traite, 75 ont été secourues.", {(75, "victims rescued")}),
    ("De las víctimas de trata de personas, 40 fueron rescatadas en la frontera.", {(40, "victims rescued")}),
])
def test_round6_stats(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # a number with no noun and no opening phrase stays no count
    "Selon la police, 75 ont été secourues.",
    # no trafficking word: regions are no count
    "Le Laos compte 14 régions et 3 ont été touchées par la crise.",
])
def test_round6_no_stats(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("title", "text", "expected"), [
    # Vietnamese "loại ba" in quotes is the report's class
    ("Báo cáo buôn người", "Theo Báo cáo TIP về buôn người, Campuchia bị xếp vào “loại ba”.", {("Cambodia", "Tier 3")}),
    # unquoted, "loại ba" is a grade of goods
    ("Báo cáo buôn người", "Ở chợ Lào, sản phẩm loại ba được bán rẻ.", set()),
])
def test_round6_vietnamese_class(title: str, text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text, title=title) == expected


def test_round6_cjk_counter_with_a_long_gap() -> None:
    # "61名" then eight characters before the noun: still the victims, rescued
    assert stats("警方在边境将61名电诈园区的被解救受害者移交给老挝,他们是人口贩卖受害者。") == {(61, "victims rescued")}
