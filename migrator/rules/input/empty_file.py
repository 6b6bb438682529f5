from migrator.findings import Severity
from migrator.rules.base import EngineRule, Example


class EmptyFile(EngineRule):
    """An empty Python file. Harmless (often an `__init__.py`), listed so nothing goes unseen."""

    code = "MWAA008"
    name = "empty-file"
    title = "Empty Python file"
    severity = Severity.INFO
    why = "Nothing to migrate; MWAA parses it for nothing unless it is in .airflowignore."
    remedy = "None needed; list non-DAG files in .airflowignore (`bundle` generates one)."
    examples = (Example("", expect_lines=(0,)), Example("x = 1\n"))
