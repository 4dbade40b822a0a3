"""The ``monitor`` command: a thin click layer over :class:`monitor.app.App`.

Each command builds the ``App`` from the settings (exit 2 on a configuration mistake,
before the database is touched), calls one use case through it, and prints the result.
Wiring (which database, opened how; the pipeline; the daemon) lives in ``monitor/app.py``.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.table import Table
from rich.text import Text

from monitor import __version__
from monitor.app import App
from monitor.errors import ConfigError, MonitorError, StorageError
from monitor.logs import configure
from monitor.models import Feed
from monitor.settings import CONFIG_ENV, STARTER_CONFIG, find_config, write_starter_config

if TYPE_CHECKING:
    from monitor.store import Store

T = TypeVar("T")

log = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_STORAGE = 3


class Context:
    def __init__(self, config: str | None, log_format: str = "text", log_level_given: bool = False) -> None:
        self.config = config
        self.log_format = log_format
        self.log_level_given = log_level_given  # --log-level on the command line (else its default)
        self.group_db: Path | None = None  # `monitor feeds --db PATH list`

    def app(self, db: Path | None = None) -> App:
        """The settings, validated before anything else happens, with ``--db`` applied."""
        return App.load(self.config, db=db or self.group_db)


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the monitor's errors into a message and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            _fail(str(exc), EXIT_CONFIG)
        except StorageError as exc:
            _fail(str(exc), EXIT_STORAGE)
        except MonitorError as exc:
            _fail(str(exc), 1)

    return wrapper


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` after the command name: this database instead of ``[storage] path``."""
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
                        help="Use this database instead of [storage] path.")(func)


@click.group()
@click.version_option(__version__, prog_name="monitor")
@click.option("--config", "config", metavar="PATH", help="Config file (default: $MONITOR_CONFIG, else monitor.toml in this folder, else the shipped config/monitor.toml).")
@click.option("--log-level", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False), help="Log verbosity.")
@click.option("--log-format", default="text", show_default=True, type=click.Choice(["text", "json"]),
              help="One line per event: key=value text, or JSON.")
@click.pass_context
def cli(ctx: click.Context, config: str | None, log_level: str, log_format: str) -> None:
    """Trafficking news monitor: poll regional feeds, flag NCCT and TIP-report stories.

    \b
    Try it offline: monitor demo
    First run, in an empty folder: monitor init (writes monitor.toml, a database)
    Exit codes: 0 done, 1 operational error, 2 config mistake, 3 database error.
    """
    configure(log_level, log_format)
    given = ctx.get_parameter_source("log_level") is not click.core.ParameterSource.DEFAULT
    ctx.obj = Context(config, log_format, given)


@cli.command(short_help="Create or upgrade the database (first: a starter config).")
@db_option
@click.pass_obj
@guarded
def init(ctx: Context, db: Path | None) -> None:
    """Create (or upgrade) the database and register the configured feeds.

    With no config file, first writes a commented starter monitor.toml in the current folder
    (the shipped defaults, the packaged feed list, the database beside it).
    """
    config = find_config(ctx.config)
    if not config.exists():
        target = config if (ctx.config or os.environ.get(CONFIG_ENV)) else STARTER_CONFIG
        write_starter_config(target)
        click.echo(f"wrote a starter config: {target} (edit it: [digest] to, [smtp], feeds); "
                   "every command in this folder uses it")
        ctx.config = str(target)
    app = ctx.app(db)
    with app.synced_store() as store:
        click.echo(f"database ready: {store.path} (schema version {store.schema_version}, {len(store.feeds())} feeds)")


@cli.command()
@click.option("--feed", "feed_keys", multiple=True, metavar="ID|URL", help="Poll only these feeds (repeatable).")
@db_option
@click.pass_obj
@guarded
def poll(ctx: Context, feed_keys: tuple[str, ...], db: Path | None) -> None:
    """Poll every active feed once, store new stories, and exit.

    Exits 0 even when feeds failed (their errors are recorded); non-zero only for
    configuration or database errors.
    """
    app = ctx.app(db)  # a configuration mistake exits 2 before anything else happens
    from monitor.delivery.alerts.channels import check_secrets
    from monitor.usecases.poll import poll_once

    check_secrets(app.settings)  # instant alerts are sent by this poll: a missing secret is exit 2, as in `run`
    with app.synced_store() as store:
        feeds = None
        if feed_keys:
            feeds = []
            for key in feed_keys:
                feed = store.feed(key)
                if feed is None:
                    raise ConfigError(f"--feed {key!r}: no such feed id or URL; see `monitor feeds list`")
                feeds.append(feed)
        report = _run_with_progress(lambda progress: poll_once(app.settings, store, feeds=feeds, progress=progress))
    _print_poll_report(report)


