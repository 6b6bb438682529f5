from migrator.findings import Severity
from migrator.rules.base import EngineRule, Example


class SyntaxErrorRule(EngineRule):
    """A Python file in the deployment does not parse as Python 3.

    On MWAA the DAG processor records an import error for the file and every DAG in it disappears
    from the UI. The tool reports the first error and goes on with the other files; `convert`
    copies such a file unchanged.
    """

    code = "MWAA001"
    name = "syntax-error"
    title = "File does not parse as Python 3"
    severity = Severity.BLOCKER
    why = "Airflow records an import error and none of the file's DAGs load."
    remedy = "Fix the syntax error (run `python -m py_compile FILE` to see it)."
    examples = (
        Example("from airflow import DAG\n\ndef broken(:\n    pass\n", expect_lines=(3,)),
        Example("from airflow import DAG\nx = 1\n"),
    )
