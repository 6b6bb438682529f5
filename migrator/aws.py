"""boto3 sessions and clients for every command that talks to AWS (secrets, deploy).

Credentials come from the standard chain (env vars, shared config/credentials files, SSO, container
and instance roles) unless --profile names one. --endpoint-url points every client at LocalStack,
moto or a VPC endpoint. Throttling is retried with backoff by botocore itself: the "adaptive" mode
adds client-side rate limiting on top of the "standard" exponential backoff with jitter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

RETRY_MODES = ("standard", "adaptive", "legacy")


class AwsSetupError(Exception):
    """The AWS session cannot be built (unknown profile, no region, no credentials).

    The message names what is missing and never contains a credential."""


@dataclass(frozen=True, slots=True)
class AwsOptions:
    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    retry_mode: str = "adaptive"
    max_attempts: int = 10
    connect_timeout: float = 10.0
    read_timeout: float = 60.0

    def describe(self) -> str:
        """For logs and reports: which profile/region/endpoint, nothing secret."""
        parts = [f"profile={self.profile or '(default chain)'}", f"region={self.region or '(from config)'}"]
        if self.endpoint_url:
            parts.append(f"endpoint={self.endpoint_url}")
        return " ".join(parts)


def botocore_config(options: AwsOptions) -> Any:
    from botocore.config import Config

    # total_max_attempts counts the first call too (botocore's max_attempts counts only retries).
    retries: Any = {"mode": options.retry_mode, "total_max_attempts": options.max_attempts}
    return Config(
        retries=retries,
        connect_timeout=options.connect_timeout,
        read_timeout=options.read_timeout,
        user_agent_extra="mwaa-migrator",
    )


def session(options: AwsOptions) -> Any:
    """A boto3 Session for `options.profile` (None: the default chain)."""
    import boto3
    from botocore.exceptions import ProfileNotFound

    # botocore reads AWS_DEFAULT_REGION; AWS_REGION is what the other SDKs (and MWAA) set.
    region = options.region or (
        None if os.environ.get("AWS_DEFAULT_REGION") else os.environ.get("AWS_REGION")
    )
    try:
        return boto3.Session(profile_name=options.profile, region_name=region or None)
    except ProfileNotFound:
        raise AwsSetupError(
            f"AWS profile {options.profile!r} is not in the shared config/credentials files"
        ) from None


def client(options: AwsOptions, service: str, aws_session: Any | None = None) -> Any:
    """A client for `service` with retries, timeouts, and the endpoint override."""
    from botocore.exceptions import NoRegionError

    aws_session = aws_session or session(options)
    try:
        return aws_session.client(service, endpoint_url=options.endpoint_url, config=botocore_config(options))
    except NoRegionError:
        raise AwsSetupError(
            "no AWS region: pass --region, or set AWS_DEFAULT_REGION or a region in the profile"
        ) from None


def check_credentials(aws_session: Any) -> None:
    """Fail early and clearly when the chain finds no credentials (before any item is touched)."""
    from botocore.exceptions import BotoCoreError

    try:
        credentials = aws_session.get_credentials()
    except (BotoCoreError, ValueError) as exc:  # a provider in the chain is misconfigured
        raise AwsSetupError(f"AWS credentials cannot be loaded ({type(exc).__name__})") from None
    if credentials is None:
        raise AwsSetupError(
            "no AWS credentials found: use --profile, AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or a role"
        )


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ClientError ("ThrottlingException"), or the exception's class."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if code:
            return str(code)
    return type(exc).__name__
