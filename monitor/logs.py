"""Log formatting: one line per event with stable keys. Only the CLI calls ``configure``."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO

# Keys the monitor passes in ``extra=``; they are printed after the message, in this order.
EVENT_KEYS = ("feed", "url", "status", "new_items", "duration_ms", "error", "path", "version", "article_id")
_RESERVED = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def _fields(record: logging.LogRecord) -> dict[str, object]:
    extra = {k: v for k, v in record.__dict__.items() if k not in _RESERVED and not k.startswith("_")}
    ordered = {k: extra.pop(k) for k in EVENT_KEYS if k in extra}
    ordered.update(extra)
    return {k: v for k, v in ordered.items() if v is not None}


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        pairs = " ".join(f"{k}={_quote(v)}" for k, v in _fields(record).items())
        line = f"{stamp} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if pairs:
            line += " " + pairs
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def _quote(value: object) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (" " in text or "=" in text or not text) else text


def configure(level: str = "INFO", fmt: str = "text", stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Third-party libraries are chatty at INFO; their warnings still show.
    # apscheduler says "Scheduler started", "Added job" at INFO: the daemon logs its own start and jobs.
    for name in ("httpx", "httpcore", "trafilatura", "htmldate", "courlan", "apscheduler", "urllib3"):
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
