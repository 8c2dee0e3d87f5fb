"""Shared fixtures and the Hypothesis profiles of the suite."""

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
SEEDS = ROOT.parent / "shared" / "seeds"

# The suite never reads or writes the user's own compile cache: every run,
# and every command it starts, gets a fresh private one.
os.environ["PLANRULES_CACHE_DIR"] = tempfile.mkdtemp(prefix="planrules-cache-")

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("fuzz", max_examples=20000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def plans_dir() -> Path:
    return PLANS


# ------------------------------------------------------------ PostgreSQL --

POSTGRES = os.environ.get("PLANRULES_TEST_POSTGRES", "")
POSTGRES_REQUIRED = os.environ.get("PLANRULES_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def server() -> str:
    """The connection string of the PostgreSQL test server, after checking that it answers.

    Without PLANRULES_TEST_POSTGRES the PostgreSQL tests skip, unless
    PLANRULES_REQUIRE_POSTGRES=1 (as .ci/run sets): then they fail, so CI
    never skips them silently.
    """
    if not POSTGRES:
        reason = ("no PostgreSQL server: set PLANRULES_TEST_POSTGRES to a connection string "
                  "(eval \"$(.ci/postgres.sh start)\" starts a throwaway one)")
        if POSTGRES_REQUIRED:
            pytest.fail(f"PLANRULES_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    import psycopg

    try:
        with psycopg.connect(POSTGRES, connect_timeout=10) as con:
            con.execute("SELECT 1")
    except psycopg.Error as error:
        pytest.fail(f"PLANRULES_TEST_POSTGRES does not answer: {error}", pytrace=False)
    return POSTGRES


def console_steps(text: str, where: str) -> list[tuple[str, str]]:
    """The (command, expected output) pairs of a console block of a page: `$ command` lines, then output.

    `where` names the block in the failure of a block that shows output before any command."""
    steps: list[tuple[str, list[str]]] = []
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"{where}: output before any command"
            steps[-1][1].append(line)
    return [(command, "\n".join(out)) for command, out in steps]
