"""Validate once: a table source that passed its checks is not checked again while it is unchanged.

Checking a national year's records (`table_checks`) reads every row of every
record table; evaluating the same, unchanged, data again need not. So a source
that passed its checks leaves, in the compile cache (`tooling.cache.Cache`,
handed to the source by the pipeline: `FactSource.cache`), an entry saying so,
under a key that hashes

- the source's **fingerprint** (`Engine.fingerprint`), which changes whenever its
  data may have: for a DuckDB file (and its write-ahead log) and for every Parquet
  or CSV file of a folder, its path, size, mtime_ns, ctime_ns, inode and device
  (`engines.Watched`; a file changed within `engines.RACY_NS` of when it was
  opened is compared by its content's SHA-256 as well, kept in the entry); for
  PostgreSQL, the cluster's WAL position (no committed change to a logged table
  leaves it where it was), or, only when asked (`trust_unchanged`,
  `--trust-unchanged-source`), the tables' statistics;
- what the checks depended on: the record kinds' declarations (their fields,
  types and categories; every declared kind's name and date field, which the
  `[reported]` zeros depend on even without a table), the tables and columns found (the mapping applied), the
  mapping itself, the period, and the code of planrules (`Cache.derived_key`).

The entry holds what the checks leave for the rest of the run: the spellings a
record kind's relation reads otherwise (`TableChecks.spellings`), and a mapping's
`[reported]` zeros (`mapping_shapes.reported_counts`: each reported kind, unit,
year and row that no record has, found by grouping every record), and the units
each record table names (`SmallTables.read`). The checks over every record (a
mapping's value maps' among them, `check_value_maps`; records and counts of the
same year, F134), and the SQL checks of counts and dates, are skipped.

A second entry keeps what reading the small tables gave (`light`): the light
facts (units, counts, values, deliveries, assessments, events, the `[reported]`
zeros and levels added: `SmallTables.read`, `mapping_shapes.adapted`), written by
`facts_codec`, and the units table's keys (`FactSource.unit_keys`). Its key adds,
to the validation's, everything that reading depends on besides: the whole
vocabulary in its order (every record kind, whose fields a count's conditions
name, and every metric, whose unit a reported value takes; without places), the
source's name and the origin each table's facts name, and the `[reported]` table's
columns; the digests of the racy files are kept in it and compared whenever it is
used, as the validation's are. It is read only when the validation
stands (`reused`), so the checks it skips passed on exactly these data; then
nothing is read from the small tables. A reading that found a problem raises it
(`FactsError`: the tables' problems are errors, a table source has no warning) and
leaves no entry, so a repeat reads them again and says the same; an entry holds
facts read without a finding. Written on the same proof as the validation's (the
fingerprint as it was before anything was read), including by a run that reused
the validation but had no such entry.

Never trusted blindly: the fingerprint is taken before the checks run and again
after they pass, and the entry is written only when both agree (a file changed
under the checks is checked again next time); an entry that does not match, does
not decode or holds anything but spellings of the kinds and columns found is
ignored, and the source checked afresh. A source whose fingerprint cannot prove it
unchanged (a view of a DuckDB file, which may compute its rows; a PostgreSQL
foreign table; no cache) is checked every time.
"""

from __future__ import annotations

import datetime as _dt
import json
import time

import attrs

from ..language.vocabulary import Vocabulary
from . import facts_codec
from . import model as f
from .engines import Fingerprint, content_digest

__all__ = ["Validation"]


