"""Figures and tiers as the later batch of regional reporting writes them, in sentences written
for these tests (facts4): verbs before the number, suspects named, police reports, head counts
with no action, vaguer repeats, and the other languages' verbs, lists and watch lists.
"""

from __future__ import annotations

from datetime import date

import pytest
from fact_views import stats, tier_facts, tiers

# --- English statistics -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Judges convicted 9 corrupt officers in trafficking cases last year.", (9, "convictions")),
        ("Detectives arrested its four ringleaders for human trafficking.", (4, "suspects arrested")),
        ("Police detained their two leaders after a trafficking raid.", (2, "suspects arrested")),
        ("The trafficking task force has named 311 people as suspects.", (311, "suspects arrested")),
        ("In one week 87 people became suspects in trafficking investigations.", (87, "suspects arrested")),
        ("Investigators said 54 suspects have been named in the trafficking probe.", (54, "suspects arrested")),
        ("The unit received 212 police reports about trafficking.", (212, "cases")),
        ("Officers logged 96 reports of forced labour this year.", (96, "cases")),
        ("The hotline took 40 complaints of trafficking in May.", (40, "cases")),
        ("Prosecutors said 131 cases were charged under the anti-trafficking act.", (131, "prosecutions")),
        ("The report praised the prosecution of six cases against sex tourists for exploitation.", (6, "prosecutions")),
        ("Two brokers admitted trafficking at least 12 people to a scam compound.", (12, "victims identified")),
        ("Some 144 Filipinos were flown home after escaping traffickers.", (144, "victims repatriated")),
        ("Soldiers saved 230 victims of trafficking on the border.", (230, "victims rescued")),
        ("Rescuers extricated 75 Laotians from a trafficking ring.", (75, "victims rescued")),
        ("Raids netted 38 suspects linked to sexual exploitation.", (38, "suspects arrested")),
        ("A court found guilty 14 members of the trafficking gang.", (14, "convictions")),
        ("In all 19 (seven girls) children were identified as trafficking victims.", (19, "victims identified")),
        ("Officers said 11 women victims were rescued from a trafficking den.", (11, "victims rescued")),
        ("Auditors said 22 border officials were investigated over trafficking.", (22, "other")),
    ],
)
def test_what_was_done_says_the_category(text: str, expected: tuple[int, str]) -> None:
    assert expected in stats(text)


def test_suspects_identified_are_not_victims() -> None:
    text = "The raids on trafficking rings led to the identification of 410 suspects, 388 of whom were arrested."
    got = stats(text)
    assert (388, "suspects arrested") in got
    assert (410, "victims identified") not in got


@pytest.mark.parametrize(
    "text",
    [
        "Over 700 Thai citizens were trapped by traffickers in the compounds.",
        "There are 260 suspects in the trafficking case, the spokesman said.",
        "An estimated 90,000 people displaced by fighting are at risk of trafficking.",
    ],
)
def test_a_head_count_with_no_action_is_no_tally(text: str) -> None:
    assert stats(text) == set()


def test_a_head_count_still_has_its_parts() -> None:
    text = "Some 40 Cambodians, including 12 trafficked children, were repatriated by the embassy."
    assert (40, "victims repatriated") in stats(text)


def test_a_vaguer_repeat_of_the_same_number_goes() -> None:
    text = (
        "The trafficking task force managed to save 1,204 victims in June. "
        "\"This is productive: 1,204 victims,\" the minister said of the trafficking crackdown."
    )
    assert stats(text) == {(1204, "victims rescued")}


def test_reports_need_to_be_reports_of_something() -> None:
    assert stats("According to two reports, trafficking rose in the province.") == set()


