"""`deploy` against moto's S3 (a real server over HTTP) and the model-validated MWAA fake."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from tests.fakes.mwaa_server import FakeMwaa

pytestmark = pytest.mark.aws
BUCKET = "airflow-sales-etl"
ENV = "sales-etl"


def _s3(endpoint: str):  # type: ignore[no-untyped-def]
    return boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-1")


def _mwaa(endpoint: str):  # type: ignore[no-untyped-def]
    from botocore.config import Config

    return boto3.client("mwaa", endpoint_url=endpoint, region_name="eu-west-1",
                        config=Config(inject_host_prefix=False))  # fmt: skip


@pytest.fixture
def world(moto: str, fake_mwaa: tuple[FakeMwaa, str], tmp_path: Path):  # type: ignore[no-untyped-def]
    fake, mwaa_url = fake_mwaa
    s3 = _s3(moto)
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    _mwaa(mwaa_url).create_environment(
        Name=ENV, ExecutionRoleArn="arn:aws:iam::123456789012:role/mwaa", SourceBucketArn=f"arn:aws:s3:::{BUCKET}",
        DagS3Path="dags", NetworkConfiguration={"SubnetIds": ["subnet-a", "subnet-b"], "SecurityGroupIds": ["sg-1"]},
        AirflowVersion="3.0.6",
    )  # fmt: skip
    bundle = tmp_path / "bundle"
    (bundle / "dags" / "team").mkdir(parents=True)
    (bundle / "dags" / "a.py").write_text("from airflow import DAG\n")
    (bundle / "dags" / "team" / "b.py").write_text("from airflow import DAG\n# b\n")
    (bundle / "requirements.txt").write_text("--constraint https://example.invalid/c.txt\napache-airflow-providers-ssh\n")
    (bundle / "plugins.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (bundle / "airflow_configuration_options.json").write_text(json.dumps({"core.lazy_load_plugins": "False"}))
    return s3, fake, mwaa_url, bundle, moto


def deploy(bundle: Path, moto_url: str, mwaa_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrator", "deploy", str(bundle), "--bucket", BUCKET, "--environment", ENV,
         "--region", "eu-west-1", "--endpoint-url", moto_url, "--mwaa-endpoint-url", mwaa_url,
         "--poll-seconds", "0", *extra],
        capture_output=True, text=True, env=os.environ.copy(),
    )  # fmt: skip


def _keys(s3) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_dry_run_changes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    s3, fake, mwaa_url, bundle, moto_url = world
    result = deploy(bundle, moto_url, mwaa_url)
    assert result.returncode == 0, result.stderr
    assert "dry run" in result.stdout and "upload  dags/a.py" in result.stdout
    assert _keys(s3) == []
    assert [op for op, _ in fake.requests] == ["CreateEnvironment", "GetEnvironment"]


def test_apply_uploads_and_updates_with_the_new_object_versions(world) -> None:  # type: ignore[no-untyped-def]
    s3, fake, mwaa_url, bundle, moto_url = world
    result = deploy(bundle, moto_url, mwaa_url, "--apply")
    assert result.returncode == 0, result.stderr
    assert _keys(s3) == ["dags/a.py", "dags/team/b.py", "plugins.zip", "requirements.txt"]
    updates = [params for op, params in fake.requests if op == "UpdateEnvironment"]
    assert len(updates) == 1
    sent = updates[0]
    for key, param in (("requirements.txt", "RequirementsS3ObjectVersion"), ("plugins.zip", "PluginsS3ObjectVersion")):
        assert sent[param] == s3.head_object(Bucket=BUCKET, Key=key)["VersionId"]
    assert sent["AirflowConfigurationOptions"] == {"core.lazy_load_plugins": "False"}
    assert fake.environments[ENV]["Status"] == "AVAILABLE"
    assert f"{ENV} is AVAILABLE" in result.stdout


def test_rerun_uploads_only_what_changed_and_delete_needs_the_flag(world) -> None:  # type: ignore[no-untyped-def]
    s3, fake, mwaa_url, bundle, moto_url = world
    assert deploy(bundle, moto_url, mwaa_url, "--apply").returncode == 0
    first_versions = {k: s3.head_object(Bucket=BUCKET, Key=k)["VersionId"] for k in _keys(s3)}
    (bundle / "dags" / "a.py").write_text("from airflow import DAG\n# changed\n")
    (bundle / "dags" / "team" / "b.py").unlink()
    result = deploy(bundle, moto_url, mwaa_url, "--apply")
    assert result.returncode == 0, result.stderr
    assert "dags/: 1 to upload, 0 unchanged, 0 to delete, 1 no longer in the bundle" in result.stdout
    assert "requirements.txt: unchanged" in result.stdout
    now = {k: s3.head_object(Bucket=BUCKET, Key=k)["VersionId"] for k in _keys(s3)}
    assert now["dags/a.py"] != first_versions["dags/a.py"]
    assert now["requirements.txt"] == first_versions["requirements.txt"]
    assert "dags/team/b.py" in now  # kept without --delete
    last = [p for op, p in fake.requests if op == "UpdateEnvironment"][-1]
    assert last["RequirementsS3ObjectVersion"] == first_versions["requirements.txt"]
    assert deploy(bundle, moto_url, mwaa_url, "--apply", "--delete").returncode == 0
    assert "dags/team/b.py" not in _keys(s3)


def test_refuses_a_bucket_without_versioning(world) -> None:  # type: ignore[no-untyped-def]
    s3, fake, mwaa_url, bundle, moto_url = world
    s3.create_bucket(Bucket="unversioned", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    result = subprocess.run(
        [sys.executable, "-m", "migrator", "deploy", str(bundle), "--bucket", "unversioned", "--environment", ENV,
         "--region", "eu-west-1", "--endpoint-url", moto_url, "--mwaa-endpoint-url", mwaa_url, "--apply"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1
    assert "MWAA requires versioning" in result.stderr and "Traceback" not in result.stderr
    assert s3.list_objects_v2(Bucket="unversioned").get("KeyCount", 0) == 0
    assert not [op for op, _ in fake.requests if op == "UpdateEnvironment"]


def test_failed_update_reports_the_last_update_error(world) -> None:  # type: ignore[no-untyped-def]
    s3, fake, mwaa_url, bundle, moto_url = world
    fake.fail_next_update = ("INCORRECT_CONFIGURATION", "requirements.txt: could not install pyodbc")
    result = deploy(bundle, moto_url, mwaa_url, "--apply")
    assert result.returncode == 1
    assert "INCORRECT_CONFIGURATION: requirements.txt: could not install pyodbc" in result.stderr


def test_missing_environment_is_a_clear_error(world) -> None:  # type: ignore[no-untyped-def]
    s3, fake, mwaa_url, bundle, moto_url = world
    result = subprocess.run(
        [sys.executable, "-m", "migrator", "deploy", str(bundle), "--bucket", BUCKET, "--environment", "nope",
         "--region", "eu-west-1", "--endpoint-url", moto_url, "--mwaa-endpoint-url", mwaa_url],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_the_fake_rejects_requests_the_real_model_rejects(fake_mwaa: tuple[FakeMwaa, str]) -> None:
    fake, url = fake_mwaa
    status, payload, error = fake.handle("UpdateEnvironment", {"Name": "x", "MaxWorkers": "ten"})
    assert (status, error) == (400, "ValidationException") and "MaxWorkers" in payload["message"]
