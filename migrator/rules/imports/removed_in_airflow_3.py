from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class RemovedInAirflow3(ImportRule):
    """A name Airflow 3 removed with nothing to import instead: `airflow.utils.dates.days_ago`,
    `airflow.operators.subdag.SubDagOperator`, `airflow.utils.db.create_session`, `airflow.PY38`,
    `TriggerRule.DUMMY`, ... (ruff AIR301 names with no replacement). Also reported when the name is
    reached through a module attribute (`dates.days_ago(1)` after `from airflow.utils import dates`).

    Only reported for MWAA 3.x targets; on 2.x these names still exist. The message carries the
    advice ruff gives where there is one (`pendulum.today('UTC').add(days=-N)` for `days_ago`).
    """

    code = "MWAA104"
    name = "removed-in-airflow-3"
    title = "Name removed in Airflow 3"
    category = Category.REMOVED_IN_3
    severity = Severity.BLOCKER
    why = "The import fails on Airflow 3, so the DAG file does not load."
    remedy = (
        "Remove the use or rewrite it without the removed name (see the message for the usual substitute)."
    )
    examples = (
        Example(
            "from airflow.utils.dates import days_ago\n\nSTART = days_ago(1)\n",
            expect_lines=(1,),
            target="3.0.6",
        ),
        Example(
            "from airflow import DAG\nfrom airflow.utils import dates\n\nSTART = dates.days_ago(2)\n",
            expect_lines=(4,),
            target="3.2.1",
            note="reached through a module attribute",
        ),
        Example(
            "from airflow.operators.subdag import SubDagOperator\nfrom airflow.utils.db import create_session\n",
            expect_lines=(1, 2),
            target="3.3.1",
        ),
        Example("from airflow.utils.dates import days_ago\n", target="2.10.3", note="still exists on 2.x"),
        Example("import pendulum\n\nSTART = pendulum.today('UTC').add(days=-1)\n", target="3.0.6"),
    )
