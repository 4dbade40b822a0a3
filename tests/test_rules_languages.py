"""Flags on the ways wire services and regional outlets name the report and the committee,
on sentences written for these tests."""

from __future__ import annotations

import pytest

from monitor.analysis.classifier import classify
from monitor.analysis.rules import RuleSet, load_rules


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


@pytest.mark.parametrize(
    "text",
    [
        # Spanish wire copy that writes "human traffic" and names the report by its old Spanish title.
        "El Departamento de Estado publicó su informe anual sobre tráfico de personas y bajó a Belice al Nivel 3 "
        "por el tráfico de seres humanos.",
        # Burmese: the report named with "anti-trafficking" in its title.
        "အမေရိကန်နိုင်ငံခြားရေးဌာန၏ လူကုန်ကူးမှုတိုက်ဖျက်ရေး အစီရင်ခံစာတွင် ထိုင်းနိုင်ငံကို အဆင့် ၂ တွင် ထားသည်",
        # Indonesian: the State Department's "list of country rankings" on trafficking.
        "Kementerian Luar Negeri Amerika Serikat merilis daftar peringkat negara terkait perdagangan manusia.",
        # The committee in Spanish and in Chinese.
        "Camboya: el Comité Nacional para la Lucha contra la Trata de Personas informó de 40 casos de trata de personas.",
        "柬埔寨全国打击人口贩卖委员会表示,今年已破获多起人口贩卖案件。",
    ],
)
def test_named_in_other_languages_is_flagged(rules: RuleSet, text: str) -> None:
    assert classify("", text, rules).flagged


def test_a_ranking_list_without_trafficking_is_not_flagged(rules: RuleSet) -> None:
    text = "Kementerian Luar Negeri Amerika Serikat merilis daftar peringkat negara untuk kemudahan berbisnis."
    assert not classify("", text, rules).flagged
