"""Figures the fifth round reads by general mechanisms rather than phrases (facts7), in sentences
written for these tests: counts spelled out in words in every language the monitor reads
(Thai, Lao, Khmer, Burmese, Vietnamese, Indonesian/Malay, Chinese), read before their counter or
counted noun, and the look-alikes that must stay no count (a year, "a person", dozens, ordinals).
"""

from __future__ import annotations

import pytest
from fact_views import stats


@pytest.mark.parametrize(("text", "expected"), [
    # Thai: units, tens with ยี่/เอ็ด, before คน / ราย
    ("เจ้าหน้าที่จับกุมผู้ต้องหาคดีค้ามนุษย์ได้สามคนเมื่อวานนี้", {(3, "suspects arrested")}),
    ("ทางการช่วยเหลือเหยื่อค้ามนุษย์สิบสองคนจากโรงงานแห่งหนึ่ง", {(12, "victims rescued")}),
    ("ตำรวจจับกุมผู้ต้องหาคดีค้ามนุษย์ยี่สิบเอ็ดรายในจังหวัดชายแดน", {(21, "suspects arrested")}),
    # Lao: ສິບ multiplies, ຊາວ is twenty
    ("ທາງການໄດ້ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍສິບສີ່ຄົນ ຈາກການຄ້າມະນຸດ.", {(14, "victims rescued")}),
    # Khmer: additive units (ប្រាំពីរ = 7) and tens words (ម្ភៃ = 20)
    ("សមត្ថកិច្ចបានជួយសង្គ្រោះជនរងគ្រោះប្រាំបីនាក់ ពីការជួញដូរមនុស្ស។", {(8, "victims rescued")}),
    ("សមត្ថកិច្ចបានចាប់ខ្លួនជនសង្ស័យម្ភៃបីនាក់ ក្នុងករណីជួញដូរមនុស្ស។", {(23, "suspects arrested")}),
    # Burmese: ဆယ့် (ten, joined) before a unit
    ("ရဲတပ်ဖွဲ့က လူကုန်ကူးမှုဖြင့် သံသယရှိသူ ဆယ့်လေးဦးကို ဖမ်းဆီးခဲ့သည်။", {(14, "suspects arrested")}),
    # Vietnamese: mười/mươi and lăm
    ("Công an tỉnh đã bắt giữ bốn người liên quan đến đường dây mua bán người.", {(4, "suspects arrested")}),
    ("Bộ đội biên phòng giải cứu mười hai nạn nhân bị lừa bán sang biên giới.", {(12, "victims rescued")}),
    ("Cơ quan điều tra khởi tố hai mươi lăm bị can trong vụ mua bán người.", {(25, "prosecutions")}),
    # Indonesian / Malay: belas and puluh
    ("Polisi menyelamatkan tiga puluh korban perdagangan orang dari sebuah kapal.", {(30, "victims rescued")}),
    ("Polis menahan dua belas suspek pemerdagangan orang dalam serbuan itu.", {(12, "suspects arrested")}),
    # Chinese: 十/百 and 两, a counter with 多 between
    ("警方在这起人口贩运案中抓获十七名嫌疑人。", {(17, "suspects arrested")}),
    ("边防部门解救两百三十名被拐卖妇女。", {(230, "victims rescued")}),
    ("警方解救三十多名被拐卖儿童。", {(30, "victims rescued")}),
])
def test_a_count_spelled_out_in_words_is_read_as_its_number(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize("text", [
    "Năm 2025, cơ quan chức năng tiếp tục đấu tranh với tội phạm mua bán người.",  # năm = year, not five
    "Một người đàn ông kể lại việc bị lừa bán sang biên giới.",  # one person is "a man"
    "一名被拐卖的妇女讲述了她的经历。",  # 一名 = "a"
    "警方在人口贩运案中解救数十名受害者。",  # dozens
    "ตำรวจช่วยเหลือเหยื่อค้ามนุษย์หลายร้อยคน",  # several hundred
    "Hàng trăm người đã được giải cứu khỏi đường dây mua bán người.",  # hundreds
    "สามีของเหยื่อค้ามนุษย์ถูกจับกุม",  # สามี (husband) starts with สาม (three)
    "他在人口贩运主题的比赛中获得第三名。",  # an ordinal: third place
])
def test_words_that_look_like_counts_are_not_counts(text: str) -> None:
    assert stats(text) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Officers detained six suspects and freed 31 others from a trafficking den.",
     {(6, "suspects arrested"), (31, "victims rescued")}),
    ("In the trafficking case police held two brokers and repatriated 20 others.",
     {(2, "suspects arrested"), (20, "victims repatriated")}),
])
def test_n_others_counts_people_with_the_action_before_it(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_n_others_with_no_action_is_a_detail() -> None:
    assert stats("Nine victims of trafficking were found, and 40 others are still missing.") == {(9, "victims identified")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Tòa án tỉnh đã xét xử 11 bị cáo trong vụ án mua bán người.", {(11, "prosecutions")}),
    ("Pengadilan negeri menjatuhkan hukuman kepada 7 terdakwa kasus perdagangan orang.", {(7, "convictions")}),
    ("Mahkamah mensabitkan 3 tertuduh atas kesalahan pemerdagangan orang.", {(3, "convictions")}),
])
def test_defendants_in_the_other_languages_are_counted(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Provincial court jails seven traffickers", {(7, "convictions")}),
    ("Jakarta brings home 45 citizens trafficked to scam hubs", {(45, "victims repatriated")}),
    ("Embassy flies back 30 trafficked workers", {(30, "victims repatriated")}),
])
def test_a_headline_verb_before_the_count(title: str, expected: set[tuple[int, str]]) -> None:
    body = "Officials said the case was one of several human trafficking cases this year."
    assert stats(body, title=title) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Those freed in the trafficking raid included 16 teenagers.", {(16, "victims rescued")}),
    ("Among those detained after the trafficking sweep were 9 Chinese.", {(9, "suspects arrested")}),
])
def test_the_deed_of_those_before_a_count(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_a_count_whose_noun_is_left_out_takes_the_noun_before() -> None:
    text = "So far the task force has rescued some 2,400 trafficking victims and repatriated 1,100."
    assert stats(text) == {(2400, "victims rescued"), (1100, "victims repatriated")}


def test_a_bare_number_after_a_verb_with_no_figure_before_is_no_count() -> None:
    assert stats("The trafficking unit said it had repatriated 40 in total over the years.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("In the trafficking raid police freed 64 workers and arrested 8 managers.",
     {(64, "victims rescued"), (8, "suspects arrested")}),
    ("Three pimps were detained in the trafficking case.", {(3, "suspects arrested")}),
])
def test_more_people_nouns(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_suspects_sent_back_are_deported() -> None:
    text = "In a trafficking and fraud case, the kingdom sent back 75 Korean suspects last month."
    assert stats(text) == {(75, "deported")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Viện kiểm sát đã truy tố 6 vụ án, 14 bị can về tội mua bán người.", {(6, "prosecutions"), (14, "prosecutions")}),
    ("Polisi menangkap 5 pelaku dan 3 tersangka lain dalam kasus perdagangan orang.", {(5, "suspects arrested"), (3, "suspects arrested")}),
    ("ตำรวจจับกุมผู้ต้องหา 4 ราย, นายหน้า 2 ราย ในคดีค้ามนุษย์", {(4, "suspects arrested"), (2, "suspects arrested")}),
    ("警方抓获嫌疑人18名、同伙6名，涉嫌人口贩运。", {(18, "suspects arrested"), (6, "suspects arrested")}),
])
def test_figures_of_a_list_share_the_verb_before_them(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_an_investigation_verb_is_the_cases_alone() -> None:
    text = "Năm nay công an điều tra 31 vụ mua bán người, 70 đối tượng, 95 nạn nhân."
    assert stats(text) == {(31, "cases"), (95, "victims identified")}


@pytest.mark.parametrize(("text", "expected"), [
    ("En la operación, un total de 19 víctimas de trata fueron rescatadas.", {(19, "victims rescued")}),
    ("法院对12名人贩子作出判决。", {(12, "convictions")}),
    ("警方从境外押解嫌疑人40名回国，涉嫌人口贩运。", {(40, "deported")}),
    ("អាជ្ញាធរបានបញ្ជូនជនរងគ្រោះ ២៨ នាក់ ត្រឡប់មកស្រុកវិញ ពីការជួញដូរមនុស្ស។", {(28, "victims repatriated")}),
])
def test_more_words_for_trafficking_and_deeds(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Around 80 trafficking victims have so far been freed.", {(80, "victims rescued")}),
    ("Roughly 140 trafficking victims are being repatriated this month.", {(140, "victims repatriated")}),
])
def test_a_passive_with_so_far_or_being(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Of the victims freed in the trafficking raid, 11 were girls.", {(11, "victims rescued")}),
    ("Among those detained in the trafficking sweep, 7 were foreigners.", {(7, "suspects arrested")}),
])
def test_a_breakdown_of_those_done_counts_what_the_head_counts(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_a_breakdown_of_a_head_with_no_deed_is_no_count() -> None:
    assert stats("Of the victims of trafficking, 12 were boys.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("警方从边境押解诈骗和人口贩运嫌疑人120名。", {(120, "deported")}),
    ("Biên phòng giải cứu phụ nữ và trẻ em 9 người bị lừa bán qua biên giới.", {(9, "victims rescued")}),
])
def test_and_inside_a_noun_phrase_does_not_end_the_verbs_clause(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_and_after_a_figure_still_ends_the_verbs_clause() -> None:
    text = "Polisi menahan 12 tersangka dan 7 orang saksi dalam kasus perdagangan orang."
    assert stats(text) == {(12, "suspects arrested")}


@pytest.mark.parametrize(("title", "body", "expected"), [
    ("รวบแก๊งค้ามนุษย์ 4 คน", "ตำรวจระบุว่าเป็นขบวนการค้ามนุษย์", {(4, "suspects arrested")}),
    ("ช่วยเหยื่อค้ามนุษย์แปดคน", "ตำรวจระบุว่าเป็นขบวนการค้ามนุษย์", {(8, "victims rescued")}),
    ("Polres Ringkus 9 Tersangka TPPO", "Kasus ini terkait perdagangan orang.", {(9, "suspects arrested")}),
    ("四名人贩子落网", "此案涉及跨境人口贩运。", {(4, "suspects arrested")}),
])
def test_headline_verbs_in_the_other_languages(title: str, body: str, expected: set[tuple[int, str]]) -> None:
    assert stats(body, title=title) == expected


def test_thai_watching_is_not_catching() -> None:
    assert stats("ประเทศไทยถูกจับตามอง 2 ปีติดต่อกันในเรื่องการค้ามนุษย์") == set()
