"""Command-line entry point: one thin module per verb, each registering on `app`."""

from __future__ import annotations

import sys

from migrator.cli import assess as _assess  # noqa: F401  (registers the command)
from migrator.cli import bundle as _bundle  # noqa: F401
from migrator.cli import checklist as _checklist  # noqa: F401
from migrator.cli import convert as _convert  # noqa: F401
from migrator.cli import cron as _cron  # noqa: F401
from migrator.cli import deploy as _deploy  # noqa: F401
from migrator.cli import migrate as _migrate  # noqa: F401
from migrator.cli import plan as _plan  # noqa: F401
from migrator.cli import rules as _rules  # noqa: F401
from migrator.cli import secrets as _secrets  # noqa: F401
from migrator.cli import validate as _validate  # noqa: F401
from migrator.cli.app import CLICK_ABORT, CLICK_ERROR, CLICK_EXIT, EXIT_USAGE, app


def main() -> None:
    try:
        # Without standalone mode click returns a command's typer.Exit code instead of exiting.
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except CLICK_EXIT as exc:
        sys.exit(exc.exit_code)  # type: ignore[attr-defined]
    except CLICK_ERROR as exc:  # bad option, missing argument: exit 2 with one line
        exc.show()  # type: ignore[attr-defined]
        sys.exit(EXIT_USAGE)
    except CLICK_ABORT:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)


__all__ = ["app", "main"]
