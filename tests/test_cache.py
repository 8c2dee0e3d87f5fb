"""The compile cache: the same findings and reports with it as without, nothing parsed twice, nothing trusted blindly."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planrules.language import library as library_module
from planrules import strategies as ps
from planrules.tooling.cache import Cache, UnsafeCacheError
from planrules.checks.check import check_files
from planrules.tooling.cli import run

from conftest import PLANS, ROOT

VU_DUONG = "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
NATIONAL = "quoc-gia/qd-534-ttg.plan"


@pytest.fixture
def plans(tmp_path):
    """A private copy of the bundled plans, free to edit."""
    copy = tmp_path / "plans"
    shutil.copytree(PLANS, copy)
    return copy


@pytest.fixture
def parses(monkeypatch):
    """The files parsed from text (not read back from the cache), in order."""
    seen: list[str] = []
    real = library_module._parse_text

    def counting(text, path):
        seen.append(path)
        return real(text, path)

    monkeypatch.setattr(library_module, "_parse_text", counting)
    return seen


def rendered(run_):
    return [d.render("en") for d in run_.findings]


def test_an_unchanged_library_is_checked_without_parsing(plans, tmp_path, parses):
    uncached = check_files([plans])
    parses.clear()
    with Cache(tmp_path / "c") as cache:
        cold = check_files([plans], cache=cache)
    assert len(parses) == len(list(plans.rglob("*.plan"))) and not cold.cached
    parses.clear()
    with Cache(tmp_path / "c") as cache:
        warm = check_files([plans], cache=cache)
        assert cache.stats.hits >= 1 and cache.stats.misses == 0
    assert parses == [] and warm.cached
    assert warm.findings == cold.findings == uncached.findings
    assert rendered(warm) == rendered(cold) == rendered(uncached)  # the lines shown under the caret too


def test_editing_a_parent_reparses_it_alone_and_checks_again(plans, tmp_path, parses):
    with Cache(tmp_path / "c") as cache:
        before = check_files([plans], cache=cache)
    parent = plans / NATIONAL
    text = parent.read_text(encoding="utf-8")
    stated = "tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% hằng năm"
    assert stated in text
    parent.write_text(text.replace(stated, stated.replace("60%", "70%")), encoding="utf-8")
    parses.clear()
    with Cache(tmp_path / "c") as cache:
        again = check_files([plans], cache=cache)
    assert parses == [str(parent)] and not again.cached
    assert rendered(again) == rendered(check_files([plans]))
    # the children now keep a weaker target than its parent: the cached findings would have hidden it
    assert rendered(again) != rendered(before) and any(d.code == "I301" for d in again.findings)


def test_a_corrupted_entry_is_rejected_and_computed_again(plans, tmp_path):
    with Cache(tmp_path / "c") as cache:
        expected = check_files([plans], cache=cache)
    db = sqlite3.connect(tmp_path / "c" / "cache.sqlite3")
    with db:
        db.execute("UPDATE entries SET payload = substr(payload, 1, length(payload) / 2)")
    db.close()
    with Cache(tmp_path / "c") as cache:
        again = check_files([plans], cache=cache)
        assert cache.stats.rejected >= 1 and cache.stats.hits == 0
    assert rendered(again) == rendered(expected) and not again.cached


def test_a_forged_entry_with_a_matching_digest_still_only_builds_our_classes(plans, tmp_path):
    import hashlib
    import zlib

    with Cache(tmp_path / "c") as cache:
        expected = check_files([plans], cache=cache)
    forged = zlib.compress(b'{"@":"Popen","args":["touch","/tmp/planrules-pwned"]}')
    db = sqlite3.connect(tmp_path / "c" / "cache.sqlite3")
    with db:
        db.execute("UPDATE entries SET payload = ?, digest = ?", (forged, hashlib.sha256(forged).hexdigest()))
    db.close()
    with Cache(tmp_path / "c") as cache:
        again = check_files([plans], cache=cache)
        assert cache.stats.rejected >= 1
    assert rendered(again) == rendered(expected)
    assert not os.path.exists("/tmp/planrules-pwned")


def test_parsing_in_two_processes_gives_the_same_findings(plans, tmp_path):
    one = check_files([plans])
    with Cache(tmp_path / "c") as cache:
        two = check_files([plans], cache=cache, jobs=2)
    assert rendered(two) == rendered(one)


def test_a_folder_others_can_write_is_refused(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(UnsafeCacheError, match="written by other users"):
        Cache(folder)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="only root can give a folder away")
def test_a_folder_of_another_user_is_refused(tmp_path):
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(UnsafeCacheError, match="another user"):
        Cache(folder)


def test_the_cache_folder_is_created_private(tmp_path):
    Cache(tmp_path / "new" / "cache").close()
    assert (tmp_path / "new" / "cache").stat().st_mode & 0o777 == 0o700


def test_an_interrupted_run_writes_nothing(plans, tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with Cache(tmp_path / "c") as cache:
            check_files([plans], cache=cache)
            raise KeyboardInterrupt
    with Cache(tmp_path / "c") as cache:
        assert not check_files([plans], cache=cache).cached
        assert cache.stats.hits == 0


def cli(*argv, env=None):
    import io

    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_check_prints_the_same_with_a_cold_a_warm_and_no_cache(plans, tmp_path, monkeypatch, parses):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    for lang in ("en", "vi"):
        for fmt in ("text", "json"):
            none = cli("check", str(plans), "--no-cache", "--lang", lang, "--format", fmt)
            cold = cli("check", str(plans), "--lang", lang, "--format", fmt, "--jobs", "2")
            parses.clear()
            warm = cli("check", str(plans), "--lang", lang, "--format", fmt)
            assert parses == []
            assert none == cold == warm and none[1]


def test_no_cache_leaves_the_cache_folder_untouched(plans, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    cli("check", str(plans), "--no-cache")
    assert not (tmp_path / "c").exists()


def test_an_unsafe_cache_is_said_and_the_check_still_runs(plans, tmp_path, monkeypatch):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(folder))
    code, out, err = cli("check", str(plans))  # the bundled plans, in Vietnamese: said in Vietnamese
    assert err.startswith("planrules: cảnh báo: làm việc không dùng bộ nhớ đệm: người dùng khác ghi được vào bộ nhớ "
                          f"đệm tại {folder}; hãy để nó riêng tư (chmod 700)\n")
    english = cli("check", str(plans), "--lang", "en")[2]
    assert english.startswith("planrules: warning: working without the cache: the cache at "
                              f"{folder} can be written by other users; make it private (chmod 700)\n")
    assert (code, out) == cli("check", str(plans), "--no-cache")[:2]
    assert list(folder.iterdir()) == []


def test_eval_reads_the_plans_back_instead_of_parsing(plans, tmp_path, monkeypatch, parses):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    argv = ("eval", str(plans / VU_DUONG), "--library", str(plans), "--facts",
            str(ROOT / "examples/vu-duong/facts.toml"), "--as-of", "2026-11-30", "--format", "json")
    first = cli(*argv)
    parses.clear()
    second = cli(*argv)
    assert parses == [] and first == second and first[0] == 0
    assert second == cli(*argv, "--no-cache")


@pytest.mark.parametrize("jobs", ["-1", "x", "1000"])
def test_a_bad_number_of_jobs_is_a_usage_error(plans, jobs):
    code, out, err = cli("check", str(plans), "--jobs", jobs)
    assert code == 2 and "--jobs" in err and out == ""  # usage errors go to the stream `run` is given


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(ps.plan_texts(max_statements=6), min_size=1, max_size=3), edit=st.integers(0, 2))
def test_cached_findings_always_equal_fresh_ones(tmp_path_factory, texts, edit):
    folder = tmp_path_factory.mktemp("lib")
    cache_dir = tmp_path_factory.mktemp("cache")
    for i, text in enumerate(texts):
        (folder / f"p{i}.plan").write_text(text, encoding="utf-8")
    with Cache(cache_dir) as cache:
        assert rendered(check_files([folder], cache=cache)) == rendered(check_files([folder]))
    target = folder / f"p{edit % len(texts)}.plan"
    target.write_text(target.read_text(encoding="utf-8") + "\n# đã sửa\n", encoding="utf-8")
    with Cache(cache_dir) as cache:
        assert rendered(check_files([folder], cache=cache)) == rendered(check_files([folder]))


def test_the_command_line_uses_the_cache_in_a_real_process(plans, tmp_path):
    env = {**os.environ, "PLANRULES_CACHE_DIR": str(tmp_path / "c")}
    command = [sys.executable, "-m", "planrules", "check", str(plans)]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert (first.returncode, first.stdout) == (second.returncode, second.stdout) and first.stdout
    assert (tmp_path / "c" / "cache.sqlite3").is_file()


def test_check_files_finds_what_check_finds_on_the_loaded_library(plans):
    from planrules import check, load_dir
    from planrules.base.source import Source

    library = load_dir(plans)
    sources = {p: Source.from_text(Path(p).read_text(encoding="utf-8"), p) for p in library.paths}
    direct = check(library, sources=sources)
    assert rendered(check_files([plans])) == [d.render("en") for d in direct] and direct
