"""Statistics as a tenth round of real reporting writes them (facts-stats10), in sentences written
for these tests: the noun nearest before a number, detaining and court words in Chinese, returns
to Taiwan, parts of the figure before ("of whom", "โดยในจำนวนนี้", "其中" with a deed of its own),
men and women listed in brackets or as "N男M女", modifiers in Tagalog, and look-alikes that are no
tally (a tier, the bodies of the dead).
"""

from __future__ import annotations

import pytest
from fact_views import stats

SA, VR, VP, VI, PR = "suspects arrested", "victims rescued", "victims repatriated", "victims identified", "prosecutions"


@pytest.mark.parametrize(("text", "expected"), [
    # the noun nearest before the number, not a cases noun further back: "案件逾N起,抓获嫌疑人逾M名"
    ("打击拐卖人口犯罪,警方破获案件逾 300 起,抓获犯罪嫌疑人逾 450 名。", {(300, "cases"), (450, SA)}),
    ("打擊人口販運,警方偵破案件近120起,逮捕嫌犯約210名。", {(120, "cases"), (210, SA)}),
    # "羁押" detains
    ("边防部队破获拐卖人口案件 75 起,羁押 98 名嫌犯。", {(75, "cases"), (98, SA)}),
    # back to Taiwan, and taken to court
    ("人口販運案中,昨日有4名被害人先行返台。", {(4, VP)}),
    ("涉及人口贩运,有18名嫌犯被告上法庭。", {(18, PR)}),
])
def test_chinese_nouns_and_deeds(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # English "of whom N were <people>": a part counts what its whole counts
    ("Last year 40 people were arrested for human trafficking, of whom 9 were foreign nationals.", {(40, SA), (9, SA)}),
    ("Police rescued 60 trafficking victims, of whom 25 were children.", {(60, VR), (25, VR)}),
    # Thai "of these" with the people's noun after it
    ("ตำรวจจับกุมผู้ต้องหาคดีค้ามนุษย์ 80 ราย โดยในจำนวนนี้เป็นชาวต่างชาติ 12 ราย", {(80, SA), (12, SA)}),
    # Chinese "其中" whose part has its own deed keeps it
    ("人口贩运受害者中,警方共掌握90人因诈骗受害,其中25人已返台。", {(90, VI), (25, VP)}),
])
def test_parts_of_the_figure_before(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Indonesian men, women and children in brackets after the whole share its deed
    ("Polisi menyelamatkan 50 korban perdagangan orang (30 laki-laki, 15 perempuan, dan 5 anak-anak).",
     {(50, VR), (30, VR), (15, VR), (5, VR)}),
    # "N男M女" in Chinese
    ("人口販運案中,共有6男4女共計10名被害人陸續獲釋。", {(6, VR), (4, VR), (10, VR)}),
    # Tagalog "umano'y" (allegedly) between a number and its noun
    ("Naharang ng mga awtoridad ang 21 na umano’y biktima ng human trafficking sa paliparan.", {(21, VI)}),
    # Lao "ຊ່ອຍເຫຼືອ" is the other spelling of helping (rescuing)
    ("ຕຳຫຼວດໄດ້ຊ່ອຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ 9 ຄົນ", {(9, VR)}),
])
def test_breakdowns_and_spellings(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    # a tier before a number is no tally
    "Laporan pemerdagangan manusia AS menurunkan negara itu ke Tahap 3 kes pemerdagangan manusia.",
    "Laporan perdagangan orang menempatkan negara itu di Tingkat 2 kasus perdagangan orang.",
    # the bodies of the dead are not people repatriated
    "The ministry said it had repatriated the bodies of 38 migrant workers, a trafficking official said.",
])
def test_no_tally(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    # the first of a pair shares the deed of the second
    ("In the trafficking raid, 14 men and six women were rescued by the police.", {(14, VR), (6, VR)}),
    # suspects named with the cases before them
    ("Police handled 31 trafficking cases associated with 40 suspects this year.", {(31, "cases"), (40, SA)}),
    ("Polisi menangani 14 kasus perdagangan orang yang melibatkan 22 tersangka.", {(14, "cases"), (22, SA)}),
    ("La fiscalía abrió 50 casos judiciales de trata que involucran a 300 presuntos cabecillas.",
     {(50, "cases"), (300, PR)}),
    # suspects investigated or identified are named as suspects
    ("The government investigated 180 suspected traffickers in 2024, the trafficking report said.", {(180, SA)}),
    # people sent back from the other country are deported
    ("In the trafficking crackdown, 1,200 migrant workers were sent back from Malaysia.", {(1200, "deported")}),
    # women victimised are victims identified
    ("Last year, 31 women were victimised by trafficking gangs.", {(31, VI)}),
])
def test_pairs_cases_and_conventions(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "the N people who were arrested included M foreign nationals": a part of the whole
    ("In the trafficking cases, the 70 people who were arrested included 12 foreign nationals.",
     {(70, SA), (12, SA)}),
    # a number after a place and a comma is no age when a noun follows it
    ("At Phnom Penh International Airport, 48 fishermen returned home after years of trafficking.", {(48, VP)}),
    # a Tagalog sentence that opens with its verb
    ("Nasagip ng mga tauhan ng BI sa paliparan ang anim na Pilipino na biktima ng human trafficking.", {(6, VR)}),
    # Vietnamese "nữ" between a number and its noun
    ("Trong vụ buôn bán người, công an đã giải cứu được chín nữ nạn nhân.", {(9, VR)}),
    # females are people counted
    ("After the trafficking case, 37 females returned to their families.", {(37, VP)}),
])
def test_parts_ages_and_word_order(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_an_age_after_a_name_stays_an_age() -> None:
    assert stats("The trafficking suspect, Sok Dara, 35, was arrested on Monday.") == set()


def test_one_person_in_a_breakdown_is_not_counted() -> None:
    text = "Polis menyelamatkan 20 mangsa pemerdagangan manusia terdiri daripada 12 lelaki dan 8 wanita termasuk seorang kanak-kanak."
    assert 1 not in {number for number, _ in stats(text)}


@pytest.mark.parametrize(("text", "expected"), [
    # "、" between nationalities lists nouns, not figures: the verb after the list still counts
    ("涉及人口贩运,有25名泰国、老挝和缅甸人因涉嫌参与而被告上法庭。", {(25, PR)}),
    # a comma inside brackets ends no clause
    ("人口販運案中,共有7名被害人陸續自西港(Preah Sihanouk,西港)等地獲釋。", {(7, VR)}),
    # a figure after a slash ("vụ/đối tượng") is read; suspects investigated are named as suspects
    ("Về mua bán người, công an đã điều tra 40 vụ/97 đối tượng trong năm.", {(40, "cases"), (97, SA)}),
])
def test_lists_brackets_and_slashes(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_a_date_with_slashes_is_no_count() -> None:
    assert stats("Ngày 3/4/2025, công an giải cứu 5 nạn nhân mua bán người.") == {(5, VR)}


@pytest.mark.parametrize(("text", "expected"), [
    # Indonesian "N kasus dengan M tersangka": the cases' suspects
    ("Satgas mengungkap 90 kasus perdagangan orang dengan 110 tersangka.", {(90, "cases"), (110, SA)}),
    # Lao "ຈໍານວນ" opens a count whose verb ends the sentence
    ("ແມ່ຍິງຈໍານວນ 5 ຄົນທີ່ຕົກເປັນເຫຍື່ອການຄ້າມະນຸດ ຢູ່ແຂວງບໍ່ແກ້ວ ໄດ້ຮັບການຊ່ອຍເຫຼືອແລ້ວ.", {(5, VR)}),
])
def test_counts_opened_or_joined(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected
