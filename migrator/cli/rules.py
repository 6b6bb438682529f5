"""`mwaa-migrator rules [CODE]`: the rule catalogue and each rule's documentation with examples."""

from __future__ import annotations

import typer

from migrator.cli.app import app, usage_error
from migrator.templating import render


@app.command("rules")
def rules_command(code: str | None = typer.Argument(None, help="A rule code (MWAA101) or name to document.")) -> None:
    """List every rule, or print one rule's documentation and examples."""
    from migrator.rules import registry

    if code is None:
        typer.echo(render("cli/rules-list.txt.j2", rules=registry.all_rules()), nl=False)
        return
    try:
        rule = registry.get(code)
    except KeyError:
        usage_error(f"no rule {code!r}; `mwaa-migrator rules` lists them")
    typer.echo(render("cli/rule-doc.md.j2", rule=rule, doc=rule.documentation()), nl=False)
