"""Secrets never leave the tool: every value that may hold one passes through here before output."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

MASK = "***"

# Airflow's own list (airflow.utils.log.secrets_masker DEFAULT_SENSITIVE_FIELDS) plus the airflow.cfg
# options whose values embed credentials in a URL.
_SENSITIVE_WORDS = (
    "access_token", "api_key", "apikey", "authorization", "passphrase", "passwd", "password",
    "private_key", "secret", "token", "keyfile_dict", "service_account", "fernet_key", "credential",
    "sql_alchemy_conn", "broker_url", "result_backend", "connection", "conn_uri", "dsn",
)  # fmt: skip

_URL_WITH_PASSWORD = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)(?P<user>[^:/@\s]*):(?P<pw>[^@/\s]+)@")


def is_sensitive_key(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SENSITIVE_WORDS)


def mask_urls(text: str) -> str:
    """user:password@host in any URL inside `text` becomes user:***@host."""
    if "@" not in text or "://" not in text:  # the common case, checked at C speed
        return text
    return _URL_WITH_PASSWORD.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)


def mask_value(key: str, value: str) -> str:
    """What may be shown of `value`, the setting called `key`."""
    if is_sensitive_key(key):
        return MASK if value else ""
    return mask_urls(value)


def mask_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{netloc[-1]}"))
