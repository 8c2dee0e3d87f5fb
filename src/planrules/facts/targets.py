"""What a `--facts` target names: a PostgreSQL connection string, a database file, a Parquet folder.

Light on purpose — no driver is imported here — so that `load_facts` can tell a
table source from TOML and CSV files without loading any database module, and
so that no message ever shows a connection string's password (`redacted`,
`shown_target`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["describe", "is_conninfo", "is_source", "libpq_conninfo", "redacted", "shown_target"]

_SCHEME = re.compile(r"\s*postgres(?:ql)?://", re.IGNORECASE)
_PAIR = re.compile(r"\s*[A-Za-z_]+\s*=")
_USERINFO = re.compile(r"://(?P<info>.*)@", re.DOTALL)
_PASSWORD_PAIR = re.compile(r"password\s*=\s*(?P<value>'(?:[^'\\]|\\.)*'?|[^\s&#]*)", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')


def is_conninfo(target: str | os.PathLike) -> bool:
    """Is `target` a PostgreSQL connection string, by its shape? A `postgresql://` or `postgres://` URL, in any
    case, or libpq's `key=value` pairs (`host=db dbname=x`) that name no existing file."""
    text = os.fspath(target)
    if not isinstance(text, str):
        return False
    return bool(_SCHEME.match(text)) or (bool(_PAIR.match(text)) and not _exists(text))


def _exists(text: str) -> bool:
    try:
        return os.path.lexists(text)
    except (OSError, ValueError):
        return False


def libpq_conninfo(text: str) -> str:
    """`text` as libpq takes it: a URL's scheme in lower case (libpq reads `POSTGRESQL://` as a key)."""
    found = _SCHEME.match(text)
    return found.group().strip().lower() + text[found.end():] if found else text


def _secrets(conninfo: str) -> list[str]:
    """Every spelling of the password(s) `conninfo` may hold, longest first.

    The driver's own parser gives the password of a well-formed string; a malformed one (an unclosed
    `[`, a bad percent-escape) is searched by shape as well: a URL's user information after the first
    `:`, and every `password=` value, raw and percent-decoded."""
    from urllib.parse import unquote

    found: set[str] = set()
    try:
        from psycopg.conninfo import conninfo_to_dict

        found.add(str(conninfo_to_dict(conninfo).get("password") or ""))
    except Exception:  # noqa: BLE001 - a malformed string, or no driver: the shapes below still apply
        pass
    userinfo = _USERINFO.search(conninfo)
    if userinfo and ":" in userinfo["info"]:
        found.add(userinfo["info"].split(":", 1)[1])
    for pair in _PASSWORD_PAIR.finditer(conninfo):
        value = pair["value"]
        found.update({value, value.strip("'")})
    found |= {unquote(s) for s in found}
    return sorted((s for s in found if s), key=len, reverse=True)


def redacted(text: str, conninfo: str) -> str:
    """`text` (a driver's message, a path shown) with nothing of `conninfo`'s password left.

    libpq quotes what it cannot read, often the whole URL: a quoted part that holds a secret, or any
    quoted part of a string that cannot be parsed, becomes "…"; then each spelling of the password
    becomes `***`."""
    secrets = _secrets(conninfo)

    def hide(quoted: re.Match) -> str:
        inner = quoted.group()[1:-1]
        if any(s in inner for s in secrets) or (len(inner) > 1 and inner in conninfo):
            return '"…"'
        return quoted.group()

    text = _QUOTED.sub(hide, text)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def shown_target(target: str | os.PathLike) -> str:
    """How messages name a `--facts` argument: a connection string as `postgresql://host:port/dbname` (or, when
    it cannot be read, redacted), anything else as given."""
    text = os.fspath(target)
    if not is_conninfo(text):
        return text
    try:
        return redacted(describe(text), text)
    except Exception:  # noqa: BLE001 - malformed, or no driver to read it
        return redacted(text, text)


def is_source(target: str | os.PathLike) -> bool:
    """Does `target` name a table source (rather than TOML/CSV files for `load_facts`)?"""
    text = os.fspath(target)
    if is_conninfo(text):
        return True
    path = Path(text)
    if path.is_file():
        return path.suffix in (".duckdb", ".db")
    if path.is_dir():
        return any(p.suffix == ".parquet" for p in path.iterdir())
    return False


def describe(conninfo: str | dict, schema: str = "public") -> str:
    """How errors and record labels name the database: `postgresql://host:port/dbname`, never a password."""
    import psycopg

    info = psycopg.conninfo.conninfo_to_dict(libpq_conninfo(conninfo)) if isinstance(conninfo, str) else conninfo
    host = str(info.get("host") or info.get("hostaddr") or "")
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{host}{port}/{info.get('dbname') or ''}" + (
        f", schema {schema}" if schema != "public" else "")
