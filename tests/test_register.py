"""facts/register.py: the lookups a rule set asks of a unit register."""

from hypothesis import given, strategies as st

from planrules.facts.register import Register, Registered


def national() -> Register:
    return Register((
        Registered("VN", "Việt Nam", level="quốc_gia"),
        Registered("37", "Tỉnh Ninh Bình", code="VN-37", level="tỉnh", parent="VN"),
        Registered("01", "Thành phố Hà Nội", level="tỉnh", parent="VN"),
        Registered("14000", "Xã Vũ Dương", level="xã", parent="37", member_of=("các_xã_điểm",)),
        Registered("14001", "Xã Yên Khánh", level="xã", parent="37"),
        Registered("00004", "Phường Ba Đình", level="xã", parent="01", member_of=("các_xã_điểm",)),
    ))


def test_levels_and_members():
    r = national()
    assert r.levels == ("quốc_gia", "tỉnh", "xã")
    assert r.of_level("xã") == ("14000", "14001", "00004")
    assert r.of_level("xã", within="37") == ("14000", "14001")
    assert r.of_level("tỉnh", within="37") == ("37",)
    assert r.members("các_xã_điểm") == ("14000", "00004")
    assert r.members("không_có") == ()


def test_hierarchy_and_codes():
    r = national()
    assert r.ancestors("14000") == ("37", "VN")
    assert r.ancestor_at("14000", "tỉnh") == "37"
    assert r.ancestor_at("37", "tỉnh") == "37"
    assert r.ancestor_at("VN", "xã") is None
    assert r.name_of("VN-37") == "37" and r.name_of("37") == "37" and r.name_of("99") is None
    assert r.label_of("14000") == "Xã Vũ Dương" and "14000" in r and "x" not in r


@given(st.lists(st.integers(0, 30), min_size=1, max_size=40))
def test_below_is_the_inverse_of_ancestors(parents):
    """Unit i's parent is an earlier unit (so no cycle): every unit below u has u among its ancestors."""
    units = [Registered("u0")]
    for i, p in enumerate(parents, start=1):
        units.append(Registered(f"u{i}", parent=f"u{p % i}"))
    r = Register(tuple(units))
    for unit in units:
        below = set(r.below(unit.name))
        assert below == {u.name for u in units if unit.name in r.ancestors(u.name)}


def test_merge_keeps_the_first_entry():
    a = Register((Registered("x", "first"),), ("a.units.csv",))
    b = Register((Registered("x", "second"), Registered("y")), ("b.units.csv",))
    merged = Register.merge([a, b])
    assert [u.label for u in merged.units] == ["first", None] and merged.files == ("a.units.csv", "b.units.csv")
