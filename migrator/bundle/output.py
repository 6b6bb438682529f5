"""Rendering: every text file of the bundle comes from a template in templates/bundle/, and the
whole run (decide, render, verify, write) is `run_bundle`."""

from __future__ import annotations

import json
import shlex
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrator import __version__
from migrator.bundle.build import (
    DAGS,
    OPTIONS,
    PLUGINS_ZIP,
    README,
    REQUIREMENTS,
    STARTUP,
    Bundle,
    check_output_folder,
    plugins_zip_files,
    prepare,
    run_verification,
    write_bundle,
)
from migrator.bundle.constraints import Constraints
from migrator.bundle.dags import IGNORE_FILE, ignore_pattern
from migrator.bundle.model import BundleOptions, Note, Topic
from migrator.bundle.plugins import DIR_MODE, build_zip
from migrator.findings import Severity
from migrator.knowledge import mwaa_config, mwaa_packages
from migrator.knowledge.versions import TargetVersion
from migrator.templating import render

IGNORE_PATH = f"{DAGS}/{IGNORE_FILE}"


def _base(target: TargetVersion) -> dict[str, Any]:
    return {"version": __version__, "target": target}


def render_requirements(bundle: Bundle) -> str:
    return render(
        "bundle/requirements.txt.j2", **_base(bundle.target), blocks=bundle.requirements.blocks,
        find_links_line=mwaa_packages.install_facts()["find_links_line"] if bundle.requirements.find_links else "",
    )  # fmt: skip


def render_startup(bundle: Bundle) -> str:
    groups = []
    for group in bundle.startup.groups:
        indent = "  " if group.components else ""
        steps = [
            {
                "package": step.package, "library": step.library, "source": step.source,
                "commands": [
                    {"command": command,
                     "message": shlex.quote(f"mwaa-migrator startup.sh: '{command}' failed; {step.package} will not work")}
                    for command in step.commands
                ],
            }
            for step in group.steps
        ]  # fmt: skip
        groups.append(
            {"guard": group.guard, "components": group.components, "indent": indent, "steps": steps}
        )
    return render("bundle/startup.sh.j2", **_base(bundle.target), facts=mwaa_config.startup_script_facts(),
                  groups=groups, exports=bundle.startup.exports)  # fmt: skip


def render_airflowignore(bundle: Bundle) -> str:
    syntax, why = bundle.ignore_syntax
    patterns = [ignore_pattern(d.relative, syntax) for d in bundle.ignored]
    return render("bundle/airflowignore.j2", **_base(bundle.target), syntax=syntax, why=why,
                  user_lines=bundle.user_ignore_lines, patterns=patterns)  # fmt: skip


def render_options(bundle: Bundle) -> str:
    return render("bundle/airflow_configuration_options.json.j2",
                  options=json.dumps(dict(sorted(bundle.options.options.items())), indent=2, sort_keys=True))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ZipEntry:
    name: str
    mode: str
    size: int


def zip_listing(data: bytes) -> list[ZipEntry]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            ZipEntry(i.filename, oct((i.external_attr >> 16) & 0o7777)[2:], i.file_size)
            for i in archive.infolist()
        ]


def _constraints_context(bundle: Bundle) -> dict[str, Any]:
    if isinstance(bundle.constraints, Constraints):
        return {"known": True, "origin": bundle.constraints.origin, "location": bundle.constraints.location,
                "pins": len(bundle.constraints.pins)}  # fmt: skip
    return {"known": False, "reason": bundle.constraints.reason}


def _findings_context(bundle: Bundle) -> list[dict[str, Any]]:
    from migrator.rules import registry

    counts = Counter(f.code for f in bundle.findings())
    rows = []
    for code in sorted(counts):
        try:
            title = registry.get(code).title
        except KeyError:
            title = ""
        rows.append({"code": code, "title": title, "count": counts[code]})
    return rows


def render_readme(bundle: Bundle, written: list[str]) -> str:
    notes = bundle.notes.sorted()
    attention = sorted(
        (n for n in notes if n.severity >= Severity.WARNING), key=lambda n: (-int(n.severity), n.sort_key())
    )
    by_topic: dict[str, list[Note]] = {}
    for note in notes:
        by_topic.setdefault(note.topic.value, []).append(note)
    zip_data = bundle.binaries.get(PLUGINS_ZIP)
    return render(
        "bundle/BUNDLE.md.j2",
        **_base(bundle.target),
        bundle=bundle,
        written=written,
        attention=attention,
        notes=by_topic,
        topics=Topic,
        constraints=_constraints_context(bundle),
        findings=_findings_context(bundle),
        zip_entries=zip_listing(zip_data) if zip_data else [],
        dir_mode=oct(DIR_MODE)[2:],
        startup_facts=mwaa_config.startup_script_facts(),
        wheel_platform=mwaa_packages.wheel_platform(),
        options_shown=bundle.options.shown(),
        ignored=bundle.ignored,
        verify=bundle.verify,
        install=mwaa_packages.install_facts(),
        essential=sorted(mwaa_packages.essential_pins(bundle.target)),
    )


def render_summary(bundle: Bundle, out: Path, written: list[str]) -> str:
    notes = bundle.notes.sorted()
    return render("bundle/summary.txt.j2", **_base(bundle.target), bundle=bundle, out=str(out), written=written,
                  blockers=[n for n in notes if n.severity is Severity.BLOCKER],
                  warnings=[n for n in notes if n.severity is Severity.WARNING],
                  constraints=_constraints_context(bundle), verify=bundle.verify)  # fmt: skip


def run_bundle(paths: list[Path], target: TargetVersion, options: BundleOptions, *,
               cwd: Path | None = None) -> tuple[Bundle, list[str]]:  # fmt: skip
    """Decide, render, verify (if asked) and write; returns the bundle and the names written."""
    check_output_folder(options.out, paths)
    with tempfile.TemporaryDirectory(prefix="mwaa-migrator-bundle-") as scratch:
        staging = Path(scratch)
        bundle = prepare(paths, target, options, cwd=cwd, staging=staging)
        bundle.texts[REQUIREMENTS] = render_requirements(bundle)
        bundle.texts[OPTIONS] = render_options(bundle)
        bundle.texts[IGNORE_PATH] = render_airflowignore(bundle)
        if bundle.startup.needed:
            bundle.texts[STARTUP] = render_startup(bundle)
        zip_files = plugins_zip_files(bundle)
        if zip_files:
            bundle.binaries[PLUGINS_ZIP] = build_zip(zip_files, target)
        if options.verify:
            bundle.verify = run_verification(bundle, staging)
        written = [f"{DAGS}/", *sorted(n for n in [*bundle.texts, *bundle.binaries, README] if "/" not in n)]
        bundle.texts[README] = render_readme(bundle, written)
        write_bundle(bundle, options.out)
    return bundle, written
