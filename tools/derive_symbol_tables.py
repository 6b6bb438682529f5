#!/usr/bin/env python3
"""Derive mwaa-migrator's symbol tables from Airflow wheels downloaded with `pip download --no-deps`.

Nothing here is imported by the tool at run time: it regenerates three data files under
migrator/knowledge/ from the wheels' own text (never executing them):

  symbols_1_10_to_2.toml   old 1.10-era / 2.x-deprecated name -> the name Airflow 2 redirects it to
  providers.toml           python module prefix -> PyPI distribution of every provider
  symbols_provider_renames.toml  provider names newer provider releases removed -> their replacement
  symbols_availability.toml for every old/new name of both symbol tables: the MWAA versions on
                           whose Airflow it still imports

Sources read (all from --wheels, a folder of wheel files; nothing is executed):
  apache_airflow_upgrade_check-*.whl      airflow/upgrade/rules/renamed_classes.py (old/new pairs)
  apache_airflow-1.10.*.whl               1.10 module layout, plugin-manager "magic" lists, contrib re-exports
  apache_airflow-2.*.whl                  one per MWAA 2.x version: `__deprecated_classes` shims
  apache_airflow_core-3.*.whl + apache_airflow_task_sdk-*.whl   one pair per MWAA 3.x version
  apache_airflow-3.*.whl                  the meta packages: the official provider list (extras), SDK pins
  prov/apache_airflow_providers_*.whl     newest provider releases: the new names are verified against them
  prov_old/apache_airflow_providers_*.whl older provider releases: their deprecation shims say what replaced
                                          names the newest releases dropped (symbols_provider_renames.toml)

symbols_2_to_3.toml is transcribed from ruff (see its header) and only *read* here: its names get
availability rows and its provider targets get verified.

Usage (the set used for the committed tables; versions from migrator/knowledge/mwaa_versions.toml):
  cd /tmp/wheels && pip download --no-deps -d . apache-airflow-upgrade-check==1.4.0 \
      apache-airflow==1.10.15 apache-airflow=={2.7.2,2.8.1,2.9.2,2.10.1,2.10.3,2.11.0,2.11.2,3.0.6,3.2.1,3.3.1} \
      apache-airflow-core=={3.0.6,3.2.1,3.3.1} apache-airflow-task-sdk=={1.0.6,1.2.1,1.3.1}
  pip download --no-deps -d prov apache-airflow-providers-{amazon,google,standard,common-sql,...}
  pip download --no-deps -d prov_old apache-airflow-providers-amazon=={4.1.0,5.1.0,7.4.1,8.29.0} ...
  python tools/derive_symbol_tables.py --wheels /tmp/wheels
It prints what it could not verify (provider targets missing from the provider wheels, distributions
whose wheel was not there, 1.10 contrib classes with no mapping). Output is deterministic.
"""

from __future__ import annotations

import argparse
import ast
import functools
import json
import re
import sys
import tomllib
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "migrator" / "knowledge"
PROVIDER_PREFIX = "apache-airflow-providers-"
_VERSION_IN_NAME = re.compile(r"-(\d+(?:\.\d+)*)-")


# Moves no wheel's shim map records, each with where it is documented.
CURATED_1_10_TO_2 = {
    "airflow.conf": (
        "airflow.configuration.conf",
        "apache-airflow-upgrade-check airflow/upgrade/rules/fix_conf_not_importable_from_airflow.py",
    ),
}


def version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def wheel_version(path: Path) -> str:
    match = _VERSION_IN_NAME.search(path.name)
    if not match:
        raise SystemExit(f"cannot read a version from {path.name}")
    return match.group(1)


# --------------------------------------------------------------------------- reading wheels


