"""Build newsdesk, with its fact extraction compiled to C by mypyc when it can be.

``pip install .`` compiles the modules of ``COMPILED`` (fact extraction and the text
helpers it runs on, about twice as fast compiled); the sources are installed beside
them. An editable install (``pip install -e .``) and ``NEWSDESK_PURE=1`` stay pure
Python, so an edited source is always the code that runs (no compiled module built
from an older version shadows it). Without mypyc, or when compiling fails, the
install goes on pure and says so. The built package records what it holds in
``newsdesk/_build.py`` (``COMPILED``, ``REASON``), which the tests check.

Everything else (name, dependencies, packages) is in pyproject.toml.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

# Modules compiled: paths through newsdesk/ (its store is a link to ../store), so that
# their names are the installed ones (newsdesk.store.facts.common, …).
_FACTS = (
    "common count date extract indicators measures model money names organization percent "
    "person quote ranking ranking_cues roles speech"
).split()
COMPILED = [f"newsdesk/store/facts/{name}.py" for name in _FACTS] + [
    f"newsdesk/store/{name}.py" for name in ("numbers", "sentences", "text", "dates")
]

# The commands that build what gets installed; metadata steps (egg_info, dist_info)
# need no compiling.
_BUILDS = {"bdist_wheel", "build", "build_ext", "install"}


def _say(message: str) -> None:
    print(f"newsdesk: {message}", file=sys.stderr, flush=True)


def _extensions() -> tuple[list[Any], str]:
    """mypyc's extension modules for ``COMPILED`` (none for a pure build), and why."""
    if not _BUILDS.intersection(sys.argv[1:]):
        return [], "metadata only"
    if "editable_wheel" in sys.argv[1:]:
        return [], "editable install: the sources run as they are"
    if os.environ.get("NEWSDESK_PURE"):
        return [], "NEWSDESK_PURE is set"
    try:
        from mypyc.build import mypycify
    except ImportError:
        return [], "mypyc is not available"
    # The build environment lacks the runtime dependencies: the modules compiled are
    # type-checked, those they import only read for their types (their own imports of
    # packages absent here are not errors).
    options = ["--follow-imports=silent"]
    try:
        extensions: list[Any] = mypycify(
            [*options, *COMPILED], opt_level="3", debug_level="0", group_name="newsdesk._native"
        )
    except BaseException as exc:  # mypyc reports type errors by exiting
        return [], f"mypyc could not compile ({type(exc).__name__}: {exc})"
    return extensions, f"{len(COMPILED)} modules compiled with mypyc"


def _write_marker(build_lib: str, compiled: bool, reason: str) -> None:
    path = Path(build_lib) / "newsdesk" / "_build.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '"""What this build of newsdesk holds (written by setup.py)."""\n\n'
        "#: True when the modules of setup.COMPILED are compiled (mypyc).\n"
        f"COMPILED = {compiled}\n"
        f"REASON = {reason!r}\n",
        encoding="utf-8",
    )


EXTENSIONS, REASON = _extensions()
if _BUILDS.intersection(sys.argv[1:]):
    _say(REASON if EXTENSIONS else f"building pure Python: {REASON}")


class BuildPy(build_py):
    """Copies the sources and records whether the build compiles."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            _write_marker(self.build_lib, bool(self.distribution.ext_modules), REASON)


class BuildExt(build_ext):
    """Compiles; on failure (no C compiler…) the build goes on pure Python."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            reason = f"compiling failed ({type(exc).__name__}: {exc})"
            _say(f"building pure Python: {reason}")
            self.distribution.ext_modules = []
            self.extensions = []
            _write_marker(self.build_lib, False, reason)

    def get_outputs(self) -> list[str]:
        return super().get_outputs() if self.extensions else []


setup(ext_modules=EXTENSIONS, cmdclass={"build_py": BuildPy, "build_ext": BuildExt})
