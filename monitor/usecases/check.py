"""The ``monitor check`` use case: analyse one page or file and explain it, storing nothing."""

from __future__ import annotations

import asyncio
import mimetypes
from dataclasses import asdict
from pathlib import Path
from typing import Any

from monitor.analysis.rules import load_rules
from monitor.analysis.worker import Analyzer
from monitor.errors import FetchError
from monitor.ingest.fetcher import Fetcher, FetchResult
from monitor.models import Analysis, Match, PageJob
from monitor.settings import Settings


def check(settings: Settings, source: str) -> dict[str, Any]:
    """Verdict, matches with snippets, entities and facts for one URL or local file."""
    # Scope "all": one page asked about by hand gets its entities whatever the verdict.
    analyzer = Analyzer(load_rules(settings.rules.path), settings.extract, settings.ner.model_copy(update={"scope": "all"}))
    if source.startswith(("http://", "https://")):
        result = asyncio.run(_fetch(settings, source))
        analysis = analyzer.analyze_page(
            PageJob(url=result.url, body=result.body, content_type=result.content_type,
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
    return _explain(settings, source, analysis)


async def _fetch(settings: Settings, url: str) -> FetchResult:
    async with Fetcher(settings.http) as fetcher:
        return await fetcher.get(url)


def _explain(settings: Settings, source: str, analysis: Analysis) -> dict[str, Any]:
    """The explanation as ``monitor check`` prints it (and ``--json`` writes it)."""
    findings = analysis.findings
    verdict = findings.verdict
    return {
        "source": source,
        "title": analysis.title,
        "lang": findings.lang,
        "text_from": analysis.source,
        "page_error": analysis.error,
        "verdict": "flagged" if verdict.flagged else "related" if verdict.related else "not flagged",
        "score": round(verdict.score, 3),
        "reason": verdict.reason,
        "matches": [_match(m, counted=True) for m in verdict.matches],
        "discounted": [_match(m, counted=False) for m in verdict.discounted],
        "entities": [asdict(entity) for entity in findings.entities or []],
        "entities_note": None if findings.ner_status == "done" else findings.ner_status,
        "facts": [asdict(fact) for fact in findings.facts],
        "characters": len(analysis.text),
    }


def _match(match: Match, *, counted: bool) -> dict[str, Any]:
    return {**asdict(match), "counted": int(counted)}
