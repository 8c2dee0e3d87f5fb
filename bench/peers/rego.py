"""Running commune.rego with regopy (rego-cpp): the policy-as-code peer.

The policy is compiled once into a bundle (`Interpreter.build`); each commune
is then one `set_input_term` (loading, not timed) and one `query_bundle` (timed). Building the input document (dates as
ISO strings, durations as integers in 1/scale of a day so comparisons stay
exact without fractions, thresholds as numerator and denominator) is the
peer's equivalent of loading facts: `prepare` does it outside the timed part.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from fractions import Fraction
from pathlib import Path

from .rulebook import DAYS, Target, UnitData

POLICY = Path(__file__).with_name("commune.rego")
QUERY = "data.commune.verdicts"


def interpreter():
    """An interpreter with the policy loaded, and the bundle of the query compiled from it."""
    from regopy import Interpreter

    rego = Interpreter()
    rego.add_module("commune", POLICY.read_text(encoding="utf-8"))
    return rego, rego.build(QUERY)


def _plain(value, scale: int):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        scaled = value * scale
        assert scaled.denominator == 1
        return int(scaled)
    return value


def document(units: dict[str, UnitData], table: list[Target], as_of: dt.date) -> dict:
    """The commune's input document, as plain JSON-able values."""
    scale = 1
    for unit in units.values():
        for records in unit.records.values():
            for r in records:
                for key in DAYS:
                    value = r.get(key)
                    if value is not None:
                        scale = math.lcm(scale, Fraction(value).denominator)
    for t in table:
        if t.metric == "thời_lượng_hội_nghị":
            scale = math.lcm(scale, t.limit.denominator)
    return {
        "as_of": as_of.isoformat(),
        "scale": scale,
        "targets": [{
            "id": t.id, "metric": t.metric, "category": t.category, "at_least": t.at_least,
            "num": t.limit.numerator, "den": t.limit.denominator, "year": t.year, "first_year": t.first_year,
            "start": t.start.isoformat(), "leads": sorted(t.leads) if t.leads is not None else None,
            "issued": t.issued.isoformat() if t.issued is not None else None,
        } for t in table],
        "units": {name: {
            "names": {n: True for n in sorted(unit.names)},
            "records": {kind: [{k: _plain(v, scale) for k, v in r.items()} for r in records]
                        for kind, records in unit.records.items()},
            "counts": [{"kind": kind, "year": year, "where": dict(where), "count": n}
                       for (kind, year, where), n in unit.counts.items()],
        } for name, unit in units.items()},
    }


def prepare(units: dict[str, UnitData], table: list[Target], as_of: dt.date) -> str:
    """The input document as JSON text (not timed).

    regopy's `Input` objects are not used: handing one to `set_input` and
    letting Python free it later corrupts the heap (a "double free" that
    surfaced later inside DuckDB in the same process), so the input goes in as
    JSON text, which rego-cpp copies into its own terms.
    """
    return json.dumps(document(units, table, as_of), ensure_ascii=False)


def load(rego, prepared: str) -> None:
    """Hand the input to the interpreter (rego-cpp parses it into its own terms): part of loading, not timed."""
    rego.set_input_term(prepared)


def run(rego, bundle) -> list[dict]:
    """The timed part: the query over the input last loaded, one commune's verdicts as the policy returns them."""
    output = rego.query_bundle(bundle)
    if not output.results:
        raise RuntimeError(f"regopy: {output}")
    return output.results[0].expressions[0]


def verdicts(raw: list[dict]) -> dict[tuple, tuple]:
    """The policy's answer as {(unit, rule, period): (status, Fraction | None)}."""
    return {(v["unit"], v["rule"], v["period"]): (v["status"], None if v["num"] is None else Fraction(v["num"], v["den"]))
            for v in raw}
