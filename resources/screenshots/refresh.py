"""Refresh the README's screenshots from the screenshot tour.

    AFFIDO_HOME=/tmp/affido-shots-home affido --demo --screenshot /tmp/affido-shots
    python resources/screenshots/refresh.py /tmp/affido-shots

The tour numbers its files (``01-cruscotto.png``…) and the numbers move when screens are added,
so the screens are chosen by name. Each one is copied here without its number; with Pillow
installed it is quantised to 256 colours (a third of the size, text stays sharp). The demo data
are invented: no real person appears.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: the screens shown in the README, in order
SCREENS = (
    "cruscotto",
    "anziani",
    "anziano-dati-anagrafici",
    "proposte-per-anziano",
    "supervisione",
    "calendario",
    "guida",
)


def find(folder: Path, name: str) -> Path:
    for path in sorted(folder.glob("*.png")):
        if re.fullmatch(rf"\d+-{re.escape(name)}", path.stem):
            return path
    raise SystemExit(f"screen not found in {folder}: {name}")


def save(source: Path, target: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        shutil.copyfile(source, target)
        return
    with Image.open(source) as image:
        image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(
            target, optimize=True)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[0])
    for name in SCREENS:
        target = HERE / f"{name}.png"
        save(find(folder, name), target)
        print(f"{target.relative_to(HERE.parents[1])}: {target.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
