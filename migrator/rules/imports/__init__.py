"""Import rules (MWAA101-MWAA119): names a DAG or plugin imports that moved, were renamed or are gone
on the target MWAA Airflow version. The knowledge is in migrator/knowledge/symbols*.toml; the shared
resolution is in `resolve.py`; each rule module only selects its category and documents it."""
