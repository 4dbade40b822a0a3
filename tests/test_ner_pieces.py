"""The model reads a long story in pieces cut at line ends (entities.NER_PIECE_CHARS), so a
worker's memory does not grow with the story's length; the entities and their offsets are
those of the whole text."""

from __future__ import annotations

import pytest

from monitor.analysis.entities import NER_PIECE_CHARS, EntityExtractor, _batches, _pieces
from monitor.settings import NerSettings


def test_pieces_cover_the_text_at_line_ends():
    lines = [f"Paragraph {n} says something about the border checkpoint.\n" for n in range(200)]
    text = "".join(lines) + "and a last line without its end"
    pieces = _pieces(text, 500)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[start:start + len(piece)] == piece for start, piece in pieces)
    assert all(len(piece) <= 500 for _, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])  # never a line cut in two


def test_a_line_longer_than_a_piece_is_a_piece_of_its_own():
    text = "short\n" + "x" * 30 + "\nshort again"
    assert [piece for _, piece in _pieces(text, 10)] == ["short\n", "x" * 30 + "\n", "short again"]
    assert _pieces("", 10) == [(0, "")]


def test_batches_are_bounded_in_characters_and_count():
    pieces = ["a" * 400, "b" * 400, "c" * 1500, "d" * 3000, "e", "f", "g"]
    assert [len(batch) for batch in _batches(pieces, 2000, 16)] == [2, 1, 1, 3]
    assert [len(batch) for batch in _batches(["x"] * 5, 2000, 2)] == [2, 2, 1]


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor.load(NerSettings(batch_size=4))


def test_a_long_story_read_in_pieces_keeps_every_name_at_its_offset(extractor):
    paragraph = ("Police in Poipet said the National Committee for Counter Trafficking would take over "
                 "the case of {n} workers returned from Thailand, according to Chou Bun Eng.\n")
    text = "".join(paragraph.format(n=n + 10) for n in range(40))
    assert len(text) > 3 * NER_PIECE_CHARS

    found = extractor.extract([text])[0]

    assert all(text[e.start:e.end] == e.text for e in found)
    # every paragraph's names, the last piece's too
    assert {e.canonical for e in found if e.start > len(text) - len(paragraph)} >= {
        e.canonical for e in found if e.start < len(paragraph)}
    assert len({e.canonical for e in found}) >= 2
