"""Rule-based facts: TIP tiers and counted figures, on sentences written for these tests."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from monitor.analysis.facts import Fact, extract_facts, split_sentences

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def tiers(text: str) -> list[tuple[str | None, str | None, int | None, str | None]]:
    return [(f.country, f.tier, f.year, f.change) for f in extract_facts(text) if f.kind == "tip_tier"]


def stats(text: str) -> list[tuple[int | None, str | None, str | None]]:
    return [(f.number, f.counted, f.period) for f in extract_facts(text) if f.kind == "statistic"]


# --- the two real stories ----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_facts() -> dict[str, list[Fact]]:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not there")
    return {path.name: extract_facts(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))}


def test_seed_downgrade_to_tier_3(seed_facts: dict[str, list[Fact]]) -> None:
    facts = seed_facts["000_b36b2c38d16f5134.txt"]
    assert [(f.country, f.tier, f.change) for f in facts if f.kind == "tip_tier"] == [("Cambodia", "Tier 3", "down")]


def test_seed_figures(seed_facts: dict[str, list[Fact]]) -> None:
    facts = seed_facts["003_5dc90e2e7f0a33d1.txt"]
    found = {(f.number, f.counted, f.period) for f in facts if f.kind == "statistic"}
    assert {
        (164, "cases", "2023"),
        (194, "suspects arrested", "2023"),
        (342, "victims repatriated", "2023"),
        (322, "victims repatriated (from China)", "2023"),
        (104, "cases", "first six months of 2024"),
        (134, "suspects arrested", "first six months of 2024"),
        (290, "victims rescued", "first six months of 2024"),
        (2159, "deported", "2023"),
        (1011, "deported (Chinese nationals)", "2023"),
    } <= found
    assert [(f.country, f.tier, f.year) for f in facts if f.kind == "tip_tier"] == [("Cambodia", "Tier 3", 2023)]
    for fact in facts:  # offsets point at the sentence
        assert fact.sentence == (SEEDS / "003_5dc90e2e7f0a33d1.txt").read_text(encoding="utf-8")[fact.start:fact.end]


# --- TIP tiers ----------------------------------------------------------------------------


def test_downgrade_with_possessive_ranking() -> None:
    text = "Washington cut Laos's ranking to Tier 3 in the latest Trafficking in Persons Report."
    assert tiers(text) == [("Laos", "Tier 3", None, "down")]


def test_level_and_lowest_ranking_are_one_tier_3() -> None:
    text = "Last year the TIP report rated Myanmar at Level 3, the worst ranking a country can get."
    assert tiers(text) == [("Myanmar", "Tier 3", None, None)]


def test_lowest_ranking_alone_means_tier_3() -> None:
    text = "North Korea again sits in the lowest tier of the 2022 Trafficking in Persons report."
    assert tiers(text) == [("North Korea", "Tier 3", 2022, "same")]


def test_upgrade_to_watch_list_and_remained_in_one_sentence() -> None:
    text = (
        "In the 2025 TIP report, Vietnam was upgraded to the Tier 2 Watch List, "
        "whereas Cambodia remained on Tier 3 for a third straight year."
    )
    assert tiers(text) == [("Vietnam", "Tier 2 Watch List", 2025, "up"), ("Cambodia", "Tier 3", 2025, "same")]


def test_maintained_and_report_year_after_title() -> None:
    text = "The Trafficking in Persons Report for 2021 maintained Singapore at Tier 2."
    assert tiers(text) == [("Singapore", "Tier 2", 2021, "same")]


def test_change_computed_from_old_and_new_tier() -> None:
    text = "The State Department's TIP report shifted Malaysia from Tier 3 to the Tier 2 Watch List."
    assert tiers(text) == [("Malaysia", "Tier 2 Watch List", None, "up")]


def test_special_case() -> None:
    assert tiers("Libya is listed as a Special Case in the TIP report.") == [("Libya", "Special Case", None, None)]


def test_in_year_sentence_start() -> None:
    text = "In 2019, the Trafficking in Persons report placed Thailand on Tier 2."
    assert tiers(text) == [("Thailand", "Tier 2", 2019, None)]


def test_compared_countries_are_not_the_ranked_one() -> None:
    text = "The TIP report ranks the Philippines at Tier 1, well above peers such as Indonesia."
    assert tiers(text) == [("Philippines", "Tier 1", None, None)]


def test_author_country_is_not_the_ranked_one() -> None:
    text = "The U.S. State Department's 2024 TIP report downgraded Brunei to Tier 3."
    assert tiers(text) == [("Brunei", "Tier 3", 2024, "down")]


def test_follow_up_sentence_counts_when_story_names_the_report() -> None:
    text = (
        "Washington released its annual Trafficking in Persons report on Monday. "
        "Cambodia was placed on Tier 3 once more."
    )
    assert tiers(text) == [("Cambodia", "Tier 3", None, "same")]


def test_repeated_ranking_is_kept_once() -> None:
    text = "The TIP report moved Nepal down to Tier 2. Nepal is now on Tier 2, the TIP report says."
    assert tiers(text) == [("Nepal", "Tier 2", None, "down")]


@pytest.mark.parametrize(
    "text",
    [
        "Manchester entered Tier 3 restrictions as Covid-19 infections climbed.",
        "Developers are moving into tier-3 cities across China and India.",
        "The company sells tier 3 data centre space in Singapore.",
        "The State Department raised its travel advisory for Haiti to Level 3.",
        "Cambodia's football club won promotion to tier 2 of the league.",
        "Cambodia's tier 1 banks reported record profits, a week before the TIP report came out.",
    ],
)
def test_tier_words_in_other_senses(text: str) -> None:
    assert tiers(text) == []


# --- statistics ------------------------------------------------------------------------


def test_cases_arrests_and_rescues_in_one_sentence() -> None:
    text = (
        "During the first nine months of 2025, police investigated 87 cases of human trafficking and "
        "labour exploitation, detained and charged 61 suspects, and rescued 212 victims."
    )
    assert stats(text) == [
        (87, "cases", "first nine months of 2025"),
        (61, "prosecutions", "first nine months of 2025"),
        (212, "victims rescued", "first nine months of 2025"),
    ]


def test_arrest_of_individuals_counts_as_suspects() -> None:
    text = "The raids on trafficking rings in 2022 ended with the arrest of 58 people."
    assert stats(text) == [(58, "suspects arrested", "2022")]


def test_passive_repatriation_and_part_of_a_figure() -> None:
    text = "Last year 410 trafficking victims were repatriated to Cambodia, including 275 from Thailand."
    assert stats(text) == [
        (410, "victims repatriated", "last year"),
        (275, "victims repatriated (from Thailand)", "last year"),
    ]


def test_deportations_with_thousands_and_nationalities() -> None:
    text = (
        "Immigration officers deported 3,870 foreign nationals tied to forced-labour scam compounds "
        "from January to September 2026, among them 1,204 Chinese nationals."
    )
    assert stats(text) == [
        (3870, "deported", "January-September 2026"),
        (1204, "deported (Chinese nationals)", "January-September 2026"),
    ]


def test_month_range_written_with_a_dash() -> None:
    text = "In January-March 2024 border guards intercepted 45 trafficking victims."
    assert stats(text) == [(45, "victims rescued", "January-March 2024")]


def test_case_kinds_and_same_period_from_previous_sentence() -> None:
    text = (
        "Courts heard 90 trafficking-related cases in 2021. "
        "Of those, 31 cases concerned sexual exploitation and 12 cases involved forced labour."
    )
    assert stats(text) == [
        (90, "cases (human trafficking)", "2021"),
        (31, "cases (sexual exploitation)", "2021"),
        (12, "cases (labour exploitation)", "2021"),
    ]


def test_approximate_words_and_number_words() -> None:
    text = (
        "Nearly 1,500 workers were freed from scam compounds this year; "
        "three traffickers were convicted and 1.2 million people remain in forced labour."
    )
    # "1.2 million people remain ..." counts people with no action: a detail, not a tally.
    assert stats(text) == [
        (1500, "victims rescued", "this year"),
        (3, "convictions", "this year"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The anti-trafficking fund paid $2,500 to each of 40 shelters.",
        "About 30 percent of trafficking victims were under 18.",
        "Trafficking survivors aged 16 and 17 gave evidence on 14 March 2024.",
        "A 15-year-old girl was trafficked to Malaysia, police said on Sept. 12.",
        "In 2024 trafficking victims spoke at the conference.",
        "The TIP report put Cambodia on Tier 3 in Article 12 of its trafficking chapter.",
        "Prices fell 12 percent as 300 riels bought less under scam-hit markets.",
    ],
)
def test_numbers_that_are_not_counts(text: str) -> None:
    assert stats(text) == []


def test_no_statistics_from_stories_off_the_topic() -> None:
    assert stats("Police arrested 25 fans after the football match in Phnom Penh.") == []


def test_noun_only_count_needs_a_trafficking_sentence() -> None:
    text = "Human trafficking is rising, the minister warned. A flood displaced 500 people in the north."
    assert stats(text) == []


# --- mechanics ---------------------------------------------------------------------------


def test_sentences_survive_abbreviations_and_line_breaks() -> None:
    text = (
        "U.S. diplomats met H.E. Ms. Sok on Jan. 5 in Phnom Penh. They discussed case No. 4.\n"
        "A headline without a full stop\n“We will act,” she said. The talks ended in the U.S. Then they left."
    )
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "U.S. diplomats met H.E. Ms. Sok on Jan. 5 in Phnom Penh.",
        "They discussed case No. 4.",
        "A headline without a full stop",
        "“We will act,” she said.",
        "The talks ended in the U.S.",
        "Then they left.",
    ]


def test_facts_pickle_and_run_in_a_process_pool() -> None:
    text = "The TIP report kept Cambodia on Tier 3. Police rescued 20 trafficking victims in 2023."
    facts = extract_facts(text)
    assert pickle.loads(pickle.dumps(facts)) == facts
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert list(pool.map(extract_facts, [text])) == [facts]
    assert facts[1].category == "victims rescued"


def test_empty_text() -> None:
    assert extract_facts("") == []


# --- cases found in longer stories ----------------------------------------------------------


def test_old_tier_and_hypothetical_rankings_are_not_facts() -> None:
    text = (
        "Indonesia's 2025 TIP report result takes it out of Tier 2 Watch List at last. "
        "Tier 3 countries can lose some US aid. "
        "A government that stays on the Watch List for two years may be moved down, so Indonesia must keep going."
    )
    assert tiers(text) == []


def test_change_word_belongs_to_its_own_clause() -> None:
    text = "In the same TIP report, Nepal held its Tier 2 place and Bhutan climbed to Tier 1."
    assert tiers(text) == [("Nepal", "Tier 2", None, "same"), ("Bhutan", "Tier 1", None, "up")]


def test_report_year_after_a_possessive() -> None:
    text = "The State Department's 2023 report on trafficking in persons lifted Mongolia to Tier 1."
    assert tiers(text) == [("Mongolia", "Tier 1", 2023, "up")]


def test_headline_figure_gives_way_to_the_fuller_one() -> None:
    text = (
        "Police free 64 trafficking victims in Poipet raid\n"
        "Police rescued 64 victims in Poipet in March 2026, officials said."
    )
    found = [f for f in extract_facts(text) if f.kind == "statistic"]
    assert [(f.number, f.counted, f.period) for f in found] == [(64, "victims rescued", "March 2026")]
    assert found[0].sentence.startswith("Police rescued")


def test_nouns_that_carry_their_action() -> None:
    text = "The anti-trafficking unit logged 48 arrests and 210 deportees in the first half of the year."
    assert stats(text) == [
        (48, "suspects arrested", "first half of the year"),
        (210, "deported", "first half of the year"),
    ]


def test_cases_need_no_topic_word_unless_they_say_what_of() -> None:
    text = (
        "Trafficking networks keep adapting, officials said. "
        "By June they had counted 40 cases, up from 25 cases of dengue in the same wards."
    )
    assert stats(text) == [(40, "cases", None)]


def test_small_counts_in_words_are_story_details() -> None:
    text = "Four people who ran the trafficking ring fled, and two Thai nationals helped the smugglers."
    assert stats(text) == []
