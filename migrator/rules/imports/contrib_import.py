from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class ContribImport(ImportRule):
    """An `airflow.contrib.*` import.

    Airflow 2.0 split `airflow.contrib` into provider packages (AIP-21). Airflow 2.x still ships
    deprecation shims for most contrib names, so on an MWAA 2.x target the import works with a
    warning, provided the provider the shim points at is installed and still has that name (several
    shims point at names later provider releases removed; the message says so). Airflow 3 removed the
    package: on an MWAA 3.x target every contrib import fails and the DAG does not load.

    The replacement is the name valid on the target: the provider path Airflow 2 redirects to, then
    any Airflow 3 move of that path, then any later provider rename (for example
    `airflow.contrib.operators.ecs_operator.ECSOperator` becomes
    `airflow.providers.amazon.aws.operators.ecs.EcsRunTaskOperator`). The finding's data carries
    `old`, `new`, `distribution` and `min_version` for `convert`; a rename whose replacement takes
    different arguments (`drop_in=false`) is reported but not rewritten.
    """

    code = "MWAA101"
    name = "contrib-import"
    title = "airflow.contrib import"
    category = Category.CONTRIB
    severity = Severity.BLOCKER
    why = "airflow.contrib is gone on Airflow 3 and only a deprecation shim on Airflow 2."
    remedy = "Import the class from its provider package and add that provider to requirements.txt."
    fixable = True
    examples = (
        Example(
            "from airflow.contrib.hooks.aws_hook import AwsHook\n",
            expect_lines=(1,),
            target="3.0.6",
            note="blocker on 3.x: airflow.providers.amazon.aws.hooks.base_aws.AwsBaseHook",
        ),
        Example(
            "from airflow import DAG\nfrom airflow.contrib.operators.ecs_operator import ECSOperator\n",
            expect_lines=(2,),
            target="2.10.3",
            note="the 2.x shim has no ECSOperator; the provider renamed it EcsRunTaskOperator",
        ),
        Example(
            "import airflow.contrib.hooks.aws_hook\nfrom airflow.contrib.hooks import gcs_hook\n",
            expect_lines=(1, 2),
            target="2.10.3",
            note="module imports are reported too (a warning while the 2.x shim exists)",
        ),
        Example(
            "from airflow.contrib.operators.some_removed_operator import Thing\n",
            expect_lines=(1,),
            target="2.10.3",
            note="unknown contrib names: no mapping, not fixable",
        ),
        Example(
            "from airflow.providers.amazon.aws.hooks.base_aws import AwsBaseHook\n",
            target="3.0.6",
        ),
        Example(
            "try:\n"
            "    from airflow.providers.amazon.aws.hooks.base_aws import AwsBaseHook as AwsHook\n"
            "except ImportError:\n"
            "    from airflow.contrib.hooks.aws_hook import AwsHook\n",
            target="3.0.6",
            note="a compatibility fallback guarded by except ImportError is deliberate",
        ),
    )
