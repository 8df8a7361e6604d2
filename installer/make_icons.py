"""Render the application icon from its one source, ``resources/icon.svg``.

Writes, into ``resources/icons/`` (or ``--out``):

* ``wfm_desktop.png`` — 256 px, the window icon the GUI sets;
* ``wfm_desktop.ico`` — Windows (16, 24, 32, 48, 64, 128, 256 px), for the
  executables, the installer and the ``.wfmplan`` file type;
* ``wfm_desktop.icns`` — macOS (16 … 1024 px), for the ``.app`` and the ``.dmg``.

Each size is rendered from the SVG itself (QtSvg's ``QSvgRenderer``, no window
or display needed), so small sizes stay crisp instead of being shrunk from a
big bitmap; Pillow packs them into ``.ico`` and ``.icns``. Usage::

    python installer/make_icons.py            # regenerate the checked-in icons
    python installer/make_icons.py --out DIR  # somewhere else
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SVG = REPO / "resources" / "icon.svg"
OUT = REPO / "resources" / "icons"
NAME = "wfm_desktop"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
PNG_SIZE = 256


def render_png(svg: Path, size_px: int):
    """The SVG rendered to a square RGBA Pillow image of `size_px` pixels."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG file")
    image = QImage(size_px, size_px, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    import io

    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def make_icons(svg: Path = SVG, out_dir: Path = OUT) -> dict[str, Path]:
    """Write the PNG, ICO and ICNS icons rendered from `svg`; return their paths by kind."""
    svg = Path(svg)
    out_dir = Path(out_dir)
    if not svg.is_file():
        raise SystemExit(f"make_icons: the icon source {svg} does not exist")
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(ICO_SIZES) | set(ICNS_SIZES) | {PNG_SIZE})
    images = {size: render_png(svg, size) for size in sizes}

    png = out_dir / f"{NAME}.png"
    images[PNG_SIZE].save(png, format="PNG")

    ico = out_dir / f"{NAME}.ico"
    largest_ico = max(ICO_SIZES)
    images[largest_ico].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != largest_ico],
    )

    icns = out_dir / f"{NAME}.icns"
    largest_icns = max(ICNS_SIZES)
    images[largest_icns].save(
        icns,
        format="ICNS",
        append_images=[images[s] for s in ICNS_SIZES if s != largest_icns],
    )
    return {"png": png, "ico": ico, "icns": icns}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render resources/icon.svg to PNG, ICO and ICNS icons.")
    parser.add_argument("--svg", type=Path, default=SVG, help=f"the source SVG (default: {SVG.relative_to(REPO)})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default: {OUT.relative_to(REPO)})")
    args = parser.parse_args(argv)
    for kind, path in make_icons(args.svg, args.out).items():
        print(f"{kind}: {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
