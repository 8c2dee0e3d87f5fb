# The targets of a commune plan (the Vũ Dương family, kh-104-ubnd.plan) in Rego: the policy-as-code peer.
#
# Input, one commune (built by bench/peers/rego.py):
#   as_of      "YYYY-MM-DD": facts dated later have not happened
#   scale      durations are integers in 1/scale of a day (exact, as Rego has no fractions)
#   targets    [{id, metric, category, at_least, num, den, year, first_year, start, leads, issued}]
#              the threshold is num/den; leads null binds every unit
#   units      {name: {names: {name: true}, records: {kind: [record]}, counts: [{kind, year, where, count}]}}
# Output: data.commune.verdicts, a set of {unit, rule, period, status, num, den}; the value is num/den
# (null when there is none), compared exactly by cross-multiplying integers.
#
# The same semantics as planrules (docs/evaluation.md): records first (those of the year, up to as_of;
# an undated kind is a snapshot), then aggregate counts looked up exactly (an exclusion also as its
# yes/no opposite, or as all minus the excluded), otherwise unknown; shares exclude before dividing;
# cuts are against the previous year; caps per category from the plan's date; pending while the year
# is open (a cut then has no value). Every per-record test is a builtin comparison inside a comprehension (a function call per
# record costs rego-cpp more than the rest put together). Not here: planrules' chains of yes/no reversals and "zero for a looser condition" between
# aggregates (the generated corpus never needs them), reported values, deadlines.

package commune

import rego.v1

# metric -> rule, record kind, condition and exclusion as [field, value] (null: none), cap field and category field
metrics := {
	"tỷ_lệ_hội_nghị_trực_tuyến": {"rule": "share", "kind": "hội_nghị", "pos": ["trực_tuyến", true], "neg": null},
	"giảm_hội_nghị": {"rule": "cut", "kind": "hội_nghị", "pos": null, "neg": null},
	"tỷ_lệ_hồ_sơ_trực_tuyến": {"rule": "share", "kind": "hồ_sơ_tthc", "pos": ["trực_tuyến", true], "neg": null},
	"tỷ_lệ_số_hóa_văn_bản": {"rule": "share", "kind": "văn_bản_ban_hành", "pos": ["số_hóa", true], "neg": null},
	"tỷ_lệ_văn_bản_điện_tử": {"rule": "share", "kind": "văn_bản_gửi", "pos": ["điện_tử", true], "neg": ["mật", true]},
	"giảm_văn_bản_hành_chính": {"rule": "cut", "kind": "văn_bản_ban_hành", "pos": ["hành_chính", true], "neg": null},
	"tỷ_lệ_đào_tạo_kỹ_năng_số": {"rule": "share", "kind": "cán_bộ", "pos": ["đào_tạo_kỹ_năng_số", true], "neg": null},
	"thời_lượng_hội_nghị": {"rule": "cap", "kind": "hội_nghị", "field": "thời_lượng", "by": "loại"},
}

# the date field of each dated record kind; cán_bộ (staff) is a snapshot
dated := {"hội_nghị": "ngày", "văn_bản_ban_hành": "ngày", "văn_bản_gửi": "ngày", "hồ_sơ_tthc": "ngày"}

as_of_year := to_number(substring(input.as_of, 0, 4))

verdicts contains v if {
	some name, unit in input.units
	some t in input.targets
	binds(t, unit)
	some year in years(t)
	r := judge(t, name, year)
	v := {"unit": name, "rule": t.id, "period": format_int(year, 10), "status": r.status, "num": r.num, "den": r.den}
}

binds(t, _) if t.leads == null

binds(t, unit) if {
	some lead in t.leads
	unit.names[lead]
}

years(t) := [t.year] if t.year != null

years(t) := numbers.range(t.first_year, max([t.first_year, as_of_year])) if t.year == null

closed(year) := true if input.as_of >= sprintf("%d-12-31", [year]) else := false

none(status) := {"status": status, "num": null, "den": null}

# The figures behind a share or a cut, once per unit, metric and year, however many targets use them.
measure[[name, metric, year]] := figures(name, metrics[metric], year) if {
	some name, _ in input.units
	some t in input.targets
	metric := t.metric
	some year in years(t)
}

figures(name, m, year) := {"part": tally(name, m.kind, year, m.pos, m.neg), "whole": tally(name, m.kind, year, null, m.neg)} if {
	m.rule == "share"
} else := {"cur": tally(name, m.kind, year, m.pos, null), "base": tally(name, m.kind, year - 1, m.pos, null)} if {
	m.rule == "cut"
} else := {}

judge(t, name, year) := none("pending") if {
	year > as_of_year # the year has not started
} else := none("pending") if {
	t.issued != null
	input.as_of < t.issued # the judged plan is not issued yet
} else := capped(t, metrics[t.metric], name, year) if {
	metrics[t.metric].rule == "cap"
} else := judged_share(t, got.part, got.whole, year) if {
	got := measure[[name, t.metric, year]]
	metrics[t.metric].rule == "share"
} else := judged_cut(t, got.cur, got.base, year) if {
	got := measure[[name, t.metric, year]]
}

# ------------------------------------------------------------- counting --

all_of(name, kind) := object.get(input.units[name].records, kind, [])

undated(name, kind) if {
	f := dated[kind]
	rs := all_of(name, kind)
	count([1 | some r in rs; r[f] != null]) < count(rs)
}