# --- statistics in other languages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En 2024, la police a traité 61 affaires de traite des êtres humains.", (61, "cases")),
        ("La police a procédé à l'arrestation de 77 individus pour traite des êtres humains.", (77, "suspects arrested")),
        ("Les autorités ont pu secourir 205 victimes de la traite.", (205, "victims rescued")),
        ("Le ministère a aidé à rapatrier 93 victimes de la traite depuis l'étranger.", (93, "victims repatriated")),
        ("Polisi berhasil memulangkan 19 WNI korban perdagangan orang.", (19, "victims repatriated")),
        ("Sebanyak 8 orang telah ditetapkan sebagai tersangka perdagangan orang.", (8, "suspects arrested")),
        ("Seramai 21 penjawat awam disiasat kerana pemerdagangan orang.", (21, "other")),
        ("Polisi menahan 6 tersangka perdagangan orang, dan sebanyak 3 orang masih buron.", (6, "suspects arrested")),
        ("Tòa án đã đưa ra xét xử 14 vụ mua bán người.", (14, "prosecutions")),
        ("警方共解救人口贩运受害者 共45名猪仔获救。", (45, "victims rescued")),
    ],
)
def test_other_languages_verbs(text: str, expected: tuple[int, str]) -> None:
    assert expected in stats(text)


def test_cases_sent_to_court_are_prosecutions_in_khmer() -> None:
    text = "អាជ្ញាធរបានបញ្ជូនទៅតុលាការចំនួន ២៣ ករណី ពាក់ព័ន្ធការជួញដូរមនុស្ស។"
    assert (23, "prosecutions") in stats(text)


def test_a_verb_after_a_clause_break_does_not_count_for_the_next_number() -> None:
    text = "Polisi menahan 9 tersangka perdagangan orang, dan sebanyak empat orang menjadi buron."
    assert stats(text) == {(9, "suspects arrested")}


def test_thousands_grouped_with_a_space_in_khmer() -> None:
    text = "ការជួញដូរមនុស្ស ករណី ២ ៣១៥ករណី ត្រូវបានស៊ើបអង្កេត។"
    assert (2315, "cases") in stats(text)


# --- tiers -----------------------------------------------------------------------------------


def test_thai_watch_list_transliterated() -> None:
    text = "รายงานการค้ามนุษย์ ไทยถูกลดระดับจากเทียร์ 2 สู่เทียร์ 2 วอทช์ลิสต์"
    assert tiers(text) == {("Thailand", "Tier 2 Watch List")}


def test_lao_watched_group() -> None:
    text = "ລາຍງານການຄ້າມະນຸດ ລາວຢູ່ໃນກຸ່ມທີ 2 ຊຶ່ງເປັນກຸ່ມທີ່ຖືກສິ້ງຊອມຕິດຕາມ."
    assert tiers(text) == {("Laos", "Tier 2 Watch List")}


def test_spanish_trafico_and_lista_de_observacion() -> None:
    assert tiers("El informe de tráfico de personas subió a Laos al Nivel 2 de la Lista de Observación.") == {
        ("Laos", "Tier 2 Watch List")
    }
    assert tiers("Washington añadió a Brunéi y Camboya a la lista negra de tráfico de personas.") == {
        ("Brunei", "Tier 3"), ("Cambodia", "Tier 3")
    }


def test_vietnamese_peers_after_cung_cac_nuoc_nhu() -> None:
    text = "Báo cáo buôn người xếp Lào vào nhóm 3, cùng các nước như Campuchia và Myanmar."
    assert tiers(text) == {("Laos", "Tier 3"), ("Cambodia", "Tier 3"), ("Myanmar", "Tier 3")}


def test_the_next_sentence_adds_the_countries() -> None:
    text = (
        "Laporan perdagangan orang itu menaruh dua negara lagi di daftar hitam. "
        "Laporan itu memasukkan Kamboja dan Filipina."
    )
    assert tiers(text) == {("Cambodia", "Tier 3"), ("Philippines", "Tier 3")}


