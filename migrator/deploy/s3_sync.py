"""Sync a local folder to an S3 prefix by content: only changed objects are uploaded.

Each uploaded object carries its SHA-256 in metadata. An object is unchanged when its ETag is the
local MD5 (single-part upload without SSE-KMS) or, failing that, when its recorded SHA-256 matches;
so a KMS-encrypted bucket still syncs incrementally."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHA_KEY = "mwaa-migrator-sha256"


@dataclass(frozen=True, slots=True)
class LocalFile:
    key: str
    path: Path
    md5: str
    sha256: str


@dataclass(slots=True)
class SyncPlan:
    upload: list[LocalFile] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)  # only filled when deletion was asked for
    stale: list[str] = field(default_factory=list)  # in S3, not local, kept because --delete was not given


def local_files(folder: Path, prefix: str) -> list[LocalFile]:
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        key = f"{prefix.rstrip('/')}/{path.relative_to(folder).as_posix()}"
        files.append(LocalFile(key, path, hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest()))
    return files


def remote_objects(s3: Any, bucket: str, prefix: str) -> dict[str, str]:
    """key -> ETag (without quotes) for every object under prefix/."""
    found: dict[str, str] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix.rstrip("/") + "/"):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = obj["ETag"].strip('"')
    return found


def is_unchanged(s3: Any, bucket: str, local: LocalFile, etag: str | None) -> bool:
    if etag is None:
        return False
    if etag == local.md5:
        return True
    head = s3.head_object(Bucket=bucket, Key=local.key)
    return bool(head.get("Metadata", {}).get(SHA_KEY) == local.sha256)


def plan_sync(s3: Any, bucket: str, folder: Path, prefix: str, delete: bool) -> SyncPlan:
    plan = SyncPlan()
    remote = remote_objects(s3, bucket, prefix)
    locals_ = local_files(folder, prefix)
    for local in locals_:
        if is_unchanged(s3, bucket, local, remote.get(local.key)):
            plan.unchanged.append(local.key)
        else:
            plan.upload.append(local)
    gone = sorted(set(remote) - {f.key for f in locals_})
    if delete:
        plan.delete = gone
    else:
        plan.stale = gone
    return plan


def upload(s3: Any, bucket: str, local: LocalFile) -> str | None:
    """put_object with the content hash recorded; returns the new S3 version id."""
    content_type = mimetypes.guess_type(local.path.name)[0] or "application/octet-stream"
    response = s3.put_object(
        Bucket=bucket, Key=local.key, Body=local.path.read_bytes(), ContentType=content_type,
        Metadata={SHA_KEY: local.sha256},
    )  # fmt: skip
    version = response.get("VersionId")
    return str(version) if version else None


def apply_sync(s3: Any, bucket: str, plan: SyncPlan) -> None:
    for local in plan.upload:
        upload(s3, bucket, local)
    for start in range(0, len(plan.delete), 1000):  # DeleteObjects takes at most 1000 keys
        chunk = plan.delete[start : start + 1000]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True})