class WheelIndex:
    """The Python modules of one or more wheels, read as text; answers "does this dotted name import?"
    statically: real modules, names bound at module level, lazy `__getattr__` maps, and the virtual
    modules Airflow's `add_deprecated_classes` shims create."""

    def __init__(self, wheels: Iterable[Path]) -> None:
        self.files: dict[str, tuple[zipfile.ZipFile, str]] = {}
        self.dirs: set[str] = set()
        self.wheel_names: list[str] = []
        for wheel in wheels:
            archive = zipfile.ZipFile(wheel)
            self.wheel_names.append(wheel.name)
            for name in archive.namelist():
                if name.endswith(".py") and ".dist-info/" not in name:
                    self.files.setdefault(name, (archive, name))
                    parts = name.split("/")[:-1]
                    for i in range(1, len(parts) + 1):
                        self.dirs.add("/".join(parts[:i]))
        self._names: dict[str, frozenset[str]] = {}
        self._shims: dict[str, dict[str, str]] | None = None

    def source(self, module: str) -> str | None:
        path = module.replace(".", "/")
        for candidate in (f"{path}.py", f"{path}/__init__.py"):
            entry = self.files.get(candidate)
            if entry:
                return entry[0].read(entry[1]).decode("utf-8", "replace")
        return None

    def is_real_module(self, module: str) -> bool:
        path = module.replace(".", "/")
        return f"{path}.py" in self.files or path in self.dirs

    def tree(self, module: str) -> ast.Module | None:
        text = self.source(module)
        if text is None:
            return None
        try:
            return ast.parse(text)
        except SyntaxError:
            return None

    # -- shims

    @property
    def shims(self) -> dict[str, dict[str, str]]:
        """virtual (or patched) module -> {attribute: target dotted name}, from every
        `add_deprecated_classes(...)` call in the wheels."""
        if self._shims is None:
            self._shims = {}
            for path in sorted(self.files):
                if not path.endswith(".py"):
                    continue
                archive, member = self.files[path]
                raw = archive.read(member)
                if b"add_deprecated_classes" not in raw:
                    continue
                module = path[: -len(".py")].replace("/", ".")
                if module.endswith(".__init__"):
                    module = module[: -len(".__init__")]
                try:
                    tree = ast.parse(raw.decode("utf-8", "replace"))
                except SyntaxError:
                    continue
                for virtual, mapping in _deprecated_class_maps(tree, module):
                    self._shims.setdefault(virtual, {}).update(mapping)
        return self._shims

    def shim_pairs(self) -> dict[str, str]:
        """old dotted name -> new dotted name for every shimmed attribute (wildcards left out)."""
        pairs: dict[str, str] = {}
        for virtual, mapping in self.shims.items():
            for attr, target in mapping.items():
                if attr != "*":
                    pairs[f"{virtual}.{attr}"] = target.rstrip(".")
        return pairs

    # -- names

    def names(self, module: str) -> frozenset[str]:
        if module not in self._names:
            self._names[module] = frozenset()  # guards recursion through star imports
            tree = self.tree(module)
            self._names[module] = frozenset(_module_level_names(tree, module, self)) if tree else frozenset()
        return self._names[module]

    def is_module(self, module: str) -> bool:
        return self.is_real_module(module) or module in self.shims

    def has_attr(self, module: str, attr: str, depth: int = 0) -> bool:
        if depth > 8:
            return False
        shim = self.shims.get(module)
        if shim:
            if attr in shim:
                # a shim whose core target is gone fails at import (airflow.datasets.DatasetAny in 3.0)
                target = shim[attr].rstrip(".")
                if target.startswith("airflow.") and not target.startswith("airflow.providers."):
                    return target != f"{module}.{attr}" and self.resolves(target, depth + 1)
                return True
            if "*" in shim:
                target = shim["*"].rstrip(".")
                if self.resolves(f"{target}.{attr}", depth + 1):
                    return True
        if self.is_real_module(module):
            return attr in self.names(module) or self.is_module(f"{module}.{attr}")
        return False

    @functools.cache  # noqa: B019 - one index per run, kept for the whole run
    def resolves(self, dotted: str, depth: int = 0) -> bool:
        """Whether `import`-ing / `from`-importing `dotted` succeeds, as far as static reading can tell.
        Only the first attribute after the module is checked (`conf.get` counts as `conf`)."""
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):
            module = ".".join(parts[:i])
            if self.is_module(module):
                if i == len(parts):
                    return True
                return self.has_attr(module, parts[i], depth)
        return False

    def metadata(self) -> str:
        for entry in self.files.values():
            archive = entry[0]
            for name in archive.namelist():
                if name.endswith(".dist-info/METADATA"):
                    return archive.read(name).decode("utf-8", "replace")
        return ""


def _deprecated_class_maps(tree: ast.Module, module: str) -> Iterable[tuple[str, dict[str, str]]]:
    dict_assignments: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            dict_assignments[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            dict_assignments[node.target.id] = node.value
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "add_deprecated_classes"):
            continue
        if not node.args:
            continue
        arg = node.args[0]
        value = dict_assignments.get(arg.id) if isinstance(arg, ast.Name) else arg
        if not isinstance(value, ast.Dict):
            continue
        # the override map holds the name the deprecation warning recommends when the shim itself
        # resolves to an internal compatibility module (airflow.kubernetes in 2.7+)
        override_arg = node.args[2] if len(node.args) > 2 else None
        for kw in node.keywords:
            if kw.arg == "override_deprecated_classes":
                override_arg = kw.value
        override = (
            dict_assignments.get(override_arg.id) if isinstance(override_arg, ast.Name) else override_arg
        )
        advice = _nested_str_dict(override, module) if isinstance(override, ast.Dict) else {}
        for key, inner in zip(value.keys, value.values, strict=True):
            virtual = _virtual_module(key, module)
            if virtual is None:
                continue
            mapping = _str_dict(inner)
            if mapping:
                yield (
                    virtual,
                    {
                        attr: _fix_target(advice.get(virtual, {}).get(attr, target))
                        for attr, target in mapping.items()
                    },
                )


def _fix_target(target: str) -> str:
    """Airflow 2.7-2.11's airflow/kubernetes/__init__.py recommends `airflow.airflow.providers...` and
    `airflow.kubernetes.airflow.providers...` for a few names: typos in the shim's message map,
    corrected here to the `airflow.providers...` name they mean."""
    index = target.find(".airflow.providers.")
    return target[index + 1 :] if index >= 0 else target


def _virtual_module(key: ast.expr | None, module: str) -> str | None:
    if isinstance(key, ast.Name) and key.id == "__name__":
        return module
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value if key.value.startswith("airflow.") else f"{module}.{key.value}"
    return None


