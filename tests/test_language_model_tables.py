"""The language model's per-state tables are held as arrays (memory shared with the
forked workers stays shared) and classify exactly as py3langid's own lists do."""

from __future__ import annotations

from array import array

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from monitor.analysis.language import _identifier

SAMPLES = [
    "Police in two provinces said on Monday that eleven workers had been freed from a fishing boat.",
    "La police a indiqué lundi que onze ouvriers avaient été libérés d'un bateau de pêche.",
    "Die Polizei teilte am Montag mit, dass elf Arbeiter von einem Fischerboot befreit wurden.",
    "La policía informó el lunes que once trabajadores fueron liberados de un barco pesquero.",
    "Cảnh sát cho biết mười một công nhân đã được giải cứu khỏi một tàu đánh cá.",
    "Polisi mengatakan sebelas pekerja telah dibebaskan dari sebuah kapal penangkap ikan.",
    "警方周一表示，十一名工人已从一艘渔船上获救。",
    "x",
    "",
]


def test_tables_are_arrays_and_classify_as_the_lists_do() -> None:
    compact = _identifier()
    assert isinstance(compact._rowbase, array)
    assert isinstance(compact.tk_output, array)
    original = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    assert isinstance(original._rowbase, list)  # what _compact replaces
    assert list(compact._rowbase) == original._rowbase
    assert list(compact.tk_output) == original.tk_output
    for text in SAMPLES:
        assert compact.classify(text) == original.classify(text), text
        assert compact.rank(text) == original.rank(text), text
