"""`mwaa-migrator deploy`: sync a bundle to S3 and update the MWAA environment (dry run by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from migrator.cli.app import EXIT_OK, EXIT_THRESHOLD, app, usage_error
from migrator.templating import render


def mwaa_client(options: Any, mwaa_endpoint_url: str | None) -> Any:
    """The MWAA client. With a local endpoint, botocore's host-prefix injection ("api."/"env." before
    the host) must be off, or requests go to api.127.0.0.1 and never arrive."""
    from botocore.config import Config

    from migrator.aws import botocore_config, session

    endpoint = mwaa_endpoint_url or options.endpoint_url
    config = botocore_config(options)
    if endpoint:
        config = config.merge(Config(inject_host_prefix=False))
    return session(options).client("mwaa", endpoint_url=endpoint, config=config)


@app.command()
def deploy(
    bundle: Path = typer.Argument(..., help="Bundle folder (dags/, requirements.txt, plugins.zip, startup.sh, ...)."),
    bucket: str = typer.Option(..., "--bucket", help="The environment's S3 bucket (versioning must be on)."),
    environment: str = typer.Option(..., "--environment", help="MWAA environment name."),
    do_apply: bool = typer.Option(False, "--apply", help="Act. Without it, only show what would happen."),
    delete: bool = typer.Option(False, "--delete", help="Delete objects under dags/ that the bundle no longer has."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Return right after update_environment."),
    poll_seconds: float = typer.Option(30.0, "--poll-seconds", min=0.0, help="Seconds between status checks."),
    profile: str | None = typer.Option(None, "--profile", help="AWS profile (default: the standard chain)."),
    region: str | None = typer.Option(None, "--region", help="AWS region."),
    endpoint_url: str | None = typer.Option(None, "--endpoint-url", help="Endpoint for every AWS client."),
    mwaa_endpoint_url: str | None = typer.Option(None, "--mwaa-endpoint-url", help="Endpoint for the MWAA API only."),
) -> None:
    """Upload the bundle and point the environment at the new object versions.

    Exit codes: 0 done (or dry run shown); 1 AWS refused or the environment update failed; 2 usage error.
    """
    from migrator.aws import AwsOptions, AwsSetupError, client, error_code
    from migrator.deploy.environment import DeployError, apply, prepare, wait

    if not bundle.is_dir():
        usage_error(f"not a folder: {bundle}")
    options = AwsOptions(profile=profile, region=region, endpoint_url=endpoint_url)
    try:
        s3 = client(options, "s3")
        mwaa = mwaa_client(options, mwaa_endpoint_url)
        plan = prepare(s3, mwaa, bundle, bucket, environment, delete)
        typer.echo(render("cli/deploy-plan.txt.j2", plan=plan, applying=do_apply), nl=False)
        if not do_apply:
            typer.echo("Dry run: nothing changed. Re-run with --apply to upload and update the environment.")
            raise typer.Exit(EXIT_OK)
        request = apply(s3, mwaa, bundle, plan)
        versions = {k: v for k, v in request.items() if k.endswith("ObjectVersion")}
        typer.echo("update_environment sent" + "".join(f"; {k}={v}" for k, v in sorted(versions.items())))
        if no_wait:
            raise typer.Exit(EXIT_OK)
        env = wait(mwaa, environment, _status_printer(), poll_seconds=poll_seconds)
        typer.echo(f"{environment} is {env['Status']}.")
    except (DeployError, AwsSetupError) as exc:
        typer.echo(f"mwaa-migrator: error: {exc}", err=True)
        raise typer.Exit(EXIT_THRESHOLD) from None
    except Exception as exc:  # botocore ClientError & co: one clear line, never a traceback
        if type(exc).__module__.startswith(("botocore", "boto3")):
            typer.echo(f"mwaa-migrator: error: AWS {error_code(exc)}: {exc}", err=True)
            raise typer.Exit(EXIT_THRESHOLD) from None
        raise


def _status_printer() -> Any:
    last: list[str] = []

    def show(status: str, elapsed: float) -> None:
        if not last or last[-1] != status:
            typer.echo(f"  {elapsed / 60:5.1f} min  {status}")
            last.append(status)

    return show
