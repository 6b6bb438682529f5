"""MWAA4xx: task code written for an executor or a container runtime MWAA does not have.

MWAA runs only the CeleryExecutor with one SQS queue per environment and no Docker daemon
(shared/mwaa-facts.md §2). Kubernetes-executor settings (`executor_config`, `pod_override`), custom
Celery queues, per-task executors, DockerOperator, `docker` in bash commands and KubernetesPodOperator
pointed at a local cluster all break or silently change. Facts: migrator/knowledge/executor_features.toml
and os_binaries.toml.
"""
