"""`mwaa-migrator bundle`: an S3-ready MWAA layout built from an analysed deployment.

dags/ (converted when the convert pipeline is present, with a generated .airflowignore),
requirements.txt (the target's constraints, MWAA's pins and native-package remedies applied),
plugins.zip, startup.sh, airflow_configuration_options.json and BUNDLE.md. Every decision comes from
the knowledge tables and the findings the rules already produced; `verify` then installs the result
in a throwaway virtualenv of the target's Python.
"""
