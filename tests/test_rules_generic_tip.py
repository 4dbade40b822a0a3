"""Flagging on phrasings written for these tests: "TIP" as a generic acronym for trafficking in
persons is not the US report; the report's and the NCCT's names in more languages are."""

from __future__ import annotations

import pytest

from monitor.analysis.classifier import classify
from monitor.analysis.rules import RuleSet, load_rules


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("TIP Task Force frees 310 victims",
         "The national TIP Task Force said it freed 310 victims of trafficking in persons and named 90 suspects "
         "in TIP cases during its first month."),
        ("Island state launches plan against trafficking",
         "The inter-agency taskforce on Trafficking in Persons (TIP) unveiled a plan to deal with TIP. "
         "Officers will be trained to spot TIP crimes and help victims of human trafficking."),
    ],
)
def test_tip_as_a_generic_acronym_is_not_the_report(rules: RuleSet, title: str, text: str) -> None:
    verdict = classify(title, text, rules)
    assert not verdict.flagged
    assert verdict.related


@pytest.mark.parametrize(
    "text",
    [
        "The US Trafficking in Persons (TIP) report kept Laos on Tier 2 for its work against human trafficking.",
        "Washington's annual TIP ranking moved the kingdom up, citing fewer trafficking cases.",
    ],
)
def test_the_acronym_with_report_or_us_words_is_the_report(rules: RuleSet, text: str) -> None:
    assert classify("", text, rules).flagged


@pytest.mark.parametrize(
    "text",
    [
        # Thai title of the State Department's translation of the report
        "รายงานการค้ามนุษย์ประจำปี พ.ศ. 2566 ระบุว่าการค้ามนุษย์ในภูมิภาคยังรุนแรง",
        # Vietnamese: the annual report "on the scourge of trafficking" of the United States
        "Báo cáo thường niên về nạn buôn người của Hoa Kỳ ghi nhận nỗ lực chống buôn người của Lào.",
        # Vietnamese name of the NCCT, with Cambodia named
        "Ủy ban Quốc gia về Chống buôn bán người của Campuchia họp bàn về nạn buôn người.",
        # Indonesian name of the NCCT with "perdagangan manusia"
        "Menteri Kamboja yang memimpin Komite Nasional Anti Perdagangan Manusia membahas perdagangan manusia.",
        # a committee named beside its permanent vice-chair
        "La vicepresidenta del Comité, Chou Bun Eng, habló del tráfico de personas en Camboya.",
    ],
)
def test_more_names_of_the_report_and_the_committee(rules: RuleSet, text: str) -> None:
    assert classify("", text, rules).flagged
