"""Packaging: one installed name, ``newsdesk``, ships every package; store never imports Textual."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

from import_scan import imported_names

ROOT = Path(__file__).resolve().parent.parent
#: The folders installed as ``newsdesk.<folder>`` (``newsdesk/<folder>`` links to each).
LINKED = ("store", "tui", "seeds")
#: Where the project's Python code lives (what imports the packages).
CODE = ("store", "tui", "tests", "bench", "screenshots")
#: A string naming a module or attribute of the bare packages, as import_module,
#: find_spec, importorskip, monkeypatch and ``python -m`` take them.
BARE_PATH = re.compile(r"(store|tui)(\.\w+|\.\{)+")


def test_newsdesk_links_to_the_top_level_folders() -> None:
    for folder in LINKED:
        link = ROOT / "newsdesk" / folder
        assert link.is_symlink() and link.resolve() == ROOT / folder, link


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {"newsdesk", "newsdesk.seeds"} | {
        ".".join(("newsdesk", *init.parent.relative_to(ROOT).parts))
        for top in ("store", "tui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert listed == found, f"[tool.setuptools] packages should be {sorted(found)}"


def _names_a_module(path: str) -> bool:
    """Whether ``path`` (``store.x…``) starts with a module of the checkout, not ``store.json``."""
    top, _, rest = path.partition(".")
    first = rest.split(".")[0]
    return (ROOT / top / first).is_dir() or (ROOT / top / f"{first}.py").is_file()


def _named_in_string(node: ast.AST) -> list[str]:
    """A module path in a string or at the start of an f-string (``tui.commands.{name}``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if BARE_PATH.fullmatch(node.value) and _names_a_module(node.value):
            return [node.value]
    elif isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        start = str(first.value) if isinstance(first, ast.Constant) else ""
        if BARE_PATH.fullmatch(f"{start}{{") and _names_a_module(start):
            return [start]
    return []


def _bare_imports(source: str, where: str) -> list[str]:
    """Where ``source`` imports ``store``/``tui`` by their bare names (statements and strings)."""
    return [
        f"{where}:{line} {name}"
        for line, name in imported_names(source, where, _named_in_string)
        if name.split(".")[0] in ("store", "tui")
    ]


def test_the_check_sees_a_bare_import() -> None:
    # The old names come in through placeholders, which renaming imports leaves alone.
    code = (
        "import {s}\nimport {t}.app as a\nfrom {s}.db import Store\n"
        "importlib.import_module(f'{t}.commands.{{name}}')\nhold(mp, '{s}.facts.load')\n"
        "from newsdesk.{s} import Store\nimport newsdesk.{t}.app\nprint('{s}.close()')\n"
        "x = '{s}'\ny = '{s}.json'\n"
    ).format(s="store", t="tui")
    assert sorted(_bare_imports(code, "sample.py")) == [
        "sample.py:1 store",
        "sample.py:2 tui.app",
        "sample.py:3 store.db",
        "sample.py:4 tui.commands.",
        "sample.py:5 store.facts.load",
    ]


def test_nothing_imports_the_bare_package_names() -> None:
    """``store``/``tui`` are ``newsdesk.store``/``newsdesk.tui`` everywhere, strings included."""
    bad = [
        line
        for folder in CODE
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "__snapshots__" not in path.parts
        for line in _bare_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not bad, "name these newsdesk.store / newsdesk.tui:\n" + "\n".join(bad)


def test_the_installed_distribution_holds_only_the_newsdesk_package() -> None:
    """``pip install`` (wheel or editable) adds one top-level name to the environment."""
    # The environment's own record: from a checkout on sys.path, the build's newsdesk.egg-info
    # in the project root would answer first.
    (dist,) = metadata.distributions(name="newsdesk", path=[sysconfig.get_path("purelib")])
    assert (dist.read_text("top_level.txt") or "").split() == ["newsdesk"]
    tops = {
        path.parts[0]
        for path in dist.files or ()
        # Not the scripts (in ../../../bin), nor an editable install's hooks (setuptools'
        # .pth file and import finder, which lead to the checkout).
        if path.parts[0] != ".." and not path.name.startswith("__editable__")
    }
    assert {top for top in tops if not top.endswith(".dist-info")} <= {"newsdesk"}


def _installed(code: str, cwd: Path) -> str:
    """What ``code`` prints in this environment's interpreter, away from the checkout."""
    result = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True, cwd=cwd
    )
    return result.stdout.strip()


def test_the_installed_names_and_seeds_away_from_the_checkout(tmp_path: Path) -> None:
    code = (
        "import importlib.util as u\n"
        "from newsdesk.store import seed_paths\n"
        "print([n for n in ('store', 'tui', 'newsdesk_seeds') if u.find_spec(n)])\n"
        "print(' '.join(path.name for path in seed_paths()))\n"
    )
    seeds = " ".join(sorted(path.name for path in (ROOT / "seeds").glob("*.txt")))
    assert _installed(code, tmp_path).splitlines() == ["[]", seeds]


def test_the_newsdesk_command_lists_the_seeds_away_from_the_checkout(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "newsdesk"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSDESK_DB")}
    db = tmp_path / "news.json"
    result = subprocess.run(
        [str(command), "--db", str(db), "list", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    listed = sorted(row["id"] for row in json.loads(result.stdout))
    assert listed == sorted(path.stem for path in (ROOT / "seeds").glob("*.txt"))


def _printed_by(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter on the checkout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return result.stdout.strip()


def test_a_bare_name_is_refused_and_every_file_loads_under_one_name() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "from pathlib import Path\n"
        "import newsdesk, newsdesk.tui.app\n"
        "for m in pkgutil.walk_packages(newsdesk.__path__, 'newsdesk.'):\n"
        "    importlib.import_module(m.name)\n"
        "for bare, sub in (('store', 'db'), ('tui', 'app')):\n"
        "    for name in (bare, f'{bare}.{sub}'):\n"
        "        try:\n"
        "            importlib.import_module(name)\n"
        "        except ImportError as exc:\n"
        "            print(exc)\n"
        "root = Path(newsdesk.__file__).resolve().parent.parent\n"
        "files = [Path(m.__file__).resolve() for m in list(sys.modules.values())\n"
        "         if getattr(m, '__file__', None)]\n"
        "files = [f for f in files if f.is_relative_to(root)]\n"
        "print(len(files) - len(set(files)))\n"
    )
    printed = _printed_by(code).splitlines()
    assert printed == [
        "import newsdesk.store, not store (the same files, another name)",
        "import newsdesk.store, not store (the same files, another name)",
        "import newsdesk.tui, not tui (the same files, another name)",
        "import newsdesk.tui, not tui (the same files, another name)",
        "0",
    ]


def test_store_does_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import newsdesk.store\n"
        "for m in pkgutil.walk_packages(newsdesk.store.__path__, 'newsdesk.store.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules\n"
        "       if m.split('.')[0] == 'textual' or m.startswith('newsdesk.tui')]\n"
        "print(','.join(bad))\n"
    )
    assert _printed_by(code) == ""


def test_app_start_loads_no_parsing_or_ingest_code() -> None:
    """The app's first paint waits on imports: parsing and ingest load only when used."""
    code = (
        "import sys, newsdesk.tui.app\n"
        "heavy = ('newsdesk.store.ingest', 'newsdesk.store.parse', 'newsdesk.store.parallel',\n"
        "         'newsdesk.store.facts.extract', 'textual.widgets._text_area')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    assert _printed_by(code) == ""
