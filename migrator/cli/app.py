"""The Typer application object every command module registers on.

Exit codes (stable, documented in the README):
  0  success; nothing at or above the --fail-on threshold
  1  the threshold was reached (assess), something would change (convert --check),
     or an operation failed on some item (secrets apply, deploy, cron verify mismatches)
  2  usage error: bad path, unknown version, bad option value; one line on stderr, no traceback
"""

from __future__ import annotations

from typing import NoReturn

import typer

from migrator import __version__


def _exception_classes(name: str) -> tuple[type[BaseException], ...]:
    """click's exception class `name` (when click is installed) plus typer's own: typer >= 0.29
    vendors click (typer._click) and defines Exit/Abort itself, so `click.ClickException` alone
    misses typer's usage errors."""
    found: list[type[BaseException]] = []
    try:  # typer < 0.29 runs on click itself, which then is installed; newer typer does not need it
        import click
    except ImportError:
        pass
    else:
        found.append(getattr(click.exceptions, name))
    typer_own = getattr(typer, name, None)
    if isinstance(typer_own, type) and issubclass(typer_own, BaseException):
        found.append(typer_own)
    try:
        from typer._click import exceptions as vendored  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        pass
    else:
        vendored_class = getattr(vendored, name, None)
        if isinstance(vendored_class, type) and issubclass(vendored_class, BaseException):
            found.append(vendored_class)
    return tuple(dict.fromkeys(found))


CLICK_EXIT = _exception_classes("Exit")
CLICK_ERROR = _exception_classes("ClickException")
CLICK_ABORT = _exception_classes("Abort")

EXIT_OK = 0
EXIT_THRESHOLD = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="mwaa-migrator",
    help="Assess, rewrite and bundle a self-hosted Apache Airflow deployment and its crontabs for Amazon MWAA.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def usage_error(message: str) -> NoReturn:
    """One line on stderr and exit 2: the documented answer to bad input on the command line."""
    typer.echo(f"mwaa-migrator: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"mwaa-migrator {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Assess, rewrite and bundle a self-hosted Apache Airflow deployment for Amazon MWAA."""