def _run_with_progress(job: Callable[[Any], Any]) -> Any:
    """Show a rich progress line on a terminal; log plain lines in a pipe."""
    console = Console(stderr=True)
    if not console.is_terminal:
        return job(None)
    with console.status("polling feeds…") as status:
        done = {"feeds": 0, "articles": 0, "flagged": 0}

        def progress(step: Any) -> None:  # monitor.usecases.poll.Progress
            if step.event == "feed_done":
                done["feeds"] += 1
            elif step.event == "article_stored":
                done["articles"] += 1
                done["flagged"] += step.flagged
            status.update(
                f"polling: {done['feeds']} feeds done, {done['articles']} stories stored, {done['flagged']} flagged"
            )

        return job(progress)


def _print_poll_report(report: Any) -> None:
    click.echo(
        f"polled {len(report.feeds)} feeds in {report.seconds:.1f}s: "
        f"{report.total('stored')} new stories stored ({report.total('flagged')} flagged, "
        f"{report.total('related')} related), {report.total('pages_fetched')} pages fetched, "
        f"{sum(f.not_modified for f in report.feeds)} not modified, {len(report.failed)} failed"
    )
    for feed in report.failed:
        click.echo(f"  failed: {feed.name} <{feed.url}>: {feed.error}")


@cli.command(short_help="Per-feed health, article counts, delivery failures.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--check", is_flag=True, help="Exit 1 when no feed succeeded within [schedule] healthy_within.")
@db_option
@click.pass_obj
@guarded
def status(ctx: Context, as_json: bool, check: bool, db: Path | None) -> None:
    """Per-feed health, article counts, delivery failures (read-only)."""
    from monitor.service.health import health_report

    app = ctx.app(db)
    report = _read(app, lambda store: health_report(store, app.settings))
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        console = Console()
        if console.is_terminal:
            _print_status_table(report, console)
        else:  # a pipe, `docker exec` without -t, a log: one line per feed
            for line in status_lines(report):
                click.echo(line)
    if check and not report["healthy"]:
        sys.exit(1)


_STATUS_COLUMNS = ("id", "feed", "last success", "errors", "next check", "articles", "flagged", "last error")


def _status_cells(feed: dict[str, Any]) -> list[str]:
    return [
        str(feed["id"]),
        feed["name"] + ("" if feed["active"] else " (inactive)"),
        feed["last_success_at"] or "never",
        str(feed["consecutive_errors"]),
        feed["next_check_at"] or "due",
        str(feed["articles"]),
        str(feed["flagged"]),
        " ".join((feed["last_error"] or "").split()),
    ]


def _clip(value: str, width: int) -> str:
    """At most ``width`` terminal columns (a Chinese or Thai name's characters are not one column each)."""
    return value if cell_len(value) <= width else set_cell_size(value, width - 1) + "…"


def _pad(value: str, width: int, *, right: bool = False) -> str:
    gap = " " * (width - cell_len(value))
    return gap + value if right else value + gap


