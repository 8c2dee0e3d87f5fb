"""The plan language: keywords, syntax (parser and error recovery), the plan model, the printer, name resolution, libraries of plans and the vocabulary."""
