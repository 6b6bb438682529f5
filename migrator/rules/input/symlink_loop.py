from migrator.findings import Severity
from migrator.rules.base import EngineRule


class SymlinkLoop(EngineRule):
    """A symbolic link points back to a folder that contains it. It is not followed.

    MWAA syncs DAGs from S3, which has no links: `aws s3 sync` would follow the loop until it fails.
    Examples are in tests/test_engine_bad_input.py (a link cannot live in an example string).
    """

    code = "MWAA006"
    name = "symlink-loop"
    title = "Symbolic link loop"
    severity = Severity.WARNING
    why = "Uploading the folder to S3 would follow the loop forever or fail."
    remedy = "Remove the link, or replace it with the files it was meant to share."
    examples_elsewhere = "tests/test_engine_bad_input.py"
