"""One way to read a TOML file into a pydantic model, with one error format.

Every configuration file (``monitor.toml``, ``rules.toml``, ``entities.toml``, the demo
manifest) goes through :func:`load_toml`, so every mistake reads the same::

    monitor.toml: http.timeout = -1: Input should be greater than 0
    rules.toml: groups.tip.lists[0].colour: unknown key; known keys here: lang, name, terms, ...
    monitor.toml: storage.pth: unknown key (did you mean path?); known keys here: busy_timeout, path
    monitor.toml: not valid TOML: Expected '=' after a key in a key/value pair (at line 3, column 5)

and raises ``ConfigError`` (or the subclass given) whose ``key`` is the first bad key.
"""

from __future__ import annotations

import difflib
import json
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from monitor.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Base of every config model: unknown keys are typos until proven otherwise, refused with the known keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_toml(path: Path, *, what: str = "config file", error: type[ConfigError] = ConfigError) -> tuple[dict[str, Any], str]:
    """The parsed file and its text; a missing, unreadable or malformed file raises ``error``."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{what} {where!r} not found", path=where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{where}: cannot be read: {exc}", path=where) from None
    return parse_toml(text, where, error=error), text


def parse_toml(text: str, where: str, *, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message ends "(at line L, column C)", which is what the user needs.
        raise error(f"{where}: not valid TOML: {exc}", path=where) from None


def validate(model: type[M], raw: Any, where: str, *, error: type[ConfigError] = ConfigError) -> M:
    """``model.model_validate(raw)``, a failure described by :func:`describe` and raised as ``error``."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]["loc"] if exc.errors() else ()
        raise error(describe(exc, where, model), key=_walk(model, first)[0] or None, path=where) from None


def load_toml(path: Path, model: type[M], *, what: str = "config file", error: type[ConfigError] = ConfigError) -> M:
    """Read ``path`` and validate it as ``model``."""
    raw, _ = read_toml(path, what=what, error=error)
    return validate(model, raw, str(path), error=error)


def describe(exc: ValidationError, where: str, model: type[BaseModel]) -> str:
    """One line per mistake: the file, the key, the bad value and pydantic's (or our validator's) reason."""
    lines = []
    for item in exc.errors():
        key, at = _walk(model, item["loc"])
        if item["type"] == "extra_forbidden":
            parent = _walk(model, item["loc"][:-1])[1]
            known = _known_keys(parent)
            close = difflib.get_close_matches(str(item["loc"][-1]), known, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            lines.append(f"{where}: {key}: unknown key{hint}; known keys here: {', '.join(known)}")
            continue
        value = item.get("input")
        shown = "" if isinstance(value, dict | list) else f" = {value!r}"
        message = item["msg"].removeprefix("Value error, ")
        name = str(item["loc"][-1]) if item["loc"] else ""
        if item["type"] == "missing":
            message = f"required key missing; add {name} = ..."
        elif item["type"] == "list_type" and isinstance(value, str | int | float):
            message = f"must be a list; write {name} = [{_toml_value(value)}]"
        # A check of the whole file (e.g. repeated watchlist names) names its keys in its message.
        lines.append(f"{where}: {key}{shown}: {message}" if key else f"{where}: {message}")
    return "\n".join(dict.fromkeys(lines))


def _toml_value(value: str | int | float) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string or number is a TOML one


def _known_keys(annotation: Any) -> list[str]:
    model = _model_in(annotation)
    if model is None:
        return []
    # Fields the loader fills in itself (``exclude=True``, e.g. the file's own path) are not keys to write.
    return sorted(field.alias or name for name, field in model.model_fields.items() if not field.exclude)


def _walk(model: type[BaseModel], loc: tuple[Any, ...] | list[Any]) -> tuple[str, Any]:
    """``('groups', 'tip', 'lists', 0, 'terms', 3)`` -> ``'groups.tip.lists[0].terms[3]'`` and the type there.

    pydantic names the union branch it tried (``str``, ``TermSpec``) in ``loc``; those are dropped.
    """
    path = ""
    current: Any = model
    for part in loc:
        current, is_branch = _step(current, part)
        if is_branch:
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path, current


def _members(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def _step(annotation: Any, part: Any) -> tuple[Any, bool]:
    members = _members(annotation)
    if isinstance(part, str) and len(members) > 1:
        for member in members:
            if getattr(member, "__name__", None) == part or str(member) == part:
                return member, True
    for member in members:
        if isinstance(member, type) and issubclass(member, BaseModel) and isinstance(part, str):
            fields = member.model_fields
            field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
            if field is not None:
                return field.annotation, False
        origin = typing.get_origin(member)
        args = typing.get_args(member)
        if origin in (list, tuple, set, frozenset) and isinstance(part, int) and args:
            return args[0], False
        if origin is dict and len(args) == 2:
            return args[1], False
    return None, False
