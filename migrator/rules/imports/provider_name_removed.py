from migrator.findings import Severity
from migrator.rules.base import Example
from migrator.rules.imports.base import ImportRule
from migrator.rules.imports.resolve import Category


class ProviderNameRemoved(ImportRule):
    """A provider name that current releases of its provider distribution no longer have, under the
    same class name in another module: `airflow.providers.amazon.aws.operators.emr_add_steps` ->
    `airflow.providers.amazon.aws.operators.emr`, `...sensors.s3_prefix` -> `...sensors.s3`.

    Read from the deprecation shims of older provider wheels (symbols_provider_renames.toml): the
    import works only with provider releases up to the one named in the message. MWAA images pin
    recent provider releases, so expect it to fail there. Renamed classes are MWAA107.
    """

    code = "MWAA109"
    name = "provider-name-removed"
    title = "Provider name removed by a newer provider release"
    category = Category.PROVIDER_REMOVED
    severity = Severity.WARNING
    why = "Current provider releases (the ones MWAA constraints pin) no longer have the name."
    remedy = "Import the name from the module current provider releases define it in."
    fixable = True
    examples = (
        Example(
            "from airflow.providers.amazon.aws.operators.emr_add_steps import EmrAddStepsOperator\n",
            expect_lines=(1,),
            target="2.10.3",
        ),
        Example(
            "from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator\n",
            target="2.10.3",
        ),
    )
