"""The ``monitor check`` use case: analyse one page or file and explain it, storing nothing."""

from __future__ import annotations

import asyncio
import mimetypes
from pathlib import Path
from typing import Any

from monitor.analysis.rules import load_rules
from monitor.analysis.worker import Analysis, Analyzer, PageJob
from monitor.errors import FetchError
from monitor.ingest.fetcher import Fetcher
from monitor.ingest.urls import is_http_url
from monitor.settings import Settings


def check(settings: Settings, source: str) -> dict[str, Any]:
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
    return _explain(settings, source, analysis)


async def _fetch(settings: Settings, url: str):
    async with Fetcher(settings.http) as fetcher:
        return await fetcher.get(url)


def _explain(settings: Settings, source: str, analysis: Analysis) -> dict[str, Any]:
    verdict = analysis.verdict
    return {
        "source": source,
        "title": analysis.title,
        "lang": analysis.lang,
        "text_from": analysis.source,
        "page_error": analysis.error,
        "verdict": "flagged" if verdict["flagged"] else "related" if verdict["related"] else "not flagged",
        "score": verdict["score"],
        "reason": verdict["reason"],
        "matches": [m for m in analysis.matches if m["counted"]],
        "discounted": [m for m in analysis.matches if not m["counted"]],
        "entities": analysis.entities or [],
        "entities_note": None if analysis.ner_status == "done" else analysis.ner_status,
        "facts": analysis.facts,
        "characters": len(analysis.text),
    }
