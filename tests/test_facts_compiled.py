"""The compiled fact extraction (``pip install .``, setup.py) against the pure sources.

The suite imports the newsdesk of the environment: after ``pip install .`` (as ``.ci/run``
installs it) that is the installed build, whose fact extraction mypyc compiled; after
``pip install -e .`` it is the checkout's sources. These tests check that the build is
what it says it is, and that compiled and pure code find the very same facts.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import newsdesk
from newsdesk.store.facts import extract_article
from newsdesk.store.parse import parse_file

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "facts" / "heldout").glob("*.txt")
)
# The modules setup.py compiles, as the installed package names them.
COMPILED = [
    *(
        f"newsdesk.store.facts.{name}"
        for name in (
            "common count date extract indicators measures model money names organization "
            "percent person quote ranking ranking_cues roles speech"
        ).split()
    ),
    *(f"newsdesk.store.{name}" for name in ("numbers", "sentences", "text", "dates")),
]

_DUMP = """
import json, sys
from pathlib import Path
import newsdesk.store.facts.extract as extract
from newsdesk.store.facts import extract_article
from newsdesk.store.parse import parse_file
facts = [[f.to_dict() for f in extract_article(parse_file(Path(p)))] for p in sys.argv[1:]]
print(json.dumps({"module": extract.__file__, "facts": facts}))
"""


def _is_compiled(module: ModuleType) -> bool:
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def _build() -> ModuleType | None:
    """The installed build's record (setup.py writes it), None for the checkout's sources."""
    try:
        return importlib.import_module("newsdesk._build")
    except ModuleNotFoundError:
        return None


def test_build_is_what_it_says() -> None:
    modules = [importlib.import_module(name) for name in COMPILED]
    compiled = [m.__name__ for m in modules if _is_compiled(m)]
    build = _build()
    if build is None:  # the sources (editable install): no compiled module shadows them
        assert Path(newsdesk.__file__).resolve().parent == ROOT / "newsdesk"
        assert compiled == []
        return
    if build.COMPILED:
        assert compiled == COMPILED
    else:
        assert compiled == []
        # CI installs where a compiler is: a build that fell back to pure Python fails it.
        assert not os.environ.get("CI"), "CI: the installed build is not compiled (see pip -v)"


def test_compiled_facts_equal_pure_facts() -> None:
    """Every fact of the seeds and the held-out articles, compiled and pure, alike."""
    extract = importlib.import_module("newsdesk.store.facts.extract")
    if not _is_compiled(extract):
        pytest.skip("this build is pure Python: nothing compiled to compare")
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # the checkout's sources first
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, *map(str, ARTICLES)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    pure = json.loads(done.stdout)
    assert Path(pure["module"]).resolve() == (ROOT / "store" / "facts" / "extract.py")
    compiled = [[f.to_dict() for f in extract_article(parse_file(p))] for p in ARTICLES]
    assert sum(map(len, compiled)) > 300
    for path, ours, theirs in zip(ARTICLES, compiled, pure["facts"], strict=True):
        assert ours == theirs, path.name
