"""Evaluation: a plan compiled into rules, facts fitted to it once, measured, judged into verdicts, rolled up.

In the order a run goes through them: `compiler` (a plan and its parents'
targets into a `ruleset.RuleSet` of `rules`, with `clause_texts`, the words
of the clauses they come from), `binding` (who the plan binds:
its units and groups, filled from a register), `fit` (the facts checked
against the plan once, F201–F209), `measure` and `sql` (where every number
comes from), the deadlines' `workdays` (the working-day calendar),
`occurrences` (a deadline expanded into dated occurrences), `judgements`
(occurrences judged on deliveries), `joint` (a deliverable several leads
answer together, judged once) and `periods` (the periods deliveries
name), `ruleset` (who is bound, `evaluate`),
`verdicts` (what a judgement is), `rollup` (verdicts summed up to parent
units); `located` places a diagnostic at a fact, `messages` is the package's
one catalogue.
"""
