"""Statistics as an eighth set of real reporting writes them (set 8), in sentences written for
these tests: forced labour, exploitation and deceit as the story's subject in the other
languages, more counters of people (Khmer "រូប", Burmese "ယောက်", Lao "ລາຍ", Chinese "位"),
Vietnamese workers ("lao động"), and a Chinese counter whose noun stands after a relative clause.
"""

from __future__ import annotations

import pytest
from fact_views import stats

SA, VR, VP, VI, PR = "suspects arrested", "victims rescued", "victims repatriated", "victims identified", "prosecutions"


@pytest.mark.parametrize(("text", "expected"), [
    # forced labour, exploitation or deceit make the story one about trafficking
    ("Công an giải cứu 45 người bị cưỡng bức lao động tại một khu nghỉ dưỡng.", {(45, VR)}),
    ("Polisi menyelamatkan 20 pekerja yang menjadi korban kerja paksa di kapal ikan.", {(20, VR)}),
    ("警方在一处园区解救了被强迫劳动的工人35名。", {(35, VR)}),
    ("ប៉ូលិសបានជួយសង្គ្រោះស្ត្រី ៣០ នាក់ ដែលត្រូវបានគេបោកប្រាស់ឱ្យទៅធ្វើការ។", {(30, VR)}),
    ("La police a secouru 14 personnes soumises au travail forcé dans une usine.", {(14, VR)}),
])
def test_forced_labour_and_deceit_are_the_domain(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # without any such word a rescue is of something else
    "Công an giải cứu 45 người khỏi đám cháy tại một khu nghỉ dưỡng.",
    "ប៉ូលិសបានជួយសង្គ្រោះមនុស្ស ៣០ នាក់ ពីទឹកជំនន់។",
])
def test_no_domain_no_figures(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # more counters of people
    ("ប៉ូលិសបានជួយសង្គ្រោះជនរងគ្រោះការជួញដូរមនុស្សចំនួនបីរូប។", {(3, VR)}),
    ("ប៉ូលិសបានជួយសង្គ្រោះស្ត្រីចំនួន ៦ រូប ពីការជួញដូរមនុស្ស។", {(6, VR)}),
    ("ຕຳຫຼວດໄດ້ຊ່ວຍເຫຼືອແມ່ຍິງ 8 ລາຍ ຈາກການຄ້າມະນຸດ", {(8, VR)}),
    ("警方在打击人口贩运行动中解救了12位妇女。", {(12, VR)}),
    # Vietnamese workers
    ("Tỉnh biên giới tiếp nhận 60 lao động bị lừa bán sang Campuchia về nước.", {(60, VP)}),
    ("Đồn biên phòng tiếp nhận 25 công nhân bị cưỡng bức lao động từ nước ngoài trở về.", {(25, VP)}),
])
def test_counters_of_people(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # pictures and reports are no people
    "ក្រសួងបានចែករំលែក ១០ រូបភាព ស្តីពីការជួញដូរមនុស្ស។",
    "ກະຊວງໄດ້ຮັບ 5 ລາຍງານ ກ່ຽວກັບການຄ້າມະນຸດ",
])
def test_counter_look_alikes(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # "N名左右" (about N) and a relative clause ending in "的" before the noun
    ("据悉,这起人口贩运案中仍有约300名左右疑似被骗往缅甸园区的中国籍受害者等待解救。", {(300, VI)}),
    ("人口贩运团伙落网后,目前还有80名被诱骗至境外从事电信诈骗的被害人,有关部门正在核实。", {(80, VI)}),
])
def test_chinese_noun_after_a_relative_clause(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected
