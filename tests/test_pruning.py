"""trafilatura's pruning and body expressions evaluated in Python (monitor/ingest/pruning.py,
issue 18): the same elements as lxml's XPath, on our own pages and on every real page."""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import lxml.html
import pytest
import trafilatura.xpaths
from lxml.etree import XPath
from trafilatura.htmlprocessing import tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from monitor.ingest import pruning
from monitor.ingest.pruning import TRANSLATED_LISTS, PythonSelection, translate

NS = {"re": "http://exslt.org/regular-expressions"}
PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "pages"

OUR_PAGE = """<html><body>
<div id="reply-7" class="box">one</div>
<div class="box" id="reply-8">two</div>
<section role="Navigation"><p>menu</p></section>
<div class="Post-Body FullText"><p>story</p><!-- a comment --><span class="caption">photo</span></div>
<div><p class="x">a</p><p class="hidden-copy">b</p><p class="hidden-copy">c</p></div>
<article aria-hidden="true"><p style="display: none">gone</p></article>
<div data-lp-replacement-content="1">swap</div>
<p>plain</p>
</body></html>"""

EXPRESSIONS = [
    ".//*[starts-with(@id|@class, 'reply-') or re:test(@style, 'zzz')]",  # the first of id and class, in the element's order
    ".//*[re:test(@id|@class, '^box')]",
    ".//*[self::div or self::section][contains(translate(@role, 'N', 'n'), 'nav') or re:test(@class, 'fulltext', 'i')]",
    ".//*[@aria-hidden='true' or contains(@style, 'display: none') or @data-lp-replacement-content or re:test(@class, 'caption')]",
    "(.//*[self::div or self::p][re:test(@class, 'hidden')])[1]",
    ".//*[self::p][re:test(@class, 'hidden|x')][1]",  # each parent's first such child
    ".//*[re:test(@class, '^$')]",  # a pattern that matches the empty string: bare elements too
    ".//*[self::div or self::article][re:test(@class, 'hidden|Body') or @aria-hidden][not(.//span) or re:test(@class, 'Post')]",
    ".//*[re:test(@class, 'x|hidden')][not(self::p or self::section) or re:test(@class, '^x')]",
]


def _tree() -> lxml.html.HtmlElement:
    return lxml.html.fromstring(OUR_PAGE)


@pytest.mark.parametrize("path", EXPRESSIONS)
def test_a_python_selection_selects_what_the_xpath_selects(path: str) -> None:
    expression = XPath(path, namespaces=NS)
    selection = translate(expression)
    assert isinstance(selection, PythonSelection)
    tree = _tree()
    expected = expression(tree)
    assert selection(tree) == expected
    assert expected or path.endswith("'^$')]")  # the page exercises each form


def test_union_of_attributes_takes_the_first_in_the_elements_order() -> None:
    tree = _tree()
    selected = translate(XPath(".//*[starts-with(@id|@class, 'reply-') or re:test(@style, 'zzz')]", namespaces=NS))(tree)
    assert [element.text for element in selected] == ["one"]  # "two" has class first


@pytest.mark.parametrize("path", [
    ".//*[re:test(@class, 'a') and @id]",
    ".//*[@class and @id]",
    ".//*[re:test(@class, 'a')]|.//main",
    ".//*[@id|@class='x']",
    "(.//*[re:test(@class, 'a')])[2]",
    ".//p[re:test(@class, 'a')]",
    ".//*[re:test(@class, 'a', 'x')]",
    ".//*[contains(translate(@class, 'AA', 'ab'), 'a') or re:test(@id, 'x')]",
])
def test_other_shapes_stay_xpath(path: str) -> None:
    expression = XPath(path, namespaces=NS)
    assert translate(expression) is expression


def test_expressions_without_regular_expressions_stay_xpath() -> None:
    expression = XPath(".//*[self::div][contains(@class, 'caption')]")
    assert translate(expression) is expression  # libxml2 runs these in C already


def test_install_replaces_trafilaturas_lists_in_place_once() -> None:
    lists = {name: getattr(trafilatura.xpaths, name) for name in TRANSLATED_LISTS}
    first = pruning.install()
    assert first >= 10
    assert pruning.install() == first  # idempotent
    assert all(getattr(trafilatura.xpaths, name) is expressions for name, expressions in lists.items())
    assert isinstance(trafilatura.xpaths.OVERALL_DISCARD_XPATH[1], PythonSelection)


def _real_trees() -> list[lxml.html.HtmlElement]:
    if not PAGES.is_dir():
        pytest.skip(f"{PAGES} not present: the real pages live outside the repository (../shared/corpora)")
    files = sorted(PAGES.glob("mozilla-readability-test-pages/*/source.html")) + sorted(
        PAGES.glob("goose3-content/*.html")) + sorted(PAGES.glob("newspaper4k-testdata/html/*.html"))
    trees = [tree for tree in (load_html(path.read_bytes()) for path in files) if tree is not None]
    options = Extractor()
    # As trafilatura prunes them: raw, and after its own cleaning.
    return trees + [tree_cleaning(deepcopy(tree), options) for tree in trees]


def test_every_translated_expression_selects_the_same_elements_on_every_real_page() -> None:
    trees = _real_trees()
    checked = 0
    for name in TRANSLATED_LISTS:
        for index, original in enumerate(getattr(trafilatura.xpaths, name)):
            expression = XPath(original.path, namespaces=NS)  # trafilatura's own, even once installed
            selection = translate(expression)
            if not isinstance(selection, PythonSelection):
                continue
            for number, tree in enumerate(trees):
                assert selection(tree) == expression(tree), f"{name}[{index}] differs on tree {number}"
            checked += 1
    assert checked >= 10 and len(trees) >= 400
