"""Run each stage as its own command, in-process, so `migrate` does exactly what the separate
commands do (same validation, same outputs, same exit codes) and a stage that is not installed or
fails is reported while the others go on."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class StageResult:
    name: str
    folder: str  # relative to the migrate output folder
    exit_code: int | None  # None: skipped
    summary: str
    note: str = ""
    files: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.exit_code is None:
            return "skipped"
        # exit 1 is a command's "found something" (blockers, changes, DST differences), not a failure
        return "ok" if self.exit_code == 0 else ("attention" if self.exit_code == 1 else "failed")


def run_command(args: list[str]) -> tuple[int, str]:
    """Run `mwaa-migrator ARGS` in this process; returns (exit code, what it printed)."""
    from migrator.cli.app import CLICK_ERROR, CLICK_EXIT, app

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            code = app(args, standalone_mode=False)
            exit_code = code if isinstance(code, int) else 0
        except CLICK_EXIT as exc:
            exit_code = exc.exit_code  # type: ignore[attr-defined]
        except CLICK_ERROR as exc:
            exc.show(file=buffer)  # type: ignore[attr-defined]
            exit_code = 2
        except Exception as exc:  # a bug in one stage must not cost the user the other stages
            # the exception text is not shown: it could quote a value read from the inputs
            buffer.write(f"internal error in `{args[0]}` ({type(exc).__name__}); run it alone to see where\n")
            exit_code = 3
    return exit_code, buffer.getvalue()


def list_files(out: Path, folder: str) -> list[str]:
    base = out / folder
    if not base.is_dir():
        return []
    wanted = [p for p in sorted(base.rglob("*")) if p.is_file() and "/dags/" not in f"/{p.relative_to(base)}"]
    return [p.relative_to(out).as_posix() for p in wanted[:40]]


Stage = Callable[[], StageResult]
