"""Evaluation: a plan compiled into rules, measured on facts (in Python or SQL), judged into verdicts and rolled up."""
