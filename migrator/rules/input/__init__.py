"""MWAA0xx: problems reading the inputs themselves. The engine raises these; the run always goes on."""