@pytest.mark.parametrize(
    "text",
    [
        "The State Department put Peru on Tier 1 together with Chile, Spain, and Canada.",
        "The TIP report moved Peru — as well as Chile, Spain and Canada — to Tier 1.",
    ],
)
def test_lists_with_an_oxford_comma_or_dashes(text: str) -> None:
    assert tiers(text) >= {("Chile", "Tier 1"), ("Spain", "Tier 1"), ("Canada", "Tier 1")}


def test_a_country_that_kept_its_tier() -> None:
    assert tier_facts("Chile has kept its Tier 1 ranking in the Trafficking in Persons Report.") == [
        ("Chile", "Tier 1", None, "same")
    ]


def test_a_headline_in_capitals() -> None:
    assert tiers("LAOS MOVED TO LOWEST RANKING IN US TRAFFICKING REPORT") == {("Laos", "Tier 3")}


def test_the_year_that_opens_the_clause() -> None:
    text = ("Pada tahun 2019, Laos berada pada Tahap Dua dalam Laporan TIP, dan pada tahun 2021 "
            "Laos dinaik taraf ke Tahap Satu.")
    got = {(c, t, y) for c, t, y, _ in tier_facts(text)}
    assert ("Laos", "Tier 1", 2021) in got


def test_vietnamese_report_month_gives_the_year() -> None:
    text = "Báo cáo tháng 7 năm 2023 về buôn người xếp Lào ở Bậc 2."
    assert ("Laos", "Tier 2", 2023, None) in tier_facts(text)


def test_a_spanish_weekday_dates_the_report() -> None:
    text = "El informe de trata de personas publicado el jueves dejó a Laos en el Nivel 2."
    assert tier_facts(text, published=date(2024, 6, 28)) == [("Laos", "Tier 2", 2024, None)]


def test_a_total_named_before_the_number() -> None:
    assert (820, "victims rescued") in stats("Officials said the trafficking victims totalling 820 were freed last month.")


def test_the_number_of_prosecutions_rose_to() -> None:
    text = "The minister said the number of trafficking prosecutions had climbed to more than 300 this year."
    assert (300, "prosecutions") in stats(text)


def test_ages_after_names_are_not_counts() -> None:
    text = "Police said Pham Van An, 41, and Do Thi Lan, 36 were arrested for trafficking women."
    assert stats(text) == set()


def test_people_joined_by_and_before_the_verb() -> None:
    text = "Nearly 640 Cambodian adults and children were identified as trafficking victims."
    assert (640, "victims identified") in stats(text)


def test_bottommost_second_and_top_tiers() -> None:
    text = ("In the TIP report, Eritrea stayed at the bottommost tier, Chile remained at the top tier "
            "and Peru stayed at the second tier.")
    assert tiers(text) == {("Eritrea", "Tier 3"), ("Chile", "Tier 1"), ("Peru", "Tier 2")}


def test_an_appositive_after_the_country() -> None:
    text = "Laos, the country where many recruits end up, was also lowered to Tier 3 in the trafficking report."
    assert tiers(text) == {("Laos", "Tier 3")}


def test_a_recommendation_is_not_a_ranking() -> None:
    assert tiers("Rights groups recommended that Laos be moved down to Tier 3 in the TIP report.") == set()


def test_yesterday_and_an_announcement_date_the_report() -> None:
    text = "Yesterday, the United States added Laos and Peru to its human trafficking blacklist."
    assert tier_facts(text, published=date(2023, 6, 16)) == [("Laos", "Tier 3", 2023, "down"), ("Peru", "Tier 3", 2023, "down")]
    text = "On June 28 Chile welcomed the announcement that it kept Tier 1 in the TIP report."
    assert tier_facts(text, published=date(2019, 7, 2)) == [("Chile", "Tier 1", 2019, "same")]


def test_a_title_split_by_its_era_mark_still_dates_the_report() -> None:
    title = "รายงานการค้ามนุษย์ประจำปี พ.ศ. 2564"
    assert tier_facts("ประเทศลาว: กลุ่มที่ 2", title=title) == [("Laos", "Tier 2", 2021, None)]
