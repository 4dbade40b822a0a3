"""One daemon per database: an ``flock`` on ``<database>.lock`` beside it.

The lock file holds the owner's pid and start time, so a refused second instance can say
who is running. ``flock`` belongs to the open file, and the kernel drops it when the process
dies however it dies (SIGKILL, OOM, power loss on restart), so a crashed daemon never blocks
its successor; a stale pid in the file is just overwritten.

Within one process the lock is re-entrant (the CLI takes it before the slow imports, the
daemon again around its run). The file is never deleted: unlinking a lock file races with a process that has it open
and would let two daemons each lock a different inode.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

# Deliberately light imports: `monitor run` takes this lock before loading the pipeline, so a
# second instance is refused at once.
from monitor.errors import AlreadyRunningError, StorageError
from monitor.timefmt import utc_now

log = logging.getLogger(__name__)

# Locks this process holds: resolved path -> [fd, depth].
_HELD: dict[Path, list[int]] = {}


def _drop_inherited_locks() -> None:
    """In a forked child (an analysis worker): close the inherited lock descriptors.

    O_CLOEXEC covers exec, not fork: a forked worker shares the parent's open file, and so
    its flock. If the parent were SIGKILLed, a surviving worker would keep the daemon lock
    and the restarted daemon would be refused. Only close, never LOCK_UN: unlocking the
    shared file would release the parent's lock too.
    """
    for fd, _depth in _HELD.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@dataclass(frozen=True)
class LockOwner:
    pid: int | None
    started_at: str | None


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """``with InstanceLock(db_path):`` holds the database's daemon lock, or raises at once."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        key = self.path.resolve()
        if key in _HELD:
            _HELD[key][1] += 1
            self._fd = _HELD[key][0]
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise StorageError(f"cannot create the lock file {self.path}: {exc}; check folder permissions") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _read_owner(fd)
            os.close(fd)
            who = f"pid {owner.pid}" if owner.pid else "another process"
            since = f", running since {owner.started_at}" if owner.started_at else ""
            raise AlreadyRunningError(
                f"another monitor daemon is already running on {self.db_path} ({who}{since}); "
                f"stop it first (lock: {self.path})"
            ) from None
        started = utc_now()
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started_at": started}).encode() + b"\n", 0)
        self._fd = fd
        _HELD[key] = [fd, 1]
        log.debug("instance lock taken", extra={"path": str(self.path)})

    def release(self) -> None:
        if self._fd is None:
            return
        key = self.path.resolve()
        held = _HELD.get(key)
        self._fd = None
        if held is None:
            return
        held[1] -= 1
        if held[1] > 0:
            return
        del _HELD[key]
        fd = held[0]
        # Clear the owner before unlocking, so nobody reads our pid after we are gone.
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def lock_owner(db_path: Path) -> LockOwner | None:
    """Who holds the daemon lock on ``db_path`` right now, or None when no daemon runs."""
    path = lock_path(Path(db_path))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            # A shared lock succeeds only when no daemon holds the exclusive one.
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_owner(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read_owner(fd: int) -> LockOwner:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        pid = data.get("pid")
        return LockOwner(pid=int(pid) if pid else None, started_at=data.get("started_at"))
    except (OSError, ValueError, TypeError, AttributeError):
        # Written half-way by an owner that is starting right now: still refused, just vaguer.
        return LockOwner(pid=None, started_at=None)
