"""`mwaa-migrator secrets`: connections and variables from a self-hosted Airflow to AWS Secrets
Manager or SSM Parameter Store, the way MWAA's secrets backend reads them.

sources.py / metadata_db.py read; model.py holds and serialises; checks.py merges and runs the
MWAA10xx rules; plan.py plans and applies; stores.py writes; generate.py writes the --out files.
"""
