from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from urllib.parse import urlsplit

from migrator.findings import Finding, Severity
from migrator.rules.base import Example
from migrator.rules.secrets.base import SecretsContext, SecretsRule
from migrator.secrets.backends import section
from migrator.secrets.model import Connection, leaf_strings


def host_of(value: str) -> str:
    """The bare host name of `host`, `host:port`, `scheme://user@host:port/path`."""
    text = value.strip()
    if "://" in text:
        try:
            return (urlsplit(text).hostname or "").lower()
        except ValueError:
            return ""
    text = text.rsplit("@", 1)[-1]
    if text.startswith("["):
        return text[1:].split("]", 1)[0].lower()
    return text.split("/", 1)[0].split(":", 1)[0].lower() if text.count(":") <= 1 else text.lower()


def why_unreachable(host: str) -> str | None:
    """Why a container in an MWAA VPC cannot reach `host`, or None if it may."""
    data = section("hosts")
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None:
        if address.is_loopback or address.is_unspecified:
            return "is a loopback address: on MWAA it is the worker container itself"
        return None
    if host in data["loopback_names"]:
        return "names the local machine: on MWAA it is the worker container itself"
    if any(host.endswith(suffix) for suffix in data["unresolvable_suffixes"]):
        return "uses a local-only domain that no VPC resolver answers"
    if "." not in host.rstrip("."):
        return (
            "is a single-label name (a Docker service or LAN host name) that the VPC's DNS does not resolve"
        )
    return None


def _extra_urls(conn: Connection) -> Iterator[tuple[str, str]]:
    for key, value in sorted(conn.extra_dict.items()):
        for text in leaf_strings(value):
            if "://" in text:
                yield key, text


class UnresolvableHost(SecretsRule):
    """A connection's host (or a URL in its extra, such as `endpoint_url`) is `localhost`, a loopback
    address, a `.local` name or a single-label name like `postgres` from docker-compose. MWAA runs
    workers in your VPC on Fargate: `localhost` is the worker container itself, and single-label
    names resolve only if the VPC's DHCP options add a search domain. Tasks fail at connect time."""

    code = "MWAA1001"
    name = "unresolvable-host"
    title = "Connection host cannot be reached from an MWAA VPC"
    severity = Severity.WARNING
    why = "On MWAA the worker is a Fargate container in your VPC; this host does not lead to the service."
    remedy = "Point the connection at a fully qualified name or VPC address of the service (RDS endpoint, NLB, private DNS)."
    sources = ("MWAA migration guide mwaa-architecture", "RFC 6761 localhost", "RFC 6762 .local")
    examples = (
        Example('{\n  "db": {"conn_type": "postgres", "host": "localhost", "port": 5432},\n'
                '  "warehouse": {"conn_type": "postgres", "host": "postgres"},\n'
                '  "rds": {"conn_type": "postgres", "host": "db.abc123.eu-west-1.rds.amazonaws.com"},\n'
                '  "api": {"conn_type": "http", "host": "127.0.0.1"}\n}\n',
                expect_lines=(2, 3, 5), filename="connections.json"),
        Example("AIRFLOW_CONN_S3_LOCAL='aws://?endpoint_url=http%3A%2F%2Flocalhost%3A4566'\n"
                "AIRFLOW_CONN_S3='aws://?region_name=eu-west-1'\n", expect_lines=(1,), filename="airflow.env"),
        Example('{"rds": {"conn_type": "mysql", "host": "10.0.3.7"}}\n', filename="connections.json"),
    )  # fmt: skip

    ignored_hosts = frozenset({"yarn", "local", "local[*]"})  # Spark masters, not network names

    def check_connection(self, conn: Connection, context: SecretsContext) -> Iterator[Finding]:
        if conn.host:
            host = host_of(conn.host)
            reason = None if host in self.ignored_hosts else why_unreachable(host)
            if reason:
                yield self.item_finding(
                    conn.location,
                    "connection",
                    conn.conn_id,
                    f"connection {conn.conn_id!r}: host {host!r} {reason}",
                )
        for key, url in _extra_urls(conn):
            host = host_of(url)
            reason = why_unreachable(host)
            if reason and "." not in host and host not in section("hosts")["loopback_names"]:
                continue  # single-label names inside URLs are too often placeholders to report
            if reason:
                yield self.item_finding(
                    conn.location,
                    "connection",
                    conn.conn_id,
                    f"connection {conn.conn_id!r}: extra {key!r} points at {host!r}, which {reason}",
                )