def _nested_str_dict(node: ast.Dict, module: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, inner in zip(node.keys, node.values, strict=True):
        virtual = _virtual_module(key, module)
        if virtual is not None:
            out[virtual] = _str_dict(inner)
    return out


def _str_dict(node: ast.expr) -> dict[str, str]:
    if not isinstance(node, ast.Dict):
        return {}
    out: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if (
            isinstance(key, ast.Constant)
            and isinstance(value, ast.Constant)
            and isinstance(key.value, str)
            and isinstance(value.value, str)
        ):
            out[key.value] = value.value
    return out


def _module_level_names(tree: ast.Module, module: str, index: WheelIndex) -> set[str]:
    names: set[str] = set()
    has_getattr = False
    lazy_keys: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
            if node.name == "__getattr__":
                has_getattr = True
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        names.add(sub.id)
            value = node.value
            if isinstance(value, ast.Dict):
                lazy_keys.update(
                    k.value for k in value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".", 1)[0])
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    source = _absolute(node, module)
                    if source:
                        names.update(index.names(source))
                else:
                    names.add(alias.asname or alias.name)
        for attr in ("body", "orelse", "finalbody", "handlers"):
            if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                break
            if attr == "body" and isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue  # imports for type checkers only do not exist at run time
            stack.extend(getattr(node, attr, []) or [])
    if has_getattr:
        names.update(lazy_keys)
    return names


def _absolute(node: ast.ImportFrom, module: str) -> str | None:
    if not node.level:
        return node.module
    base = module.split(".")
    base = base[: len(base) - node.level + 1] if base else base
    return ".".join([*base, node.module] if node.module else base)


# --------------------------------------------------------------------------- provider deprecations


@dataclass(frozen=True)
class Redirect:
    new: str
    drop_in: bool  # the new class accepts the same arguments (a pure alias or an empty subclass)
    seen_in: str  # the provider wheel that still had the old name


def provider_redirects(wheels: Iterable[Path]) -> dict[str, Redirect]:
    """old provider name -> what the provider itself said replaces it, read from older provider wheels:
    deprecated modules that re-export (`warnings.warn(...)` + `from x import Y`), deprecated subclasses
    (`class Old(New)` warning in `__init__`), and `@deprecated(use_instead=...)` / `reason="use `x`"`."""
    redirects: dict[str, Redirect] = {}
    for wheel in sorted(wheels, key=lambda p: (p.name.split("-")[0], version_key(wheel_version(p)))):
        label = f"{wheel.name.split('-')[0].replace('_', '-')} {wheel_version(wheel)}"
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if not (member.startswith("airflow/providers/") and member.endswith(".py")):
                    continue
                raw = archive.read(member)
                if b"deprecat" not in raw.lower():
                    continue
                module = member[:-3].replace("/", ".").removesuffix(".__init__")
                try:
                    tree = ast.parse(raw.decode("utf-8", "replace"))
                except SyntaxError:
                    continue
                for old, new, drop_in in _redirects_in(tree, module):
                    redirects[old] = Redirect(new, drop_in, label)
    return redirects


def _is_warn_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and (
        getattr(node.func, "attr", None) == "warn" or getattr(node.func, "id", None) == "warn"
    )


def _imports_of(tree: ast.Module, module: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node, module)
            for alias in node.names:
                if source and alias.name != "*":
                    out[alias.asname or alias.name] = f"{source}.{alias.name}"
    return out


def _redirects_in(
    tree: ast.Module, module: str, target_prefix: str = "airflow.providers."
) -> Iterable[tuple[str, str, bool]]:
    imports = _imports_of(tree, module)
    module_warns = any(isinstance(n, ast.Expr) and _is_warn_call(n.value) for n in tree.body)
    if module_warns:
        for local, target in imports.items():
            if target.startswith(target_prefix) and not target.startswith(module + "."):
                yield f"{module}.{local}", target, True

    def qualify(name: str) -> str:
        if name in imports:
            return imports[name]
        if "." in name:
            return name
        return f"{module}.{name}"

    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        use_instead = None
        decorated = False
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "deprecated":
                decorated = True
                for kw in decorator.keywords:
                    if kw.arg == "use_instead" and isinstance(kw.value, ast.Constant):
                        use_instead = str(kw.value.value)
                    if kw.arg == "reason" and use_instead is None:
                        text = "".join(
                            str(c.value) for c in ast.walk(kw.value) if isinstance(c, ast.Constant)
                        )
                        named = re.findall(r"[Uu]se\s+(?:the\s+)?`([A-Za-z_][\w.]*)`", text) or [
                            n for n in re.findall(r"`([A-Za-z_][\w.]*)`", text) if n != node.name
                        ]
                        if named:
                            use_instead = named[0]
        warns = any(_is_warn_call(sub) for sub in ast.walk(node))
        if not (decorated or warns):
            continue
        base = None
        if len(node.bases) == 1:
            base_node = node.bases[0]
            if isinstance(base_node, ast.Name):
                base = qualify(base_node.id)
            elif isinstance(base_node, ast.Attribute):
                base = ast.unparse(base_node)
        target = qualify(use_instead.split(",")[0].strip()) if use_instead else base
        if not target or target == f"{module}.{node.name}":
            continue
        yield f"{module}.{node.name}", target, target == base and _is_alias_body(node)


def _is_alias_body(node: ast.ClassDef) -> bool:
    """The subclass adds nothing but a warning: same constructor arguments as its base."""
    for stmt in node.body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # docstring
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
            args = stmt.args
            plain = [a.arg for a in args.args] == ["self"] and not args.kwonlyargs
            if plain and (args.vararg is not None or args.kwarg is not None):
                continue
        return False
    return True


