"""The ``monitor check`` use case: analyse one page or file and explain it, storing nothing."""

from __future__ import annotations

import asyncio
import mimetypes
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from monitor.analysis.rules import load_rules
from monitor.analysis.worker import Analyzer
from monitor.errors import FetchError
from monitor.ingest.fetcher import Fetcher, FetchResult
from monitor.ingest.sources.aggregators import publisher_url
from monitor.ingest.urls import is_http_url
from monitor.models import Analysis, Entity, Fact, Match, PageJob
from monitor.settings import Settings


@dataclass(frozen=True)
class Explanation:
    """What ``monitor check`` says about one page."""

    source: str
    title: str
    lang: str | None
    text_from: str  # "page" | "feed" | "file"
    page_error: str | None
    verdict: str  # "flagged" | "related" | "not flagged"
    score: float
    reason: str
    matches: list[Match]
    discounted: list[Match]  # set aside: look-alikes, missing context
    entities: list[Entity]
    entities_note: str | None  # why there are none, when NER did not run
    facts: list[Fact]
    characters: int

    def as_json(self) -> dict[str, Any]:
        """``monitor check --json``: the fields, each match with ``counted`` as the database has it."""
        return {
            **asdict(self),
            "matches": [{**asdict(m), "counted": 1} for m in self.matches],
            "discounted": [{**asdict(m), "counted": 0} for m in self.discounted],
        }


def check(settings: Settings, source: str) -> Explanation:
    """Verdict, matches with snippets, entities and facts for one URL or local file."""
    # Scope "all": one page asked about by hand gets its entities whatever the verdict.
    analyzer = Analyzer(load_rules(settings.rules.path), settings.extract, settings.ner.model_copy(update={"scope": "all"}))
    if is_http_url(source):
        result = asyncio.run(_fetch(settings, source))
        analysis = analyzer.analyze_page(
            PageJob(url=result.url, body=result.body, content_type=result.content_type, charset=result.charset,
                    fetch_error=None if result.status < 400 else f"HTTP {result.status}")
        )
    else:
        path = Path(source)
        if not path.is_file():
            raise FetchError(f"{source!r} is neither an http(s) URL nor a readable file", url=source)
        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or ""
        if content_type == "text/plain":
            lines = body.decode("utf-8", errors="replace").strip().split("\n", 1)
            analysis = analyzer.analyze_text(lines[0].strip(), lines[1].strip() if len(lines) > 1 else "")
            analysis.source = "file"
        else:
            analysis = analyzer.analyze_page(PageJob(url=path.resolve().as_uri(), body=body, content_type=content_type))
    return _explain(source, analysis)


async def _fetch(settings: Settings, url: str) -> FetchResult:
    try:
        async with Fetcher(settings.http) as fetcher:
            return await fetcher.get(publisher_url(url))  # an aggregator link is read at the publisher
    except FetchError as exc:
        if url in str(exc):
            raise
        raise FetchError(f"{url}: {exc}", url=url, status=exc.status) from exc  # say which URL failed


def _explain(source: str, analysis: Analysis) -> Explanation:
    findings = analysis.findings
    verdict = findings.verdict
    return Explanation(
        source=source,
        title=analysis.title,
        lang=findings.lang,
        text_from=analysis.source,
        page_error=analysis.error,
        verdict="flagged" if verdict.flagged else "related" if verdict.related else "not flagged",
        score=round(verdict.score, 3),
        reason=verdict.reason,
        matches=list(verdict.matches),
        discounted=list(verdict.discounted),
        entities=findings.entities or [],
        entities_note=None if findings.ner_status == "done" else findings.ner_status,
        facts=findings.facts,
        characters=len(analysis.text),
    )
