"""Shared fixtures and the Hypothesis profiles of the suite."""

import contextlib
import os
import signal
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
# The outputs the suite expects are in each command's default language: a PLANRULES_LANG set by the user
# (docs/reports.md, "Language") would turn them all; the tests that need it set it themselves.
os.environ.pop("PLANRULES_LANG", None)

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


@pytest.fixture
def still_server(server) -> str:
    """`server`, with no other test of the run writing to it meanwhile: for the tests that need its WAL
    position to stand still (an unchanged source proved unchanged, docs/sql.md "Validate once").

    Under pytest-xdist the other workers' tests write to the same server; every test using `server` holds a
    shared lock on one file for its duration (`_postgres_turn`), this one an exclusive lock, so it waits for
    them and they for it. The server's own WAL (a checkpoint, autovacuum of the catalogue) may still move:
    those tests retry a few times, as any user would see the source checked again.
    """
    return server


def _lock_file() -> Path:
    import hashlib

    name = hashlib.sha256(POSTGRES.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"planrules-test-postgres-{name}.lock"


@pytest.fixture(autouse=True)
def _postgres_turn(request):
    """A shared lock for a test using the PostgreSQL server, an exclusive one for a test using `still_server`
    (one open file each: a process never asks for both)."""
    names = request.fixturenames
    if not POSTGRES or ("server" not in names and "still_server" not in names):
        yield
        return
    import fcntl

    with open(_lock_file(), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if "still_server" in names else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ------------------------------------------------------------ Chromium --

BROWSER_REQUIRED = os.environ.get("PLANRULES_REQUIRE_BROWSER") == "1"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium, with a fresh profile.

    Without them the browser tests skip, unless PLANRULES_REQUIRE_BROWSER=1 (as .ci/run sets): then they
    fail, so CI never skips them silently. Selenium is given both paths, so it downloads nothing.
    """
    import shutil

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        reason = (f"no headless browser: {', '.join(missing)} missing "
                  "(apt-get install --no-install-recommends chromium chromium-driver)")
        if BROWSER_REQUIRED:
            pytest.fail(f"PLANRULES_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="planrules-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                 "--window-size=1280,1500"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


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


class Hung(Exception):
    """Raised by `hang_guard` when the guarded code has not finished in time."""


@contextlib.contextmanager
def hang_guard(seconds: float = 60.0):
    """Fail, rather than wait for ever, if the block runs past `seconds` of wall time.

    A guard against hangs and blow-ups (a quadratic path on a large input runs for minutes),
    not a measure of speed: the limit is far above what the block takes on a loaded machine,
    and speed is measured by bench/ scripts. Uses SIGALRM, so only in the main thread.
    """
    def expired(signum, frame):
        raise Hung(f"did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
