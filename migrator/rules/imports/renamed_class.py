from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class RenamedClass(ImportRule):
    """An imported class or function whose own name changed, not only its module:
    `DummyOperator` -> `EmptyOperator`, `SimpleHttpOperator` -> `HttpOperator`, `Dataset` -> `Asset`,
    `DatasetManager` -> `AssetManager`, provider renames such as `AwsLambdaHook` -> `LambdaHook`.

    A rename needs more than a new import line: every use of the old name in the file changes too,
    which `convert` does from the finding's data (`old`, `new`, `local`). 1.10 paths and
    `airflow.contrib` imports that are also renamed are reported by MWAA102/MWAA101 (their message
    names the new class). Severity follows the target: a blocker where the old name no longer
    imports, a warning where it still does through a shim or an older provider release, info where
    the old spelling is still public (`airflow.Dataset` on 3.0).
    """

    code = "MWAA107"
    name = "renamed-class"
    title = "Renamed class or function"
    category = Category.RENAMED
    severity = Severity.BLOCKER
    why = "The old name is deprecated or gone on the target; its uses must change name as well as import."
    remedy = "Import the new name and rename its uses in the file."
    fixable = True
    examples = (
        Example(
            "from airflow.operators.dummy import DummyOperator\n\nstart = DummyOperator(task_id='start')\n",
            expect_lines=(1,),
            target="2.10.3",
            note="warning on 2.x: airflow.operators.empty.EmptyOperator",
        ),
        Example(
            "from airflow.operators.dummy import DummyOperator\n",
            expect_lines=(1,),
            target="3.0.6",
            note="blocker on 3.x: airflow.providers.standard.operators.empty.EmptyOperator",
        ),
        Example(
            "from airflow.providers.http.operators.http import SimpleHttpOperator\n",
            expect_lines=(1,),
            target="3.0.6",
            note="http provider 5.0 removed it: HttpOperator",
        ),
        Example(
            "from airflow.datasets import Dataset\n",
            expect_lines=(1,),
            target="3.2.1",
            note="airflow.datasets is gone from 3.2: airflow.sdk.Asset",
        ),
        Example("from airflow.operators.empty import EmptyOperator\n", target="2.10.3"),
        Example("from airflow.providers.http.operators.http import HttpOperator\n", target="3.0.6"),
    )
