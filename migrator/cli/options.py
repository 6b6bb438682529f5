"""Option parsing shared by several commands: target version, input paths, lists of formats."""

from __future__ import annotations

from pathlib import Path

import typer

from migrator.cli.app import usage_error
from migrator.knowledge.versions import TargetVersion, UnknownVersionError, resolve, supported_versions

TARGET_HELP = "MWAA Airflow version to judge against: " + ", ".join(v.airflow for v in supported_versions())

target_option = typer.Option(None, "--target-airflow", "-t", help=TARGET_HELP + " (default: newest).")


def target_version(text: str | None) -> TargetVersion:
    try:
        return resolve(text)
    except UnknownVersionError as exc:
        usage_error(str(exc))


def existing_paths(paths: list[Path]) -> list[Path]:
    if not paths:
        usage_error("give at least one path to a deployment (AIRFLOW_HOME, DAG folder, file)")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        usage_error(f"path does not exist: {', '.join(missing)}")
    return paths


def csv_choices(text: str, allowed: tuple[str, ...], what: str) -> list[str]:
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in allowed]
    if unknown or not chosen:
        usage_error(f"unknown {what} {', '.join(unknown) or repr(text)}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(chosen))