class Validation:
    """One source's validation: whether an earlier one can stand for it (`reused`), and leaving this one's.

    `source` a `FactSource` (its `cache`, `engine`, `mapping`, `trust_unchanged`, `name` and `origin_of`),
    `tables` the tables found (name -> {column: type}), `period` the facts' period, `reported` the mapped
    `[reported]` table's columns (None: none).
    """

    def __init__(self, source, vocabulary: Vocabulary, tables: dict[str, dict[str, str]],
                 period: tuple[_dt.date, _dt.date] | None, reported: dict[str, str] | None = None):
        self.source = source
        self.vocabulary = vocabulary
        self.all_tables = tables
        self.reported = reported
        self.tables = {kind: columns for kind, columns in tables.items() if kind in vocabulary.kinds}
        self.kinds = frozenset(vocabulary.kinds)
        self.reused = False
        self.light_reused = False  # what reading the small tables gave came from the cache (`light`)
        self._light: str | None = None  # (`light_key`)
        self.seconds = 0.0  # what the checks took (reused: what they took when they ran)
        self.started = time.monotonic()
        self.key: str | None = None
        self.before: Fingerprint | None = None
        self.contents: dict[str, str] = {}  # a racy file's SHA-256 (`engines.RACY_NS`), as the checks began
        self.zeros: list[list] | None = None  # the `[reported]` zeros: [kind, unit, year, row] (None: not found)
        self.record_units: dict[str, list[str]] | None = None  # kind -> the units its records name
        cache = source.cache
        if cache is None:
            return
        self.before = source.engine.fingerprint(source.trust_unchanged)
        if self.before is None:
            return
        for path in self.before.racy:
            digest = content_digest(path)
            if digest is None:
                self.before = None
                return
            self.contents[path] = digest
        kinds = [(kind, _declared(decl)) for kind, decl in sorted(vocabulary.kinds.items()) if kind in tables]
        dated = [(kind, getattr(vocabulary.date_field(kind), "name", None)) for kind in sorted(vocabulary.kinds)]
        depends = json.dumps([kinds, dated, sorted((t, list(c.items())) for t, c in tables.items()),
                              repr(source.mapping), [str(d) for d in period or ()]], ensure_ascii=False)
        self.key = cache.derived_key(self.before.state, "validation", depends)

    def spellings(self) -> dict[str, dict[str, dict[str, str]]] | None:
        """What an earlier validation of the unchanged source left (`TableChecks.spellings`), or None: validate."""
        if self.key is None:
            return None
        text = self.source.cache.get_text(self.key)
        if text is None:
            return None
        try:
            found = json.loads(text)
        except ValueError:
            return None
        if not self._sound(found):
            return None
        if any(content_digest(path) != digest for path, digest in found["contents"].items()):
            return None  # a file written just before it was checked, whose times tell nothing: its bytes changed
        self.reused, self.seconds, self.zeros = True, float(found["seconds"]), found["zeros"]
        self.record_units = found["record_units"]
        return found["spellings"]

    def _sound(self, found: object) -> bool:
        """An entry as `remember` writes it: spellings (text -> text) of columns of the record tables found (of
        the kinds declared), the digests of the racy files (path -> SHA-256), the seconds the checks took, the
        `[reported]` zeros (None, or [kind found, unit, year, row] each), the units of every record table found."""
        if not isinstance(found, dict) or set(found) != {"spellings", "contents", "seconds", "zeros",
                                                         "record_units"} or \
                not isinstance(found["spellings"], dict) or not isinstance(found["contents"], dict) or \
                type(found["seconds"]) not in (int, float) or not 0 <= found["seconds"] < 1e9:
            return False
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in found["contents"].items()):
            return False
        zeros = found["zeros"]
        if zeros is not None and (not isinstance(zeros, list) or not all(
                isinstance(z, list) and len(z) == 4 and z[0] in self.kinds and isinstance(z[1], str) and
                type(z[2]) is int and type(z[3]) is int for z in zeros)):
            return False
        named = found["record_units"]  # every record table's: a run that reuses them reads none
        if not isinstance(named, dict) or set(named) != set(self.tables) or not all(
                isinstance(units, list) and all(isinstance(u, str) for u in units) for units in named.values()):
            return False
        for kind, columns in found["spellings"].items():
            if kind not in self.tables or not isinstance(columns, dict):
                return False
            for column, spelled in columns.items():
                if column not in self.tables[kind] or not isinstance(spelled, dict):
                    return False
                if not all(isinstance(k, str) and isinstance(v, str) for k, v in spelled.items()):
                    return False
        return True

    def light(self) -> tuple[f.Facts, dict[str, str] | None] | None:
        """What reading the small tables gave when the validation that stands for this one ran, or a run since
        (the light facts, the units table's keys), or None: read them."""
        if not self.reused:  # the checks run now: the small tables are read with them (F134 among them)
            return None
        text = self.source.cache.get_text(self.light_key())
        if text is None:
            return None
        said, _, facts = text.partition("\n")
        try:
            said = json.loads(said)
            keys, contents = said["unit_keys"], said["contents"]
            if keys is not None and not (isinstance(keys, dict) and all(
                    type(k) is str and type(v) is str for k, v in keys.items())):
                return None
            if not isinstance(contents, dict) or any(type(digest) is not str or content_digest(path) != digest
                                                     for path, digest in contents.items()):
                return None  # a file written just before it was read, whose times tell nothing: its bytes changed
            kept = facts_codec.decode(facts), keys
        except (ValueError, TypeError, KeyError, facts_codec.CodecError):  # not an entry `remember` wrote
            return None
        self.light_reused = True
        return kept

    def light_key(self) -> str:
        """The key of what reading the small tables gave: the validation's, and all else the reading depends on."""
        if self._light is None:
            self._light = self._light_depends()
        return self._light

    def _light_depends(self) -> str:
        vocabulary = [[(kind, _declared(decl)) for kind, decl in self.vocabulary.kinds.items()],
                      [(name, _declared(metric)) for name, metric in self.vocabulary.metrics.items()]]
        read = sorted(self.all_tables) + (["reported"] if self.reported is not None else [])
        origins = [(table, self.source.origin_of(table)) for table in read]
        depends = json.dumps([self.source.name, origins, sorted((self.reported or {}).items()), vocabulary],
                             ensure_ascii=False)
        return self.source.cache.derived_key(self.key, "small tables", depends)

    def checked(self) -> None:
        """The checks are over (passed or not): what they took is `seconds`."""
        self.seconds = time.monotonic() - self.started

    def remember(self, spellings: dict[str, dict[str, dict[str, str]]], light: f.Facts | None = None,
                 unit_keys: dict[str, str] | None = None) -> None:
        """Leave this passed validation, and what reading the small tables gave (`light`, `unit_keys`; None: it
        came from the cache), for the next run, if the source is as it was when the checks began."""
        if self.key is None or (self.reused and light is None):
            return
        if self.source.engine.fingerprint(self.source.trust_unchanged) != self.before or \
                any(content_digest(path) != digest for path, digest in self.contents.items()):
            return  # changed under the checks, or while the tables were read: not what is there now
        if not self.reused:
            self.source.cache.put_text(self.key, json.dumps({
                "spellings": spellings, "contents": self.contents, "seconds": self.seconds, "zeros": self.zeros,
                "record_units": self.record_units}, ensure_ascii=False))
        if light is not None:
            said = json.dumps({"unit_keys": unit_keys, "contents": self.contents},  # one line: no newline in JSON
                              ensure_ascii=False)
            self.source.cache.put_text(self.light_key(), f"{said}\n{facts_codec.encode(light)}")


def _declared(decl) -> object:
    """A record kind's fields, types and categories, without their places in a plan (a plan edited above its
    declarations checks the same)."""
    return repr(attrs.asdict(decl, filter=lambda a, _: a.name != "span"))
