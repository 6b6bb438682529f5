import re

from migrator.findings import Severity
from migrator.rules.base import EngineRule, Example

# Constructs that are valid Python 2 and never valid Python 3; checked only after ast.parse failed.
_PY2_PATTERNS = re.compile(
    r"""^\s*print\s+(?![\s(=.,)\[]|$)     # print statement
      | ^\s*exec\s+["'a-zA-Z_]             # exec statement
      | \bexcept\s+[\w.]+\s*,\s*\w+\s*:    # except E, e:
      | ^\s*raise\s+[\w.]+\s*,             # raise E, "msg"
      | `[^`\n]+`                          # repr backticks
      | <>                                 # old inequality
      | \b0[0-7]+\b(?![.eEjJ])             # 0777 octal
      | \b\d+[lL]\b                        # 10L long literal
      | \bur["']                           # ur"" strings
    """,
    re.MULTILINE | re.VERBOSE,
)


def looks_like_python2(text: str) -> bool:
    return _PY2_PATTERNS.search(text) is not None


class Python2Syntax(EngineRule):
    """The file is Python 2 (a `print` statement, `except E, e:`, backticks, `0777`, ...).

    Every MWAA image runs Python 3.11 or 3.12; Python 2 code cannot be loaded at all. Seen in
    Airflow 1.10-era repositories that were never ported.
    """

    code = "MWAA002"
    name = "python2-syntax"
    title = "Python 2 source"
    severity = Severity.BLOCKER
    why = "MWAA runs Python 3.11/3.12 only; the file cannot be imported."
    remedy = "Port the file to Python 3 (e.g. `python -m pyupgrade` after 2to3-style fixes: print(), `except E as e`)."
    examples = (
        Example('from airflow import DAG\nprint "loading dag"\n', expect_lines=(2,)),
        Example("from airflow import DAG\ntry:\n    pass\nexcept ValueError, e:\n    pass\n", expect_lines=(4,)),
        Example('from airflow import DAG\nprint("python 3")\n'),
    )
