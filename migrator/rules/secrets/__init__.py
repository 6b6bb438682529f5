"""Secrets rules (MWAA10xx): they look at connections and variables, not at files."""
