"""The compile cache: parsed plans and check results kept between runs, keyed by content.

Parsing is most of the cost of `planrules check` (three quarters of it on the
generated national corpus), and a library of thousands of plans mostly does
not change between two runs. So each parsed plan is stored under a key that
hashes its file name, its text and the code of planrules itself (the version,
every module, the grammar and the prelude): a plan is parsed again exactly when
one of those changed. The findings of a check are stored under a key that
hashes the keys of every plan checked together, so editing any plan, a parent
above all, invalidates them, and a check of an unchanged library reads its
findings back without parsing anything.

Where and how:

- the folder is `$PLANRULES_CACHE_DIR`, else the user's cache directory
  (`platformdirs.user_cache_dir("planrules")`, e.g. ~/.cache/planrules);
- it must belong to the user and not be writable by anyone else (it is
  created so): a folder others can write to is refused (`UnsafeCacheError`),
  because whatever it holds would be believed;
- entries live in one SQLite database (transactions: an interrupted run leaves
  no half-written entry), as zlib-compressed JSON written by `codec`, never
  pickle; each carries the SHA-256 of its bytes, checked before it is decoded.
  An entry that fails the check or does not decode (`codec` checks the type of
  every field) is dropped and counted in `stats.rejected`, and the value is
  computed again;
- a cache that cannot be written (a full disk, a read-only file, locked by
  another run for more than `LOCK_TIMEOUT` seconds) costs the run nothing but
  its entries: `flush` keeps the reason in `write_error` and drops them, and
  the command says so and keeps its own exit status.

Trust. Whoever can write the cache can change what planrules reports: the
SHA-256 beside each entry detects corruption, not forgery, since a forger
writes the digest too, and `codec` only guarantees that an entry builds
planrules' own values, not that they are the true ones. So the cache is
believed only when this user on this machine made it: the database records
its owner (`owner()`: the user id and the machine id) in a `meta` table, and a
cache recorded as someone else's (copied from another user or machine,
restored from a backup) is refused with `UnsafeCacheError`, unless
`$PLANRULES_TRUST_CACHE` is 1 (the cache is then taken over). A cache without
an owner (written before owners were recorded) is emptied before it is used.
A folder or file of another user, or one others can write to, is refused
whatever it says.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
import zlib
from pathlib import Path

from attrs import define

from .. import __version__

from ..language import codec
from ..base.resources import GRAMMAR, PRELUDE, read
from .messages import ToolingMessage

ENV = "PLANRULES_CACHE_DIR"
TRUST_ENV = "PLANRULES_TRUST_CACHE"  # 1: use a cache another user or machine made (and take it over)
LOCK_TIMEOUT = 30.0  # seconds to wait for another run's transaction before giving up writing
_COLUMNS = ["key", "digest", "payload", "used"]
FILE = "cache.sqlite3"
_TEXT = b"text\0"  # marks an entry of plain text; a codec entry starts with JSON
KEEP_DAYS = 30  # entries unused for longer are removed when the cache is next written


class UnsafeCacheError(Exception):
    """The cache folder could be written by someone else, or cannot be used at all; `message` says why, in
    both languages (its English is the exception's text)."""

    def __init__(self, key: str, **args: object) -> None:
        self.message = ToolingMessage.of(key, **args)
        super().__init__(self.message.text("en"))


def owner() -> str:
    """Who makes and believes this cache: the user id and the machine id (or, without one, the host name)."""
    import socket

    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "?")
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            machine = Path(path).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if machine:
            return f"{user}@{machine}"
    return f"{user}@{socket.gethostname()}"


def default_folder() -> Path:
    """`$PLANRULES_CACHE_DIR`, else the platform's per-user cache folder for planrules."""
    chosen = os.environ.get(ENV)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("planrules", appauthor=False))


_CODE: str | None = None


def code_digest() -> str:
    """A hash of everything that decides what planrules makes of a plan: its version, modules, grammar and prelude."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256(__version__.encode())
        package = Path(__file__).parents[1]
        for module in sorted(package.rglob("*.py")):
            h.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes() + b"\0")
        for resource in (GRAMMAR, PRELUDE):
            h.update(read(resource).encode() + b"\0")
        _CODE = h.hexdigest()
    return _CODE


def plan_key(path: str, content: str | bytes) -> str:
    """The key of the parsed plan read from `path` with `content` (its text, or the UTF-8 bytes of it)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    h = hashlib.sha256(f"{code_digest()}\0plan\0{path}\0".encode("utf-8", "surrogatepass"))
    h.update(data)
    return h.hexdigest()


