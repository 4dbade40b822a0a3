"""The TIP rankings by another name, and the US moving a country, on sentences written for these
tests; look-alikes (drug rankings, travel advisories, credit ratings) stay unflagged."""

from __future__ import annotations

import pytest

from monitor.analysis.classifier import classify
from monitor.analysis.rules import RuleSet, load_rules


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


@pytest.mark.parametrize(("title", "text"), [
    ("Laos climbs the US trafficking chart",
     "Critics say the move ignores the trafficking victims still held in border camps."),
    ("Why Laos kept its place",
     "Washington left the country's human trafficking ranking unchanged, and rights groups said forced "
     "labour in casinos went on."),
    ("Forum on forced labour",
     "Last summer the US downgraded Laos, Brunei and four other countries over their record against human "
     "trafficking, and the government promised to do better."),
    ("Forum on forced labour",
     "Officials recalled that the U.S. upgraded the country after it convicted more traffickers of women "
     "and children."),
])
def test_rankings_by_another_name_are_flagged(rules: RuleSet, title: str, text: str) -> None:
    assert classify(title, text, rules).flagged


@pytest.mark.parametrize(("title", "text"), [
    ("Laos tops a US drug trafficking chart",
     "Police said heroin seizures rose, and one case of human trafficking was also found."),
    ("Advisory changed",
     "The US downgraded its travel advisory for the province to reconsider travel after reports of "
     "human trafficking in scam compounds."),
    ("Bonds slide",
     "The US downgraded the outlook on the bonds as a human trafficking inquiry into a casino owner opened."),
    ("Victims freed",
     "Police freed 12 victims of human trafficking; the US upgraded the airport's radar the same week "
     "as part of a military deal."),
])
def test_look_alike_rankings_are_not_flagged(rules: RuleSet, title: str, text: str) -> None:
    assert not classify(title, text, rules).flagged


def test_a_ranking_word_needs_the_us(rules: RuleSet) -> None:
    verdict = classify("Provinces ranked", "A local human trafficking ranking of provinces put Koh Kong first.", rules)
    assert not verdict.flagged
    assert verdict.related


@pytest.mark.parametrize(("title", "text"), [
    ("Laos keeps its place", "The government does not fully meet the minimum standards for the elimination of "
     "trafficking, the annual review said, although it convicted more traffickers."),
    ("老挝", "报告说,老挝政府没有完全达到消除人口贩运的最低标准,但作出了努力,判处了更多人口贩子。"),
    ("Lào", "Chính phủ Lào chưa đáp ứng đầy đủ các tiêu chuẩn tối thiểu về xóa bỏ nạn buôn người, nhưng đã xét xử "
     "thêm nhiều vụ mua bán người."),
    ("ลาว", "รัฐบาลลาวไม่ได้ปฏิบัติตามมาตรฐานขั้นต่ำในการขจัดการค้ามนุษย์อย่างเต็มที่ แต่ดำเนินคดีค้ามนุษย์มากขึ้น"),
    ("Laos", "Pemerintah Laos belum memenuhi standar minimum pemberantasan perdagangan orang, namun kasus "
     "perdagangan orang yang diadili bertambah."),
])
def test_the_reports_minimum_standards_name_it(rules: RuleSet, title: str, text: str) -> None:
    assert classify(title, text, rules).flagged


@pytest.mark.parametrize(("title", "text"), [
    ("Shelter rules", "The ministry set minimum standards for shelters that house victims of human trafficking."),
    ("Wages", "Inspectors checked minimum standards of pay after a human trafficking case at a factory."),
])
def test_other_minimum_standards_are_not_the_report(rules: RuleSet, title: str, text: str) -> None:
    assert not classify(title, text, rules).flagged