def follow(
    name: str, redirects: dict[str, Redirect], exists: Callable[[str], bool | None]
) -> tuple[str, bool, str] | None:
    """Follow provider redirects from a name that no longer imports to one that does."""
    drop_in = True
    seen = ""
    current = name
    for _ in range(6):
        redirect = redirects.get(current)
        if redirect is None:
            return None
        drop_in = drop_in and redirect.drop_in
        seen = seen or redirect.seen_in
        current = redirect.new
        if exists(current):
            return current, drop_in, seen
    return None


# --------------------------------------------------------------------------- sources


@dataclass
class Wheels:
    folder: Path
    upgrade_check: Path
    airflow_1_10: Path
    airflow_2: dict[str, Path] = field(default_factory=dict)  # MWAA version -> wheel
    airflow_3: dict[str, list[Path]] = field(default_factory=dict)  # MWAA version -> core + sdk
    meta_3: list[Path] = field(default_factory=list)
    providers: list[Path] = field(default_factory=list)
    old_providers: list[Path] = field(default_factory=list)


def find_wheels(folder: Path, mwaa_versions: list[str]) -> Wheels:
    def one(pattern: str) -> Path:
        found = sorted(folder.glob(pattern))
        if not found:
            raise SystemExit(f"missing wheel {pattern} in {folder} (pip download --no-deps ...)")
        return found[-1]

    wheels = Wheels(folder, one("apache_airflow_upgrade_check-*.whl"), one("apache_airflow-1.10.*.whl"))
    sdks = {wheel_version(p): p for p in folder.glob("apache_airflow_task_sdk-*.whl")}
    for version in mwaa_versions:
        if version.startswith("2."):
            path = folder / f"apache_airflow-{version}-py3-none-any.whl"
            if path.exists():
                wheels.airflow_2[version] = path
            else:
                print(
                    f"warning: no wheel for Airflow {version}; its availability is not checked",
                    file=sys.stderr,
                )
        else:
            core = folder / f"apache_airflow_core-{version}-py3-none-any.whl"
            meta = folder / f"apache_airflow-{version}-py3-none-any.whl"
            if not core.exists():
                print(
                    f"warning: no core wheel for Airflow {version}; its availability is not checked",
                    file=sys.stderr,
                )
                continue
            sdk = _sdk_for(meta, sdks, version)
            wheels.airflow_3[version] = [core, *([sdk] if sdk else [])]
            if meta.exists():
                wheels.meta_3.append(meta)
    wheels.providers = sorted((folder / "prov").glob("apache_airflow_providers_*.whl"))
    wheels.old_providers = sorted((folder / "prov_old").glob("apache_airflow_providers_*.whl"))
    return wheels


def _sdk_for(meta: Path, sdks: dict[str, Path], version: str) -> Path | None:
    """The task-sdk wheel the meta package pins (`apache-airflow-task-sdk<1.1.0,>=1.0.6`)."""
    if meta.exists():
        text = WheelIndex([meta]).metadata() or _dist_info_metadata(meta)
        match = re.search(r"apache-airflow-task-sdk<([\d.]+),>=([\d.]+)", text)
        if match:
            low, high = version_key(match.group(2)), version_key(match.group(1))
            fitting = [v for v in sdks if low <= version_key(v) < high]
            if fitting:
                return sdks[max(fitting, key=version_key)]
    minor = version.split(".")[1]
    fitting = [v for v in sdks if v.split(".")[1] == minor]
    return sdks[max(fitting, key=version_key)] if fitting else None


def _dist_info_metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith(".dist-info/METADATA"):
                return archive.read(name).decode("utf-8", "replace")
    return ""


