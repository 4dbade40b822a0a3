"""Tier facts and figures in every language of the region, on sentences written for these tests.

Each sentence follows a pattern seen in real reporting (downgrades "from X to Y", lists of
countries, the story's subject named once, the report year from its name or the story's
date, watch-list words, Buddhist-era years, native digits); none is copied from a story.
"""

from __future__ import annotations

from datetime import date

import pytest

from monitor.analysis.classifier import classify
from monitor.analysis.facts import CATEGORIES, Fact, extract_facts
from monitor.analysis.rules import load_rules

WL = "Tier 2 Watch List"


def tiers(text: str, **kwargs: object) -> set[tuple[str | None, str | None, int | None, str | None]]:
    return {(f.country, f.tier, f.year, f.change) for f in extract_facts(text, **kwargs) if f.kind == "tip_tier"}  # type: ignore[arg-type]


def pairs(text: str, **kwargs: object) -> set[tuple[str | None, str | None]]:
    return {(c, t) for c, t, _, _ in tiers(text, **kwargs)}


def stats(text: str) -> set[tuple[int | None, str | None]]:
    return {(f.number, f.counted) for f in extract_facts(text) if f.kind == "statistic"}


# --- English phrasings ------------------------------------------------------------------


def test_downgrade_from_one_tier_to_another() -> None:
    text = "The 2024 Trafficking in Persons report downgraded Laos from Tier 2 to the Tier 2 Watch List."
    assert tiers(text) == {("Laos", WL, 2024, "down")}


def test_the_kingdom_is_the_story_subject() -> None:
    text = (
        "Cambodia rejected the findings of the annual US trafficking report on Friday. "
        "Officials said the ranking ignored new shelters. "
        "Washington moved the kingdom down to Tier 3, citing scam compounds."
    )
    assert pairs(text) == {("Cambodia", "Tier 3")}


def test_a_list_of_countries_shares_the_tier() -> None:
    text = "In the State Department's TIP report, Thailand, Laos and Vietnam remained on Tier 2."
    assert tiers(text) == {(c, "Tier 2", None, "same") for c in ("Thailand", "Laos", "Vietnam")}


def test_lowest_ranking_and_blacklist_are_tier_3() -> None:
    assert pairs("The TIP report kept Myanmar at the lowest ranking for a third year.") == {("Myanmar", "Tier 3")}
    text = "Human trafficking: the US put Sudan on its blacklist in the annual Trafficking in Persons Report."
    assert pairs(text) == {("Sudan", "Tier 3")}


def test_moved_up_a_notch() -> None:
    text = "The trafficking in persons report moved Malaysia up a notch to Tier 2."
    assert tiers(text) == {("Malaysia", "Tier 2", None, "up")}


def test_a_historic_run_keeps_its_tier() -> None:
    text = "Manila sat on Tier 2 of the TIP report from 2011 to 2015 before the Philippines rose to Tier 1 in 2016."
    assert pairs(text) == {("Philippines", "Tier 2"), ("Philippines", "Tier 1")}


def test_a_country_named_once_and_its_tier_later() -> None:
    text = (
        "Indonesia welcomed the annual Trafficking in Persons report. "
        "Ministers pointed to new laws. Police said more raids were planned. "
        "The report placed the country on Tier 2 for another year."
    )
    assert pairs(text) == {("Indonesia", "Tier 2")}


def test_report_year_from_the_story_date_when_it_says_this_year() -> None:
    text = "This year's Trafficking in Persons report upgraded Brunei to Tier 2."
    assert tiers(text, published=date(2026, 6, 30)) == {("Brunei", "Tier 2", 2026, "up")}


def test_a_number_that_is_not_a_year_is_not_the_report_year() -> None:
    text = "The TIP report, which covers 188 countries, kept Chad on Tier 3."
    assert tiers(text) == {("Chad", "Tier 3", None, "same")}


