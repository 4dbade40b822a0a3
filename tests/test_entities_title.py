"""A name only the headline gives is stored with the story (our own sentences)."""

from __future__ import annotations

import pytest

from monitor.analysis.entities import EntityExtractor
from monitor.analysis.rules import load_rules
from monitor.analysis.worker import Analyzer
from monitor.settings import ExtractSettings, NerSettings


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_rules(None), ExtractSettings(), NerSettings(batch_size=4))


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor.load(NerSettings(batch_size=4))


STORIES = [
    ("en", "LICADHO says NCCT figures leave out scam-compound victims",
     "A rights group said on Monday that the committee's count of human trafficking victims in Cambodia "
     "left out people forced to work in online scam compounds, days after the TIP report kept the "
     "kingdom on Tier 3."),
    ("vi", "Campuchia: NCCT công bố số liệu về mua bán người",
     "Ủy ban cho biết đã xử lý 60 vụ mua bán người trong năm, trong khi báo cáo TIP của Mỹ giữ Campuchia ở "
     "nhóm 3."),
    ("km", "គ.ជ.ប.ជ ប្រកាសលទ្ធផលប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស",
     "គណៈកម្មាធិការបានប្រកាសថា ករណីជួញដូរមនុស្ស ១២ ករណី ត្រូវបានបញ្ជូនទៅតុលាការ ក្នុងឆ្នាំនេះ។"),
]


@pytest.mark.parametrize(("lang", "title", "text"), STORIES, ids=[lang for lang, *_ in STORIES])
def test_names_in_the_title_only_are_stored(analyzer: Analyzer, lang: str, title: str, text: str) -> None:
    findings = analyzer.analyze_text(title, text).findings
    assert findings.ner_status == "done"
    found = findings.entities or []
    assert "NCCT" in {e.canonical for e in found}
    for entity in found:
        if (entity.start, entity.end) == (0, 0):
            assert entity.text in title  # a title name: no offsets in the text
        else:
            assert text[entity.start:entity.end] == entity.text  # offsets stay offsets into the text


def test_title_names_are_those_the_evaluation_counts(analyzer: Analyzer, extractor: EntityExtractor) -> None:
    """bench/eval_facts.py reads entities from "title\\ntext": the stored ones are the same names."""
    for _lang, title, text in STORIES:
        findings = analyzer.analyze_text(title, text).findings
        combined = f"{title}\n{text}"
        expected = {e.canonical for e in extractor.extract([combined], [findings.lang])[0]}
        assert {e.canonical for e in findings.entities or []} == expected


def test_a_name_in_both_title_and_text_is_stored_for_each_mention(analyzer: Analyzer) -> None:
    title = "IOM helps repatriate trafficking victims from Cambodia"
    text = "IOM said 40 victims of human trafficking flew home from Phnom Penh after the NCCT confirmed their cases."
    found = [e for e in analyzer.analyze_text(title, text).findings.entities or [] if e.canonical == "IOM"]
    assert sorted((e.start, e.end) for e in found) == [(0, 0), (0, 3)]


def test_a_story_with_a_title_and_no_text_still_gets_its_names(analyzer: Analyzer) -> None:
    findings = analyzer.analyze_text("NCCT and IOM bring home 40 victims of human trafficking", "").findings
    assert findings.ner_status == "done"
    assert {"NCCT", "IOM"} <= {e.canonical for e in findings.entities or []}
