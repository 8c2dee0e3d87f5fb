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