def status_lines(report: dict[str, Any]) -> list[str]:
    """``monitor status`` as plain aligned lines, one per feed, for pipes and logs."""
    rows = [list(_STATUS_COLUMNS)] + [_status_cells(feed) for feed in report["feeds"]]
    for row in rows:
        row[1], row[7] = _clip(row[1], 40), _clip(row[7], 70)
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(_STATUS_COLUMNS) - 1)]
    right = {0, 3, 5, 6}  # numbers
    lines = [f"feeds ({report['database']})"]
    for row in rows:
        cells = [_pad(cell, widths[i], right=i in right) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines + _summary_lines(report)


def _summary_lines(report: dict[str, Any]) -> list[str]:
    totals = report["totals"]
    lines = [
        f"{totals['articles']} articles, {totals['flagged']} flagged, {totals['related']} related; "
        f"health: {'ok' if report['healthy'] else 'UNHEALTHY'} ({report['health_reason']})"
    ]
    for name, delivery in report["delivery"].items():
        lines.append(f"{name}: {delivery['summary']}")
    evidence = report.get("evidence")
    if evidence:
        lines.append(
            f"evidence: {evidence['snapshots']} snapshots, {evidence['mb']:.1f} MB in {evidence['files']} WARC files "
            f"({evidence['dir']}); {evidence['without_snapshot']} stories in scope without one"
        )
    for failing in report.get("failing_deliveries", []):
        lines.append(f"delivery failing: {failing['channel']} {failing['name']} #{failing['id']} "
                     f"after {failing['attempts']} attempts: {failing['last_error']}")
    daemon = report.get("daemon") or {}
    if daemon.get("running"):
        lines.append(f"daemon: running, pid {daemon['pid']} since {daemon['since']}")
    else:
        lines.append("daemon: not running")
    return lines


def _print_status_table(report: dict[str, Any], console: Console) -> None:
    table = Table(title=Text(f"Feeds ({report['database']})"))
    for column in _STATUS_COLUMNS:
        table.add_column(column, overflow="fold", no_wrap=column not in ("feed", "last error"))
    for feed in report["feeds"]:
        cells = _status_cells(feed)
        cells[7] = _clip(cells[7], 80)
        table.add_row(*(Text(cell) for cell in cells))  # Text: a feed name or error is never markup
    console.print(table)
    for line in _summary_lines(report):
        console.print(Text(line))


# --------------------------------------------------------------------------- feeds
@cli.group()
@db_option
@click.pass_obj
def feeds(ctx: Context, db: Path | None) -> None:
    """List, add, remove, import and export feeds."""
    ctx.group_db = db


@feeds.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
@click.pass_obj
@guarded
def feeds_list(ctx: Context, as_json: bool, db: Path | None) -> None:
    """List the feeds in the database (read-only)."""
    from monitor.models import as_json as json_fields

    rows = _read(ctx.app(db), lambda store: store.feeds())
    if as_json:
        click.echo(json.dumps([json_fields(row) for row in rows], indent=2, ensure_ascii=False))
        return
    for row in rows:
        state = "" if row.active else f"  [inactive: {row.deactivated_reason or 'off'}]"
        click.echo(f"{row.id:>4}  {row.name}  <{row.url}>{state}")


def _read(app: App, work: Callable[[Store], T]) -> T:
    with app.store(readonly=True) as store:
        return work(store)


def _write(app: App, work: Callable[[Store], T], *, existing: bool = False) -> T:
    """``work`` on the writable store; ``existing``: a missing database exits 3 instead of being created."""
    if existing:
        app.require_database()
    with app.store() as store:
        return work(store)


@feeds.command("add", short_help="Add a feed URL, or discover the feeds of a site's page.")
@click.argument("url", metavar="SITE_URL|FEED_URL")
@click.option("--name", metavar="NAME", help="Display name (default: the feed's title).")
@click.option("--lang", metavar="CODE", help="Language hint, e.g. en, km, th.")
@click.option("--pick", type=click.IntRange(min=1), metavar="N",
              help="When several sources are found, add the N-th (else you are asked).")
@click.option("--no-discover", is_flag=True, help="Add URL exactly as given, without fetching it.")
@db_option
@click.pass_obj
@guarded
def feeds_add(ctx: Context, url: str, name: str | None, lang: str | None, pick: int | None, no_discover: bool,
              db: Path | None) -> None:
    """Add a feed: a feed URL, or a site's page whose feeds, topic feeds and sitemaps are discovered.

    A Telegram channel (https://t.me/CHANNEL) is added as its public preview, https://t.me/s/CHANNEL.
    """
    _check_http_url(url)
    app = ctx.app(db)
    if no_discover:
        feed_id = _write(app, lambda store: store.add_feed(url, name or url, lang))
        click.echo(f"feed {feed_id} added: {url}")
        return
    found = _discover(app, url)
    if not found.candidates:
        from monitor.ingest.sources.botwall import site_search_url

        raise MonitorError(
            f"no feed, sitemap or Telegram preview found at {url}"
            + "".join(f"\n  {problem}" for problem in found.problems[:5])
            + f"\n(add the URL as it is with --no-discover, or a Google News search of the site: {site_search_url(url)})"
        )
    chosen = found.candidates[0]
    if len(found.candidates) > 1:
        if pick is None:
            pick = click.prompt("add which one", type=click.IntRange(1, len(found.candidates)), default=1)
        if pick > len(found.candidates):
            raise ConfigError(f"--pick {pick}: only {len(found.candidates)} sources were found")
        chosen = found.candidates[pick - 1]
    title = name or chosen.title or found.page_title or chosen.url
    feed_id = _write(app, lambda store: store.add_feed(chosen.url, title, lang))
    click.echo(f"feed {feed_id} added: {chosen.url} ({chosen.kind})")


@feeds.command("discover", short_help="List what a site offers to poll; add nothing.")
@click.argument("url", metavar="SITE_URL")
@click.pass_obj
@guarded
def feeds_discover(ctx: Context, url: str) -> None:
    """List the feeds, topic feeds, sitemaps (or Telegram preview) a site offers; add nothing."""
    _check_http_url(url)
    found = _discover(ctx.app(), url)
    if not found.candidates:
        raise MonitorError(f"no feed, sitemap or Telegram preview found at {url}")


def _check_http_url(url: str) -> None:
    from pydantic import ValidationError

    from monitor.settings import FeedSettings

    try:
        FeedSettings(name=url, url=url)
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        raise ConfigError(f"feed URL {url!r}: {reason}") from None


def _discover(app: App, url: str) -> Any:
    """Run discovery and say what was found, numbered as --pick counts."""
    from monitor.ingest.sources.discovery import discover_now

    settings = app.settings
    found = discover_now(settings.http, url, max_entries=settings.sources.sitemap_max_entries)
    if found.url != url:
        click.echo(f"{url} is read as {found.url}")
    click.echo(f"{len(found.candidates)} source(s) found at {found.url}" + (f" ({found.page_title})" if found.page_title else ""))
    for number, candidate in enumerate(found.candidates, 1):
        topic = " [topic]" if candidate.topic else ""
        click.echo(f"  {number}. {candidate.url}  {candidate.kind}, {candidate.entries} entries{topic}"
                   f" — {candidate.title or 'untitled'}; {candidate.how}")
    for problem in found.problems[:5]:
        click.echo(f"  note: {problem}", err=True)
    return found


@feeds.command("remove")
@click.argument("key", metavar="ID|URL")
@db_option
@click.pass_obj
@guarded
def feeds_remove(ctx: Context, key: str, db: Path | None) -> None:
    """Remove a feed (its stored articles stay)."""
    app = ctx.app(db)

    def remove(store: Any) -> Feed:
        feed = store.feed(key)
        if feed is None:
            raise ConfigError(f"no feed with id or URL {key!r}; see `monitor feeds list`")
        origin = app.settings.feed_origin(feed.url) or app.settings.feed_origin(feed.original_url or "")
        if origin is not None:
            raise ConfigError(
                f"feed {feed.url} is listed in {origin}; remove it there (or set active = false in [[feeds]]), "
                "otherwise it comes back at the next `monitor init`, `poll` or `run`"
            )
        store.remove_feed(key)
        return feed

    feed = _write(app, remove)
    click.echo(f"feed {feed.id} removed: {feed.url}")


@feeds.command("import")
@click.argument("opml_path", metavar="FILE.opml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.pass_obj
@guarded
def feeds_import(ctx: Context, opml_path: Path, db: Path | None) -> None:
    """Add every feed listed in an OPML file."""
    from monitor.ingest.opml import read_opml

    app = ctx.app(db)
    outlines = read_opml(opml_path)

    def add(store: Any) -> int:
        known = {feed.url for feed in store.feeds()}
        added = 0
        for outline in outlines:
            if outline.url not in known:
                store.add_feed(outline.url, outline.name, outline.lang)
                added += 1
        return added

    added = _write(app, add)
    click.echo(f"{added} feeds added, {len(outlines) - added} already present")


@feeds.command("export")
@db_option
@click.pass_obj
@guarded
def feeds_export(ctx: Context, db: Path | None) -> None:
    """Print the feeds as OPML 2.0 (read-only)."""
    from monitor.ingest.opml import OutlineFeed, write_opml

    rows = _read(ctx.app(db), lambda store: store.feeds())
    click.echo(write_opml([OutlineFeed(name=r.name, url=r.url, lang=r.lang) for r in rows]), nl=False)


# --------------------------------------------------------------------------- rules
@cli.command(short_help="Explain one page's verdict: matches, entities, facts.")
@click.argument("source", metavar="FILE|URL")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@guarded
def check(ctx: Context, source: str, as_json: bool) -> None:
    """Explain the verdict for one page or file: matches, entities, facts. Stores nothing; needs no database."""
    app = ctx.app()
    from monitor.usecases.check import check as check_source

    result = check_source(app.settings, source)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    _print_check(result)


def _print_check(result: Any) -> None:  # monitor.usecases.check.Explanation
    # Titles, snippets and names come from third-party pages: Text, never rich markup.
    console = Console()
    heading = Text(result.title or "(no title)", style="bold")
    heading.append(f"  ({result.lang or '?'}, text from {result.text_from})", style="")
    console.print(heading)
    if result.page_error:
        console.print(Text(f"page: {result.page_error}"))
    verdict = Text("verdict: ")
    verdict.append(result.verdict.upper(), style="bold")
    verdict.append(f"  score {result.score}  — {result.reason}")
    console.print(verdict)
    for title, rows in (("matches", result.matches), ("set aside (look-alikes, no context)", result.discounted)):
        if rows:
            console.print(Text(f"\n{title}:"))
            for m in rows:
                console.print(Text(f"  {m.group:<12} {m.term!r} [{m.field} {m.start}-{m.end}]: …{m.snippet}…"))
    if result.entities:
        names = sorted({(e.label, e.canonical) for e in result.entities})
        console.print(Text("\nentities: " + "; ".join(f"{c} ({label})" for label, c in names)))
    elif result.entities_note:
        console.print(Text(f"\nentities: {result.entities_note}"))
    if result.facts:
        console.print(Text("\nfacts:"))
        for f in result.facts:
            console.print(Text(f"  {fact_line(f)}"))


def fact_line(fact: Any) -> str:  # monitor.models.Fact
    """A fact as the desk shows it: "TIP: Cambodia Tier 2 Watch List (2026, up)", "87 cases (2026)"."""
    if fact.kind == "tip_tier":
        details = ", ".join(str(part) for part in (fact.year, fact.change) if part)
        return f"TIP: {fact.country or 'country not named'} {fact.tier}" + (f" ({details})" if details else "")
    return f"{fact.number:,} {fact.counted}" + (f" ({fact.period})" if fact.period else "")


@cli.command(short_help="Re-apply the current rules, NER and facts to stored stories.")
@db_option
@click.pass_obj
@guarded
def reclassify(ctx: Context, db: Path | None) -> None:
    """Re-apply the current rules, NER and facts to stored articles (no fetching).

    Reviewers' verdicts are never changed.
    """
    app = ctx.app(db)
    from monitor.usecases.reclassify import reclassify as reclassify_all

    report = _write(app, lambda store: reclassify_all(app.settings, store), existing=True)
    click.echo(
        f"{report.articles} articles reclassified: {report.flagged} flagged, {report.related} related, "
        f"{report.changed} changed verdict"
    )


# --------------------------------------------------------------------------- demo
@cli.command(short_help="Run the whole pipeline offline on the bundled demo corpus.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Where to create the demo database (default: a new temporary folder).")
@click.option("--no-ner", is_flag=True, help="Skip entity extraction (faster).")
@click.pass_obj
@guarded
def demo(ctx: Context, db_path: Path | None, no_ner: bool) -> None:
    """Run the whole pipeline offline on the bundled demo corpus.

    Serves seeds/demo/ on a loopback port (one source of each kind), polls it twice into a
    fresh database, and prints what was stored and flagged, and why. Logs only warnings
    unless --log-level is given.
    """
    from monitor.service.health import health_report
    from monitor.store.reviews import queue_page
    from monitor.usecases.demo import demo_feeds, demo_root, demo_settings, serve_corpus, source_kind
    from monitor.usecases.poll import poll_once

    if db_path is None:
        db_path = Path(tempfile.mkdtemp(prefix="monitor-demo-")) / "demo.db"
    elif db_path.exists():
        raise ConfigError(f"--db {db_path}: the file exists; the demo needs a fresh database (choose a new path)")
    db_path = db_path.resolve()
    if not ctx.log_level_given:  # the demo's own lines tell the story; per-feed INFO lines drown it
        configure("WARNING", ctx.log_format)
    sources = demo_feeds(demo_root())
    with serve_corpus() as base_url:
        app = App(demo_settings(base_url, db_path, ner=not no_ner))
        click.echo(f"serving the demo corpus at {base_url}: {len(sources)} sources, one of each kind")
        width = max(len(name) for name, _ in sources)
        for name, path in sources:
            click.echo(f"  {name:<{width}}  {source_kind(demo_root(), path):<24}  /{path}")
        with app.synced_store() as store:
            first = _run_with_progress(lambda progress: poll_once(app.settings, store, progress=progress))
            click.echo("first poll: ", nl=False)
            _print_poll_report(first)
            second = poll_once(app.settings, store)
            click.echo("second poll (conditional GET): ", nl=False)
            _print_poll_report(second)
            _print_articles(store)
            evidence = health_report(store, app.settings).get("evidence")
            waiting = queue_page(store).waiting
    click.echo(f"review queue: {waiting} stories (a syndicated copy joins its original's card)")
    if evidence:
        click.echo(f"evidence: {evidence['snapshots']} flagged pages archived as WARC in {evidence['dir']} "
                   f"(export one: {_self_command()} snapshot ID --db {db_path} --out page.html)")
    from monitor.review.desk import queue_url

    review = app.settings.review
    click.echo(f"\ndatabase: {db_path}")
    click.echo(f"review it in a browser: {_self_command()} review --db {db_path}")
    click.echo(f"  then open {queue_url(f'http://{review.host}:{review.port}', app.settings)}")


def _self_command() -> str:
    """How to run this same monitor again, as the user started it (venv script or -m)."""
    script = Path(sys.argv[0])
    if script.name == "__main__.py" or not script.exists():
        return f"{sys.executable} -m monitor"
    return str(script.resolve())


def shorten(text: str, width: int) -> str:
    """``text`` within ``width`` characters, cut after a whole term or word, with "…" when cut."""
    if len(text) <= width:
        return text
    head = text[: width - 1]
    for separator in ("; ", ", ", " "):
        cut = head.rfind(separator)
        if cut > width // 2:
            return head[:cut].rstrip(";, ") + " …"
    return head + "…"


def _print_articles(store: Any) -> None:
    console = Console(width=max(120, Console().width))
    table = Table(title="Stored stories (flagged first)")
    for column in ("id", "verdict", "score", "lang", "feed", "title", "why"):
        table.add_column(column, overflow="fold")
    for row in store.recent_articles(limit=100):
        verdict = "FLAGGED" if row.flagged else "related" if row.related else "-"
        source = "" if row.source == "page" else " [from feed]"
        cells = (str(row.id), verdict, f"{row.score:.1f}", row.lang or "?", row.feed or "",
                 shorten(row.title or "", 70) + source, shorten(row.reason or "", 100))
        table.add_row(*(Text(cell) for cell in cells))  # a "[video]" in a title stays in the title
    console.print(table)
    counts = store.counts()
    console.print(Text(
        f"{counts['articles']} stories stored: {counts['flagged']} flagged, {counts['related']} related, "
        f"{counts['from_feed']} from feed content"
    ))


# --------------------------------------------------------------------------- run
@cli.command(short_help="The daemon: poll feeds when due, send digests and alerts.")
@db_option
@click.pass_obj
@guarded
def run(ctx: Context, db: Path | None) -> None:
    """Poll every feed when it is due, in the foreground, until SIGTERM or SIGINT.

    For systemd and Docker. Exits 0 after a clean stop; 1 at once when another daemon
    runs on the same database (the message names its pid).
    """
    ctx.app(db).daemon().run()  # a configuration mistake exits 2 before the lock or the database


# --------------------------------------------------------------------------- digest
@cli.command(short_help="Send the digest of new flagged stories now (or preview it).")
@click.option("--dry-run", is_flag=True, help="Print the text part of the digest that would be sent now; change nothing.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.eml",
              help="Write the digest that would be sent now to FILE.eml; send and record nothing.")
@click.option("--to", "to", multiple=True, metavar="ADDR", help="Send to ADDR instead of [digest] to (repeatable).")
@db_option
@click.pass_obj
@guarded
def digest(ctx: Context, dry_run: bool, out: Path | None, to: tuple[str, ...], db: Path | None) -> None:
    """Send the digest of new flagged stories (and retry undelivered ones) now.

    Exits 1 when a digest could not be delivered (it is recorded and retried later).
    """
    from monitor.errors import DeliveryError

    app = ctx.app(db)
    preview = dry_run or out is not None  # a preview records nothing: the database is opened read-only
    app.require_database()  # a digest of a database that does not exist yet would be empty
    with app.store(readonly=preview) as store:
        result = app.digest(store, dry_run=dry_run, out=out, to=list(to) or None)
    if result.text is not None:
        click.echo(result.text, nl=False)
    for line in result.describe():
        click.echo(line, err=dry_run)  # keep a dry run's stdout the digest text alone
    if result.failed:
        raise DeliveryError(f"{len(result.failed)} digest(s) not delivered; they will be retried")


# --------------------------------------------------------------------------- snapshot
@cli.command()
@click.argument("article_id", metavar="[ID]", type=int, required=False)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.html",
              help="Write the archived page as sandboxed HTML (no scripts, nothing fetched from the outlet).")
@click.option("--warc", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.warc.gz",
              help="Write the page's WARC records (request and response, as archived) to a file of their own.")
@click.option("--missing", is_flag=True, help="Instead: fetch and archive now the pages of stories in "
              "[evidence] scope that have no snapshot (flagged by reclassify, stored before evidence was on).")
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True, metavar="N", help="With --missing: at most this many.")
@db_option
@click.pass_obj
@guarded
def snapshot(ctx: Context, article_id: int | None, out: Path | None, warc: Path | None, missing: bool, limit: int,
             db: Path | None) -> None:
    """Check a story's archived page (its sha256) and export it.

    Exits 1 when there is no snapshot or it fails its integrity check (nothing is written then).
    """
    from monitor.evidence.export import backfill_lines, export_snapshot

    if missing == (article_id is not None):
        raise click.UsageError("give a story ID, or --missing")
    app = ctx.app(db)
    app.require_database()
    # Exporting only reads the database; --missing records the new snapshots.
    with app.store(readonly=not missing) as store:
        lines = backfill_lines(app.settings, store, limit) if missing else \
            export_snapshot(store, article_id or 0, html=out, warc=warc)
        for line in lines:
            click.echo(line)


