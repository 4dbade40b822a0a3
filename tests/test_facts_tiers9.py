"""TIP tiers as Malay, French, Spanish, Tagalog, Vietnamese, Chinese, Thai and Lao reporting
writes them (tiers9), in sentences written for these tests: numbered tiers and watch lists
by other names, lists with the French and Spanish "de", peers of a country ranked earlier,
lists that go on in the next sentence, report years from release dates, and change words.
"""

from __future__ import annotations

from datetime import date

import pytest
from fact_views import tier_changes, tier_facts, tiers

# --- numbered tiers and watch lists by other names -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Malay "Tangga N" and "Senarai Perhatian"
        ("Laporan TIP terbaru meletakkan Malaysia di Tangga 2 Senarai Perhatian.", {("Malaysia", "Tier 2 Watch List")}),
        ("Menurut laporan TIP itu, Brunei kekal di Tangga 3.", {("Brunei", "Tier 3")}),
        # French "rang 3", "la pire catégorie", "au bas du classement"
        ("Le rapport sur la traite des personnes place le Laos au rang 2.", {("Laos", "Tier 2")}),
        ("Le rapport sur la traite des personnes maintient la Birmanie dans la pire catégorie.", {("Myanmar", "Tier 3")}),
        ("Selon le rapport sur la traite des personnes, l'Érythrée reste au bas du classement.", {("Eritrea", "Tier 3")}),
        # Spanish "listado de vigilancia", "lista de los peores"
        ("El informe sobre trata de personas colocó a Laos en un listado de vigilancia.", {("Laos", "Tier 2 Watch List")}),
        ("El informe sobre trata de personas mantuvo a Cuba en su lista de los peores infractores.", {("Cuba", "Tier 3")}),
        # Tagalog: the country's own name
        ("Ayon sa ulat ng Trafficking in Persons, nasa Tier 2 ang Pilipinas noong 2014.", {("Philippines", "Tier 2")}),
        # Vietnamese "danh sách bị 'theo dõi'" next to its tier
        ("Báo cáo buôn người xếp Lào vào Cấp độ 2, danh sách bị 'theo dõi'.", {("Laos", "Tier 2 Watch List")}),
        # Lao spelling of Myanmar with the tone mark
        ("ລາຍງານການຄ້າມະນຸດ ຈັດປະເທດມຽນມ້າ ຢູ່ລະດັບ 3.", {("Myanmar", "Tier 3")}),
    ],
)
def test_tiers_by_other_names(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


# --- lists --------------------------------------------------------------------------------


def test_french_peers_with_their_articles() -> None:
    text = ("Le rapport sur la traite des personnes maintient le Cambodge au rang 3, aux côtés de l'Iran, "
            "du Venezuela, de la Syrie ou encore du Tchad.")
    assert tiers(text) == {("Cambodia", "Tier 3"), ("Iran", "Tier 3"), ("Venezuela", "Tier 3"), ("Syria", "Tier 3"),
                           ("Chad", "Tier 3")}


def test_french_list_going_on_in_the_next_sentence() -> None:
    text = ("Le rapport sur la traite des personnes a publié sa catégorie 3. "
            "On y retrouve des pays tels que la Libye, le Soudan et le Yémen.")
    assert tiers(text) >= {("Libya", "Tier 3"), ("Sudan", "Tier 3"), ("Yemen", "Tier 3")}


def test_french_list_of_french_country_names() -> None:
    text = ("Le rapport annuel sur la traite des personnes ajoute Haïti, la Papouasie Nouvelle Guinée et le Surinam "
            "à sa liste noire.")
    assert tiers(text) == {("Haiti", "Tier 3"), ("Papua New Guinea", "Tier 3"), ("Suriname", "Tier 3")}


def test_these_countries_after_a_sentence_without_any() -> None:
    text = ("Le rapport sur la traite des personnes vise la Thaïlande, le Venezuela et la Malaisie. "
            "Il a été publié à Washington. Les trois pays ont été relégués au bas du classement.")
    assert tiers(text) == {("Thailand", "Tier 3"), ("Venezuela", "Tier 3"), ("Malaysia", "Tier 3")}


def test_peers_of_a_country_ranked_earlier() -> None:
    text = ("Malaysia moved up to Tier 2 in the new trafficking in persons report. "
            "The move places Malaysia among countries like Kenya, Japan and Portugal.")
    assert tiers(text) == {("Malaysia", "Tier 2"), ("Kenya", "Tier 2"), ("Japan", "Tier 2"), ("Portugal", "Tier 2")}


def test_peers_need_a_placing_word() -> None:
    text = ("Malaysia moved up to Tier 2 in the new trafficking in persons report. "
            "Malaysia signed a labour deal together with Nepal.")
    assert tiers(text) == {("Malaysia", "Tier 2")}


def test_spanish_peers_keep_their_own_change() -> None:
    text = ("El informe de trata de personas agregó este martes a Laos a una lista negra de la que siguen formando "
            "parte Cuba y Eritrea.")
    assert tier_changes(text) == [("Laos", "Tier 3", "down"), ("Cuba", "Tier 3", "same"), ("Eritrea", "Tier 3", "same")]


def test_newly_added_countries_in_the_next_sentence() -> None:
    text = "人口贩运报告把第三级的国家增加到20个。新增的国家包括利比亚和也门。"
    assert [(c, t, ch) for c, t, ch in tier_changes(text) if c in ("Libya", "Yemen")] == [
        ("Libya", "Tier 3", "down"), ("Yemen", "Tier 3", "down")]


def test_appositive_after_the_ranked_country() -> None:
    text = "Báo cáo buôn người: Lào, quốc gia có quan hệ gần gũi với Trung Quốc, đã bị hạ xuống Bậc 3."
    assert tiers(text) == {("Laos", "Tier 3")}


def test_tagalog_list_with_at() -> None:
    text = "Ayon sa 2019 Trafficking in Persons report, nasa Tier 1 ang Canada, Australia at France."
    assert tiers(text) == {("Canada", "Tier 1"), ("Australia", "Tier 1"), ("France", "Tier 1")}


# --- changes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sa Trafficking in Persons report, mula sa Tier 2 ay bumaba ang Pilipinas sa Tier 2 Watch List.",
         [("Philippines", "Tier 2 Watch List", "down")]),
        ("Sa Trafficking in Persons report, nanatili ang Pilipinas sa Tier 1.", [("Philippines", "Tier 1", "same")]),
        ("รายงานการค้ามนุษย์ระบุว่าไทยรักษาสถานะเทียร์ 2 ไว้ได้", [("Thailand", "Tier 2", "same")]),
        ("Báo cáo buôn người cho biết Lào chỉ còn ở Cấp độ 2 và không còn nằm trong danh sách theo dõi.",
         [("Laos", "Tier 2", "up")]),
        ("美国人口贩运报告将老挝加入了黑名单第三级。", [("Laos", "Tier 3", "down")]),
        ("El informe de trata de personas agregó el martes a Brunéi al Nivel 3.", [("Brunei", "Tier 3", "down")]),
    ],
)
def test_change_words(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert tier_changes(text) == expected


def test_malay_when_with_a_year_is_told() -> None:
    text = "Laporan TIP itu. Keadaan berubah apabila Malaysia diturunkan ke Tahap Tiga pada tahun 2021 dan kekal di situ."
    assert tier_facts(text) == [("Malaysia", "Tier 3", 2021, "down")]


# --- report years -------------------------------------------------------------------------


def test_report_year_from_its_release_date() -> None:
    text = ("Laporan tahun ini yang diluncurkan pada tanggal 20 Juni 2019 memuat peringkat baru. "
            "Laporan perdagangan orang itu menempatkan Brunei di Tingkat 2.")
    assert tier_facts(text) == [("Brunei", "Tier 2", 2019, None)]


def test_report_year_from_the_report_capitalised() -> None:
    text = ("Laos was upgraded to Tier 2 in the trafficking in persons report. "
            "The 2024 report was released in Washington.")
    assert tier_facts(text) == [("Laos", "Tier 2", 2024, "up")]


def test_than_last_year_does_not_date_the_ranking() -> None:
    text = "The 2024 TIP report. Laos rose to Tier 2, a step higher than last year."
    assert tier_facts(text) == [("Laos", "Tier 2", 2024, "up")]


def test_year_after_the_ranking_in_spanish() -> None:
    text = ("El informe de trata de personas colocó a Laos en el Nivel 3 en 2015 tras dos años en el Nivel 2 "
            "y lo subió en 2016.")
    assert ("Laos", "Tier 3", 2015, None) in tier_facts(text)


def test_khmer_this_year_with_its_number() -> None:
    text = "នៅឆ្នាំ២០២៥នេះ របាយការណ៍ស្ដីពីការជួញដូរមនុស្ស ដាក់ឡាវក្នុងចំណាត់ថ្នាក់លេខ៣។"
    assert tier_facts(text, published=date(2025, 9, 1)) == [("Laos", "Tier 3", 2025, None)]


# --- the second batch: pronouns, runs, watch lists left, look-alikes ------------------------


def test_they_after_a_list_that_the_next_sentence_places() -> None:
    text = ("Le rapport annuel sur la traite des personnes cite le Tchad, le Mali et le Niger. "
            "Ils font désormais partie des 20 pays de la liste noire.")
    assert tiers(text) == {("Chad", "Tier 3"), ("Mali", "Tier 3"), ("Niger", "Tier 3")}


def test_removed_from_a_long_named_watch_list() -> None:
    text = "Washington removed Laos and Nepal from its human trafficking watch list in the annual report."
    assert tiers(text) == {("Laos", "Tier 2"), ("Nepal", "Tier 2")}


def test_off_the_watch_list_to_tier_2() -> None:
    text = "The new trafficking report moved Laos and Nepal off the watch list to Tier 2."
    assert tiers(text) == {("Laos", "Tier 2"), ("Nepal", "Tier 2")}


def test_a_run_of_one_countrys_tiers() -> None:
    text = "Nepal was on Tier 2 of the 2016 TIP report, Tier 2 Watch List from 2017 to 2019 and Tier 3 in 2020."
    assert tiers(text) == {("Nepal", "Tier 2"), ("Nepal", "Tier 2 Watch List"), ("Nepal", "Tier 3")}


def test_french_already_at_the_bottom_of_a_ranking() -> None:
    text = ("Selon le rapport sur la traite des personnes, l'Iran et le Tchad étaient déjà au plus bas d'un classement "
            "mondial.")
    assert tier_changes(text) == [("Iran", "Tier 3", "same"), ("Chad", "Tier 3", "same")]


def test_since_a_year_is_neither_the_ranking_year_nor_a_history() -> None:
    text = "Le rapport 2015 sur la traite des personnes. Le Tchad figure dans la dernière catégorie depuis 2013."
    assert tier_facts(text) == [("Chad", "Tier 3", 2015, "same")]


@pytest.mark.parametrize(
    "text",
    [
        # a currency watch list
        "El Tesoro de Estados Unidos puso a Malasia y Tailandia en su lista de vigilancia cambiaria.",
        # Malay "apabila" as "if", with no year after the tier
        "Laporan TIP itu memberi amaran: apabila Malaysia diturunkan ke Tahap 3, eksport akan terjejas.",
        # "They" with no placing word
        "Officials from Laos and Nepal met at the embassy. They said the Tier 3 ranking was a warning to everyone.",
        # a Thai travel warning's level
        "กระทรวงการต่างประเทศสหรัฐฯ ปรับประกาศเตือนนักท่องเที่ยว ให้ไทยอยู่ใน Level 1 ของทั้งหมด 4 ระดับ",
    ],
)
def test_no_ranking(text: str) -> None:
    assert tiers(text) == set()


def test_travel_advisory_levels_are_no_tiers() -> None:
    text = ("El Departamento de Estado clasifica a los países en cuatro niveles para los viajeros. "
            "Chile, Uruguay y Costa Rica están en el Nivel Uno. Honduras y Guatemala están en el Nivel Tres.")
    assert tiers(text) == set()


def test_a_level_with_trafficking_named_is_still_a_tier() -> None:
    text = ("El Departamento de Estado publicó su informe sobre trata de personas y la lista de viajes. "
            "Honduras y Guatemala están en el Nivel 2.")
    assert tiers(text) == {("Honduras", "Tier 2"), ("Guatemala", "Tier 2")}


def test_year_of_the_rankings_in_spanish() -> None:
    text = ("Las clasificaciones del 2015 del informe sobre trata de personas. "
            "El informe asciende a Laos al Nivel 2 de la Lista de Vigilancia, ya que se encontraba en el Nivel 3, "
            "donde fue ubicado el año pasado.")
    assert ("Laos", "Tier 2 Watch List", 2015, "up") in tier_facts(text)


def test_last_year_before_the_ranking_dates_it() -> None:
    text = "The 2024 TIP report. Last year, Nepal was upgraded to Tier 2."
    assert tier_facts(text) == [("Nepal", "Tier 2", 2023, "up")]


def test_tagalog_keeps_its_tier() -> None:
    text = "Ayon sa Trafficking in Persons report, 8 taon nang napapanatili ng Pilipinas ang Tier 1 ranking."
    assert tier_changes(text) == [("Philippines", "Tier 1", "same")]


def test_two_categories_named_together_rank_no_country_after_them() -> None:
    text = ("Dalam laporan TIP tahun ini, negara berisiko (yaitu Tier 2 Watch List dan Tier 3) termasuk tujuan "
            "pekerja migran Indonesia seperti Malaysia (Tier 2 Watch List).")
    assert tiers(text) == {("Malaysia", "Tier 2 Watch List")}


def test_french_watch_list_at_the_end_of_the_same_clause() -> None:
    text = ("Selon le rapport sur la traite des personnes, le Laos a été promu du niveau 3 au niveau 2 des pays qui "
            "font des efforts mais restent sous surveillance.")
    assert tiers(text) == {("Laos", "Tier 2 Watch List")}


def test_far_watch_words_of_another_country_are_not_the_tiers() -> None:
    text = ("Selon le rapport sur la traite des personnes, le Laos est au niveau 2 cette année et la Thaïlande "
            "reste sous surveillance.")
    assert ("Laos", "Tier 2") in tiers(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selon le rapport sur la traite des personnes, le Laos passe de la liste de surveillance au niveau 2.",
         [("Laos", "Tier 2", None, "up")]),
        ("Según el informe de trata de personas, Laos pasó de la lista de vigilancia al nivel 2.",
         [("Laos", "Tier 2", None, "up")]),
        ("Laporan TIP: Brunei naik dari Senarai Pemerhatian ke Tahap 2.", [("Brunei", "Tier 2", None, "up")]),
    ],
)
def test_from_the_watch_list_to_tier_2(text: str, expected: list[tuple[str, str, None, str]]) -> None:
    assert tier_facts(text) == expected
