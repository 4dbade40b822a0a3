"""trafilatura's pruning expressions, evaluated in Python instead of by lxml's XPath engine.

trafilatura prunes navigation, comment, teaser and hidden blocks with XPath expressions of one
shape, ``.//*[self::div or ...][re:test(@class, '...') or contains(@id, '...') or ...]``. lxml
runs every ``re:test`` (EXSLT) as a call from C back into Python, for every element of the
page: those expressions were a quarter of a worker's time on real pages. The same selections
made by one walk over the tree, with the attributes read once and Python's own regular
expressions, take less than half of that, and select exactly the same elements (tested on every
real page of ``../shared/corpora``, tests/test_pruning.py).

Only that shape is translated (element steps ``.//*``, predicates that are ``or`` of
``self::tag``, ``@a``, ``@a='v'``, ``starts-with``, ``contains``, ``translate``, ``re:test``,
``.//tag`` and ``not(...)`` of those); any other expression (other positions, ``and``, other
axes, unions of paths) stays trafilatura's ``XPath``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml.etree import XPath

log = logging.getLogger(__name__)

# trafilatura's lists of expressions (trafilatura.xpaths) that it only ever calls with a tree:
# those it passes to ``prune_unwanted_nodes``, and those that find the body and the comments.
# Its modules import the list objects, so replacing their items in place reaches every caller.
TRANSLATED_LISTS = ("BODY_XPATH", "COMMENTS_XPATH",
    "OVERALL_DISCARD_XPATH", "TEASER_DISCARD_XPATH", "PRECISION_DISCARD_XPATH", "DISCARD_IMAGE_ELEMENTS",
    "COMMENTS_DISCARD_XPATH", "REMOVE_COMMENTS_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH", "RAW_TREE_PRUNE_XPATH",
    "AUTHOR_DISCARD_XPATHS",
)
_NAME = re.compile(r"[A-Za-z_][\w.-]*")

Test = Callable[[Any, str, dict[str, str]], bool]  # given an element, its tag and its attributes


class Unsupported(ValueError):
    """An expression outside the shape this module translates: it stays an XPath."""


def _value(names: tuple[str, ...]) -> Callable[[dict[str, str]], str]:
    """XPath's string value of ``@a|@b``: the first of those attributes in the element's own
    order (document order), or "" when it has none."""
    if len(names) == 1:
        name = names[0]
        return lambda attributes: attributes.get(name, "")
    wanted = frozenset(names)

    def first(attributes: dict[str, str]) -> str:
        for key, value in attributes.items():
            if key in wanted:
                return value
        return ""

    return first


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def _skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def eat(self, token: str) -> bool:
        self._skip()
        if self.text.startswith(token, self.at):
            self.at += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.eat(token):
            raise Unsupported(f"expected {token!r} at {self.at}: {self.text[self.at:self.at + 30]!r}")

    def expect_word(self, word: str) -> None:
        """``word`` followed by white space (``or`` is not the start of ``order``)."""
        self.expect(word)
        if not self.text[self.at:self.at + 1].isspace():
            raise Unsupported(f"expected {word!r} as a word at {self.at}")

    def done(self) -> bool:
        self._skip()
        return self.at >= len(self.text)

    def name(self) -> str:
        self._skip()
        match = _NAME.match(self.text, self.at)
        if not match:
            raise Unsupported(f"expected a name at {self.at}")
        self.at = match.end()
        return match.group()

    def string(self) -> str:
        self._skip()
        quote = self.text[self.at:self.at + 1]
        if quote not in ("'", '"'):
            raise Unsupported(f"expected a string at {self.at}")
        end = self.text.find(quote, self.at + 1)
        if end < 0:
            raise Unsupported("unterminated string")
        value = self.text[self.at + 1:end]
        self.at = end + 1
        return value

    def attributes(self) -> tuple[str, ...]:
        self.expect("@")
        names = [self.name()]
        while self.eat("|"):
            self.expect("@")
            names.append(self.name())
        return tuple(names)


@dataclass(frozen=True)
class _Atom:
    """One test of a predicate. ``bare`` is its value on an element without attributes when
    only attributes decide it (None when the tag or the descendants do); ``tag`` is set for
    ``self::tag``."""

    test: Test
    bare: bool | None = None
    tag: str | None = None


def _by_value(value: Callable[[dict[str, str]], str], holds: Callable[[str], bool]) -> _Atom:
    return _Atom(lambda element, tag, attributes: holds(value(attributes)), bare=holds(""))


def _atom(parser: _Parser) -> _Atom:
    if parser.eat("self::"):
        name = parser.name()
        return _Atom(lambda element, tag, attributes: tag == name, tag=name)
    if parser.eat(".//"):
        name = parser.name()  # a descendant of that name: rare enough to look only when asked
        return _Atom(lambda element, tag, attributes: next(element.iterdescendants(name), None) is not None)
    if parser.eat("not("):
        inner = _disjunction(parser, ")")
        bare = None if any(atom.bare is None for atom in inner) else not any(atom.bare for atom in inner)
        return _Atom(lambda element, tag, attributes: not any(atom.test(element, tag, attributes) for atom in inner),
                     bare=bare)
    if parser.eat("starts-with("):
        value = _value(parser.attributes())
        parser.expect(",")
        prefix = parser.string()
        parser.expect(")")
        return _by_value(value, lambda text: text.startswith(prefix))
    if parser.eat("contains("):
        if parser.eat("translate("):
            value = _value(parser.attributes())
            parser.expect(",")
            source = parser.string()
            parser.expect(",")
            target = parser.string()
            parser.expect(")")
            if len(set(source)) != len(source):
                raise Unsupported("translate() with a repeated character")
            table = str.maketrans(source[:len(target)], target[:len(source)], source[len(target):])
            parser.expect(",")
            part = parser.string()
            parser.expect(")")
            return _by_value(value, lambda text: part in text.translate(table))
        value = _value(parser.attributes())
        parser.expect(",")
        part = parser.string()
        parser.expect(")")
        return _by_value(value, lambda text: part in text)
    if parser.eat("re:test("):
        value = _value(parser.attributes())
        parser.expect(",")
        pattern = parser.string()
        flags = parser.string() if parser.eat(",") else ""
        parser.expect(")")
        if set(flags) - {"i", "g"}:
            raise Unsupported(f"re:test flags {flags!r}")
        search = re.compile(pattern, re.IGNORECASE if "i" in flags else 0).search
        return _by_value(value, lambda text: search(text) is not None)
    if parser.eat("@"):
        name = parser.name()
        if parser.eat("|"):
            raise Unsupported("a comparison of an attribute union")
        if parser.eat("="):
            wanted = parser.string()
            return _Atom(lambda element, tag, attributes: attributes.get(name) == wanted, bare=False)
        return _Atom(lambda element, tag, attributes: name in attributes, bare=False)
    raise Unsupported(f"unknown test at {parser.at}: {parser.text[parser.at:parser.at + 30]!r}")


def _disjunction(parser: _Parser, end: str) -> list[_Atom]:
    """``a or b or ...`` up to ``end``."""
    atoms = [_atom(parser)]
    while not parser.eat(end):
        parser.expect_word("or")
        atoms.append(_atom(parser))
    return atoms


class PythonSelection:
    """A translated expression: called with a tree, returns the elements the XPath selects,
    in document order, as ``lxml.etree.XPath`` does.

    Besides plain ``.//*[...]``, two positional forms trafilatura uses to find the article's
    body: ``(.//*[...])[1]``, the first such element of the page, and ``.//*[...][1]``, each
    element's first such child.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        parser = _Parser(path)
        self.first_of_page = parser.eat("(")
        self.first_of_parent = False
        parser.expect(".//*")
        self.tags: tuple[str, ...] = ("*",)  # elements only, as ``*``: no comments
        self.predicates: list[list[_Atom]] = []
        while not parser.done() and not (self.first_of_page and parser.eat(")")):
            if not self.first_of_page and parser.eat("[1]"):
                self.first_of_parent = True
                break
            parser.expect("[")
            atoms = _disjunction(parser, "]")
            tags = tuple(atom.tag for atom in atoms if atom.tag is not None)
            if len(tags) == len(atoms) and self.tags == ("*",) and not self.predicates:
                self.tags = tags  # the first predicate names the elements: lxml's C walk filters them
            else:
                self.predicates.append(atoms)
        if self.first_of_page:
            parser.expect("[1]")
        if not parser.done():
            raise Unsupported(f"more after the predicates at {parser.at}")
        if not self.predicates and self.tags == ("*",):
            raise Unsupported("no predicate")
        # An element without attributes passes no test but ``self::``: most elements of a page
        # are skipped before any test runs.
        self.bare_fails = any(all(atom.bare is False for atom in atoms) for atoms in self.predicates)

    def _matches(self, element: Any) -> bool:
        items = element.items()
        if not items and self.bare_fails:
            return False
        tag, attributes = element.tag, dict(items)
        return all(any(atom.test(element, tag, attributes) for atom in atoms) for atoms in self.predicates)

    def __call__(self, tree: Any) -> list[Any]:
        matches = self._matches
        selected = []
        for element in tree.iterdescendants(*self.tags):
            if not matches(element):
                continue
            if self.first_of_page:
                return [element]
            if self.first_of_parent and any(matches(sibling) for sibling in element.itersiblings(*self.tags, preceding=True)):
                continue
            selected.append(element)
        return selected


def translate(expression: XPath) -> PythonSelection | XPath:
    """The Python selection for ``expression``, or ``expression`` itself if its shape is not one
    this module translates, or if it has no ``re:test``: libxml2 runs the other tests in C, as
    fast as Python would."""
    if "re:test(" not in expression.path:
        return expression
    try:
        return PythonSelection(expression.path)
    except Unsupported as exc:
        log.debug("kept as XPath (%s): %s", exc, " ".join(expression.path.split())[:80])
        return expression


def install(module: Any | None = None, names: Sequence[str] = TRANSLATED_LISTS) -> int:
    """Replace, in place, trafilatura's pruning expressions by their Python selections (at
    start-up; idempotent). Returns how many are Python selections now."""
    if module is None:
        from trafilatura import xpaths as module
    translated = 0
    for name in names:
        expressions = getattr(module, name, None)
        if not isinstance(expressions, list):
            continue
        for index, expression in enumerate(expressions):
            if isinstance(expression, XPath):
                expressions[index] = expression = translate(expression)
            translated += isinstance(expression, PythonSelection)
    return translated
