"""The desk's pages and its verdict API (Datasette route handlers).

Each handler reads the request, calls one function of :mod:`monitor.store.reviews` in a
worker thread (the store is synchronous SQLite; one short-lived connection per call, so
a slow page never holds a connection another request needs), and renders a template or
JSON. Errors a reviewer could see are plain sentences: a store error is logged with its
detail and answered with "try again", never with SQLite's text.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

from datasette import Response
from datasette.utils import tilde_decode
from datasette.utils.asgi import Forbidden, NotFound
from markupsafe import Markup, escape

from monitor.errors import MonitorError
from monitor.ingest.urls import is_http_url
from monitor.store import Store
from monitor.store.reviews import (
    QUEUE_VIEW,
    REVIEW_STATUSES,
    Highlight,
    QueueFilter,
    UnknownArticleError,
    UnknownStatusError,
    queue_page,
    set_review,
    story_detail,
)

log = logging.getLogger(__name__)

PLUGIN_NAME = "monitor-review-desk"  # the key of the desk's config in Datasette's metadata
STATIC_NAME = __name__.rsplit(".", 1)[0]  # Datasette serves a plugin's static/ under its module name
PAGE_SIZE = 50
# The verdict buttons, in the order shown, with their keyboard keys.
VERDICTS = (("relevant", "Relevant", "r"), ("not_relevant", "Not relevant", "n"), ("escalated", "Escalate", "e"))
STATUS_LABELS = {"new": "back in the queue", "relevant": "relevant", "not_relevant": "not relevant",
                 "escalated": "escalated"}
# Query arguments of the card view; any other (Datasette's _sort, _facet, column filters
# such as feed__contains) means the reviewer wants Datasette's table of the view.
QUEUE_ARGS = {"language", "country", "feed", "group", "tier", "since", "until", "q", "page"}
MAX_NOTE = 4000
MAX_REVIEWER = 200
BUSY = "the database is busy or unavailable, so nothing was recorded; try again in a moment"

T = TypeVar("T")


def desk_config(datasette: Any, database: str) -> dict[str, Any] | None:
    """The desk plugin's config when ``database`` is the desk's database, else None."""
    config = datasette.plugin_config(PLUGIN_NAME)
    return config if config and config.get("database") == database else None


def story_url(datasette: Any, article_id: int) -> str:
    return str(datasette.urls.path(f"/-/monitor/story/{article_id}"))


async def _call_store(datasette: Any, fn: Callable[..., T], *args: Any, write: bool = False) -> T:
    config = datasette.plugin_config(PLUGIN_NAME)
    path = Path(datasette.get_database(config["database"]).path)
    timeout = int(config["busy_timeout_ms"]) / 1000

    def run() -> T:
        with Store.open(path, busy_timeout=timeout, readonly=not write) as store:
            return fn(store, *args)

    return await asyncio.to_thread(run)


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None: a feed's ``javascript:`` link is no link."""
    return url if isinstance(url, str) and is_http_url(url) else None


def highlighted(text: str, highlights: Sequence[Highlight]) -> Markup:
    """``text`` escaped, with each highlight in a <mark> naming its rule group and term."""
    out: list[str] = []
    at = 0
    for h in highlights:
        if h.start < at or h.end > len(text) or h.start >= h.end:
            continue  # offsets from older rules that no longer fit the text
        out.append(str(escape(text[at:h.start])))
        kind = "hit" if h.counted else "hit lookalike"
        why = f"{h.group}: {h.term}" if h.counted else f"set aside as a look-alike ({h.group}: {h.term})"
        out.append(f'<mark class="{kind} g-{escape(h.group)}" title="{escape(why)}">{escape(text[h.start:h.end])}</mark>')
        at = h.end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


async def _page(datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200) -> Response:
    config = datasette.plugin_config(PLUGIN_NAME)
    base = {
        "desk_database": config["database"],
        "queue_url": f"{datasette.urls.database(config['database'])}/{QUEUE_VIEW}",
        "verdict_url": datasette.urls.path("/-/monitor/verdict"),
        "desk_css": datasette.urls.static_plugins(STATIC_NAME, "desk.css"),
        "desk_js": datasette.urls.static_plugins(STATIC_NAME, "desk.js"),
        "verdicts": VERDICTS,
        "status_labels": STATUS_LABELS,
        "highlighted": highlighted,
        "web_link": web_link,
        "story_url": lambda article_id: story_url(datasette, article_id),
    }
    html = await datasette.render_template(template, {**base, **context}, request=request)
    return Response.html(html, status=status)


# --------------------------------------------------------------------------- the queue
async def queue_view(request: Any, send: Any, datasette: Any) -> Response | None:
    database = tilde_decode(request.url_vars["database"])
    table_wanted = request.url_vars.get("format") or any(key not in QUEUE_ARGS for key in request.args.keys())
    if table_wanted or not desk_config(datasette, database):
        from datasette.views.table import TableView

        return await TableView.as_view(datasette)(request, send)
    await datasette.ensure_permissions(request.actor, [("view-table", (database, QUEUE_VIEW)),
                                                       ("view-database", database), "view-instance"])
    args = request.args
    try:
        page_number = max(1, int(args.get("page") or 1))
    except ValueError:
        page_number = 1
    wanted = QueueFilter(
        language=args.get("language") or None, country=args.get("country") or None, feed=args.get("feed") or None,
        rule_group=args.get("group") or None, tier=args.get("tier") or None, since=args.get("since") or None,
        until=args.get("until") or None, search=(args.get("q") or "").strip() or None,
        limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE,
    )
    try:
        page = await _call_store(datasette, queue_page, wanted)
    except MonitorError:
        log.exception("review queue could not be read")
        return await _page(datasette, request, "monitor_error.html", {"message": BUSY}, status=503)
    chosen = {key: args.get(key) for key in QUEUE_ARGS - {"page"} if args.get(key)}

    def page_link(number: int) -> str:
        return "?" + urlencode({**chosen, "page": number})

    return await _page(datasette, request, "monitor_queue.html", {
        "database": database,
        "page": page,
        "chosen": chosen,
        "first_index": wanted.offset,
        "previous_page": page_link(page_number - 1) if page_number > 1 else None,
        "next_page": page_link(page_number + 1) if wanted.offset + len(page.cards) < page.total else None,
        "table_url": "?_table=1",
    })


