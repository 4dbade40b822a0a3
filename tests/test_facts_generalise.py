"""Patterns regional reporting uses for tiers and figures, on sentences written for these tests.

Each test is one way of writing a fact that real stories use broadly (lists, peers, references
back, asides, breakdowns, words of other languages); none copies a story.
"""

from __future__ import annotations

from datetime import date

from fact_views import stats, tier_facts, tiers

from monitor.analysis.facts import extract_facts

# --- lists -----------------------------------------------------------------------------


def test_a_list_after_a_colon_on_the_next_line() -> None:
    text = "The 2014 Trafficking in Persons report placed these on Tier 3:\nEritrea, Korea, North, Kuwait and Yemen."
    assert tiers(text) == {("Eritrea", "Tier 3"), ("North Korea", "Tier 3"), ("Kuwait", "Tier 3"), ("Yemen", "Tier 3")}


def test_a_list_after_a_dash() -> None:
    text = (
        "The State Department's trafficking report moved three nations to Tier 3, its lowest grade - "
        "Belize, Burundi and Comoros."
    )
    assert tiers(text) == {("Belize", "Tier 3"), ("Burundi", "Tier 3"), ("Comoros", "Tier 3")}


def test_a_list_that_goes_on_in_the_next_sentence() -> None:
    text = (
        "Laporan perdagangan orang AS menempatkan Malaysia di Tahap 3. "
        "Termasuk juga Brunei, Vietnam dan Kemboja."
    )
    assert tiers(text) == {("Malaysia", "Tier 3"), ("Brunei", "Tier 3"), ("Vietnam", "Tier 3"), ("Cambodia", "Tier 3")}


def test_peers_on_the_same_tier_in_chinese() -> None:
    text = "美国国务院的人口贩运报告把马来西亚列为第三级,与朝鲜、伊朗等同级。"
    assert tiers(text) == {("Malaysia", "Tier 3"), ("North Korea", "Tier 3"), ("Iran", "Tier 3")}


def test_peers_alongside_in_english() -> None:
    text = "The trafficking report put Eritrea on Tier 3 alongside Libya and Yemen."
    assert tiers(text) == {("Eritrea", "Tier 3"), ("Libya", "Tier 3"), ("Yemen", "Tier 3")}


def test_these_countries_refers_to_the_sentence_before() -> None:
    text = (
        "Washington criticised Belize, Comoros and Burundi over forced labour. "
        "Its annual trafficking report dropped those three countries to Tier 3."
    )
    assert tiers(text) == {("Belize", "Tier 3"), ("Comoros", "Tier 3"), ("Burundi", "Tier 3")}


def test_spanish_anaphor_for_listed_countries() -> None:
    text = (
        "Estados Unidos señaló a Gambia y Venezuela por la trata de personas. "
        "El informe sobre la trata de personas bajó a esos dos países al Nivel 3."
    )
    assert tiers(text) == {("The Gambia", "Tier 3"), ("Venezuela", "Tier 3")}


def test_the_same_group_as_a_country_ranked_before() -> None:
    text = (
        "รายงานสถานการณ์การค้ามนุษย์ปีนี้ จัดให้ไทยอยู่ในระดับ Tier 2 "
        "ส่วนลาวอยู่กลุ่มเดียวกับไทย"
    )
    assert tiers(text) == {("Thailand", "Tier 2"), ("Laos", "Tier 2")}


# --- what is not a ranking -----------------------------------------------------------------


def test_a_tier_only_compared_with_is_not_a_ranking() -> None:
    text = "The TIP report put Laos on the Tier 2 Watch List, a step above the lowest rank of Tier 3."
    assert tiers(text) == {("Laos", "Tier 2 Watch List")}


def test_definitions_of_the_tiers_are_not_rankings() -> None:
    text = (
        "The trafficking report ranked Fiji on Tier 2. "
        "It sorts governments into four tiers, with Tier 1 being the best and Tier 3 the worst."
    )
    assert tiers(text) == {("Fiji", "Tier 2")}


def test_hopes_and_shortfalls_are_not_rankings() -> None:
    assert tiers("Officials hope the TIP report will move Vietnam up to Tier 1.") == set()
    assert tiers("The TIP report's upgrade still leaves Vietnam short of a Tier 1 ranking.") == set()
    assert tiers("รัฐบาลมุ่งยกระดับประเทศไทยสู่ระดับ Tier 1 ในรายงานการค้ามนุษย์") == set()


def test_a_scoop_about_the_coming_report_counts() -> None:
    text = "The State Department will downgrade Malaysia to the Tier 2 Watch List in its trafficking report, sources said."
    assert tier_facts(text) == [("Malaysia", "Tier 2 Watch List", None, "down")]


def test_the_author_ranks_itself() -> None:
    text = "The TIP report kept Peru on Tier 2, and the US graded itself at Tier 1."
    assert tiers(text) == {("Peru", "Tier 2"), ("United States", "Tier 1")}


def test_bottom_of_the_rankings_is_tier_3() -> None:
    assert tiers("Sudan sank to the bottom of the rankings in the TIP report of 2016.") == {("Sudan", "Tier 3")}


