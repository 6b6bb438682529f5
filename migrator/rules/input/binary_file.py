from migrator.findings import Severity
from migrator.rules.base import EngineRule, Example


class BinaryFile(EngineRule):
    """A file named like Python, a crontab, a requirements or a config file contains NUL bytes.

    It is skipped. In a DAG folder it would also be synced to MWAA's S3 bucket for nothing.
    """

    code = "MWAA004"
    name = "binary-file"
    title = "Binary file where text was expected"
    severity = Severity.INFO
    why = "The file cannot be analysed; MWAA would sync it and fail to import it."
    remedy = "Remove the file from the DAG folder, or list it in .airflowignore."
    examples = (Example("\x00\x01\x02binary", expect_lines=(0,)),)