# --------------------------------------------------------------------------- alerts and digests ledger
@cli.group(short_help="Watchlists: what was sent, what is failing; send a test.")
def alerts() -> None:
    """The [[alerts]] watchlists: what they were sent, what waits for a retry; send a test."""


@alerts.command("list", short_help="Each watchlist: kind, schedule, target, sent, failing.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
@click.pass_obj
@guarded
def alerts_list(ctx: Context, as_json: bool, db: Path | None) -> None:
    """Each watchlist: kind, schedule, target, deliveries sent, and the ones failing (with their reason)."""
    import dataclasses

    from monitor.delivery.alerts import list_alerts

    app = ctx.app(db)
    found = _read(app, lambda store: list_alerts(app.settings, store))
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(w) for w in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("no [[alerts]] watchlists configured")
    for watch in found:
        counts = watch.counts
        sent = f"{counts.sent} sent ({counts.stories_sent} stories, last {counts.last_sent_at or 'never'})" if counts else "nothing yet"
        state = "" if watch.enabled else " [disabled]"
        click.echo(f"{watch.name}{state}: {watch.kind} to {watch.target}, {watch.schedule}; {sent}")
        for d in watch.waiting:
            click.echo(f"  #{d.id} {d.state}, {d.attempts} attempts, next {d.next_attempt_at}: {d.last_error or '-'}")


@alerts.command("test", short_help="Send an invented sample story to watchlist NAME now.")
@click.argument("name")
@click.pass_obj
@guarded
def alerts_test(ctx: Context, name: str) -> None:
    """Send a sample (invented) story to watchlist NAME now; nothing is recorded. Exits 1 when it fails."""
    from monitor.delivery.alerts import send_test_alert

    click.echo(send_test_alert(ctx.app().settings, name))


@alerts.command("retry")
@click.argument("name")
@db_option
@click.pass_obj
@guarded
def alerts_retry(ctx: Context, name: str, db: Path | None) -> None:
    """Send watchlist NAME's failed alerts now, whatever their backoff. Exits 1 when some still fail."""
    from monitor.delivery.alerts import retry_alerts
    from monitor.errors import DeliveryError

    app = ctx.app(db)
    run = _write(app, lambda store: retry_alerts(app.settings, store, name), existing=True)
    for attempt in run.attempts:
        click.echo(attempt.describe())
    if not run.attempts:
        click.echo(f"{name}: no failed alerts")
    if run.failed:
        raise DeliveryError(f"{len(run.failed)} alert(s) of {name} not delivered; they will be retried")


@alerts.command("discard", short_help="Give up undelivered alert ID of watchlist NAME.")
@click.argument("name")
@click.argument("delivery_id", metavar="ID", type=int)
@db_option
@click.pass_obj
@guarded
def alerts_discard(ctx: Context, name: str, delivery_id: int, db: Path | None) -> None:
    """Give up undelivered alert ID of watchlist NAME (its stories are not sent to NAME again)."""
    from monitor.delivery.alerts import discard_alert

    app = ctx.app(db)
    click.echo(_write(app, lambda store: discard_alert(app.settings, store, name, delivery_id), existing=True))


@cli.group(short_help="E-mail digests: sent, failing; retry or discard them.")
def digests() -> None:
    """The e-mail digests: what was sent, what keeps failing; retry or discard."""


@digests.command("list", short_help="Digests not delivered yet, and how many were sent.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@db_option
@click.pass_obj
@guarded
def digests_list(ctx: Context, as_json: bool, db: Path | None) -> None:
    """Digests not delivered yet (with their last error) and how many were sent."""
    from monitor.delivery.digest import digests_overview

    overview = _read(ctx.app(db), digests_overview)
    if as_json:
        click.echo(json.dumps(overview, indent=2, ensure_ascii=False))
        return
    click.echo(f"{overview['sent']} digests sent ({overview['stories_sent']} stories), last {overview['last_sent_at'] or 'never'}")
    for d in overview["undelivered"]:
        click.echo(f"  #{d['id']} {d['state']}, {d['attempts']} attempts, next {d['next_attempt_at']}: {d['last_error'] or '-'}")
    for d in overview["discarded"]:
        click.echo(f"  #{d['id']} discarded {d['discarded_at']}: {d['last_error'] or '-'}")


@digests.command("retry")
@db_option
@click.pass_obj
@guarded
def digests_retry(ctx: Context, db: Path | None) -> None:
    """Send the failed digests now, whatever their backoff. Exits 1 when some still fail."""
    from monitor.delivery.digest import retry_now
    from monitor.errors import DeliveryError

    app = ctx.app(db)
    attempts = _write(app, lambda store: retry_now(app.settings, store), existing=True)
    for attempt in attempts:
        click.echo(f"digest {attempt.digest_id}: {attempt.state}" + (f": {attempt.error}" if attempt.error else ""))
    if not attempts:
        click.echo("no failed digests")
    if any(attempt.state == "failed" for attempt in attempts):
        raise DeliveryError("some digests were not delivered; they will be retried")


@digests.command("discard", short_help="Stop retrying undelivered digest ID.")
@click.argument("digest_id", metavar="ID", type=int)
@db_option
@click.pass_obj
@guarded
def digests_discard(ctx: Context, digest_id: int, db: Path | None) -> None:
    """Stop retrying undelivered digest ID (its stories are not put in a later digest)."""
    from monitor.delivery.digest import discard_digest

    app = ctx.app(db)
    click.echo(_write(app, lambda store: discard_digest(store, digest_id), existing=True))


# --------------------------------------------------------------------------- review
@cli.command(short_help="Open the review desk (Datasette) on the database.")
@click.option("--host", metavar="HOST", help="Interface to listen on (default: [review] host, 127.0.0.1). "
              "Anything but loopback needs the password hash in the env var named by [review] password_hash_env.")
@click.option("--port", type=click.IntRange(0, 65535), metavar="N", help="Port (default: [review] port).")
@db_option
@click.pass_obj
@guarded
def review(ctx: Context, host: str | None, port: int | None, db: Path | None) -> None:
    """Open the review desk (Datasette) on the database: queue, verdict forms, facets."""
    from monitor.settings import settings_from_dict

    if db is not None and not find_config(ctx.config).exists():
        app = App(settings_from_dict({}, base_dir=Path.cwd())).with_db(db)  # e.g. the demo's database: defaults suffice
    else:
        app = ctx.app(db)
    app.require_database()  # the desk reviews a database; it never creates one
    from monitor.review.desk import serve

    serve(app.settings, host=host, port=port)


def main() -> None:
    cli(prog_name="monitor")
