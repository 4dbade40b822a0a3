"""The review desk's Datasette plugin: story cards, story pages and the verdict API.

Registered on Datasette's plugin manager by :func:`monitor.review.desk.build_datasette`
(not through an entry point: Datasette is only ever started by ``monitor review``). As a
package, Datasette finds its ``templates/`` (our pages extend Datasette's own
``base.html``) and serves its ``static/`` at ``/-/static-plugins/monitor.review.plugin/``.

Routes (only on the desk's database, named in the plugin config):

* ``/<db>/review_queue``: the queue as story cards. Any Datasette table argument
  (``?_sort=``, ``?_facet=``, ``?_table=1``...) hands the request to Datasette's own table
  view, so the view stays browsable as a table.
* ``/-/monitor/story/<id>``: one story, readable, with every match highlighted.
* ``POST /-/monitor/verdict``: record a verdict (JSON for scripts and the page's buttons,
  or a plain form with Datasette's CSRF token when JavaScript is off).

The hooks never write SQL: they call :mod:`monitor.store.reviews` in a worker thread.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape

from monitor.ingest.urls import is_http_url
from monitor.review.plugin.views import (
    PLUGIN_NAME,
    desk_config,
    queue_view,
    story_url,
    story_view,
    verdict_view,
)
from monitor.review.snapshots import register_routes as snapshot_routes
from monitor.store.reviews import (
    LINK_COLUMN,
    QUEUE_VIEW,
    RULE_PRECISION_VIEW,
    TOP_ENTITIES_COLUMN,
    story_id_column,
    wait_for_writers,
)


@hookimpl
def prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    config = desk_config(datasette, database)
    if config:
        wait_for_writers(conn, int(config["busy_timeout_ms"]))  # the daemon may hold the write lock a moment


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    config = datasette.plugin_config(PLUGIN_NAME)
    if not config:
        return []
    return [
        # The same groups as Datasette's table route, so the view can hand over to it.
        (rf"^/(?P<database>[^/.]+)/(?P<table>{QUEUE_VIEW})(\.(?P<format>\w+))?$", queue_view),
        (r"^/-/monitor/story/(?P<article_id>[0-9]+)$", story_view),
        (r"^/-/monitor/verdict$", verdict_view),
        *snapshot_routes(datasette),  # the archived page of a story (monitor/review/snapshots.py)
    ]


@hookimpl
def skip_csrf(datasette: Any, scope: dict[str, Any]) -> bool | None:
    """Scripts may POST JSON to the verdict API without a CSRF token.

    A browser cannot send ``application/json`` to another origin without a CORS
    preflight, which Datasette does not grant, so a JSON body cannot be forged from
    another site; forms (the only cross-site POST a browser sends freely) keep the check.
    When a password is set, the view also insists on the authenticated reviewer.
    """
    if scope.get("type") != "http" or scope.get("path") != "/-/monitor/verdict":
        return None
    if not datasette.plugin_config(PLUGIN_NAME):
        return None
    headers = dict(scope.get("headers") or [])
    content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return True if content_type == b"application/json" else None


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """In the story views (and the raw articles table): the story id links to the story page,
    a story's link shows its site rather than the whole URL, top_entities reads as names."""
    id_column = story_id_column(table)
    if id_column is None or not desk_config(datasette, database):
        return None
    if column == id_column and isinstance(value, int):
        return Markup(f'<a href="{escape(story_url(datasette, value))}">#{value}</a>')
    if column == LINK_COLUMN and isinstance(value, str) and is_http_url(value):
        site = urlsplit(value).netloc or value
        return Markup(f'<a href="{escape(value)}" title="{escape(value)}" rel="noopener noreferrer">{escape(site)} ↗</a>')
    if column == TOP_ENTITIES_COLUMN and isinstance(value, str) and value.startswith("["):
        try:
            names = json.loads(value)
        except ValueError:
            return None
        return Markup(", ".join(str(escape(name)) for name in names if isinstance(name, str)))
    return None


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]] | None:
    config = datasette.plugin_config(PLUGIN_NAME)
    if not config:
        return None
    base = datasette.urls.database(config["database"])
    return [{"href": f"{base}/{QUEUE_VIEW}", "label": "Review queue"},
            {"href": f"{base}/{RULE_PRECISION_VIEW}", "label": "Rule precision"}]
