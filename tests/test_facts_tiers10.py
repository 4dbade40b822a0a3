"""TIP tiers in the shapes a blind set of real reporting showed (tiers10), in sentences written
for these tests: lists after "including" that run on past "besides", "this list" naming the last
tier again, "these three countries and X", Tier 1 peers (the United States among them), peers
"sharing" a tier, blacklists and top or bottom tiers in words, watch-list words after another
country's tier, rankings only the headline gives, and "this year" dating a ranking.
"""

from __future__ import annotations

from datetime import date

import pytest
from fact_views import tier_facts, tiers

# --- lists after "including", with "besides" and "also" ------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人口贩运报告公布，被列入第三级的，除了朝鲜和伊朗，还包括俄罗斯、古巴等国。",
         {("North Korea", "Tier 3"), ("Iran", "Tier 3"), ("Russia", "Tier 3"), ("Cuba", "Tier 3")}),
        ("Le rapport sur la traite des personnes ajoute plusieurs pays à sa liste de surveillance, notamment le Laos, "
         "le Cambodge ou encore la Mongolie.",
         {("Laos", "Tier 2 Watch List"), ("Cambodia", "Tier 2 Watch List"), ("Mongolia", "Tier 2 Watch List")}),
        ("The trafficking report's Tier 3 countries in Africa include Eritrea, Chad and Burundi.",
         {("Eritrea", "Tier 3"), ("Chad", "Tier 3"), ("Burundi", "Tier 3")}),
    ],
)
def test_lists_after_including(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


def test_a_list_stops_at_the_next_clause() -> None:
    text = "人口贩运报告的第二级观察名单包括老挝、尼泊尔等国,报告中也点名缅甸和苏丹继续征募童兵。"
    assert tiers(text) == {("Laos", "Tier 2 Watch List"), ("Nepal", "Tier 2 Watch List")}


# --- the tier just given, named again as "this list" --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le rapport sur la traite des personnes place le Laos sur sa liste de surveillance. "
         "La Mongolie et le Népal restent sur cette liste.",
         {("Laos", "Tier 2 Watch List"), ("Mongolia", "Tier 2 Watch List"), ("Nepal", "Tier 2 Watch List")}),
        ("El informe sobre trata de personas puso a Cuba en la lista negra. Irán y Siria siguen en esta lista.",
         {("Cuba", "Tier 3"), ("Iran", "Tier 3"), ("Syria", "Tier 3")}),
        ("Laporan TIP meletakkan Kemboja di Tahap 3. Iran dan Syria masih berada dalam senarai tersebut.",
         {("Cambodia", "Tier 3"), ("Iran", "Tier 3"), ("Syria", "Tier 3")}),
    ],
)
def test_this_list_is_the_last_tier(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


def test_this_list_without_a_placing_word_ranks_nothing() -> None:
    text = ("Le rapport sur la traite des personnes place le Laos sur sa liste de surveillance. "
            "Cette liste a été critiquée au Népal.")
    assert tiers(text) == {("Laos", "Tier 2 Watch List")}


# --- "these three countries and X", peers ---------------------------------------------------


def test_these_countries_and_one_more() -> None:
    text = ("Le rapport sur la traite des personnes critique le Tchad, le Mali et le Niger. "
            "Ces trois pays et le Soudan rejoignent l'Érythrée au bas du classement.")
    assert tiers(text) == {("Chad", "Tier 3"), ("Mali", "Tier 3"), ("Niger", "Tier 3"), ("Sudan", "Tier 3"),
                           ("Eritrea", "Tier 3")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("人口贩运报告中，新加坡被评为第1级，与美国、瑞典及芬兰等并列。",
         {("Singapore", "Tier 1"), ("United States", "Tier 1"), ("Sweden", "Tier 1"), ("Finland", "Tier 1")}),
        ("Laporan TIP meletakkan Chile di peringkat 1 bersama Belanda dan AS.", {("Chile", "Tier 1"), ("Netherlands", "Tier 1")}),
        ("Báo cáo buôn người xếp Triều Tiên vào Bậc 3 cùng các quốc gia khác như Iran và Syria.",
         {("North Korea", "Tier 3"), ("Iran", "Tier 3"), ("Syria", "Tier 3")}),
        ("The trafficking report left Laos on the Tier 2 Watch List, a place it shares regionally with Mongolia.",
         {("Laos", "Tier 2 Watch List"), ("Mongolia", "Tier 2 Watch List")}),
    ],
)
def test_peers(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


def test_the_united_states_as_a_lower_tier_peer_is_the_author() -> None:
    text = "The trafficking report put Cuba on Tier 3 together with Iran, the United States said."
    assert ("United States", "Tier 3") not in tiers(text)


def test_peers_joining_a_ranked_country_in_malay() -> None:
    text = ("Laporan TIP meletakkan Kemboja dalam kumpulan terbawah. "
            "Kemboja di samping Eritrea menyertai beberapa negara seperti Iran dan Syria yang berada dalam kumpulan itu.")
    assert tiers(text) >= {("Cambodia", "Tier 3"), ("Eritrea", "Tier 3"), ("Iran", "Tier 3"), ("Syria", "Tier 3")}


# --- tiers in words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("รายงานการค้ามนุษย์ ใส่เอริเทรีย เฮติ และจิบูตี ไว้ในบัญชีดำ",
         {("Eritrea", "Tier 3"), ("Haiti", "Tier 3"), ("Djibouti", "Tier 3")}),
        ("Laporan perdagangan orang: Eritrea tetap berada di tingkat paling bawah dan Swedia tetap di tingkat teratas.",
         {("Eritrea", "Tier 3"), ("Sweden", "Tier 1")}),
        ("Báo cáo buôn người: Nam Sudan bị tụt xuống hạng thấp nhất.", {("South Sudan", "Tier 3")}),
        ("El informe sobre trata de personas ubica a Chile en el nivel más alto.", {("Chile", "Tier 1")}),
    ],
)
def test_tiers_in_words(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


def test_the_top_of_a_list_is_not_tier_one() -> None:
    text = "Laporan TIP menempatkan Gabon di peringkat teratas dari daftar pengawasan."
    assert ("Gabon", "Tier 1") not in tiers(text)


def test_taken_off_the_blacklist_is_not_tier_three() -> None:
    assert ("Cuba", "Tier 3") not in tiers("Cuba taken off the US trafficking blacklist")


# --- watch-list words -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laporan TIP menilai Laos: Kemboja dan Brunei (Tahap 1), Laos (Tahap 2), Mongolia (Tahap 2 Pemantauan).",
         {("Cambodia", "Tier 1"), ("Brunei", "Tier 1"), ("Laos", "Tier 2"), ("Mongolia", "Tier 2 Watch List")}),
        ("Laporan perdagangan orang: Nepal masuk daftar tingkat dua negara yang diawasi.", {("Nepal", "Tier 2 Watch List")}),
        ("Laporan TIP: Brunei berada dalam senarai tahap 2 di bawah pemerhatian.", {("Brunei", "Tier 2 Watch List")}),
        ("Báo cáo buôn người của Mỹ nâng Lào lên Bậc 2 từ danh sách theo dõi.", {("Laos", "Tier 2")}),
    ],
)
def test_watch_list_words(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


def test_a_tier_and_its_own_watch_list_in_spanish() -> None:
    text = "El informe sobre trata de personas asciende a Bolivia al Nivel 2 de la Lista de Vigilancia."
    assert tiers(text) == {("Bolivia", "Tier 2 Watch List")}


# --- the headline --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Laos stays on Tier 2 Watch List", "The annual trafficking report came out on Monday. Officials welcomed it.",
         {("Laos", "Tier 2 Watch List")}),
        ("Mỹ xếp Campuchia vào Bậc 2", "Báo cáo buôn người năm nay đã được công bố.", {("Cambodia", "Tier 2")}),
        ("柬埔寨列入第二级观察名单", "美国国务院今天发布人口贩运报告。", {("Cambodia", "Tier 2 Watch List")}),
    ],
)
def test_a_ranking_only_the_headline_gives(title: str, text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text, title=title) == expected


