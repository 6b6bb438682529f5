"""migrator/aws.py: the session/client factory issue 7's deploy reuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator.aws import (
    AwsOptions,
    AwsSetupError,
    botocore_config,
    check_credentials,
    client,
    error_code,
    session,
)
from tests.secrets.conftest import FaultProxy


def test_retry_configuration_is_adaptive_with_backoff() -> None:
    config = botocore_config(AwsOptions())
    assert config.retries == {"mode": "adaptive", "total_max_attempts": 10}


def test_unknown_profile_is_a_setup_error(aws_env: dict[str, str]) -> None:
    with pytest.raises(AwsSetupError, match="nope"):
        session(AwsOptions(profile="nope"))


def test_profile_from_shared_config(aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")  # the environment beats the profile, as in every AWS SDK
    monkeypatch.delenv("AWS_REGION")
    Path(aws_env["AWS_CONFIG_FILE"]).write_text("[profile mig]\nregion = ap-south-1\n")
    assert session(AwsOptions(profile="mig")).region_name == "ap-south-1"


def test_no_region_is_a_setup_error(aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION")
    with pytest.raises(AwsSetupError, match="region"):
        client(AwsOptions(), "secretsmanager")


def test_no_credentials_is_a_setup_error(aws_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    with pytest.raises(AwsSetupError, match="credentials"):
        check_credentials(session(AwsOptions()))


@pytest.mark.aws
def test_throttled_calls_are_retried_over_http(fault_proxy: FaultProxy) -> None:
    secrets = client(AwsOptions(endpoint_url=fault_proxy.endpoint, region="eu-west-1"), "secretsmanager")
    fault_proxy.throttle = 3
    assert secrets.list_secrets()["SecretList"] == []
    assert fault_proxy.throttled == 3 and fault_proxy.requests == 4


@pytest.mark.aws
def test_gives_up_after_max_attempts(fault_proxy: FaultProxy) -> None:
    from botocore.exceptions import ClientError

    options = AwsOptions(
        endpoint_url=fault_proxy.endpoint, region="eu-west-1", retry_mode="standard", max_attempts=2
    )
    fault_proxy.throttle = 5
    with pytest.raises(ClientError) as caught:
        client(options, "secretsmanager").list_secrets()
    assert error_code(caught.value) == "ThrottlingException"
    assert fault_proxy.requests == 2, fault_proxy.requests
