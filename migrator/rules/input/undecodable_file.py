from migrator.findings import Severity
from migrator.rules.base import EngineRule, Example


class UndecodableFile(EngineRule):
    """A file's bytes are not valid in its declared encoding (UTF-8 unless a PEP 263 coding cookie
    or BOM says otherwise). The line of the first bad byte is reported.

    Python refuses to import such a file, so its DAGs never load; for cfg/requirements/crontab files
    the content cannot be checked.
    """

    code = "MWAA003"
    name = "undecodable-file"
    title = "File is not valid text in its declared encoding"
    severity = Severity.BLOCKER
    why = "Python (and pip/cron for other files) cannot read the file as text."
    remedy = "Re-encode the file as UTF-8, or declare its real encoding with a `# -*- coding: NAME -*-` line."
    examples = (
        Example("from airflow import DAG\n# caf\xe9\n".encode("latin-1").decode("utf-8", "surrogateescape"),
                expect_lines=(2,)),
        Example("# -*- coding: latin-1 -*-\nfrom airflow import DAG\n# caf\xe9\n"),
    )