def check_key(plan_keys: list[tuple[str, str]]) -> str:
    """The key of the findings of checking, together, the plans (path, plan key) given."""
    return _hash("check", *(f"{path}\0{key}" for path, key in sorted(plan_keys)))


def derived_key(key: str, kind: str, *parts: str) -> str:
    """The key of something computed from the value under `key` (e.g. its printed form in one language)."""
    return _hash(kind, key, *parts)


def _hash(kind: str, *parts: str) -> str:
    h = hashlib.sha256(f"{code_digest()}\0{kind}".encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@define
class Stats:
    """What one run got from the cache."""

    hits: int = 0
    misses: int = 0
    rejected: int = 0  # entries that failed verification and were dropped
    written: int = 0
    unwritten: int = 0  # entries of this run dropped because the cache could not be written


class Cache:
    """A cache folder, opened; `get` and `put` values that `codec` can write.

    The stages that use a cache (`language.library`, `checks.check`) are given
    one and ask it for their keys through the methods below, so no stage
    imports this module: the cache is wired in from above, by the pipeline.
    """

    plan_key = staticmethod(plan_key)
    check_key = staticmethod(check_key)
    derived_key = staticmethod(derived_key)

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.stats = Stats()
        _make_private(self.folder)
        path = self.folder / FILE
        try:
            self._db = sqlite3.connect(path, timeout=LOCK_TIMEOUT, isolation_level=None)
            _check_private(path, is_dir=False)
            for companion in ("-wal", "-shm", "-journal"):  # SQLite reads them as part of the database
                if os.path.lexists(f"{path}{companion}"):
                    _check_private(Path(f"{path}{companion}"), is_dir=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS entries ("
                " key TEXT PRIMARY KEY, digest TEXT NOT NULL, payload BLOB NOT NULL, used REAL NOT NULL)"
            )
            self._claim(path)
        except sqlite3.Error as error:
            if hasattr(self, "_db"):
                self._db.close()
            raise UnsafeCacheError("cache_unusable", path=str(path), reason=str(error)) from None
        except UnsafeCacheError:
            self._db.close()
            raise
        self._pending: list[tuple[str, str, bytes, float]] = []
        self._dropped: list[tuple[str]] = []
        self._readable = True
        self.write_error: str | None = None  # why this run's entries could not be written, if they could not

    def _claim(self, path: Path) -> None:
        """Refuse a database planrules did not make, or that another user or machine made (unless trusted)."""
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(entries)")]
        if columns != _COLUMNS:
            raise UnsafeCacheError("cache_foreign_table", path=str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = self._db.execute("SELECT value FROM meta WHERE name = 'owner'").fetchone()
        recorded, me = (row[0] if row else None), owner()
        if recorded == me:
            return
        if recorded is not None and os.environ.get(TRUST_ENV) != "1":
            raise UnsafeCacheError("cache_other_owner", path=str(path), recorded=recorded, me=me, env=TRUST_ENV)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if recorded is None:  # written before owners were recorded, or restored without one: not believed
                self._db.execute("DELETE FROM entries")
            self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('owner', ?)", (me,))

    @classmethod
    def default(cls) -> "Cache":
        return cls(default_folder())

    def get(self, key: str) -> object | None:
        """The value stored under `key`, verified and decoded; None when there is none (or it was rejected)."""
        payload = self._verified(key)
        if payload is None:
            return None
        if payload.startswith(_TEXT):
            return self._reject(key)
        try:
            value = codec.decode(payload.decode("utf-8", "surrogatepass"))  # a file name not UTF-8 is kept
        except (codec.CodecError, UnicodeDecodeError):
            return self._reject(key)
        self.stats.hits += 1
        self._pending.append((key, "", b"", time.time()))  # a touch: keeps the entry alive
        return value

    def get_text(self, key: str) -> str | None:
        """Text stored by `put_text` under `key`, verified; None when there is none (or it was rejected)."""
        payload = self._verified(key)
        if payload is None:
            return None
        if not payload.startswith(_TEXT):
            return self._reject(key)
        try:
            text = payload[len(_TEXT):].decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return self._reject(key)
        self.stats.hits += 1
        self._pending.append((key, "", b"", time.time()))
        return text

    def put_text(self, key: str, text: str) -> None:
        """Store plain text (a printed report) under `key`: no JSON, no copy beyond its UTF-8 bytes."""
        payload = zlib.compress(_TEXT + text.encode("utf-8", "surrogatepass"), 1)
        self._pending.append((key, hashlib.sha256(payload).hexdigest(), payload, time.time()))

    def _verified(self, key: str) -> bytes | None:
        row = None
        if self._readable:
            try:
                row = self._db.execute("SELECT digest, payload FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:  # locked since it was opened: each read would wait LOCK_TIMEOUT again
                self._readable = False
        if row is None:
            self.stats.misses += 1
            return None
        digest, payload = row
        if not isinstance(payload, bytes) or hashlib.sha256(payload).hexdigest() != digest:
            return self._reject(key)
        try:
            return zlib.decompress(payload)
        except zlib.error:
            return self._reject(key)

    def _reject(self, key: str) -> None:
        """Count a bad entry and drop it with the run's writes (a lock never makes a read wait)."""
        self.stats.rejected += 1
        self.stats.misses += 1
        self._dropped.append((key,))
        return None

    def put(self, key: str, value: object) -> None:
        """Store `value` under `key` (written at `flush`, in one transaction)."""
        self.put_encoded(key, codec.encode(value))

    def put_encoded(self, key: str, text: str) -> None:
        """Store a value already encoded by `codec.encode` (a worker process encoded it)."""
        payload = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        self._pending.append((key, hashlib.sha256(payload).hexdigest(), payload, time.time()))

    def flush(self) -> bool:
        """Write what was put, touched and rejected, in one transaction, and drop entries unused for KEEP_DAYS.

        Never raises: a cache that cannot be written (full disk, read-only,
        locked past `LOCK_TIMEOUT`) loses this run's entries, not the run.
        The reason is kept in `write_error`; False says nothing was written.
        """
        if not self._pending and not self._dropped:
            return True
        writes = [p for p in self._pending if p[2]]
        touches = [(used, key) for key, digest, payload, used in self._pending if not payload]
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM entries WHERE key = ?", self._dropped)
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries (key, digest, payload, used) VALUES (?, ?, ?, ?)", writes
                )
                self._db.executemany("UPDATE entries SET used = ? WHERE key = ?", touches)
                self._db.execute("DELETE FROM entries WHERE used < ?", (time.time() - KEEP_DAYS * 86400,))
        except sqlite3.Error as error:
            self.write_error = str(error)
            self.stats.unwritten += len(writes)
            return False
        finally:
            self._pending.clear()
            self._dropped.clear()
        self.stats.written += len(writes)
        return True

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._close()

    def _close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:  # nothing is pending: whatever the database says now changes nothing
            pass

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
        else:  # interrupted or failed: write nothing of this run
            self._pending.clear()
            self._dropped.clear()
            self._close()


def _make_private(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UnsafeCacheError("cache_no_folder", path=str(folder), reason=error.strerror or str(error)) from None
    _check_private(folder, is_dir=True)


def _check_private(path: Path, *, is_dir: bool) -> None:
    """Refuse a cache anyone but the user could have written (POSIX permissions)."""
    if not hasattr(os, "getuid"):
        return
    try:
        info = path.stat()  # a link is judged by what it points to: the owner and mode of the target
    except OSError as error:
        raise UnsafeCacheError("cache_unusable", path=str(path), reason=error.strerror or str(error)) from None
    if stat.S_ISDIR(info.st_mode) != is_dir:
        what = ToolingMessage.of("cache_plain_folder" if is_dir else "cache_plain_file")
        raise UnsafeCacheError("cache_not_plain", path=str(path), what=(what.text("en"), what.text("vi")))
    if info.st_uid != os.getuid():
        raise UnsafeCacheError("cache_other_user", path=str(path), uid=info.st_uid)
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCacheError("cache_shared", path=str(path))
