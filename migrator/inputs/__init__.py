"""Each kind of input file, read and parsed once: Python modules, airflow.cfg/env files, requirements."""
