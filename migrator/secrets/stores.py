"""Writers for the two targets: AWS Secrets Manager and SSM Parameter Store (SecureString).

A store reads what is there now (so the plan can say create/update/unchanged) and writes one item.
Errors surface as StoreError with the AWS error code and a message scrubbed of the item's secrets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from migrator.aws import error_code
from migrator.secrets.backends import spec

DESCRIPTION = "Airflow secret written by mwaa-migrator"


class StoreError(Exception):
    """One item's read or write failed. `code` is the AWS error code; str() is safe to show."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


@dataclass(frozen=True, slots=True)
class Current:
    """What the store holds under a name now. `value` is None when absent or unreadable as text."""

    exists: bool
    value: str | None = None
    deleted: bool = False  # Secrets Manager: scheduled for deletion (restorable)
    kms_key_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    secure: bool = True  # SSM: SecureString (a plain String must be rewritten)


class SecretStore(Protocol):
    store: str

    def read(self, name: str, *, want_kms: bool, want_tags: bool) -> Current: ...

    def write(
        self, name: str, value: str, current: Current, kms_key_id: str | None, tags: dict[str, str]
    ) -> str: ...


def _same_key(wanted: str | None, current: str | None) -> bool:
    """KMS keys are reported as ARNs or as given; an id, alias or ARN of the same key match by suffix."""
    if not wanted:
        return True
    if not current:
        return False
    return wanted == current or current.endswith(wanted) or wanted.endswith(current)


def changes(current: Current, value: str, kms_key_id: str | None, tags: dict[str, str]) -> list[str]:
    """Why `current` must be written to become (value, key, tags); empty when it already is."""
    if not current.exists:
        return ["absent"]
    reasons = []
    if current.deleted:
        reasons.append("scheduled for deletion; will be restored")
    if current.value != value:
        reasons.append("value differs")
    if not current.secure:
        reasons.append("not a SecureString")
    if not _same_key(kms_key_id, current.kms_key_id):
        reasons.append("KMS key differs")
    if any(current.tags.get(k) != v for k, v in tags.items()):
        reasons.append("tags differ")
    return reasons


def _tag_list(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]


class SecretsManagerStore:
    store = "secretsmanager"

    def __init__(self, client: Any) -> None:
        self.client = client

    def read(self, name: str, *, want_kms: bool, want_tags: bool) -> Current:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            try:
                response = self.client.get_secret_value(SecretId=name)
            except ClientError as exc:
                code = error_code(exc)
                if code == "ResourceNotFoundException":
                    return Current(exists=False)
                if code != "InvalidRequestException":
                    raise
                # Secrets scheduled for deletion answer InvalidRequestException; describe tells.
                described = self.client.describe_secret(SecretId=name)
                if "DeletedDate" not in described:
                    raise
                return Current(exists=True, deleted=True, kms_key_id=described.get("KmsKeyId"),
                               tags=_tags(described))  # fmt: skip
            value = response.get("SecretString")
            kms, tags = None, {}
            if want_kms or want_tags:
                described = self.client.describe_secret(SecretId=name)
                kms, tags = described.get("KmsKeyId"), _tags(described)
            return Current(exists=True, value=value, kms_key_id=kms, tags=tags)
        except (ClientError, BotoCoreError) as exc:
            raise StoreError(error_code(exc), str(exc)) from None

    def write(
        self, name: str, value: str, current: Current, kms_key_id: str | None, tags: dict[str, str]
    ) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            if not current.exists:
                kwargs: dict[str, Any] = {"Name": name, "SecretString": value, "Description": DESCRIPTION}
                if kms_key_id:
                    kwargs["KmsKeyId"] = kms_key_id
                if tags:
                    kwargs["Tags"] = _tag_list(tags)
                self.client.create_secret(**kwargs)
                return "created"
            if current.deleted:
                self.client.restore_secret(SecretId=name)
            if not _same_key(kms_key_id, current.kms_key_id):
                self.client.update_secret(SecretId=name, KmsKeyId=kms_key_id, SecretString=value)
            elif current.value != value or current.deleted:
                self.client.put_secret_value(SecretId=name, SecretString=value)
            missing = {k: v for k, v in tags.items() if current.tags.get(k) != v}
            if missing:
                self.client.tag_resource(SecretId=name, Tags=_tag_list(missing))
            return "updated"
        except (ClientError, BotoCoreError) as exc:
            raise StoreError(error_code(exc), str(exc)) from None


def _tags(described: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in described.get("Tags", [])}


class ParameterStore:
    store = "ssm"

    def __init__(self, client: Any) -> None:
        self.client = client
        self.spec = spec("ssm")

    def read(self, name: str, *, want_kms: bool, want_tags: bool) -> Current:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            try:
                parameter = self.client.get_parameter(Name=name, WithDecryption=True)["Parameter"]
            except ClientError as exc:
                if error_code(exc) == "ParameterNotFound":
                    return Current(exists=False)
                raise
            kms = None
            if want_kms:
                found = self.client.describe_parameters(
                    ParameterFilters=[{"Key": "Name", "Option": "Equals", "Values": [name]}]
                ).get("Parameters", [])
                kms = found[0].get("KeyId") if found else None
            tags: dict[str, str] = {}
            if want_tags:
                listed = self.client.list_tags_for_resource(ResourceType="Parameter", ResourceId=name)
                tags = {t["Key"]: t.get("Value", "") for t in listed.get("TagList", [])}
            return Current(
                exists=True, value=parameter.get("Value"), kms_key_id=kms, tags=tags,
                secure=parameter.get("Type") == "SecureString",
            )  # fmt: skip
        except (ClientError, BotoCoreError) as exc:
            raise StoreError(error_code(exc), str(exc)) from None

    def write(
        self, name: str, value: str, current: Current, kms_key_id: str | None, tags: dict[str, str]
    ) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        kwargs: dict[str, Any] = {
            "Name": name,
            "Value": value,
            "Type": "SecureString",
            "Description": DESCRIPTION,
        }
        if len(value.encode("utf-8")) > self.spec.value_max_bytes:
            kwargs["Tier"] = "Advanced"
        if kms_key_id:
            kwargs["KeyId"] = kms_key_id
        try:
            if not current.exists:
                if tags:
                    kwargs["Tags"] = _tag_list(tags)
                self.client.put_parameter(**kwargs)
                return "created"
            if current.value != value or not current.secure or not _same_key(kms_key_id, current.kms_key_id):
                # PutParameter refuses Tags together with Overwrite; tags go separately below.
                self.client.put_parameter(Overwrite=True, **kwargs)
            missing = {k: v for k, v in tags.items() if current.tags.get(k) != v}
            if missing:
                self.client.add_tags_to_resource(
                    ResourceType="Parameter", ResourceId=name, Tags=_tag_list(missing)
                )
            return "updated"
        except (ClientError, BotoCoreError) as exc:
            raise StoreError(error_code(exc), str(exc)) from None


def open_store(store: str, client: Any) -> SecretStore:
    return SecretsManagerStore(client) if store == "secretsmanager" else ParameterStore(client)


def service_name(store: str) -> str:
    return "secretsmanager" if store == "secretsmanager" else "ssm"
