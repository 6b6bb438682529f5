from migrator.findings import Severity
from migrator.rules.base import EngineRule


class UnreadablePath(EngineRule):
    """A file or folder could not be read (permission denied, broken symbolic link, I/O error).

    Its contents were not analysed, so the report may miss problems in it; the rest of the run goes on.
    Examples are in the tests (tests/test_engine_bad_input.py): they need file permissions, which an
    example file cannot carry.
    """

    code = "MWAA005"
    name = "unreadable-path"
    title = "File or folder cannot be read"
    severity = Severity.WARNING
    why = "Whatever it contains was not assessed."
    remedy = "Give the user running mwaa-migrator read access, or remove the path from the input."
    examples_elsewhere = "tests/test_engine_bad_input.py"
