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
  An entry that fails the check or does not decode is dropped and counted in
  `stats.rejected`, and the value is computed again.
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

from . import __version__, codec
from .resources import GRAMMAR, PRELUDE, read

ENV = "PLANRULES_CACHE_DIR"
FILE = "cache.sqlite3"
_TEXT = b"text\0"  # marks an entry of plain text; a codec entry starts with JSON
KEEP_DAYS = 30  # entries unused for longer are removed when the cache is next written


class UnsafeCacheError(Exception):
    """The cache folder could be written by someone else, or cannot be used at all."""


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
        for module in sorted(Path(__file__).parent.glob("*.py")):
            h.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
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


class Cache:
    """A cache folder, opened; `get` and `put` values that `codec` can write."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.stats = Stats()
        _make_private(self.folder)
        path = self.folder / FILE
        try:
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            _check_private(path, is_dir=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS entries ("
                " key TEXT PRIMARY KEY, digest TEXT NOT NULL, payload BLOB NOT NULL, used REAL NOT NULL)"
            )
        except sqlite3.Error as error:
            raise UnsafeCacheError(f"cannot use the cache at {path}: {error}") from None
        self._pending: list[tuple[str, str, bytes, float]] = []

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
        try:
            row = self._db.execute("SELECT digest, payload FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            row = None
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
        self.stats.rejected += 1
        self.stats.misses += 1
        try:
            self._db.execute("DELETE FROM entries WHERE key = ?", (key,))
        except sqlite3.Error:
            pass
        return None

    def put(self, key: str, value: object) -> None:
        """Store `value` under `key` (written at `flush`, in one transaction)."""
        self.put_encoded(key, codec.encode(value))

    def put_encoded(self, key: str, text: str) -> None:
        """Store a value already encoded by `codec.encode` (a worker process encoded it)."""
        payload = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        self._pending.append((key, hashlib.sha256(payload).hexdigest(), payload, time.time()))

    def flush(self) -> None:
        """Write what was put and touched, in one transaction, and drop entries unused for KEEP_DAYS."""
        if not self._pending:
            return
        writes = [p for p in self._pending if p[2]]
        touches = [(used, key) for key, digest, payload, used in self._pending if not payload]
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT OR REPLACE INTO entries (key, digest, payload, used) VALUES (?, ?, ?, ?)", writes
                )
                self._db.executemany("UPDATE entries SET used = ? WHERE key = ?", touches)
                self._db.execute("DELETE FROM entries WHERE used < ?", (time.time() - KEEP_DAYS * 86400,))
        except sqlite3.Error as error:
            raise UnsafeCacheError(f"cannot write the cache at {self.folder / FILE}: {error}") from None
        self.stats.written += len(writes)
        self._pending.clear()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
        else:  # interrupted or failed: write nothing of this run
            self._pending.clear()
            self._db.close()


def _make_private(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UnsafeCacheError(f"cannot create the cache folder {folder}: {error.strerror or error}") from None
    _check_private(folder, is_dir=True)


def _check_private(path: Path, *, is_dir: bool) -> None:
    """Refuse a cache anyone but the user could have written (POSIX permissions)."""
    if not hasattr(os, "getuid"):
        return
    try:
        info = path.stat()  # a link is judged by what it points to: the owner and mode of the target
    except OSError as error:
        raise UnsafeCacheError(f"cannot use the cache at {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode) != is_dir:
        raise UnsafeCacheError(f"the cache at {path} is not a plain {'folder' if is_dir else 'file'}")
    if info.st_uid != os.getuid():
        raise UnsafeCacheError(f"the cache at {path} belongs to another user (uid {info.st_uid})")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCacheError(f"the cache at {path} can be written by other users; make it private (chmod 700)")
