"""The base every stage stands on: source text and spans, diagnostics and their catalogue, guarded file reading, progress, shipped resources."""
