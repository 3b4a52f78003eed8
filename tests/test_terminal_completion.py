"""The README's bash completion snippet, run in a real bash against the real command line."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")


def snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Shell completion", 1)[1]
    found = re.search(r"```bash\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


def complete(*words: str) -> list[str]:
    """What the snippet offers for the command line ``newsdesk WORDS…`` (the last is the cursor)."""
    line = ["newsdesk", *words]
    script = "\n".join(
        [
            f"newsdesk() {{ PYTHONPATH={shlex.quote(str(ROOT))} "
            f'{shlex.quote(sys.executable)} -m newsdesk.tui.cli "$@"; }}',
            snippet(),
            f"COMP_WORDS=({' '.join(shlex.quote(w) for w in line)})",
            f"COMP_CWORD={len(line) - 1}",
            "_newsdesk",
            'printf "%s\\n" "${COMPREPLY[@]}"',
        ]
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return [w for w in result.stdout.splitlines() if w]


def test_completes_command_names() -> None:
    assert complete("ex") == ["export"]
    assert complete("s") == ["show", "search", "serve"]
    assert complete("--db", "x.json", "in") == ["ingest"]


def test_completes_a_commands_options_from_its_help() -> None:
    assert complete("export", "--f") == ["--force", "--format"]
    assert complete("export", "--form") == ["--format"]
    assert set(complete("serve", "--")) >= {"--host", "--port", "--public-url", "--help"}


def test_completes_file_names_after_a_command() -> None:
    assert complete("ingest", "seeds/000") == ["seeds/000_c83c607eafd10b0c.txt"]
