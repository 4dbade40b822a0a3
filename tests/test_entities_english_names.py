"""English names the domain ruler maps to canonical names, on sentences written for these tests."""

from __future__ import annotations

import pytest

from monitor.analysis.entities import EntityExtractor
from monitor.settings import NerSettings


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor.load(NerSettings(batch_size=4))


@pytest.mark.parametrize(("text", "expected"), [
    ("Figures come from the U.S. State Dept annual review of Laos.", "US Department of State"),
    ("The Global Trafficking in Persons (GTIP) Report kept Laos where it was.", "Trafficking in Persons Report"),
    ('The State Department\'s 2019 "Trafficking in Persons" report named Laos.', "Trafficking in Persons Report"),
    ("Officers of the Anti-Trafficking in Persons Division (ATPD) freed nine women.",
     "Anti-Human Trafficking Division (Thailand)"),
    ("A spokesman of the national committee to combat human trafficking said so.", "NCCT"),
    ("Myanmar's police said they held four men.", "Myanmar Police Force"),
    ("The Minister of Interior opened the meeting.", "Ministry of Interior"),
    ("The Department of Anti-Human Trafficking and Protection of Minors took the case.",
     "Department of Anti-Human Trafficking and Juvenile Protection"),
])
def test_english_names(extractor: EntityExtractor, text: str, expected: str) -> None:
    assert expected in {e.canonical for e in extractor.extract([text])[0]}


def test_atpd_needs_capitals(extractor: EntityExtractor) -> None:
    found = {e.canonical for e in extractor.extract(["The atpd field in the form was empty."])[0]}
    assert "Anti-Human Trafficking Division (Thailand)" not in found
