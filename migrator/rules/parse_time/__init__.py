"""MWAA3xx: work a DAG file does every time it is parsed (at import time, outside any task).

MWAA's DAG processor re-imports each file about every 30 seconds under a 30-second import timeout,
and with a secrets backend every Variable or Connection lookup is a paid AWS API call. These rules
use the engine's `module.import_time` flag: code in module and class bodies, decorators and default
values runs at import; code inside functions (tasks) and lambdas does not. Templates
(`{{ var.value.x }}`) are rendered at run time and are the recommended replacement.
"""