def upgrade_check_pairs(wheel: Path) -> dict[str, str]:
    """old -> new from apache-airflow-upgrade-check's renamed_classes.py (tuples are (new, old))."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("airflow/upgrade/rules/renamed_classes.py").decode()
    tree = ast.parse(text)
    pairs: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            for new, old in ast.literal_eval(node.value):
                pairs.setdefault(old, new)
    return pairs


def magic_imports_1_10(index: WheelIndex) -> dict[str, str]:
    """`airflow.operators.BashOperator` -> `airflow.operators.bash_operator.BashOperator`: the 1.10
    AirflowImporter lists (`_operators`, `_hooks`, `_sensors`) that made package-level imports work."""
    pairs: dict[str, str] = {}
    for package in (
        "airflow.operators",
        "airflow.hooks",
        "airflow.sensors",
        "airflow.contrib.operators",
        "airflow.contrib.hooks",
        "airflow.contrib.sensors",
    ):
        tree = index.tree(package)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in {"_operators", "_hooks", "_sensors"}:
                    for module, classes in ast.literal_eval(node.value).items():
                        for cls in classes:
                            pairs.setdefault(f"{package}.{cls}", f"{package}.{module}.{cls}")
    return pairs


def public_classes_1_10(index: WheelIndex) -> dict[str, set[str]]:
    """module -> class names defined in the 1.10 contrib/operators/hooks/sensors modules."""
    out: dict[str, set[str]] = {}
    for path in index.files:
        if not path.startswith(
            ("airflow/contrib/", "airflow/operators/", "airflow/hooks/", "airflow/sensors/")
        ):
            continue
        module = path[:-3].replace("/", ".")
        if module.endswith("__init__"):
            continue
        tree = index.tree(module)
        if tree is None:
            continue
        classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef) and not n.name.startswith("_")}
        if classes:
            out[module] = classes
    return out


def official_providers(indexes: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in indexes:
        found.update(re.findall(r"(apache-airflow-providers-[a-z0-9]+(?:-[a-z0-9]+)*)", text))
    return found


def module_prefix(distribution: str) -> str:
    return "airflow.providers." + distribution[len(PROVIDER_PREFIX) :].replace("-", ".")


# --------------------------------------------------------------------------- building tables


_LEGACY_MODULE_NAME = re.compile(r"(_operator|_hook|_hooks|_sensor|_transfer|_task_handler)$|_to_")


def is_1_10_era(old: str, modules_1_10: set[str], upgrade_check_olds: set[str]) -> bool:
    """A spelling Airflow 2.0 itself changed (contrib, *_operator/_hook/_sensor modules, the names
    upgrade-check lists), as opposed to a path that was valid in 2.x and deprecated later (e.g.
    airflow.executors.celery_executor, moved to the celery provider in 2.7)."""
    if old.startswith("airflow.contrib.") or old in upgrade_check_olds:
        return True
    module = old.rsplit(".", 1)[0]
    return module in modules_1_10 and bool(_LEGACY_MODULE_NAME.search(module.rsplit(".", 1)[-1]))


def ranges(present: list[bool], versions: list[str]) -> list[str]:
    """[True, True, False, True] over versions -> ["v0", "v1", "v3", "v3"] (first/last pairs)."""
    out: list[str] = []
    start: str | None = None
    previous: str | None = None
    for ok, version in zip(present, versions, strict=True):
        if ok and start is None:
            start = version
        if not ok and start is not None:
            out += [start, previous or start]
            start = None
        previous = version
    if start is not None:
        out += [start, versions[-1]]
    return out


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wheels", type=Path, required=True, help="folder of downloaded wheels")
    parser.add_argument("--out", type=Path, default=KNOWLEDGE, help="where the .toml files go")
    args = parser.parse_args(argv)

    mwaa = tomllib.loads((KNOWLEDGE / "mwaa_versions.toml").read_text())
    mwaa_versions = sorted((row["airflow"] for row in mwaa["version"]), key=version_key)
    wheels = find_wheels(args.wheels, mwaa_versions)
    checked = sorted([*wheels.airflow_2, *wheels.airflow_3], key=version_key)
    indexes = {v: WheelIndex([p]) for v, p in wheels.airflow_2.items()}
    indexes.update({v: WheelIndex(ps) for v, ps in wheels.airflow_3.items()})
    index_1_10 = WheelIndex([wheels.airflow_1_10])
    provider_index = WheelIndex(
        [*wheels.providers, *wheels.airflow_3[max(wheels.airflow_3, key=version_key)]]
    )
    provider_versions = {
        p.name.split("-")[0]
        .replace("_", "-")
        .replace("apache-airflow-providers-", PROVIDER_PREFIX): wheel_version(p)
        for p in wheels.providers
    }

    # -- providers.toml
    newest_meta = max(wheels.meta_3, key=lambda p: version_key(wheel_version(p)))
    current = official_providers([_dist_info_metadata(newest_meta)])
    metadata_texts = [_dist_info_metadata(p) for p in [*wheels.meta_3, *wheels.airflow_2.values()]]
    distributions = official_providers(metadata_texts)

    # -- 1.10 -> 2
    uc_pairs = upgrade_check_pairs(wheels.upgrade_check)
    newest_2 = max(wheels.airflow_2, key=version_key)
    shim_pairs_by_version = {v: indexes[v].shim_pairs() for v in wheels.airflow_2}
    shim_union: dict[str, str] = {}
    for version in sorted(wheels.airflow_2, key=version_key):  # newest wins
        shim_union.update(shim_pairs_by_version[version])
    magic = magic_imports_1_10(index_1_10)
    modules_1_10 = {
        path[:-3].replace("/", ".").removesuffix(".__init__")
        for path in index_1_10.files
        if path.startswith("airflow/")
    }

    def provider_ok(name: str) -> bool | None:
        """True/False when the provider's wheel is here to check, None when it is not."""
        if not name.startswith("airflow.providers."):
            return None
        for dist in provider_versions:
            if name.startswith(module_prefix(dist) + "."):
                return provider_index.resolves(name)
        return None

    table: dict[str, dict[str, str]] = {}
    notes: list[str] = []
    for old in sorted(set(uc_pairs) | set(shim_union)):
        shim_new = shim_union.get(old)
        uc_new = uc_pairs.get(old)
        new, source = (shim_new, "shim") if shim_new else (uc_new, "upgrade-check")
        if (
            shim_new
            and uc_new
            and shim_new != uc_new
            and provider_ok(shim_new) is False
            and provider_ok(uc_new)
        ):
            new, source = uc_new, "upgrade-check"
            notes.append(f"{old}: shim target {shim_new} missing in provider wheels, kept {uc_new}")
        assert new is not None
        if shim_new and uc_new:
            source = "shim+upgrade-check"
        row = {
            "new": new,
            "era": "1.10" if is_1_10_era(old, modules_1_10, set(uc_pairs)) else "2",
            "source": source,
        }
        table[old] = row
    for old, legacy in sorted(magic.items()):
        target = table.get(legacy, {}).get("new") or uc_pairs.get(legacy)
        if target and old not in table:
            table[old] = {"new": target, "era": "1.10", "source": "airflow-1.10-magic", "via": legacy}

    # 1.10.x itself had already moved some contrib modules (airflow.contrib.kubernetes.secret ->
    # airflow.kubernetes.secret) and left re-exporting shims: chain those through the table
    for path in sorted(index_1_10.files):
        if not path.startswith("airflow/contrib/") or not path.endswith(".py"):
            continue
        module = path[:-3].replace("/", ".").removesuffix(".__init__")
        tree = index_1_10.tree(module)
        if tree is None:
            continue
        for old, middle, _drop_in in _redirects_in(tree, module, target_prefix="airflow."):
            if old in table or middle.startswith("airflow.contrib."):
                continue
            target = table[middle]["new"] if middle in table else middle
            if middle in table or indexes[newest_2].resolves(middle):
                table[old] = {"new": target, "era": "1.10", "source": "airflow-1.10-shim", "via": middle}

    for old, (new, where) in CURATED_1_10_TO_2.items():
        table.setdefault(old, {"new": new, "era": "1.10", "source": f"curated: {where}"})

    # provider releases since removed some of the names Airflow 2's shims point at: follow what the
    # provider said replaces them (read from the older provider wheels in prov_old/)
    redirects = provider_redirects([*wheels.old_providers, *wheels.providers])
    provider_renames: dict[str, tuple[str, bool, str]] = {}
    for old_name in sorted(redirects):
        if provider_ok(old_name) is False:
            found = follow(old_name, redirects, provider_ok)
            if found:
                provider_renames[old_name] = found
    for row in table.values():
        if provider_ok(row["new"]) is False and row["new"] in provider_renames:
            final, drop_in, _seen = provider_renames[row["new"]]
            row["shim_new"] = row["new"]
            row["new"] = final
            if not drop_in:
                row["drop_in"] = "false"

    # module-level mapping: an old module whose classes all land in one new module
    by_module: dict[str, set[str]] = defaultdict(set)
    for old, row in table.items():
        by_module[old.rsplit(".", 1)[0]].add(row["new"].rsplit(".", 1)[0])
    module_map = {
        old: next(iter(news))
        for old, news in sorted(by_module.items())
        if len(news) == 1 and not indexes[newest_2].is_real_module(old)  # `airflow` itself did not move
    }

    # unmapped 1.10 classes (reported, so a human can extend the table)
    classes_1_10 = public_classes_1_10(index_1_10)
    unmapped = sorted(
        f"{module}.{cls}"
        for module, classes in classes_1_10.items()
        for cls in classes
        if f"{module}.{cls}" not in table and module.startswith("airflow.contrib.")
    )

    # -- availability of every name in both tables
    two_to_three = (
        tomllib.loads((args.out / "symbols_2_to_3.toml").read_text())
        if (args.out / "symbols_2_to_3.toml").exists()
        else {"symbols": {}}
    )
    names: set[str] = (
        set(table) | {row["new"] for row in table.values()} | set(module_map) | set(module_map.values())
    )
    for old, row in two_to_three.get("symbols", {}).items():
        names.update((old, old.rsplit(".", 1)[0]))
        if row.get("new"):
            names.add(row["new"])
    names = {n for n in names if n.startswith("airflow.") and not n.startswith("airflow.providers.")}
    # 2 -> 3 modules whose listed names all moved to one module and that are no real module on the
    # newest Airflow 3 (only a shim or gone): `import airflow.operators.bash` style imports
    newest_3 = max(wheels.airflow_3, key=version_key)
    moved_3: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for old, row in two_to_three.get("symbols", {}).items():
        if row.get("new"):
            moved_3[old.rsplit(".", 1)[0]].add((row["new"].rsplit(".", 1)[0], row["since"]))
    modules_3 = {
        old: next(iter(news))
        for old, news in sorted(moved_3.items())
        if len(news) == 1 and not indexes[newest_3].is_real_module(old)
    }
    availability = {}
    for name in sorted(names):
        present = [indexes[v].resolves(name) for v in checked]
        availability[name] = ranges(present, checked)

    # provider targets: verified against the provider wheels that are here
    provider_targets = {row["new"] for row in table.values()} | {
        row["new"] for row in two_to_three.get("symbols", {}).values() if row.get("new")
    }
    missing = sorted(n for n in provider_targets if provider_ok(n) is False and n not in provider_renames)
    unchecked_dists = sorted(
        {
            d
            for n in provider_targets
            if n.startswith("airflow.providers.") and provider_ok(n) is None
            for d in [_distribution_of(n, distributions)]
            if d
        }
    )

    write_providers(args.out / "providers.toml", distributions, current, table, two_to_three, wheels)
    write_1_10(args.out / "symbols_1_10_to_2.toml", table, module_map, wheels, newest_2, index_1_10)
    write_availability(
        args.out / "symbols_availability.toml",
        availability,
        checked,
        wheels,
        provider_versions,
        missing,
        modules_3,
    )
    write_provider_renames(args.out / "symbols_provider_renames.toml", provider_renames, wheels)

    print(
        f"1.10->2 symbols: {len(table)} ({sum(r['era'] == '1.10' for r in table.values())} of 1.10 era), "
        f"modules: {len(module_map)}; upgrade-check pairs: {len(uc_pairs)}; 2.x shims: {len(shim_union)}; "
        f"1.10 magic names: {len(magic)}"
    )
    print(f"availability rows: {len(availability)} over {', '.join(checked)}")
    print(f"providers: {len(distributions)}; provider wheels checked: {len(provider_versions)}")
    print(f"provider renames (old provider name gone from the newest release): {len(provider_renames)}")
    print(f"provider targets missing from the provider wheels here ({len(missing)}):")
    for name in missing:
        print("   ", name)
    print(f"distributions whose wheel was not here to check: {', '.join(unchecked_dists)}")
    print(f"1.10 contrib classes with no mapping ({len(unmapped)}):")
    for name in unmapped:
        print("   ", name)
    for note in notes:
        print("note:", note)
    return 0