def test_special_case_yields_no_tier_ranking() -> None:
    found = [f for f in extract_facts("The TIP report listed Yemen as a Special Case again.") if f.kind == "tip_tier"]
    assert {f.tier for f in found} <= {"Special Case"}


def test_the_reports_author_is_not_ranked() -> None:
    text = "The US State Department's report placed Cambodia on Tier 3; the US has downgraded it twice."
    assert pairs(text) == {("Cambodia", "Tier 3")}


def test_covid_tiers_stay_out() -> None:
    assert pairs("Phnom Penh moved to Tier 3 COVID restrictions as trafficking cases fell.") == set()


# --- other languages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Thai: "เทียร์ 2 ที่ต้องจับตามอง" is the watch list; พ.ศ. 2567 is 2024.
        ("รายงานสถานการณ์การค้ามนุษย์ประจำปี พ.ศ. 2567 ปรับลดลาวลงสู่ เทียร์ 2 ที่ต้องจับตามอง", {("Laos", WL, 2024, "down")}),
        ("สหรัฐฯ ยังคงจัดให้ไทยอยู่ในระดับ ๒ ในรายงานการค้ามนุษย์ปี 2566", {("Thailand", "Tier 2", 2023, "same")}),
        # Vietnamese
        ("Báo cáo về tình hình buôn bán người năm 2025 hạ Campuchia xuống bậc 3.", {("Cambodia", "Tier 3", 2025, "down")}),
        ("Theo báo cáo buôn người, Việt Nam vẫn ở nhóm 2 trong danh sách theo dõi.", {("Vietnam", WL, None, "same")}),
        # Chinese
        ("美国国务院2024年人口贩运问题报告将缅甸降为第三级。", {("Myanmar", "Tier 3", 2024, "down")}),
        ("人口販運報告中,老撾仍列第二級觀察名單。", {("Laos", WL, None, "same")}),
        # Khmer, with Khmer digits
        ("របាយការណ៍ប្រចាំឆ្នាំស្តីពីការជួញដូរមនុស្សឆ្នាំ២០២៥ បានដាក់កម្ពុជានៅថ្នាក់ទី៣ ដដែល។", {("Cambodia", "Tier 3", 2025, None)}),
        ("ក្នុងរបាយការណ៍ជួញដូរមនុស្ស ប្រទេសថៃស្ថិតនៅថ្នាក់លេខ ២ ក្នុងបញ្ជីតាមដាន។", {("Thailand", WL, None, None)}),
        # Indonesian and Malay
        ("Laporan Tahunan Perdagangan Orang 2023 menaikkan Indonesia menjadi Tingkat 2.", {("Indonesia", "Tier 2", 2023, None)}),
        ("Dalam Laporan Pemerdagangan Orang, Malaysia kekal di Tahap 2 Senarai Pemerhatian.", {("Malaysia", WL, None, "same")}),
        # Lao, with Lao digits
        ("ລາຍງານປະຈຳປີ ໒໐໒໔ ວ່າດ້ວຍການຄ້າມະນຸດ ຍັງສືບຕໍ່ຈັດ ລາວ ໄວ້ໃນກຸ່ມທີ ໒.", {("Laos", "Tier 2", 2024, "same")}),
        # Burmese, with Burmese digits
        ("လူကုန်ကူးမှုဆိုင်ရာ အစီရင်ခံစာတွင် မြန်မာကို အဆင့် ၃ သတ်မှတ်ခဲ့သည်။", {("Myanmar", "Tier 3", None, None)}),
        # French and Spanish wire copy
        ("Le rapport sur la traite des personnes fait passer le Vietnam du niveau 2 au niveau 3.", {("Vietnam", "Tier 3", None, None)}),
        ("El informe sobre la trata de personas mantiene a Tailandia en el nivel 2.", {("Thailand", "Tier 2", None, "same")}),
    ],
)
def test_tiers_in_every_language(text: str, expected: set[tuple[str, str, int | None, str | None]]) -> None:
    got = tiers(text)
    assert {(c, t) for c, t, _, _ in got} == {(c, t) for c, t, _, _ in expected}
    for country, tier, year, change in expected:
        fact = next(f for f in got if f[:2] == (country, tier))
        if year is not None:
            assert fact[2] == year
        if change is not None:
            assert fact[3] == change


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công an đã điều tra 45 vụ mua bán người và giải cứu 120 nạn nhân trong 6 tháng đầu năm 2025.",
         {(45, "cases"), (120, "victims rescued")}),
        ("Satgas TPPO menangani 1.204 kasus dan menyelamatkan 2.450 korban sepanjang 2024.",
         {(1204, "cases"), (2450, "victims rescued")}),
        ("ក្នុងឆមាសទី១ សមត្ថកិច្ចបានបង្ក្រាបករណីជួញដូរមនុស្ស ចំនួន ៨៧ ករណី និងជួយសង្គ្រោះជនរងគ្រោះ ២១០ នាក់។",
         {(87, "cases"), (210, "victims rescued")}),
        ("ตำรวจจับกุมผู้ต้องหาคดีค้ามนุษย์ 36 ราย และช่วยเหลือผู้เสียหาย 95 ราย", {(36, "suspects arrested"), (95, "victims rescued")}),
        ("今年上半年,警方侦破人口贩卖案件52起,解救受害者310名。", {(52, "cases"), (310, "victims rescued")}),
    ],
)
def test_figures_in_every_language(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_figures_english_categories_words_and_court() -> None:
    text = (
        "In the first half of 2025 police investigated 22 trafficking cases with 34 arrests, "
        "and nine victims were rescued. Officers sent 40 suspects to court, and 12 traffickers were convicted."
    )
    found = {(f.number, f.category) for f in extract_facts(text) if f.kind == "statistic"}
    assert {(22, "cases"), (34, "suspects arrested"), (9, "victims rescued"), (40, "prosecutions"),
            (12, "convictions")} <= found


def test_breakdowns_number_words_and_bare_participles() -> None:
    text = (
        "Police handled 131 human trafficking and sexual exploitation cases this year. "
        "Thirty-seven suspects were arrested, and the courts heard 88 cases related to these crimes, "
        "with 41 sentenced to prison."
    )
    found = {(f.number, f.category) for f in extract_facts(text) if f.kind == "statistic"}
    assert {(131, "cases"), (37, "suspects arrested"), (88, "cases"), (41, "convictions")} <= found


def test_counted_starts_with_a_documented_category() -> None:
    text = (
        "Police rescued 263 people, repatriated 41 workers, deported 1,527 foreigners and detained 12 people "
        "in human trafficking raids; 6 brokers were charged and 19 victims were identified."
    )
    facts: list[Fact] = [f for f in extract_facts(text) if f.kind == "statistic"]
    assert facts and all(f.category in CATEGORIES for f in facts)


def test_periods_as_written() -> None:
    text = "Trong 6 tháng đầu năm 2025, lực lượng chức năng đã giải cứu 88 nạn nhân mua bán người."
    assert [(f.number, f.period) for f in extract_facts(text) if f.kind == "statistic"] == [(88, "6 tháng đầu năm 2025")]


@pytest.mark.parametrize(
    "text",
    [
        "人口贩运问题报告将柬埔寨降为第3级,理由是人口贩卖问题严重。",
        "Bộ Ngoại giao Mỹ công bố báo cáo về tình trạng buôn người, xếp Campuchia ở nhóm 3.",
        "Le rapport annuel du Département d'État sur la traite des êtres humains classe le Cambodge au niveau 3.",
        "El informe anual sobre la trata de personas del Departamento de Estado deja a Camboya en el nivel 3.",
    ],
)
def test_wire_phrasings_are_flagged(text: str) -> None:
    assert classify("", text, load_rules()).flagged
