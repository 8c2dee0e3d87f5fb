"""The base every stage stands on: source text and spans, diagnostics and their catalogue, guarded file
reading, progress, shipped resources, the one reader of a user's date and the one "did you mean"."""
