from migrator.findings import Severity
from migrator.rules.base import EngineRule


class OversizedFile(EngineRule):
    """A file over the analysis size limit (2 MiB) was skipped.

    DAG files that large are usually generated code or embedded data; they slow MWAA's DAG processor
    (MWAA's default `dagbag_import_timeout` is 30 s). Example in tests/test_engine_bad_input.py.
    """

    code = "MWAA007"
    name = "oversized-file"
    title = "File too large to analyse"
    severity = Severity.WARNING
    why = "Large DAG files slow parsing on MWAA and were not assessed here."
    remedy = "Move data out of the DAG folder (to S3), or split the generated file."
    examples_elsewhere = "tests/test_engine_bad_input.py"
