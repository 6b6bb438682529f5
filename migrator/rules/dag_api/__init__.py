"""MWAA2xx: DAG and operator API that changed between the source Airflow and the target MWAA version.

Renamed and removed DAG/operator arguments (also inside default_args), trigger-rule renames, removed
context variables in Python code and in Jinja templates, `days_ago`, SubDAGs, SLAs, `@apply_defaults`,
direct metadata-database access and the Airflow 3 default schedule. Every rule judges against the
target version: what is deprecated on 2.x is a warning there and a blocker where 3.x removed it.
The facts live in migrator/knowledge/{arguments,context_variables,removed_callables,
metadata_db_access}.toml; `convert` reads the same tables and each finding's `data` to rewrite.
"""
