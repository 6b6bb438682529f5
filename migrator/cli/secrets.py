"""`mwaa-migrator secrets plan|apply`: connections and variables to Secrets Manager / Parameter Store.

Exit codes: 0 everything planned/applied; 1 an item failed or a source could not be (fully) read;
2 usage error. Secret values are never printed: previews are masked and error texts scrubbed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error

secrets_app = typer.Typer(
    name="secrets",
    help="Move connections and variables to AWS Secrets Manager or SSM Parameter Store, safely.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(secrets_app, name="secrets")

FERNET_ENV_VARS = ["MWAA_MIGRATOR_FERNET_KEY", "AIRFLOW__CORE__FERNET_KEY"]

_export_files = typer.Option(
    None,
    "--export-file",
    help="`airflow connections export` (.json/.yaml/.env) or `airflow variables export` file. Repeatable.",
)
_env_files = typer.Option(
    None, "--env-file", help="File with AIRFLOW_CONN_*/AIRFLOW_VAR_* lines. Repeatable."
)
_metadata_db = typer.Option(
    None,
    "--metadata-db",
    help="SQLAlchemy URL of the Airflow metadata DB (sqlite:////path/airflow.db, postgresql://...).",
)
_fernet_key = typer.Option(
    None, "--fernet-key", envvar=FERNET_ENV_VARS, show_default=False,
    help="The deployment's core.fernet_key (comma-separated when rotated). Never printed.",
)  # fmt: skip
_to = typer.Option("secretsmanager", "--to", help="Target store: secretsmanager | ssm.")
_format = typer.Option("uri", "--format", help="Connection secret format: uri | json.")
_conn_prefix = typer.Option(None, "--connections-prefix", help="Default: airflow/connections.")
_var_prefix = typer.Option(None, "--variables-prefix", help="Default: airflow/variables.")
_kms = typer.Option(None, "--kms-key-id", help="KMS key (id, ARN or alias) that encrypts the secrets.")
_tags = typer.Option(None, "--tag", help="KEY=VALUE tag on every secret written. Repeatable.")
_profile = typer.Option(None, "--profile", help="AWS profile (default: the standard credential chain).")
_region = typer.Option(None, "--region", help="AWS region (default: from the profile / AWS_REGION).")
_endpoint = typer.Option(
    None, "--endpoint-url", help="AWS endpoint override (LocalStack, moto, VPC endpoint)."
)
_out = typer.Option(
    Path("mwaa-secrets"), "--out", "-o", help="Folder for the config options, IAM policy and report."
)
_target = typer.Option(None, "--target-airflow", "-t", help="MWAA Airflow version (default: newest).")
_requirements = typer.Option(
    None, "--requirements", help="requirements.txt for MWAA; its providers count as installed. Repeatable."
)
_providers = typer.Option(None, "--provider", help="Distribution that will be installed on MWAA. Repeatable.")


@dataclass(slots=True)
class _Run:
    mode: str
    export_files: list[Path]
    env_files: list[Path]
    metadata_db: str | None
    fernet_key: str | None
    to: str
    fmt: str
    connections_prefix: str | None
    variables_prefix: str | None
    kms_key_id: str | None
    tags: list[str]
    profile: str | None
    region: str | None
    endpoint_url: str | None
    out: Path
    target_airflow: str | None
    requirements: list[Path]
    providers: list[str]


@secrets_app.command("plan")
def plan_command(
    export_file: list[Path] = _export_files,
    env_file: list[Path] = _env_files,
    metadata_db: str | None = _metadata_db,
    fernet_key: str | None = _fernet_key,
    to: str = _to,
    fmt: str = _format,
    connections_prefix: str | None = _conn_prefix,
    variables_prefix: str | None = _var_prefix,
    kms_key_id: str | None = _kms,
    tag: list[str] = _tags,
    profile: str | None = _profile,
    region: str | None = _region,
    endpoint_url: str | None = _endpoint,
    out: Path = _out,
    target_airflow: str | None = _target,
    requirements: list[Path] = _requirements,
    provider: list[str] = _providers,
) -> None:
    """Show per item what apply would do (create / update / unchanged / skip), values masked."""
    _execute(_Run("plan", export_file or [], env_file or [], metadata_db, fernet_key, to, fmt, connections_prefix,
                  variables_prefix, kms_key_id, tag or [], profile, region, endpoint_url, out, target_airflow,
                  requirements or [], provider or []))  # fmt: skip


@secrets_app.command("apply")
def apply_command(
    export_file: list[Path] = _export_files,
    env_file: list[Path] = _env_files,
    metadata_db: str | None = _metadata_db,
    fernet_key: str | None = _fernet_key,
    to: str = _to,
    fmt: str = _format,
    connections_prefix: str | None = _conn_prefix,
    variables_prefix: str | None = _var_prefix,
    kms_key_id: str | None = _kms,
    tag: list[str] = _tags,
    profile: str | None = _profile,
    region: str | None = _region,
    endpoint_url: str | None = _endpoint,
    out: Path = _out,
    target_airflow: str | None = _target,
    requirements: list[Path] = _requirements,
    provider: list[str] = _providers,
) -> None:
    """Write the plan's creates and updates. Re-running converges; a failed item does not stop the others."""
    _execute(_Run("apply", export_file or [], env_file or [], metadata_db, fernet_key, to, fmt, connections_prefix,
                  variables_prefix, kms_key_id, tag or [], profile, region, endpoint_url, out, target_airflow,
                  requirements or [], provider or []))  # fmt: skip