# --------------------------------------------------------------------------- the story page
async def story_view(request: Any, send: Any, datasette: Any) -> Response:
    config = datasette.plugin_config(PLUGIN_NAME)
    await datasette.ensure_permissions(request.actor, [("view-database", config["database"]), "view-instance"])
    article_id = int(request.url_vars["article_id"])
    try:
        story = await _call_store(datasette, story_detail, article_id)
    except UnknownArticleError as exc:
        raise NotFound(f"No story #{article_id} is stored.") from exc
    except MonitorError:
        log.exception("story %s could not be read", article_id)
        return await _page(datasette, request, "monitor_error.html", {"message": BUSY}, status=503)
    return await _page(datasette, request, "monitor_story.html", {
        "database": config["database"],
        "story": story,
        "snapshot_url": datasette.urls.path(f"/-/monitor/snapshot/{article_id}") if story.snapshot else None,
    })


# --------------------------------------------------------------------------- the verdict API
def _json(body: dict[str, Any], status: int) -> Response:
    return Response.json(body, status=status)


async def verdict_view(request: Any, send: Any, datasette: Any) -> Response:
    """``POST /-/monitor/verdict``: JSON in, JSON out; a plain form gets a redirect back
    with the outcome as a Datasette message."""
    config = datasette.plugin_config(PLUGIN_NAME)
    if request.method != "POST":
        return _json({"ok": False, "error": "POST a JSON object: article_id, status, note, reviewer",
                      "allowed_statuses": list(REVIEW_STATUSES)}, 405)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    is_json = content_type == "application/json"
    # CSRF is skipped for JSON only (see skip_csrf); with a password set it also needs the
    # signed-in reviewer, so a script must authenticate like a person.
    if config.get("password") and not request.actor:
        return _json({"ok": False, "error": "sign in first: this desk needs the reviewer password"}, 401)
    try:
        await datasette.ensure_permissions(request.actor, [("view-database", config["database"]), "view-instance"])
    except Forbidden:
        return _json({"ok": False, "error": "you may not record verdicts on this desk"}, 403)
    body = await request.post_body()
    if is_json:
        try:
            data = json.loads(body or b"null")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return _json({"ok": False, "error": "the body must be a JSON object: "
                          '{"article_id": N, "status": "...", "note": "...", "reviewer": "..."}'}, 400)
    else:
        data = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))

    def answer(result: dict[str, Any], status: int) -> Response:
        if is_json:
            return _json(result, status)
        # A person without JavaScript: back where they were, with the outcome as a message.
        if result["ok"]:
            row = result["row"]
            datasette.add_message(request, f"#{row['id']} {row['title']!s}: {STATUS_LABELS[row['review_status']]}.")
        else:
            datasette.add_message(request, f"Not recorded: {result['error']}.", datasette.ERROR)
        back = str(data.get("next") or "")
        # Only a path on this desk: never an open redirect.
        if not back.startswith("/") or back.startswith("//"):
            back = f"{datasette.urls.database(config['database'])}/{QUEUE_VIEW}"
        return Response.redirect(back)

    raw_id = str(data.get("article_id") if not isinstance(data.get("article_id"), bool) else "").strip()
    if not raw_id.isdigit() or len(raw_id) > 18:  # SQLite ids are 64-bit
        return answer({"ok": False, "error": "article_id must be a story's number, e.g. 42"}, 400)
    article_id = int(raw_id)
    status = data.get("status")
    note = data.get("note")
    reviewer = data.get("reviewer") or (request.actor or {}).get("id")
    if not all(value is None or isinstance(value, str) for value in (status, note, reviewer)):
        return answer({"ok": False, "error": "status, note and reviewer must be strings",
                       "allowed_statuses": list(REVIEW_STATUSES)}, 400)
    if len(note or "") > MAX_NOTE or len(reviewer or "") > MAX_REVIEWER:
        return answer({"ok": False, "error": f"keep the note under {MAX_NOTE} characters and the name under "
                       f"{MAX_REVIEWER}"}, 400)
    try:
        row = await _call_store(datasette, set_review, article_id, status or "", note, reviewer, write=True)
    except UnknownStatusError:
        return answer({"ok": False, "error": f"status must be one of: {', '.join(REVIEW_STATUSES)}",
                       "allowed_statuses": list(REVIEW_STATUSES)}, 400)
    except UnknownArticleError:
        return answer({"ok": False, "error": f"no story #{article_id} is stored"}, 404)
    except MonitorError:
        log.exception("verdict on story %s not recorded", article_id)
        return answer({"ok": False, "error": BUSY}, 503)
    return answer({"ok": True, "row": row}, 200)
