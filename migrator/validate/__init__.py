"""`validate`: load DAG files with the real DagBag of the target Airflow, classify what fails, and
compare task graphs before and after conversion."""