def test_tier_2_then_the_watch_list_in_one_clause() -> None:
    text = "El informe sobre la trata de personas subió a Sudán al nivel intermedio (Tier 2), pero en la watch list."
    assert tiers(text) == {("Sudan", "Tier 2 Watch List")}


def test_a_numbered_tier_with_watch_words_after_it_in_khmer() -> None:
    text = "របាយការណ៍ជួញដូរមនុស្សបានទម្លាក់ប្រទេសកម្ពុជាពីថ្នាក់ទី២ ដល់ថ្នាក់ទី២ក្រោមការតាមដាន"
    assert tier_facts(text) == [("Cambodia", "Tier 2 Watch List", None, "down")]


def test_chinese_third_tier_watch_list_wording_is_tier_3() -> None:
    assert tiers("人口贩运报告显示,文莱今年位处第三级观察名单。") == {("Brunei", "Tier 3")}


# --- years ---------------------------------------------------------------------------------


def test_buddhist_era_year_written_against_its_mark() -> None:
    text = "รายงานสถานการณ์การค้ามนุษย์ประจำปี พ.ศ.2567 จัดให้ไทยอยู่ในระดับเทียร์ 2"
    assert tier_facts(text) == [("Thailand", "Tier 2", 2024, None)]


def test_a_footnote_digit_does_not_make_a_year() -> None:
    text = "รายงานการค้ามนุษย์จัดให้ไทยอยู่ในระดับ Tier 2 มาตั้งแต่ปี 25601 และในปี 2564 ถูกลดลงเป็น Tier 2 Watch List"
    assert ("Thailand", "Tier 2 Watch List", 2021, "down") in tier_facts(text)


def test_report_of_a_year_in_thai() -> None:
    text = "กระทรวงการต่างประเทศสหรัฐระบุในรายงานปี พ.ศ.2565 ว่าไทยยังคงอยู่ในระดับ Tier 2"
    assert tier_facts(text) == [("Thailand", "Tier 2", 2022, "same")]


def test_burmese_wa_written_for_zero_in_a_year() -> None:
    text = "အမေရိကန်နိုင်ငံခြားရေးဌာန၏ ၂ဝ၂၁ ခုနှစ် လူကုန်ကူးမှုအစီရင်ခံစာတွင် မြန်မာနိုင်ငံကို အဆင့် ၃ တွင် ဆက်လက်ထားသည်"
    assert tier_facts(text) == [("Myanmar", "Tier 3", 2021, "same")]


def test_a_story_on_the_report_out_on_a_weekday_takes_its_own_year() -> None:
    text = "Laos stayed on Tier 2 in the trafficking report the State Department issued on Monday."
    assert tier_facts(text, published=date(2025, 9, 30)) == [("Laos", "Tier 2", 2025, "same")]


def test_spanish_and_burmese_change_words() -> None:
    assert tier_facts("El informe sobre la trata de personas: Chile permaneció en el Nivel 1.") == [
        ("Chile", "Tier 1", None, "same")
    ]


# --- statistics ----------------------------------------------------------------------------


def test_an_aside_between_a_count_and_its_verb() -> None:
    text = "In the trafficking crackdown, twenty-four suspects (nine of them women) were arrested."
    assert (24, "suspects arrested") in stats(text)


def test_a_bracketed_part_of_a_count() -> None:
    text = "Police took on 41 sexual exploitation cases, with 58 suspects arrested (12 women) in the trafficking raids."
    assert stats(text) == {(41, "cases"), (58, "suspects arrested"), (12, "suspects arrested")}


def test_of_them_repatriated() -> None:
    text = "Officials freed 640 trafficking victims, with more than 600 of them repatriated."
    assert stats(text) == {(640, "victims rescued"), (600, "victims repatriated")}


def test_an_earlier_figure_to_compare_counts_the_same() -> None:
    text = "Police rescued 402 trafficking victims in 2024 - up from 377 in 2023."
    assert stats(text) == {(402, "victims rescued"), (377, "victims rescued")}


def test_cases_that_led_to_convictions() -> None:
    text = "Of these, 12 trafficking cases led to convictions."
    assert stats(text) == {(12, "convictions")}


def test_suspects_detained_are_suspects_arrested() -> None:
    assert stats("The task force detained 17 suspects in trafficking raids.") == {(17, "suspects arrested")}


def test_such_cases_in_a_story_about_trafficking() -> None:
    assert extract_facts("Human trafficking is rising. Police handled 75 such cases last year.")[0].number == 75


def test_a_breakdown_sentence_counts_its_victims() -> None:
    text = "Police investigated 31 trafficking cases. Of the 31 cases, there were 140 victims."
    assert (140, "victims identified") in stats(text)


def test_malay_and_indonesian_people_nouns() -> None:
    assert stats("Polis menyelamatkan 36 wanita warga asing mangsa pemerdagangan orang.") == {(36, "victims rescued")}
    assert stats("Polisi menahan 9 individu dalam kasus TPPO.") == {(9, "suspects arrested")}
    assert stats("Polri menyelamatkan 21 warga negara Indonesia korban TPPO.") == {(21, "victims rescued")}


