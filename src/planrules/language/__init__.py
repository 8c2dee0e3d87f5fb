"""The plan language: keywords, the grammar, syntax (parse, the tree-to-model builder, error recovery, the
limits on hostile text), the plan model, the printer, name resolution, libraries of plans, the vocabulary,
the language's messages, and the codec that keeps plans and findings in the cache."""
