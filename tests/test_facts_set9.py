"""Statistics and tiers as a ninth set of real reporting writes them (set 9), in sentences
written for these tests: rings, networks and gangs broken up (in English, Chinese, Vietnamese),
Tagalog returns and "Pinoy", a share after an opening that names what is counted ("Entre las
víctimas rescatadas, 230 eran ..."), Vietnamese comparisons ("N vụ so với M năm ...") and
sentences ("tuyên phạt"), a Khmer "ព្រមទាំង" that opens a deed of its own, and the Thai tier
spelled out ("เทียร์สอง").
"""

from __future__ import annotations

import pytest
from fact_views import stats, tier_facts, tiers

from monitor.analysis.classifier import classify
from monitor.analysis.rules import load_rules

VR, VP, VI, CV, PR = "victims rescued", "victims repatriated", "victims identified", "convictions", "prosecutions"


@pytest.mark.parametrize(("text", "expected"), [
    ("Officers dismantled 18 trafficking networks this year and arrested 52 suspects.",
     {(18, "other"), (52, "suspects arrested")}),
    ("Police smashed four human trafficking rings in Kampot.", {(4, "other")}),
    ("Seven trafficking syndicates were busted during the operation.", {(7, "other")}),
    ("去年警方打掉拐卖犯罪团伙120个，解救被拐妇女300名。", {(120, "other"), (300, VR)}),
    ("Công an tỉnh đã triệt phá 9 đường dây mua bán người, bắt giữ 31 đối tượng.",
     {(9, "other"), (31, "suspects arrested")}),
])
def test_groups_broken_up_are_counted(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_gangs_that_were_not_broken_up_are_no_figure() -> None:
    assert stats("Three trafficking gangs operate along the border, the report said.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Nakauwi na sa bansa ang 19 Pinoy na biktima ng human trafficking sa Myanmar.", {(19, VP)}),
    ("Nailigtas ng pulisya ang 11 Pinoy na biktima ng human trafficking sa isang scam hub.", {(11, VR)}),
])
def test_tagalog_returns_and_pinoys(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_a_share_after_an_opening_that_names_the_deed() -> None:
    text = ("La policía rescató a 410 víctimas de trata de personas. "
            "Entre las víctimas rescatadas, 95 eran menores de edad.")
    assert stats(text) == {(410, VR), (95, VR)}


def test_vietnamese_comparisons_count_what_the_first_figure_counts() -> None:
    text = ("Năm nay cơ quan chức năng phát hiện 212 vụ mua bán người so với 260 năm trước, "
            "nhưng số nạn nhân lại tăng (640 người so với 590 người năm trước).")
    assert stats(text) == {(212, "cases"), (260, "cases"), (640, VI), (590, VI)}


def test_vietnamese_sentences_handed_down_are_convictions() -> None:
    assert stats("Tòa án tỉnh đã tuyên phạt tù đối với 6 bị cáo trong vụ mua bán người.") == {(6, CV)}


def test_a_khmer_as_well_as_opens_its_own_deed() -> None:
    # the court case after "ព្រមទាំង" ("as well as") is not what the 410 people were
    text = ("ប៉ូលិសបានរកឃើញជនរងគ្រោះនៃការជួញដូរមនុស្ស ចំនួន ៣៥ ករណី ស្មើនឹង ៤១០ នាក់ "
            "ព្រមទាំងបានបញ្ជូនទៅតុលាការចំនួន ៩ ករណី។")
    assert (410, PR) not in stats(text)
    assert (9, PR) in stats(text)


def test_the_thai_tier_spelled_out() -> None:
    title = "สหรัฐฯ คงอันดับไทยไว้ที่ \"เทียร์สอง\" ในรายงานการค้ามนุษย์ประจำปี"
    assert ("Thailand", "Tier 2") in {(country, tier) for country, tier, *_ in tiers(title)}
    assert classify(title, "", load_rules()).flagged


def test_a_thai_level_spelled_out_is_no_tier() -> None:
    # "ระดับหนึ่ง" is "to a degree", not Tier 1
    assert tiers("ไทยแก้ปัญหาการค้ามนุษย์ได้ในระดับหนึ่ง ตามรายงานของสหรัฐฯ") == set()


@pytest.mark.parametrize(("text", "years"), [
    ("The 2024 TIP report moved Malaysia up to Tier 2. Between 2018 and 2020, Malaysia was also on the "
     "Tier 2 Watch List.", [2018, 2019, 2020]),
    ("Según el informe TIP, Camboya estuvo en el Nivel 2 de 2017 a 2019.", [2017, 2018, 2019]),
    ("ตามรายงาน TIP ไทยอยู่ในเทียร์ 2 ตั้งแต่ปี 2559-2561", [2016, 2017, 2018]),
])
def test_a_run_of_years_is_one_ranking_a_year(text: str, years: list[int]) -> None:
    found = tier_facts(text)
    assert sorted(year for _, tier, year, _ in found if tier in ("Tier 2 Watch List", "Tier 2") and year in years) == years


def test_two_years_joined_by_and_are_not_a_run() -> None:
    years = {year for _, _, year, _ in tier_facts("The TIP report kept Thailand on Tier 3 in 2014 and 2017.")}
    assert not years & {2015, 2016}


@pytest.mark.parametrize(("text", "expected"), [
    ("Jumlah WNI korban perdagangan orang yang berhasil diselamatkan polisi mencapai 61 orang.", {(61, VR)}),
    ("Jumlah korban TPPO yang dipulangkan ke Lombok tahun ini mencapai 88 orang.", {(88, VP)}),
])
def test_an_indonesian_total_takes_the_deed_it_names(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    "Officials said 23 human trafficking cases had been sent to court this year.",
    "The ministry sent 23 trafficking cases to court in the first half.",
    "A total of 41 trafficking suspects in 23 cases had been sent to court.",
])
def test_english_cases_sent_to_court_are_prosecutions_as_elsewhere(text: str) -> None:
    assert (23, PR) in stats(text)


def test_cases_handled_are_still_cases_when_people_go_to_court() -> None:
    assert stats("Police handled 23 trafficking cases and sent the suspects to court.") == {(23, "cases")}
