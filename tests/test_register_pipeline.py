"""Unit registers brought to a run: discovery beside and above a plan, `--register`, `planrules check`."""

import io
from pathlib import Path

import pytest

from planrules import FactsError
from planrules.facts.register import Register, Registered
from planrules.pipeline import Pipeline
from planrules.tooling.cli import run

GOOD = (
    'kế hoạch: "1/KH"\nngày ban hành: 01/06/2026\nđơn vị vp: "Văn phòng"\nđơn vị ubnd: "UBND"\n\n'
    'nhiệm vụ TT 1 {\n    nội dung: "Báo cáo kết quả"\n    chủ trì: vp\n    sản phẩm: "Báo cáo"\n'
    '    thời hạn: thường xuyên\n    báo cáo cho: ubnd\n}\n'
)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    (root / "tinh").mkdir(parents=True)
    (root / "vn.units.csv").write_text("unit,level\nVN,quốc_gia\n", encoding="utf-8")
    (root / "tinh" / "xa.units.toml").write_text('[units.x1]\nlevel = "xã"\nparent = "VN"\n', encoding="utf-8")
    (root / "tinh" / "a.plan").write_text(GOOD, encoding="utf-8")
    return root


def test_a_plans_register_is_found_beside_it_and_above_it_up_to_the_library(library, tmp_path):
    (tmp_path / "more.units.csv").write_text("unit,parent\ny,x1\n", encoding="utf-8")
    pipeline = Pipeline(library=library, registers=[tmp_path / "more.units.csv"])
    register = pipeline.register_of(library / "tinh" / "a.plan")
    assert [u.name for u in register.units] == ["VN", "x1", "y"] and register.ancestors("y") == ("x1", "VN")
    with pytest.raises(FactsError) as raised:  # without the library, the folders above are not read
        Pipeline().register_of(library / "tinh" / "a.plan")
    assert [d.code for d in raised.value.diagnostics] == ["F148"]
    given = Register((Registered("z"),))
    assert [u.name for u in Pipeline(register=given).register_of(None).units] == ["z"]
    assert Pipeline().register_of(None) is None
    pipeline.register_of(library / "tinh" / "a.plan")
    assert len([k for k in pipeline._read if k[0] == "registers"]) == 1  # read once a run


def test_a_broken_register_stops_the_run_with_its_place(library):
    (library / "tinh" / "xa.units.toml").write_text('[units.x1]\nparent = "VM"\n', encoding="utf-8")
    with pytest.raises(FactsError) as raised:
        Pipeline(library=library).rules(library / "tinh" / "a.plan")
    assert [d.code for d in raised.value.diagnostics] == ["F148"]
    code, _, err = cli("export", str(library / "tinh" / "a.plan"), "--library", str(library), "--lang", "en")
    assert code == 2 and f"{library / 'tinh' / 'xa.units.toml'}:2:1: error[F148]" in err
    code, _, err = cli("export", str(library / "tinh" / "a.plan"), "--register", str(library / "nothing.units.csv"))
    assert code == 2 and "nothing.units.csv: no such file or folder" in err


def test_check_reads_every_register_file_it_finds(library):
    code, out, _ = cli("check", "--lang", "en", str(library))
    assert code == 0 and out.strip().endswith("3 file(s), 0 error(s), 0 warning(s), 0 info")
    (library / "tinh" / "bad.units.csv").write_text("unit,parent\nq,q\n", encoding="utf-8")
    code, out, _ = cli("check", "--lang", "en", str(library))
    assert code == 2
    assert f"{library / 'tinh' / 'bad.units.csv'}:2:3: error[F149]: unit \"q\" is its own ancestor" in out
    code, out, _ = cli("check", "--lang", "en", str(library / "tinh" / "bad.units.csv"))
    assert code == 2 and "error[F149]" in out


def test_a_register_file_that_may_not_be_read_is_said_never_skipped(library):
    """A FIFO named like a register beside the plan (or below a folder checked) is F101, not waited on nor
    left out in silence."""
    import os

    fifo = library / "tinh" / "pipe.units.csv"
    os.mkfifo(fifo)
    with pytest.raises(FactsError) as raised:
        Pipeline(library=library).rules(library / "tinh" / "a.plan")
    assert [(d.code, d.span.file) for d in raised.value.diagnostics] == [("F101", str(fifo))]
    code, out, _ = cli("check", "--lang", "en", str(library))
    assert code == 2 and f"{fifo}:1:1: error[F101]" in out


def test_the_plans_register_goes_to_compile(library, monkeypatch):
    import planrules.pipeline as pipeline_module

    seen = {}

    def compile_with_register(plan, library=None, *, prelude=None, calendar=None, register=None):
        seen["register"] = register
        return "rules"

    monkeypatch.setattr(pipeline_module, "compile_plan", compile_with_register)
    assert Pipeline(library=library).rules(library / "tinh" / "a.plan") == "rules"
    assert [u.name for u in seen["register"].units] == ["VN", "x1"]


def test_a_library_given_whole_stops_discovery_at_the_folder_holding_its_plans(library):
    from planrules.language.library import load_dir

    (library / "b.plan").write_text(GOOD.replace('"1/KH"', '"2/KH"'), encoding="utf-8")
    register = Pipeline(library=load_dir(library)).register_of(library / "tinh" / "a.plan")
    assert [u.name for u in register.units] == ["VN", "x1"]


def test_check_of_a_folder_of_registers_alone_checks_them(tmp_path):
    (tmp_path / "a.units.csv").write_text("unit\nx\n", encoding="utf-8")
    assert cli("check", "--lang", "en", str(tmp_path))[:2] == (0, "1 file(s), 0 error(s), 0 warning(s), 0 info\n")
    (tmp_path / "empty").mkdir()
    code, _, err = cli("check", "--lang", "en", str(tmp_path / "empty"))
    assert code == 2  # a folder of nothing stays an error (a typo in a CI path must not pass)
