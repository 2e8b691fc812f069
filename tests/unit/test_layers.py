"""The layout docs/architecture.md describes, held by the code itself: which module may import which.

Read from the source (every import, also those inside functions), so a new import that breaks a
layer fails here, not in a reviewer's head."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "registry"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(REGISTRY.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The modules of ours and the top-level packages of others that `name` imports anywhere."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            for alias in node.names:  # `from . import db` names a module, `from .db import x` a name
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


def ours(name: str) -> set[str]:
    return {m for m in imports(name) if m in MODULES and m != name and not name.startswith(m + ".")}


def test_no_module_imports_one_that_imports_it_back():
    graph = {name: ours(name) for name in MODULES}
    cycles = []

    def walk(node, trail):
        for nxt in graph[node]:
            if nxt in trail:
                cycles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in done:
                walk(nxt, trail + [nxt])
        done.add(node)

    done: set[str] = set()
    for name in graph:
        if name not in done:
            walk(name, [name])
    assert cycles == []


def test_the_store_stands_below_every_rule():
    """registry/store/ imports no rule of the register (only errors, and validation for one migration's
    normal forms); its files module only the standard library."""
    for name in MODULES:
        if name.startswith("registry.store."):
            outside = {m for m in ours(name) if not m.startswith("registry.store")}
            assert outside <= {"registry.errors", "registry.validation"}, (name, outside)
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    assert {m.split(".")[0] for m in imports("registry.store.files")} <= stdlib


def test_the_statistics_alone_use_numpy_and_scipy_and_no_registry_module_uses_streamlit():
    for name in MODULES:
        third_party = {m.split(".")[0] for m in imports(name)}
        assert "streamlit" not in third_party, name
        if not name.startswith("registry.statistics"):
            assert not third_party & {"numpy", "scipy"}, name
    assert {m.split(".")[0] for m in imports("registry.statistics.tables")} <= set(sys.stdlib_module_names) | {
        "__future__"}


@pytest.mark.parametrize("module", ["registry.purge", "registry.cli", "registry.retention.due", "ui.i18n"])
def test_importing_a_rule_or_the_command_line_does_not_load_the_statistics(module):
    """What every command and page pays at start: the command line, the due list and the texts load
    neither the statistics (numpy, scipy) nor the letters' PDF libraries (0.3 s); the purge writes
    letters (fpdf, whose images bring numpy) but does not load scipy."""
    code = (f"import sys, {module}; "
            "print(sorted(m for m in ('scipy', 'numpy', 'fpdf', 'pypdf') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = done.stdout.strip()
    assert loaded == ("['fpdf', 'numpy', 'pypdf']" if module == "registry.purge" else "[]")


def test_every_bilingual_table_of_the_register_is_one_shape_of_finnish_and_english_pairs():
    """Letters, receipts, the notice, field labels, the statistics' words: {key: (fi, en)} in the source,
    so the two languages stand side by side; turned by language where one letter is written."""
    from registry import bilingual, documents, fields, letters, notice
    from registry.statistics import tables

    for table in (fields.FIELD_LABELS, tables.LABEL_WORDS):
        assert all(isinstance(pair, tuple) and len(pair) == 2 for pair in table.values())
    for table in (letters.TEXT, letters._COLUMN_LABELS, notice.HEADINGS, notice.TEXTS, documents.RECEIPT_TEXT,
                  documents.YES_NO, letters.ART15_TITLE, letters.SOURCES_INTRO):
        assert tuple(table) == bilingual.LANGUAGES
        fi, en = table["fi"], table["en"]
        assert (list(fi) == list(en)) if isinstance(fi, dict) else isinstance(en, str)
    sources = "".join((ROOT / "registry" / f"{name}.py").read_text(encoding="utf-8")
                      for name in ("letters", "notice", "documents"))
    assert '"fi": {' not in sources and "'fi': {" not in sources  # no table written language by language
