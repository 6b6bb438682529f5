"""What a rule is: a stable code, its documentation, its examples, and a check.

Modelled on Fixit: a rule cannot exist without examples, and the examples are both the rule's
documentation (`mwaa-migrator rules CODE`) and its tests (collected by tests/test_rule_examples.py).
Every example is a whole input file; the test runs the full engine on it and compares the lines
this rule reports with `expect_lines`.
"""

from __future__ import annotations

import ast
import enum
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from migrator.findings import Family, Finding, Location, Severity

if TYPE_CHECKING:
    from migrator.inputs.airflow_cfg import AirflowConfig
    from migrator.inputs.python_module import PythonModule
    from migrator.inputs.requirements import RequirementsFile
    from migrator.knowledge.versions import TargetVersion


class InputKind(enum.StrEnum):
    """Which kind of file a rule reads; the engine routes each discovered file by its kind."""

    PYTHON = "python"
    CONFIG = "config"
    REQUIREMENTS = "requirements"
    CRONTAB = "crontab"
    ANY = "any"  # raised by the engine itself (unreadable, undecodable, ...)


@dataclass(frozen=True, slots=True)
class Example:
    """An input file and the lines on which the rule must (or, if empty, must not) report.

    `fixed` is what `convert` must turn `source` into, for rules whose fix is a rewrite.
    `target` is the MWAA Airflow version the example is judged against (None: newest).
    """

    source: str
    expect_lines: tuple[int, ...] = ()
    target: str | None = None
    filename: str = "dags/example_dag.py"
    fixed: str | None = None
    note: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.expect_lines


class Rule:
    """Base of every rule. Subclasses set the class attributes; the docstring is the long doc."""

    code: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str]
    family: ClassVar[Family]
    severity: ClassVar[Severity]
    input_kind: ClassVar[InputKind]
    why: ClassVar[str]
    remedy: ClassVar[str]
    fixable: ClassVar[bool] = False
    sources: ClassVar[tuple[str, ...]] = ()
    examples: ClassVar[tuple[Example, ...]] = ()
    # For the few rules whose examples cannot be a file's text (permissions, links): the test file
    # that exercises them instead. Every other rule must carry examples.
    examples_elsewhere: ClassVar[str] = ""

    @classmethod
    def check_template_file(cls, display: str, text: str, target: TargetVersion) -> Iterator[Finding]:
        """Findings in a Jinja template file the DAGs render (.sql, .hql, .sh, .j2, ...); most rules
        have none. The engine calls only the rules that override this."""
        return iter(())

    @classmethod
    def check_script_file(cls, display: str, text: str, target: TargetVersion) -> Iterator[Finding]:
        """Findings in a shell script shipped with the DAGs (.sh, .bash); as above."""
        return iter(())

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.title)

    @classmethod
    def finding(
        cls,
        location: Location,
        message: str | None = None,
        *,
        remedy: str | None = None,
        severity: Severity | None = None,
        fixable: bool | None = None,
        data: tuple[tuple[str, str], ...] = (),
    ) -> Finding:
        return Finding(
            code=cls.code,
            severity=cls.severity if severity is None else severity,
            family=cls.family,
            location=location,
            message=message or cls.title,
            remedy=remedy or cls.remedy,
            fixable=cls.fixable if fixable is None else fixable,
            data=data,
        )


class EngineRule(Rule):
    """A problem the engine itself reports while reading inputs (no check method)."""

    input_kind = InputKind.ANY
    family = Family.INPUT


class PythonRule(Rule):
    """Looks at one parsed Python file. The engine walks the tree once for all rules and hands
    each rule the node types it declares in `node_types`; `check_module` sees the whole module."""

    input_kind = InputKind.PYTHON
    node_types: ClassVar[tuple[type[ast.AST], ...]] = ()
    # Cheap pre-filter: the rule only runs when one of these byte strings occurs in the file.
    # Empty means "always run".
    needles: ClassVar[tuple[str, ...]] = ()

    def check_node(self, node: ast.AST, module: PythonModule) -> Iterator[Finding]:
        return iter(())

    def check_module(self, module: PythonModule) -> Iterator[Finding]:
        return iter(())


class ConfigRule(Rule):
    """Looks at one airflow.cfg or env file (both become an AirflowConfig)."""

    input_kind = InputKind.CONFIG

    def check_config(self, config: AirflowConfig) -> Iterator[Finding]:
        raise NotImplementedError


class RequirementsRule(Rule):
    """Looks at one requirements file."""

    input_kind = InputKind.REQUIREMENTS

    def check_requirements(self, requirements: RequirementsFile) -> Iterator[Finding]:
        raise NotImplementedError


class DeploymentRule(Rule):
    """Looks across files once everything is analysed (e.g. an import whose provider package is in
    no requirements file). Gets the whole Deployment; keeps no state between runs."""

    input_kind = InputKind.ANY

    def check_deployment(self, deployment: Deployment) -> Iterator[Finding]:
        raise NotImplementedError


if TYPE_CHECKING:
    from migrator.engine import Deployment
