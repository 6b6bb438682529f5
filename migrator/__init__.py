"""mwaa-migrator: move a self-hosted Apache Airflow deployment, and its crontabs, onto Amazon MWAA."""

__version__ = "0.1.0"
