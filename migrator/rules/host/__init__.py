"""MWAA5xx: what DAG code expects from the machine it ran on.

Absolute paths of the old host (home directories, mounts, /opt, /etc) and programs that shell
commands call but MWAA's Amazon Linux 2023 worker image does not ship. Facts:
migrator/knowledge/host_paths.toml and os_binaries.toml (derived from the image's bill of materials).
"""
