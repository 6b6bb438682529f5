from __future__ import annotations

from migrator.findings import Severity
from migrator.rules.secrets.base import SourceRule


class UndecryptableValue(SourceRule):
    """A password, extra or variable in the metadata database is Fernet-encrypted and none of the
    keys given with --fernet-key (or AIRFLOW__CORE__FERNET_KEY) decrypts it, or no key was given.
    Give the deployment's `core.fernet_key` (all of the comma-separated keys when it was rotated).
    The item is skipped; the others are migrated."""

    code = "MWAA1008"
    name = "undecryptable-value"
    title = "Encrypted value cannot be decrypted with the given Fernet key(s)"
    severity = Severity.BLOCKER
    why = "Without the plain value there is nothing to store in the secret."
    remedy = "Pass the deployment's core.fernet_key (comma-separated if rotated) with --fernet-key."
    # The input is a database, not a text file: tests/secrets/test_metadata_db.py builds the examples.
    examples_elsewhere = "tests/secrets/test_metadata_db.py"
