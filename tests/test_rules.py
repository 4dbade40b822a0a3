"""Loading, validating and matching the rules file (monitor.analysis.rules)."""

from __future__ import annotations

import pickle
import textwrap
import unicodedata
from pathlib import Path

import pytest

from monitor.analysis.rules import RuleSet, load_rules, normalise, rules_from_text
from monitor.errors import ConfigError, RulesError

MINIMAL = textwrap.dedent(
    """\
    [groups.trafficking]
    [[groups.trafficking.lists]]
    name = "t"
    terms = ["human trafficking"]

    [groups.ncct]
    [[groups.ncct.lists]]
    name = "n"
    terms = [{ term = "NCCT", case_sensitive = true }]

    [groups.tip]
    [[groups.tip.lists]]
    name = "tiers"
    terms = ["Tier 3"]
    """
)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


def found(rules: RuleSet, text: str, kind: str = "term") -> list[tuple[str, str]]:
    """(owner, term) of every hit of ``kind`` in ``text``."""
    return [(h.pattern.owner, h.pattern.term) for h in rules.scan(text).hits if h.pattern.kind == kind]


def terms_found(rules: RuleSet, text: str) -> set[str]:
    return {term for _owner, term in found(rules, text)}


# --- loading and errors ----------------------------------------------------------------


def test_shipped_rules_load_with_a_content_version(rules: RuleSet) -> None:
    assert len(rules.version) == 16
    assert rules.version == rules_from_text(rules.source_text).version
    assert rules_from_text(MINIMAL).version != rules.version
    assert {item.group for item in rules.lists} == {"trafficking", "ncct", "tip"}


def test_ruleset_pickles_and_still_matches(rules: RuleSet) -> None:
    copy = pickle.loads(pickle.dumps(rules))
    assert copy.version == rules.version
    assert found(copy, "Cambodia's NCCT met") == found(rules, "Cambodia's NCCT met")


def test_syntax_error_names_the_file_and_line() -> None:
    broken = MINIMAL.replace('name = "tiers"', 'name = "tiers')
    with pytest.raises(RulesError) as caught:
        rules_from_text(broken, "my-rules.toml")
    message = str(caught.value)
    assert message.startswith("my-rules.toml: not valid TOML")
    assert "(at line 13, column 14)" in message  # the unclosed string


def test_rules_error_is_a_config_error() -> None:
    assert issubclass(RulesError, ConfigError)


def test_unknown_key_lists_the_known_keys() -> None:
    with pytest.raises(RulesError) as caught:
        rules_from_text(MINIMAL.replace('name = "tiers"', 'name = "tiers"\ncolour = "red"'), "r.toml")
    message = str(caught.value)
    assert "r.toml: groups.tip.lists[0].colour: unknown key" in message
    assert "known keys here: case_sensitive, lang, name, requires, terms, unless, weight, whole_word, window" in message


def test_unknown_top_level_key_is_refused() -> None:
    with pytest.raises(RulesError, match=r"grops: unknown key \(did you mean groups\?\); known keys here: contexts, groups, lookalikes, score"):
        rules_from_text(MINIMAL + "\n[grops]\n", "r.toml")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('name = "tiers"', 'name = "tiers"\nwindow = "wide"', r"r\.toml: groups\.tip\.lists\[0\]\.window = 'wide': .*integer"),
        ('terms = ["Tier 3"]', 'terms = ["Tier 3", 3]', r"r\.toml: groups\.tip\.lists\[0\]\.terms\[1\] = 3: "),
        ('terms = ["Tier 3"]', 'terms = ["Tier 3", "  "]', r"^r\.toml: groups\.tip\.lists\[0\]\.terms\[1\]: empty term$"),
        ('terms = ["Tier 3"]', "terms = []", r"r\.toml: groups\.tip\.lists\[0\]\.terms: List should have at least 1 item"),
        ('name = "tiers"', 'name = "t"', r"groups\.tip\.lists\[0\]\.name: 't' is also the name of groups\.trafficking\.lists\[0\]"),
    ],
    ids=["bad-type", "bad-term-type", "empty-term", "no-terms", "duplicate-list-name"],
)
def test_invalid_values_name_the_key_path(old: str, new: str, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        rules_from_text(MINIMAL.replace(old, new), "r.toml")


def test_undefined_context_and_lookalike_names_are_refused() -> None:
    with pytest.raises(RulesError, match=r"groups\.tip\.lists\[0\]\.requires\[0\]: 'tip-words' is not defined"):
        rules_from_text(MINIMAL.replace('name = "tiers"', 'name = "tiers"\nrequires = ["tip-words"]'), "r.toml")
    with pytest.raises(RulesError, match=r"groups\.tip\.lists\[0\]\.unless\[0\]: 'covid' is not defined"):
        rules_from_text(MINIMAL.replace('name = "tiers"', 'name = "tiers"\nunless = ["covid"]'), "r.toml")


def test_groups_must_be_the_three_concepts() -> None:
    with pytest.raises(RulesError, match=r"groups\.tip: missing"):
        rules_from_text(MINIMAL.split("[groups.tip]")[0], "r.toml")
    with pytest.raises(RulesError, match=r"groups\.smuggling: unknown group"):
        rules_from_text(MINIMAL + '\n[groups.smuggling]\n[[groups.smuggling.lists]]\nname = "s"\nterms = ["x"]\n')


def test_load_rules_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="not found"):
        load_rules(tmp_path / "nope.toml")


