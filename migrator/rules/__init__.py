"""Detection rules, one small module per rule, grouped in a subpackage per family.

Codes: MWAA0xx input, 1xx imports, 2xx DAG/operator API, 3xx parse-time work, 4xx executor,
5xx host dependencies, 6xx airflow.cfg, 7xx requirements, 8xx plugins, 9xx crontabs,
10xx secrets. A code is never reused, even after its rule is removed.
"""
