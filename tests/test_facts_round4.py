"""Figures and tiers the fourth batch of regional reporting writes (facts6), in sentences written
for these tests: actions named as nouns ("the return of"), people handed over, deportation
faced, thousands grouped by a dot, more nouns for the people counted, the other languages'
nouns and verbs (Vietnamese, Malay, Chinese, Burmese, Khmer, Lao), and tier wording.
"""

from __future__ import annotations

import pytest
from fact_views import stats
from fact_views import tier_changes as tier_facts

from monitor.analysis.facts import extract_facts

# --- English statistics ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Laos welcomed the return to Vientiane of 48 trafficking victims.",
     {(48, "victims repatriated")}),
    ("Police reported the rescue of 1.372 victims in the trafficking crackdown.",
     {(1372, "victims rescued")}),
    ("The operation led to the deportation of 215 foreign nationals found in the scam compound.",
     {(215, "deported")}),
])
def test_an_action_named_as_a_noun_before_the_number(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_people_handed_over_to_a_prosecutor_are_prosecuted() -> None:
    text = "Six suspects in the trafficking case were handed over to prosecutors on Tuesday."
    assert stats(text) == {(6, "prosecutions")}


def test_victims_handed_over_to_their_country_go_home() -> None:
    text = "Police in Sabah handed over 29 trafficking victims to Indonesia's consulate."
    assert stats(text) == {(29, "victims repatriated")}


def test_people_facing_deportation_are_deported() -> None:
    text = "Some 812 workers found in the trafficking raids now face deportation."
    assert stats(text) == {(812, "deported")}


@pytest.mark.parametrize(("text", "expected"), [
    ("The trafficking sweep netted 40 wrongdoers, police said.", {(40, "suspects arrested")}),
    ("Prosecutors indicted 21 surrogate mothers under the trafficking law.", {(21, "prosecutions")}),
    ("Six newborns were saved when a baby trafficking ring was broken up.", {(6, "victims rescued")}),
    ("About 900 POGO workers were rescued when the trafficking hub was raided.", {(900, "victims rescued")}),
])
def test_more_nouns_for_the_people_counted(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_people_tricked_are_victims_but_not_in_an_aside() -> None:
    assert stats("Police say nine women were tricked by a trafficking ring posing as a job agency.") == {
        (9, "victims identified")
    }
    text = "A trafficking hotline now supports 57 Thais who were tricked by recruiters."
    assert stats(text) == set()
    text = "The embassy sought the return of 57 nationals who were lured abroad by a trafficking ring."
    assert stats(text) == {(57, "victims repatriated")}


# --- the other languages' statistics ----------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # Vietnamese: girls and women counted, "cứu thoát" (rescued), "về nước" (brought home)
    ("Công an tỉnh cho biết 4 thiếu nữ bị lừa bán đã được giải cứu.", {(4, "victims rescued")}),
    ("Lực lượng chức năng đã cứu thoát 37 phụ nữ khỏi đường dây mua bán người.", {(37, "victims rescued")}),
    ("Khoảng 250 công dân là nạn nhân mua bán người đã về nước.", {(250, "victims repatriated")}),
    # Vietnamese: citizens the other country's authorities handed back are deported
    ("Biên phòng đã nhận 22 công dân do phía Lào trao trả trong một vụ mua bán người.",
     {(22, "deported")}),
    # Malay: syndicate members held; one man held; a count that opens its sentence takes the verb at its end
    ("Polis menahan 58 ahli sindiket pemerdagangan orang dalam operasi itu.", {(58, "suspects arrested")}),
    ("Polis turut menahan seorang suspek dalam kes pemerdagangan orang itu.",
     {(1, "suspects arrested")}),
    ("Tiga pekerja asing yang ditipu ejen dan dikurung di asrama diselamatkan dalam kes pemerdagangan orang.",
     {(3, "victims rescued")}),
    # Chinese: a counter, a few characters, then the noun; 确定 (identified), 抓捕 (arrested)
    ("去年警方确定了312名人口贩运受害者。", {(312, "victims identified")}),
    ("警方在打击人口贩运行动中抓捕47名嫌犯。", {(47, "suspects arrested")}),
    # Burmese: counts in brackets, ဦး (persons), လူကုန်ကူးခံ (were trafficked), ပေါင်း (in all)
    ("ယခုနှစ်တွင် လူကုန်ကူးမှုအမှုပေါင်း (၁၂၄) မှု တိုင်ကြားခဲ့သည်။", {(124, "cases")}),
    ("ယမန်နှစ်က (၂၀၅) ဦး လူကုန်ကူးခံခဲ့ရသည်။", {(205, "victims identified")}),
    # Khmer: សង្គ្រោះ (rescue) without ជួយ
    ("ប៉ូលិសបានសង្គ្រោះជនរងគ្រោះ ៨៤នាក់ ក្នុងករណីជួញដូរមនុស្ស", {(84, "victims rescued")}),
])
def test_the_other_languages_nouns_and_verbs(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_one_person_said_in_malay_is_no_count_without_an_action() -> None:
    assert stats("Seorang pegawai berkata kes pemerdagangan orang meningkat tahun ini.") == set()


def test_a_chinese_part_after_a_comma_counts_what_its_whole_counts() -> None:
    text = "当局确定了530名人口贩运受害者。其中,410名受害者来自农村。"
    assert stats(text) == {(530, "victims identified"), (410, "victims identified")}


# --- tiers ------------------------------------------------------------------------------------


def test_the_next_to_lowest_ranking_is_the_watch_list() -> None:
    text = "Laos sits at the next-to-lowest ranking in the US trafficking report."
    assert tier_facts(text) == [("Laos", "Tier 2 Watch List", None)]


def test_a_top_tier_ranking_written_with_a_hyphen() -> None:
    text = "A top-tier ranking went to Singapore in this TIP report."
    assert tier_facts(text) == [("Singapore", "Tier 1", None)]


def test_reaching_a_tier_ranks_the_story_subject() -> None:
    title = "Brunei climbs in US trafficking report"
    text = "Reaching Tier 2 in this year's TIP report was hailed by ministers."
    assert tier_facts(text, title) == [("Brunei", "Tier 2", None)]


def test_a_likely_downgrade_is_not_a_ranking() -> None:
    text = "Analysts see a strong likelihood of Mongolia falling to Tier 3 in the next trafficking report."
    assert tier_facts(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    # Indonesian: "Daftar Pengamatan" is the watch list; "menurunkan" lowers
    ("Dalam laporan perdagangan orang, AS menurunkan Filipina ke Tingkat 2 Daftar Pengamatan.",
     [("Philippines", "Tier 2 Watch List", "down")]),
    # Indonesian: entering the blacklist is a fall
    ("Dalam laporan perdagangan orang terbaru, Kamboja masuk daftar hitam AS.", [("Cambodia", "Tier 3", "down")]),
    # Chinese: put onto the blacklist; adjusted to the worst tier
    ("美国国务院发布人口贩运报告,将缅甸列入黑名单。", [("Myanmar", "Tier 3", "down")]),
    # French: "remonté" is up; "du ... au ..." with words between is a move from the first to the second
    ("Dans son rapport sur la traite des êtres humains, Washington a remonté le Laos au niveau 2.",
     [("Laos", "Tier 2", "up")]),
    ("Selon le rapport sur la traite des êtres humains, le Cambodge est passé du « niveau 3 », celui des "
     "pires élèves, au « niveau 2 ».", [("Cambodia", "Tier 2", "up")]),
    # French: added to the blacklist is a fall
    ("Le rapport sur la traite des personnes indique que le Laos a été ajouté à la liste noire.",
     [("Laos", "Tier 3", "down")]),
    # Thai: the list of the worst offenders is Tier 3, and being put into it is a fall
    ("รายงานการค้ามนุษย์ระบุว่า กัมพูชา ถูกจัดเข้าในบัญชีผู้ล้มเหลวขั้นเลวร้าย", [("Cambodia", "Tier 3", "down")]),
])
def test_the_other_languages_tier_wording(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert tier_facts(text) == expected


def test_leaving_a_tier_it_was_held_in_is_not_a_move_without_a_new_tier() -> None:
    text = "Según el informe de trata de personas, Nepal salió del nivel 3, que ocupaba desde 2019."
    assert ("Nepal", "Tier 3") in {(c, t) for c, t, _ in tier_facts(text)}


def test_of_the_tier_countries_ranks_every_country_the_sentence_names() -> None:
    text = "Among the 29 Tier 1 countries of the TIP report, Canada, Chile and Colombia are the Americas' three."
    assert tier_facts(text) == [("Canada", "Tier 1", None), ("Chile", "Tier 1", None), ("Colombia", "Tier 1", None)]


def test_tiers_given_respectively_pair_with_the_countries_in_order() -> None:
    text = "The trafficking report rates Macau and Laos Tier 2 and Tier 3 respectively."
    assert tier_facts(text) == [("Macau", "Tier 2", None), ("Laos", "Tier 3", None)]


def test_respectively_with_a_list_that_does_not_match_the_tiers_is_left_to_the_usual_reading() -> None:
    text = "The trafficking report rates Macau, Laos and Nepal Tier 2 and Tier 3 respectively."
    assert [(c, t) for c, t, _ in tier_facts(text)] == [("Macau", "Tier 2"), ("Laos", "Tier 2"), ("Nepal", "Tier 2")]


def test_the_worst_performing_list_is_tier_3() -> None:
    text = "Eritrea, Iran and Nicaragua sit on the trafficking report's worst performing list."
    assert tier_facts(text) == [("Eritrea", "Tier 3", None), ("Iran", "Tier 3", None), ("Nicaragua", "Tier 3", None)]


# --- report years ---------------------------------------------------------------------------


def test_a_law_named_after_trafficking_in_persons_does_not_date_the_report() -> None:
    text = ("Nepal stayed on Tier 2 in the latest Trafficking in Persons Report. Nepal passed the "
            "2018 Anti Trafficking in Persons Act, officials noted.")
    facts = [f for f in extract_facts(text, title="Nepal holds its ranking") if f.kind == "tip_tier"]
    assert [(f.country, f.tier, f.year) for f in facts] == [("Nepal", "Tier 2", None)]


def test_the_previous_years_report_is_the_year_before() -> None:
    title = "Laos rises in the 2024 Trafficking in Persons Report"
    text = "Laos had slipped to the Tier 2 Watch List in the previous year's TIP Report."
    facts = [f for f in extract_facts(text, title=title) if f.kind == "tip_tier"]
    assert [(f.country, f.tier, f.year) for f in facts] == [("Laos", "Tier 2 Watch List", 2023)]


@pytest.mark.parametrize("text", [
    "In the trafficking report, Tier 3 status will mean fewer US grants.",
    "在人口贩运报告里,第三级别意味着会失去部分援助,该国对此不满。",
])
def test_what_a_tier_means_is_not_a_ranking(text: str) -> None:
    assert tier_facts(text, title="Nepal and the trafficking report") == []


def test_a_chinese_old_tier_after_from_and_a_modifier() -> None:
    text = "人口贩运报告中,老挝从最低的第三级升至第二级。"
    assert tier_facts(text) == [("Laos", "Tier 2", "up")]


@pytest.mark.parametrize(("text", "expected"), [
    # Spanish: "junto con" puts a peer on the same tier
    ("Según el informe sobre trata de personas, Nepal quedó en el nivel 3 junto con Laos.",
     {("Nepal", "Tier 3"), ("Laos", "Tier 3")}),
    # Spanish: "asciende" is up; the worst category next to its number is one ranking
    ("El informe sobre trata de personas asciende a Laos al nivel 2.", {("Laos", "Tier 2")}),
])
def test_spanish_tier_wording(text: str, expected: set[tuple[str, str]]) -> None:
    assert {(c, t) for c, t, _ in tier_facts(text)} == expected


def test_spanish_was_in_the_worst_category_ranks_the_country_of_the_clause_before() -> None:
    text = ("Según el informe de trata de personas, Laos asciende al nivel 2; antes se encontraba en la "
            "peor categoría, nivel 3.")
    assert tier_facts(text) == [("Laos", "Tier 2", "up"), ("Laos", "Tier 3", None)]


def test_last_year_in_spanish_french_and_malay() -> None:
    title = "Informe de trata de personas 2024"
    text = "Según el informe de trata de personas, el año pasado Nepal estuvo en el nivel 3."
    facts = [f for f in extract_facts(text, title=title) if f.kind == "tip_tier"]
    assert [(f.country, f.tier, f.year) for f in facts] == [("Nepal", "Tier 3", 2023)]


def test_the_verb_after_a_description_of_the_people_counted() -> None:
    text = ("Three Lao recruiters named in a police file on a trafficking network that moved workers abroad "
            "were arrested on Monday.")
    assert stats(text) == {(3, "suspects arrested")}
    text = "Five girls smuggled over the border for trafficking were later rescued by police."
    assert stats(text) == {(5, "victims rescued")}


def test_a_late_verb_in_a_relative_clause_of_other_people_is_not_the_counts() -> None:
    text = "Nine workers from the trafficking case sat in the room where victims were rescued."
    assert stats(text) == set()


def test_identified_as_a_name_is_naming_but_identified_as_victims_counts() -> None:
    assert stats("Screening found that 480 migrants were identified as trafficking victims.") == {
        (480, "victims identified")
    }
    assert stats("In the trafficking case, two men identified as Somchai and Boon were charged.") == {(2, "prosecutions")}


def test_a_country_named_again_after_the_tier_does_not_cut_the_list_before_it() -> None:
    text = ("In June the US downgraded Laos, Nepal and Chad to the lowest ranking in its trafficking report, "
            "saying Laos had done too little.")
    assert [c for c, _, _ in tier_facts(text)] == ["Laos", "Nepal", "Chad"]


def test_peers_joined_as_neighbours_and_other_countries_like() -> None:
    text = ("Laos and Nepal fell to Tier 3 in the trafficking report, joining neighbours Chad and Mali, "
            "along with other nations such as Iran and Cuba.")
    assert {c for c, t, _ in tier_facts(text) if t == "Tier 3"} == {"Laos", "Nepal", "Chad", "Mali", "Iran", "Cuba"}


# --- running totals -------------------------------------------------------------------------


def test_a_running_total_refers_back_to_the_figure_before() -> None:
    text = "Trafficking arrests went up. Police detained 212 suspects in 2025. This year the figure rose to 260."
    assert (260, "suspects arrested") in stats(text)


def test_a_running_total_that_says_what_it_counts() -> None:
    text = "Friday's trafficking raids brought to 1,415 the total held since May."
    assert stats(text) == {(1415, "suspects arrested")}
    text = "Officers rescued 35 people in the scam compound, bringing the total of victims rescued to 640."
    assert stats(text) == {(35, "victims rescued"), (640, "victims rescued")}


def test_a_total_with_nothing_before_it_to_refer_to_is_no_fact() -> None:
    assert stats("Trafficking is a grave crime. The number rose to 90 this year.") == set()


def test_of_two_deeds_before_the_number_the_first_is_counted() -> None:
    assert stats("Officials rescued and repatriated some 420 trafficking victims.") == {(420, "victims rescued")}
    assert stats("Police arrested and charged 14 trafficking suspects.") == {(14, "suspects arrested")}


@pytest.mark.parametrize(("text", "expected"), [
    # Thai: people sent back to their country ("... 120 คนกลับประเทศไทย")
    ("ทางการส่งตัวแรงงานที่ถูกหลอกในคดีค้ามนุษย์ 64 คนกลับประเทศไทย", {(64, "victims repatriated")}),
    # Burmese: the noun "trafficked persons" is not the verb "were trafficked"
    ("လူကုန်ကူးခံရသူ ၄၅ ဦးကို ကယ်ဆယ်ခဲ့သည်။", {(45, "victims rescued")}),
    # Chinese: 拐卖 (abduct and sell) and 被拐 (abducted) are trafficking
    ("警方抓获犯罪嫌疑人31名,解救被拐儿童12名。", {(31, "suspects arrested"), (12, "victims rescued")}),
    ("今年以来共破获拐卖案件75起。", {(75, "cases")}),
    # Spanish past tenses
    ("La policía rescató a 52 víctimas de trata de personas y detuvo a 8 sospechosos.",
     {(52, "victims rescued"), (8, "suspects arrested")}),
    ("Ese año la fiscalía investigó apenas 31 casos de trata de personas, tras condenar a pocos.", {(31, "cases")}),
])
def test_more_of_the_other_languages_verbs(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Dans le rapport sur la traite, le Laos a été placé au niveau 2 sous surveillance.",
     [("Laos", "Tier 2 Watch List", None)]),
    ("在人口贩运报告中,老挝维持第二级。", [("Laos", "Tier 2", "same")]),
    ("ລາຍງານການຄ້າມະນຸດ ຈັດ ກຳປູເຈຍ ຢູ່ໃນລະດັບທີ 3", [("Cambodia", "Tier 3", None)]),
])
def test_watch_list_hold_and_lao_tier_words(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert tier_facts(text) == expected


def test_a_tier_upgraded_from_the_watch_list_is_the_new_tier_alone() -> None:
    text = "Laos was upgraded to Tier 2 from the Watch List in the 2025 TIP report."
    assert tier_facts(text) == [("Laos", "Tier 2", "up")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Soldiers freed 88 labourers held in a trafficking compound.", {(88, "victims rescued")}),
    ("Prosecutors filed charges against 17 suspects in the trafficking ring.", {(17, "prosecutions")}),
    ("Officers intercepted 31 would-be victims at the border in a trafficking probe.", {(31, "victims rescued")}),
])
def test_deeds_before_the_number_and_would_be_victims(text: str, expected: set[tuple[int, str]]) -> None:
    assert stats(text) == expected