def _distribution_of(name: str, distributions: set[str]) -> str | None:
    best = None
    for dist in distributions:
        prefix = module_prefix(dist)
        if (name == prefix or name.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(module_prefix(best))
        ):
            best = dist
    return best


# --------------------------------------------------------------------------- writers

HEADER = "# Generated by tools/derive_symbol_tables.py from downloaded wheels; do not edit by hand.\n"


def write_providers(
    path: Path,
    distributions: set[str],
    current: set[str],
    table: dict[str, dict[str, str]],
    two_to_three: dict[str, dict[str, dict[str, str]]],
    wheels: Wheels,
) -> None:
    referenced = {
        d for row in two_to_three.get("symbols", {}).values() for d in [row.get("distribution")] if d
    }
    referenced.discard("kubernetes")
    # providers that mappings point at but that are no longer in Airflow's extras (retired ones)
    for row in table.values():
        new = row["new"]
        if new.startswith("airflow.providers.") and _distribution_of(new, distributions) is None:
            parts = new.split(".")
            referenced.add(PROVIDER_PREFIX + parts[2])
    all_dists = sorted(distributions | {d for d in referenced if d.startswith(PROVIDER_PREFIX)})
    lines = [
        HEADER,
        "# Python module prefix -> PyPI distribution of every Apache Airflow provider.",
        "# source: the provider extras in the METADATA of "
        + ", ".join(sorted(p.name for p in [*wheels.meta_3, *wheels.airflow_2.values()]))
        + ";",
        "#         plus retired providers the symbol tables still point at (qubole, daskexecutor, ...).",
        "# The prefix is the distribution name after `apache-airflow-providers-` with `-` read as `.`",
        "# (apache-airflow-providers-apache-spark -> airflow.providers.apache.spark).",
        "",
        "[providers]",
    ]
    lines += [f"{toml_str(module_prefix(d))} = {toml_str(d)}" for d in all_dists]
    retired = sorted(set(all_dists) - current)
    lines += [
        "",
        "# Providers the newest Airflow no longer lists (kept so old mappings still name a distribution).",
        "[retired]",
        f"distributions = [{', '.join(toml_str(d) for d in retired)}]",
        "",
    ]
    path.write_text("\n".join(lines))


