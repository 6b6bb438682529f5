from migrator.findings import Family, Severity
from migrator.rules.base import EngineRule, Example


class MalformedConfigLine(EngineRule):
    """A line in airflow.cfg is neither a `[section]` header, a `key = value` option, a comment,
    nor the indented continuation of a value. Airflow's configparser would refuse the whole file."""

    code = "MWAA607"
    name = "malformed-config-line"
    title = "Line in airflow.cfg does not parse"
    family = Family.CONFIG
    severity = Severity.WARNING
    why = "The option on this line cannot be carried over to MWAA's configuration options."
    remedy = "Fix or remove the line; options go in `[section]` blocks as `key = value`."
    examples = (
        Example("[core]\nexecutor = CeleryExecutor\nthis is not an option\n", expect_lines=(3,),
                filename="airflow.cfg"),
        Example("[core]\nexecutor = CeleryExecutor\n", filename="airflow.cfg"),
    )
