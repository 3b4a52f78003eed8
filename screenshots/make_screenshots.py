"""Regenerate the SVG screenshots in this folder: ``python screenshots/make_screenshots.py``.

Each scene starts the app on a fresh database of the bundled corpus, presses
keys, waits for the workers, and saves an SVG at 80×24 and at 160×48.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from newsdesk.tui.app import NewsdeskApp  # noqa: E402

#: name → keys pressed after start-up; a scene whose screen module is missing is skipped.
SCENES: dict[str, tuple[list[str], str | None]] = {
    "main": ([], None),
    "reader": (["j", "enter"], None),
    "help": (["question_mark"], None),
    "search": (["slash", *"nothing is dificult only fear"], "newsdesk.tui.screens.search"),
    "compare": (["c"], "newsdesk.tui.screens.compare"),
    "facts": (["f"], "newsdesk.tui.screens.facts"),
    "ledger": (["f", "l"], "newsdesk.tui.screens.facts"),
}
SIZES = [(80, 24), (160, 48)]


async def shoot(name: str, keys: list[str], size: tuple[int, int], db: Path) -> Path:
    app = NewsdeskApp(db)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = HERE / f"{name}-{size[0]}x{size[1]}.svg"
        app.save_screenshot(filename=path.name, path=str(HERE))
    return path


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "newsdesk.json"
        for name, (keys, module) in SCENES.items():
            if module is not None:
                try:
                    importlib.import_module(module)
                except ModuleNotFoundError:
                    print(f"skipped {name}: {module} is not there")
                    continue
            for size in SIZES:
                print(await shoot(name, keys, size, db))


if __name__ == "__main__":
    asyncio.run(main())
