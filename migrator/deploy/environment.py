"""Upload the versioned artifacts (plugins.zip, requirements.txt, startup.sh), update the MWAA
environment to use their new object versions, and wait for it."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.deploy.s3_sync import SHA_KEY, LocalFile, SyncPlan, apply_sync, plan_sync, upload

# Bundle file -> (S3 key, UpdateEnvironment path parameter, version parameter)
ARTIFACTS = {
    "requirements.txt": ("requirements.txt", "RequirementsS3Path", "RequirementsS3ObjectVersion"),
    "plugins.zip": ("plugins.zip", "PluginsS3Path", "PluginsS3ObjectVersion"),
    "startup.sh": ("startup.sh", "StartupScriptS3Path", "StartupScriptS3ObjectVersion"),
}
OPTIONS_FILE = "airflow_configuration_options.json"
TERMINAL_OK = {"AVAILABLE"}
TERMINAL_FAILED = {"UPDATE_FAILED", "CREATE_FAILED", "UNAVAILABLE", "DELETED"}


class DeployError(Exception):
    """A precondition failed (bucket not versioned, environment missing): nothing was changed."""


@dataclass(slots=True)
class ArtifactChange:
    name: str
    key: str
    changed: bool
    version: str | None  # the version the environment will use (None until uploaded in a dry run)


@dataclass(slots=True)
class DeployPlan:
    bucket: str
    environment: str
    dags: SyncPlan
    artifacts: list[ArtifactChange] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    update: dict[str, Any] = field(default_factory=dict)


def require_versioning(s3: Any, bucket: str) -> None:
    status = s3.get_bucket_versioning(Bucket=bucket).get("Status")
    if status != "Enabled":
        raise DeployError(
            f"bucket {bucket} has versioning {status or 'never enabled'}; MWAA requires versioning "
            f"(aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status=Enabled)"
        )


def _current(s3: Any, bucket: str, key: str) -> tuple[str | None, str | None, str | None]:
    """(ETag, recorded sha256, version id) of the current object, or Nones when absent."""
    from botocore.exceptions import ClientError

    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return None, None, None
        raise
    return head["ETag"].strip('"'), head.get("Metadata", {}).get(SHA_KEY), head.get("VersionId")


def prepare(s3: Any, mwaa: Any, bundle: Path, bucket: str, environment: str, delete: bool) -> DeployPlan:
    """Everything deploy would do, computed read-only."""
    require_versioning(s3, bucket)
    try:
        mwaa.get_environment(Name=environment)
    except mwaa.exceptions.ResourceNotFoundException:
        raise DeployError(
            f"MWAA environment {environment} does not exist; create it first (see `plan`'s cloudformation.yaml)"
        ) from None
    dags_dir = bundle / "dags"
    dags = plan_sync(s3, bucket, dags_dir, "dags", delete) if dags_dir.is_dir() else SyncPlan()
    plan = DeployPlan(bucket, environment, dags)
    update: dict[str, Any] = {"Name": environment, "DagS3Path": "dags"}
    for name, (key, path_param, version_param) in ARTIFACTS.items():
        local = bundle / name
        if not local.is_file():
            continue
        data = local.read_bytes()
        md5, sha = hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest()
        etag, recorded, version = _current(s3, bucket, key)
        changed = not (etag == md5 or recorded == sha)
        plan.artifacts.append(ArtifactChange(name, key, changed, None if changed else version))
        update[path_param] = key
        update[version_param] = None if changed else version
    options_path = bundle / OPTIONS_FILE
    if options_path.is_file():
        plan.options = {str(k): str(v) for k, v in json.loads(options_path.read_text()).items()}
        update["AirflowConfigurationOptions"] = plan.options
    plan.update = update
    return plan


def apply(s3: Any, mwaa: Any, bundle: Path, plan: DeployPlan) -> dict[str, Any]:
    """Upload, then call update_environment with the new object versions. Returns the request sent."""
    apply_sync(s3, plan.bucket, plan.dags)
    for artifact in plan.artifacts:
        if artifact.changed:
            path = bundle / artifact.name
            data = path.read_bytes()
            local = LocalFile(artifact.key, path, hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest())
            artifact.version = upload(s3, plan.bucket, local)
        version_param = ARTIFACTS[artifact.name][2]
        plan.update[version_param] = artifact.version
    request = {k: v for k, v in plan.update.items() if v is not None}
    mwaa.update_environment(**request)
    return request


def wait(
    mwaa: Any,
    environment: str,
    on_status: Callable[[str, float], None],
    poll_seconds: float = 30,
    timeout_seconds: float = 3 * 3600,
) -> dict[str, Any]:
    """Poll get_environment until AVAILABLE (returns it) or a failure (raises DeployError with the
    LastUpdate error)."""
    started = time.monotonic()
    while True:
        env = mwaa.get_environment(Name=environment)["Environment"]
        status = env.get("Status", "")
        last = env.get("LastUpdate", {})
        on_status(status, time.monotonic() - started)
        if status in TERMINAL_OK and last.get("Status") != "PENDING":
            if last.get("Status") == "FAILED":
                raise DeployError(_failure(environment, status, last))
            return dict(env)
        if status in TERMINAL_FAILED:
            raise DeployError(_failure(environment, status, last))
        if time.monotonic() - started > timeout_seconds:
            raise DeployError(f"{environment} still {status} after {timeout_seconds / 60:.0f} minutes")
        time.sleep(poll_seconds)


def _failure(environment: str, status: str, last: dict[str, Any]) -> str:
    error = last.get("Error") or {}
    code, message = error.get("ErrorCode", "unknown"), error.get("ErrorMessage", "no message")
    return f"{environment} update failed ({status}): {code}: {message}"