def _parse_tags(texts: list[str]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            usage_error(f"--tag must be KEY=VALUE, got {text!r}")
        tags[key.strip()] = value.strip()
    return tags


def _requirement_names(paths: list[Path], providers: list[str]) -> set[str]:
    from packaging.utils import canonicalize_name

    from migrator.inputs.requirements import parse_requirements

    names = {str(canonicalize_name(p)) for p in providers}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            usage_error(f"--requirements {path}: {exc.strerror}")
        names.update(line.name for line in parse_requirements(text, str(path)).lines if line.name)
    return names


def _execute(run: _Run) -> None:
    from migrator.secrets.plan import Redactor

    secrets: list[str] = [k for k in (run.fernet_key or "").split(",") if k.strip()]
    if run.metadata_db:
        from sqlalchemy.engine import make_url

        try:
            password = make_url(run.metadata_db).password
        except Exception:
            password = None
        if password:
            secrets.append(str(password))
    redact = Redactor(secrets)
    try:
        _execute_checked(run, secrets)
    except (typer.Exit, SystemExit):
        raise
    except Exception as exc:  # never a traceback that could carry a value; one scrubbed line instead
        typer.echo(
            f"mwaa-migrator: error: unexpected {type(exc).__name__}: {redact(str(exc))[:300]}", err=True
        )
        raise typer.Exit(EXIT_THRESHOLD) from None


def _execute_checked(run: _Run, secrets: list[str]) -> None:
    from migrator.aws import AwsOptions, AwsSetupError, check_credentials, client, session
    from migrator.cli.options import target_version
    from migrator.secrets.backends import FORMATS, STORES
    from migrator.secrets.checks import check, make_context, merge
    from migrator.secrets.generate import write_outputs
    from migrator.secrets.metadata_db import Decryptor, FernetKeyError, MetadataDbError, read_metadata_db
    from migrator.secrets.plan import Redactor, apply_plan, build_plan
    from migrator.secrets.sources import SourceData, read_file
    from migrator.secrets.stores import open_store, service_name

    if run.to not in STORES:
        usage_error(f"--to must be one of {', '.join(STORES)}")
    if run.fmt not in FORMATS:
        usage_error(f"--format must be one of {', '.join(FORMATS)}")
    if not (run.export_files or run.env_files or run.metadata_db):
        usage_error("give at least one source: --export-file, --env-file or --metadata-db")
    missing = [str(p) for p in [*run.export_files, *run.env_files] if not p.is_file()]
    if missing:
        usage_error(f"file does not exist: {', '.join(missing)}")
    tags = _parse_tags(run.tags)
    target = target_version(run.target_airflow)
    try:
        decryptor = Decryptor.from_keys(run.fernet_key)
    except FernetKeyError as exc:
        usage_error(str(exc))

    # Lowest precedence first, as Airflow looks them up: metastore, then (exports of it), then env vars.
    sources: list[SourceData] = []
    if run.metadata_db:
        try:
            sources.append(read_metadata_db(run.metadata_db, decryptor))
        except MetadataDbError as exc:
            usage_error(str(exc))
    sources.extend(read_file(path, str(path), "export") for path in run.export_files)
    sources.extend(read_file(path, str(path), "env") for path in run.env_files)
    inventory = merge(sources)
    context = make_context(
        target, store=run.to, fmt=run.fmt, connections_prefix=run.connections_prefix,
        variables_prefix=run.variables_prefix, requirements=_requirement_names(run.requirements, run.providers),
    )  # fmt: skip
    findings = check(inventory, context)
    secrets.extend(inventory.secret_strings())
    redact = Redactor(secrets)

    options = AwsOptions(profile=run.profile, region=run.region, endpoint_url=run.endpoint_url)
    try:
        aws_session = session(options)
        check_credentials(aws_session)
        store = open_store(run.to, client(options, service_name(run.to), aws_session))
        region = run.region or aws_session.region_name
    except AwsSetupError as exc:
        usage_error(str(exc))
    plan = build_plan(
        inventory, findings, context, store, kms_key_id=run.kms_key_id, tags=tags, redact=redact
    )

    _print_findings(plan.findings)
    if run.mode == "apply":
        typer.echo(f"Applying to {run.to} ({options.describe()}):")
        apply_plan(plan, store, redact=redact, progress=lambda item: _print_item(item, with_result=True))
    else:
        for item in plan.items:
            _print_item(item, with_result=False)
    written = write_outputs(plan, run.out, mode=run.mode, target_airflow=target.airflow, region=region)
    counts = plan.counts()
    summary = ", ".join(
        f"{counts[a]} {a}" for a in counts if counts[a] or a in ("create", "update", "unchanged")
    )
    typer.echo(f"{'Applied' if run.mode == 'apply' else 'Plan'}: {len(plan.items)} items to {run.to} "
               f"({run.fmt} format): {summary}.")  # fmt: skip
    if run.mode == "apply":
        typer.echo("Results: " + ", ".join(f"{n} {r}" for r, n in plan.result_counts().items()))
    typer.echo("Wrote: " + ", ".join(str(p) for p in written))
    if plan.failed:
        problems = len(plan.source_problems) + sum(1 for item in plan.items if item.failed)
        typer.echo(f"{problems} problem(s) kept items from being migrated; see above.", err=True)
        raise typer.Exit(EXIT_THRESHOLD)
    raise typer.Exit(EXIT_OK)


def _print_findings(findings: list[Any]) -> None:
    for finding in findings:
        typer.echo(f"{finding.code} {finding.severity.label:<7} {finding.location}: {finding.message}")


def _print_item(item: Any, *, with_result: bool) -> None:
    detail = f"  ({item.reason})" if item.reason else ""
    line = f"{item.action:<9} {item.kind:<10} {item.item_id} -> {item.name}  {item.preview}{detail}"
    if with_result:
        line += f"  => {item.result}"
    typer.echo(line)
    sys.stdout.flush()