def write_1_10(
    path: Path,
    table: dict[str, dict[str, str]],
    module_map: dict[str, str],
    wheels: Wheels,
    newest_2: str,
    index_1_10: WheelIndex,
) -> None:
    children = plugin_namespaces(index_1_10, wheels)
    lines = [
        HEADER,
        "# Names Airflow 2 moved or renamed, mapped to the name valid on Airflow 2.x.",
        '#   era = "1.10": a 1.10 path (airflow.contrib.*, airflow.{operators,hooks,sensors}.*_operator|_hook|_sensor,',
        "#                 1.10 plugin-manager package imports such as `from airflow.operators import BashOperator`)",
        '#   era = "2":    a 2.x path that Airflow 2 itself only keeps as a deprecation shim',
        "#   source = shim: the `__deprecated_classes` map Airflow 2.x ships (newest 2.x wins); upgrade-check:",
        "#            apache-airflow-upgrade-check renamed_classes.py; airflow-1.10-magic: the 1.10 `_operators`/",
        "#            `_hooks`/`_sensors` importer lists, chained through this table (`via` = the 1.10 module path);",
        "#            airflow-1.10-shim: contrib modules 1.10 itself had turned into re-exports (`via` = their target).",
        "# Whether an old name still imports on a given MWAA version is in symbols_availability.toml.",
        f"# sources: {wheels.upgrade_check.name} (airflow/upgrade/rules/renamed_classes.py),",
        f"#          {wheels.airflow_1_10.name},",
        "#          " + ", ".join(p.name for p in wheels.airflow_2.values()) + f" (newest: {newest_2}).",
        "",
        "[symbols]",
    ]
    for old in sorted(table):
        row = table[old]
        fields = ", ".join(f"{k} = {toml_str(v)}" for k, v in row.items())
        lines.append(f"{toml_str(old)} = {{ {fields} }}")
    lines += [
        "",
        "# Whole packages Airflow 2 removed: a name under one that is in neither [symbols] nor a",
        "# 2.x shim fails to import on every MWAA version.",
        "[prefixes]",
        '"airflow.contrib" = { since = "2.0", message = "airflow.contrib was split into provider packages in Airflow 2.0" }',
    ]
    lines += [
        "",
        "# An old module whose every mapped name lands in one new module (for `import old.module`).",
        "[modules]",
    ]
    lines += [f"{toml_str(old)} = {toml_str(new)}" for old, new in module_map.items()]
    lines += [
        "",
        "# Real child modules of the packages the 1.10 plugin manager injected plugin modules into, over",
        "# Airflow 1.10.15, every checked MWAA 2.x/3.x version: `airflow.operators.<x>` with <x> not listed",
        "# here (and not a name in [symbols]) is a plugin-manager magic import. Names the package",
        "# __init__ itself defines count as real too.",
        "[plugin_namespaces]",
    ]
    for package, names in sorted(children.items()):
        lines.append(f"{toml_str(package)} = [{', '.join(toml_str(n) for n in sorted(names))}]")
    lines.append("")
    path.write_text("\n".join(lines))


