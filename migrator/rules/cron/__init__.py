"""Crontab rules (MWAA901-MWAA949): what a crontab entry does on its host that a DAG must keep."""