year_records(name, kind, year) := [r |
	some r in all_of(name, kind)
	d := r[f]
	d <= input.as_of
	startswith(d, prefix)
] if {
	f := dated[kind]
	prefix := sprintf("%d-", [year])
} else := all_of(name, kind)

# records of `pos` ([field, value] or null) and not of `neg`, or why their number is unknown
tally(name, kind, year, pos, neg) := {"missing": "no_date", "year": year} if {
	undated(name, kind)
} else := from_records(recs, pos, neg, year) if {
	recs := year_records(name, kind, year)
	count(recs) > 0
} else := aggregate(input.units[name], kind, year, pos, neg)

complete(_, null) := true

complete(recs, pair) := count([1 | some r in recs; r[pair[0]] != null]) == count(recs) if pair != null

from_records(recs, pos, neg, year) := {"missing": "field_missing", "year": year} if {
	not complete(recs, pos)
} else := {"missing": "field_missing", "year": year} if {
	not complete(recs, neg)
} else := {"n": matching(recs, pos) - matching_both(recs, pos, neg)}

matching(recs, null) := count(recs)

matching(recs, pos) := count([1 | some r in recs; r[pos[0]] == pos[1]]) if pos != null

matching_both(_, _, null) := 0

matching_both(recs, null, neg) := count([1 | some r in recs; r[neg[0]] == neg[1]]) if neg != null

matching_both(recs, pos, neg) := count([1 | some r in recs; r[pos[0]] == pos[1]; r[neg[0]] == neg[1]]) if {
	pos != null
	neg != null
}

where(null) := {}

where(pair) := {pair[0]: pair[1]} if pair != null

exact(unit, kind, year, w) := c.count if {
	some c in unit.counts
	c.kind == kind
	c.year == year
	c.where == w
}

aggregate(unit, kind, year, pos, neg) := {"n": n} if {
	neg == null
	n := exact(unit, kind, year, where(pos))
} else := {"n": n} if {
	neg != null
	n := exact(unit, kind, year, object.union(where(pos), {neg[0]: equal(neg[1], false)}))
} else := {"n": w - p} if {
	neg != null
	w := exact(unit, kind, year, where(pos))
	p := exact(unit, kind, year, object.union(where(pos), where(neg)))
} else := {"missing": "no_facts", "year": year}

# ------------------------------------------------------------- judging --

missing(m, year) := none("pending") if {
	not closed(year)
	m.missing == "no_facts"
	m.year == year
} else := none("unknown")

undefined(year) := none("not_applicable") if closed(year) else := none("pending")

holds(t, num, den) := true if {
	t.at_least
	num * t.den >= t.num * den
} else := true if {
	not t.at_least
	num * t.den <= t.num * den
} else := false

status(true, true, _) := "met"

status(false, true, _) := "not_met"

status(false, false, true) := "not_met" # a cut already missed: counts only grow

status(true, false, _) := "pending"

status(false, false, false) := "pending"

verdict(t, num, den, year, settled) := {"status": status(holds(t, num, den), closed(year), settled), "num": num, "den": den}

judged_share(t, part, whole, year) := missing(part, year) if {
	part.missing
} else := missing(whole, year) if {
	whole.missing
} else := undefined(year) if {
	whole.n == 0 # 0/0
} else := verdict(t, part.n, whole.n, year, false)

judged_cut(t, cur, base, year) := missing(base, year) if {
	base.missing
} else := missing(cur, year) if {
	cur.missing
} else := undefined(year) if {
	base.n == 0
	cur.n == 0
} else := none("not_met") if {
	base.n == 0 # an increase from zero is not a cut
} else := open_cut(verdict(t, base.n - cur.n, base.n, year, t.at_least))

# a cut pending while its year is open has no value: part of a year is not compared with a whole one
open_cut(v) := none("pending") if v.status == "pending" else := v

category(t, m) := null if t.category == null else := [m.by, t.category]

capped(t, m, name, year) := none("unknown") if {
	undated(name, m.kind)
} else := cap_records(t, m, [r | some r in recs; r[dated[m.kind]] >= start], year) if {
	recs := year_records(name, m.kind, year)
	count(recs) > 0
	start := max([t.start, sprintf("%d-01-01", [year])])
} else := none("not_applicable") if {
	tally(name, m.kind, year, category(t, m), null).n == 0
} else := none("pending") if {
	not closed(year)
} else := none("unknown")

cap_records(t, m, recs, year) := cap_judged(
	t,
	count(relevant),
	(count(recs) - count([1 | some r in recs; r[m.by] != null])) + (count(relevant) - count(values)),
	values,
	year,
) if {
	relevant := [r | some r in recs; r[m.by] == t.category]
	values := [v | some r in relevant; v := r[m.field]; v != null]
} else := cap_judged(t, count(recs), count(recs) - count(values), values, year) if {
	values := [v | some r in recs; v := r[m.field]; v != null]
}

extreme(t, values) := max(values) if not t.at_least else := min(values)

beyond(t, e) if {
	not t.at_least
	e * t.den > t.num * input.scale
}

beyond(t, e) if {
	t.at_least
	e * t.den < t.num * input.scale
}

cap_judged(t, relevant, unclear, values, year) := {"status": "not_met", "num": e, "den": input.scale} if {
	count(values) > 0
	e := extreme(t, values)
	beyond(t, e) # one record over the cap stays over it
} else := none("unknown") if {
	unclear > 0
} else := undefined(year) if {
	relevant == 0
} else := {"status": s, "num": extreme(t, values), "den": input.scale} if {
	s := {true: "met", false: "pending"}[closed(year)]
}