def test_chinese_returned_home_and_main_channels() -> None:
    assert stats("警方协助7名人口贩运受害者顺利返国。") == {(7, "victims repatriated")}
    assert stats("当局公布3大受害者求助渠道,打击人口贩运。") == set()


# --- patterns found on a later batch of stories ---------------------------------------------


def test_chinese_names_of_the_countries_on_the_lists() -> None:
    text = "美国国务院的人口贩运报告把厄立特里亚、南苏丹、土库曼斯坦和尼加拉瓜列入黑名单。"
    assert tiers(text) == {("Eritrea", "Tier 3"), ("South Sudan", "Tier 3"), ("Turkmenistan", "Tier 3"), ("Nicaragua", "Tier 3")}


def test_a_list_after_still_includes_and_a_colon() -> None:
    text = "人口贩运报告的黑名单中的国家还包括:也门、利比亚和黎巴嫩等国。"
    assert tiers(text) == {("Yemen", "Tier 3"), ("Libya", "Tier 3"), ("Lebanon", "Tier 3")}


def test_a_list_goes_on_after_one_sentence() -> None:
    text = (
        "人口贩运报告中被列入第三级的国家今年有21个。这比去年多了5个。"
        "新增的国家包括科威特和也门。"
    )
    assert tiers(text) == {("Kuwait", "Tier 3"), ("Yemen", "Tier 3")}


def test_a_sentence_about_countries_in_general_does_not_rank_the_subject() -> None:
    text = "Peru stayed on Tier 2 in the TIP report. Twenty countries were placed on Tier 3 this year."
    assert tiers(text) == {("Peru", "Tier 2")}


def test_removed_from_the_watch_list_is_tier_2() -> None:
    text = "Washington removed Mongolia from a watch list in its annual Trafficking in Persons report."
    assert tier_facts(text) == [("Mongolia", "Tier 2", None, "up")]


def test_a_participle_after_a_comma_still_gives_the_change() -> None:
    text = "The 2021 TIP report put Qatar on the Tier 2 Watch List, downgraded from Tier 2 the year before."
    assert tier_facts(text) == [("Qatar", "Tier 2 Watch List", 2021, "down")]


def test_victims_of_a_crime_were_repatriated() -> None:
    assert stats("Twelve victims of human trafficking were repatriated from Malaysia.") == {(12, "victims repatriated")}


def test_sent_to_court_later_in_the_clause() -> None:
    text = "A total of 44 trafficking suspects in 9 cases had been sent to court."
    assert (44, "prosecutions") in stats(text)


def test_countries_in_brackets_after_a_tier_are_that_tiers() -> None:
    text = (
        "รายงานสถานการณ์การค้ามนุษย์ปีนี้ 2 ประเทศได้ปรับระดับเป็น Tier 1 (โปแลนด์ และซูรินาม) "
        "และ 11 ประเทศถูกลดระดับจาก Tier 2 เป็น Tier 2 Watch List"
    )
    assert tiers(text) == {("Poland", "Tier 1"), ("Suriname", "Tier 1")}


def test_unnamed_countries_moving_do_not_take_a_named_one() -> None:
    text = "รายงานการค้ามนุษย์ปีนี้ 9 ประเทศถูกลดระดับจาก Tier 2 เป็น Tier 2 Watch List โดยไทยยังคงอยู่ในระดับ Tier 2"
    assert tiers(text) == {("Thailand", "Tier 2")}


def test_along_with_other_countries_before_the_tier() -> None:
    text = "The US last year downgraded Chad along with two other countries – Mali and Niger – to Tier 3 in its trafficking report."
    assert tiers(text) == {("Chad", "Tier 3"), ("Mali", "Tier 3"), ("Niger", "Tier 3")}


def test_each_tier_takes_the_year_written_after_it() -> None:
    text = "The TIP report moved Oman from Tier 3 in 2019 to the Tier 2 Watch List in 2020."
    assert tier_facts(text) == [("Oman", "Tier 2 Watch List", 2020, "up")]


def test_last_year_in_the_tiers_own_clause() -> None:
    text = (
        "The TIP report was released on Monday. "
        "Chad fell to Tier 3 in the 2022 report, but last year Chad was upgraded to the Tier 2 Watch List."
    )
    assert ("Chad", "Tier 2 Watch List", 2024, "up") in tier_facts(text, published=date(2025, 7, 1))


def test_syndicate_members_arrested_and_investigations() -> None:
    text = "Police opened 52 criminal investigations into trafficking and 97 syndicate members were arrested."
    assert stats(text) == {(52, "cases"), (97, "suspects arrested")}


def test_the_number_of_rescued_victims_is() -> None:
    assert stats("In the trafficking crackdown the total number of rescued victims is 1,204.") == {(1204, "victims rescued")}


def test_assisted_or_rescued_and_faced_charges() -> None:
    assert stats("Last year 250 trafficking victims were assisted or rescued.") == {(250, "victims rescued")}
    assert stats("In 2019, 311 people faced human trafficking charges.") == {(311, "prosecutions")}