def test_load_rules_names_the_path_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(MINIMAL.replace('terms = ["Tier 3"]', 'terms = [""]'), encoding="utf-8")
    with pytest.raises(RulesError, match=f"^{path}: groups.tip.lists.0..terms.0.: empty term"):
        load_rules(path)


def test_load_rules_reads_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    rules = load_rules(path)
    assert rules.source == str(path)
    assert found(rules, "NCCT and human trafficking") == [("ncct", "NCCT"), ("trafficking", "human trafficking")]


# --- normalisation and offsets ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, needle",
    [
        ("The ＮＣＣＴ met.", "ＮＣＣＴ"),  # full-width letters: NFKC changes them
        ("a ﬁne day for NCCT", "NCCT"),  # the ligature becomes two characters before the hit
        ("Straße – NCCT", "NCCT"),  # ß case-folds to two characters; the dash becomes a space
        ("human\u00a0\u00a0trafficking", "human\u00a0\u00a0trafficking"),  # spaces collapse
    ],
)
def test_offsets_map_back_to_the_original_text(text: str, needle: str) -> None:
    rules = rules_from_text(MINIMAL)
    hits = [h for h in rules.scan(text).hits if h.pattern.kind == "term"]
    assert len(hits) == 1
    normalised = rules.scan(text).normalised
    start, end = normalised.original_span(hits[0].start, hits[0].end)
    assert text[start:end] == needle


def test_decomposed_vietnamese_matches_and_maps_back(rules: RuleSet) -> None:
    text = unicodedata.normalize("NFD", "Vụ án mua bán người ở Hà Nội")
    scan = rules.scan(text)
    hit = next(h for h in scan.hits if h.pattern.term == "mua bán người")
    start, end = scan.normalised.original_span(hit.start, hit.end)
    assert unicodedata.normalize("NFC", text[start:end]) == "mua bán người"


def test_normalise_drops_invisible_characters_and_spaces_in_unspaced_scripts() -> None:
    text = "ការ\u200bជួញដូរ មនុស្ស"
    normalised = normalise(text)
    assert normalised.text == "ការជួញដូរមនុស្ស"
    assert len(normalised.starts) == len(normalised.text)
    assert normalised.ends[-1] == len(text)
    assert normalised.original_span(3, 9) == (4, 10)  # ជួញដូរ, after the zero-width space


def test_local_digits_become_ascii_and_khmer_subscripts_unify() -> None:
    assert normalise("ថ្នាក់ទី៣").text == "ថ្នាក់ទី3"
    assert normalise("เทียร์ ๓").text == "เทียร์3"
    assert normalise("ផ្ដល់").text == normalise("ផ្តល់").text


# --- matching -------------------------------------------------------------------------------


def test_unspaced_scripts_match_inside_words(rules: RuleSet) -> None:
    assert "ជួញដូរមនុស្ស" in terms_found(rules, "អាជ្ញាធរបានបង្ក្រាបករណីអំពើជួញដូរមនុស្សចំនួនបី")
    assert "ค้ามนุษย์" in terms_found(rules, "ตำรวจจับกุมขบวนการค้ามนุษย์ที่ชายแดน")
    assert "人口贩卖" in terms_found(rules, "警方破获一起跨国人口贩卖案件")
    assert "ຄ້າມະນຸດ" in terms_found(rules, "ເຈົ້າໜ້າທີ່ຕ້ານການຄ້າມະນຸດ")
    assert "လူကုန်ကူး" in terms_found(rules, "လူကုန်ကူးမှုတိုက်ဖျက်ရေး")


def test_khmer_tier_with_khmer_digit_matches(rules: RuleSet) -> None:
    assert "ថ្នាក់ទី 3" in terms_found(rules, "កម្ពុជាស្ថិតនៅថ្នាក់ទី៣ក្នុងរបាយការណ៍")


def test_latin_terms_need_whole_words(rules: RuleSet) -> None:
    assert "TIP" not in terms_found(rules, "tipping waiters and TIPS for travellers")
    assert "NCCT" not in terms_found(rules, "two NCCTs were ordered")
    assert "NCCT" in terms_found(rules, "the NCCT's secretariat")
    assert "Tier 3" not in terms_found(rules, "Tier 30 and Tier 3b")
    assert "trafficking" not in terms_found(rules, "traffickingX")


def test_case_sensitive_terms_need_their_capitals(rules: RuleSet) -> None:
    assert "TIP report" not in terms_found(rules, "a tip report from a neighbour")
    assert "TIP report" in terms_found(rules, "THE TIP REPORT IS OUT")
    assert "TIP report" in terms_found(rules, "the TIP Report")
    assert "NCCT" not in terms_found(rules, "Ncct or ncct")


def test_hyphens_and_curly_apostrophes_match_plain_terms(rules: RuleSet) -> None:
    assert "anti trafficking" in terms_found(rules, "an anti‑trafficking unit")
    assert "Cambodia's anti trafficking committee" in terms_found(rules, "Cambodia’s anti-trafficking committee")


def test_contexts_and_lookalikes_are_found_in_the_same_pass(rules: RuleSet) -> None:
    scan = rules.scan("US officials, drug seizures")
    kinds = {(h.pattern.kind, h.pattern.owner) for h in scan.hits}
    assert ("context", "us-government") in kinds
    assert ("lookalike", "drug-trafficking") in kinds