def test_a_headline_ranking_the_body_repeats_is_the_body_s() -> None:
    title = "Laos stays on Tier 2 Watch List"
    text = "The 2024 trafficking report kept Laos on the Tier 2 Watch List."
    assert tier_facts(text, title=title) == [("Laos", "Tier 2 Watch List", 2024, "same")]


def test_a_hope_in_the_headline_ranks_nothing() -> None:
    assert tiers("The trafficking report came out.", title="Cambodia hopes to reach Tier 1") == set()


# --- years ----------------------------------------------------------------------------------


def test_this_year_dates_a_ranking_beside_an_older_one() -> None:
    text = "รายงานการค้ามนุษย์ประจำปี 2024 โดยในปีนี้ลาวขยับกลับมาอยู่ที่ Tier 2 หลังจากปี 2023 ตกไปอยู่ Tier 2 Watch List"
    facts = {(country, tier): year for country, tier, year, _ in tier_facts(text, published=date(2024, 6, 25))}
    assert facts[("Laos", "Tier 2")] == 2024


# --- a hope to leave a list, a definition -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The committee met in order to have Laos removed from the US Tier 2 Watch List, the trafficking report said.",
         {("Laos", "Tier 2 Watch List")}),
        ("Laporan perdagangan orang: Nepal berharap keluar dari daftar pengawasan.", {("Nepal", "Tier 2 Watch List")}),
        ("人口贩运报告：老挝希望摆脱观察名单。", {("Laos", "Tier 2 Watch List")}),
    ],
)
def test_a_hope_to_leave_a_list_says_the_country_is_on_it(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


def test_a_definition_ranks_nobody() -> None:
    text = ("The trafficking report moved Nepal from Tier 1 to Tier 2. Tier 2 includes those that have laws in place, "
            "while Tier 3 names the worst offenders.")
    assert tiers(text) == {("Nepal", "Tier 2")}


# --- the headline's tier going on in the body ---------------------------------------------------


def test_the_body_goes_on_with_the_headline_s_list() -> None:
    title = "El informe sobre trata de personas amplía su lista negra"
    text = ("El informe incorporó a Eritrea, Chad y Burundi al listado de países que no hacen lo suficiente. "
            "En esta categoría figuran también Cuba y Siria, así como Irán.")
    assert tier_facts(text, title=title) == [
        ("Eritrea", "Tier 3", None, "down"), ("Chad", "Tier 3", None, "down"), ("Burundi", "Tier 3", None, "down"),
        ("Cuba", "Tier 3", None, None), ("Syria", "Tier 3", None, None), ("Iran", "Tier 3", None, None),
    ]


def test_a_headline_tier_does_not_reach_far_into_the_body() -> None:
    title = "The trafficking report's new blacklist"
    text = "Officials met on Monday. Ministers spoke. Later, the report added Nepal and Chad to its appendix."
    assert tiers(text, title=title) == set()


# --- more words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laporan TIP menempatkan Nepal pada Tier 2 Daftar Pengawasan.", {("Nepal", "Tier 2 Watch List")}),
        ("El informe sobre trata de personas deja a Bolivia en el Nivel 2 en observación.", {("Bolivia", "Tier 2 Watch List")}),
        ("Laporan perdagangan orang membahas Nepal. Pemerintah berupaya. Negara itu tetap berada di Tingkat 2.",
         {("Nepal", "Tier 2")}),
        ("El informe sobre trata de personas mantiene a México, Colombia y Perú en el nivel 2.",
         {("Mexico", "Tier 2"), ("Colombia", "Tier 2"), ("Peru", "Tier 2")}),
    ],
)
def test_more_words(text: str, expected: set[tuple[str, str]]) -> None:
    assert tiers(text) == expected


# --- questions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["Will Nepal fall to Tier 3?", "Liệu Lào có bị hạ xuống Bậc 3?", "尼泊尔会被降为第三级吗？"],
)
def test_a_yes_no_question_ranks_nobody(title: str) -> None:
    assert tiers("The annual trafficking report is due next week.", title=title) == set()


def test_a_why_question_tells_the_ranking() -> None:
    assert tiers("Why was Nepal downgraded to Tier 3 in the trafficking report?") == {("Nepal", "Tier 3")}
