"""Packaging: every Python package in the tree ships, and store never imports Textual."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("store", "tui")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def _printed_by(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter on the checkout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return result.stdout.strip()


def test_store_does_not_import_textual() -> None:
    code = (
        "import sys, store, store.db, store.parse, store.ingest\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(store.__path__, 'store.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')]\n"
        "print(','.join(bad))\n"
    )
    assert _printed_by(code) == ""


def test_app_start_loads_no_parsing_or_ingest_code() -> None:
    """The app's first paint waits on imports: parsing and ingest load only when used."""
    code = (
        "import sys, tui.app\n"
        "heavy = ('store.ingest', 'store.parse', 'store.parallel', 'store.facts.extract',\n"
        "         'textual.widgets._text_area')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    assert _printed_by(code) == ""