def plugin_namespaces(index_1_10: WheelIndex, wheels: Wheels) -> dict[str, set[str]]:
    packages = (
        "airflow.operators",
        "airflow.hooks",
        "airflow.sensors",
        "airflow.macros",
        "airflow.executors",
    )
    indexes = [
        index_1_10,
        *(WheelIndex([p]) for p in wheels.airflow_2.values()),
        *(WheelIndex(ps) for ps in wheels.airflow_3.values()),
    ]
    out: dict[str, set[str]] = {p: set() for p in packages}
    for index in indexes:
        for package in packages:
            prefix = package.replace(".", "/") + "/"
            for path in index.files:
                if path.startswith(prefix):
                    child = path[len(prefix) :].split("/")[0].removesuffix(".py")
                    if child != "__init__" and child.isidentifier():
                        out[package].add(child)
            for virtual in index.shims:
                if virtual.startswith(package + ".") and virtual.count(".") == package.count(".") + 1:
                    out[package].add(virtual.rsplit(".", 1)[1])
            # names the package itself defines (airflow.macros.ds_add, ...), private ones left out
            out[package].update(n for n in index.names(package) if not n.startswith("_"))
    return out


def write_provider_renames(path: Path, renames: dict[str, tuple[str, bool, str]], wheels: Wheels) -> None:
    lines = [
        HEADER,
        "# Provider names that newer provider releases removed, and what the provider said replaces them.",
        "# Read from the deprecation shims of older provider wheels: deprecated modules re-exporting a",
        "# name, `class Old(New)` subclasses that only warn, `@deprecated(use_instead=...)` decorators.",
        "#   drop_in = false: the replacement takes different arguments; rewrite by hand.",
        "#   last_seen: the newest provider wheel read here that still had the old name.",
        "# sources: " + ", ".join(p.name for p in wheels.old_providers) + ";",
        "#   newest releases checked: " + ", ".join(p.name for p in wheels.providers) + ".",
        "",
        "[renames]",
    ]
    for old, (new, drop_in, seen) in sorted(renames.items()):
        lines.append(
            f"{toml_str(old)} = {{ new = {toml_str(new)}, drop_in = {str(drop_in).lower()}, "
            f"last_seen = {toml_str(seen)} }}"
        )
    lines.append("")
    path.write_text("\n".join(lines))


def write_availability(
    path: Path,
    availability: dict[str, list[str]],
    checked: list[str],
    wheels: Wheels,
    provider_versions: dict[str, str],
    missing: list[str],
    modules_3: dict[str, tuple[str, str]],
) -> None:
    lines = [
        HEADER,
        "# For each Airflow-core name of the symbol tables: the MWAA Airflow versions on which importing it",
        "# works (statically read from the wheels: real modules, module-level names, lazy-import maps and",
        "# `add_deprecated_classes` shims). A value is a list of first/last pairs over `checked`; [] means",
        "# it imports on none of them. A version newer than the newest checked one is judged like it.",
        "# sources: " + ", ".join(p.name for p in wheels.airflow_2.values()) + ",",
        "#          " + ", ".join(p.name for ps in wheels.airflow_3.values() for p in ps) + ".",
        "",
        f"checked = [{', '.join(toml_str(v) for v in checked)}]",
        "",
        "# Provider wheels the provider targets were verified against (newest releases when derived).",
        "[verified_providers]",
    ]
    lines += [f"{toml_str(d)} = {toml_str(v)}" for d, v in sorted(provider_versions.items())]
    lines += [
        "",
        "# Airflow 2 modules whose every name in symbols_2_to_3.toml moved to one module, and that are no",
        "# real module on the newest checked Airflow 3 (a shim at most): old module -> [new module, since].",
        "[modules_moved_in_3]",
    ]
    lines += [
        f"{toml_str(old)} = [{toml_str(new)}, {toml_str(since)}]" for old, (new, since) in modules_3.items()
    ]
    lines += [
        "",
        "# Provider targets that do not import in the verified provider release (renamed or removed there).",
        "[unverified]",
        f"names = [{', '.join(toml_str(n) for n in missing)}]",
        "",
        "[names]",
    ]
    lines += [
        f"{toml_str(n)} = [{', '.join(toml_str(v) for v in r)}]" for n, r in sorted(availability.items())
    ]
    lines.append("")
    path.write_text("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