def test_people_who_were_held_are_still_detained() -> None:
    assert stats("Police said 6 men were held over the trafficking of women.") == {(6, "suspects arrested")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Theo báo cáo buôn người, Mỹ đưa Lào vào danh sách đen.", [("Laos", "Tier 3", "down")]),
    ("Trong báo cáo buôn người năm nay, Lào rơi vào danh sách cần theo dõi.", [("Laos", "Tier 2 Watch List", "down")]),
    ("Menurut laporan perdagangan orang, Filipina kini masuk daftar pantauan.",
     [("Philippines", "Tier 2 Watch List", "down")]),
    ("人口贩运报告:老挝升上第二级。", [("Laos", "Tier 2", "up")]),
])
def test_entering_a_list_is_a_fall_and_rising_in_chinese(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert tier_facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("ลาวได้รับการปรับอันดับขึ้นเป็นเทียร์ 2 ในรายงานการค้ามนุษย์", [("Laos", "Tier 2", "up")]),
    ("Laporan TIP menaikkan kedudukan Filipina ke Tahap 1.", [("Philippines", "Tier 1", "up")]),
    ("Filipina bertahan di Tier 1 dalam laporan perdagangan orang.", [("Philippines", "Tier 1", "same")]),
    ("El informe sobre trata de personas degradó a Nepal al nivel 3.", [("Nepal", "Tier 3", "down")]),
])
def test_more_change_words(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert tier_facts(text) == expected


@pytest.mark.parametrize("text", [
    "The ministry says it is working toward being upgraded to Tier 1 in the TIP report.",
    "The minister promised new efforts to raise its ranking to Tier 1 in the TIP report.",
    "In the TIP report a Tier 3 ranking triggers cuts to US aid.",
])
def test_more_hopes_and_what_a_tier_brings(text: str) -> None:
    assert tier_facts(text, title="Nepal in the trafficking report") == []


def test_efforts_to_fight_trafficking_are_not_a_hope_for_a_tier() -> None:
    text = "Washington credited Nepal's efforts to improve victim care and raised it to Tier 2 in the TIP report."
    assert tier_facts(text) == [("Nepal", "Tier 2", "up")]


def test_the_country_compared_with_is_not_the_one_ranked() -> None:
    text = "In the TIP report, Chad and Mali, unlike Ghana, slid to the Tier 2 Watch List."
    assert [c for c, _, _ in tier_facts(text)] == ["Chad", "Mali"]
