"""PNG icons of the members' installable app (issue 17), drawn with Pillow after the SVGs in
``static/alerts/app/``: Chrome offers to install a web app only when its manifest lists a
192 and a 512 pixel PNG icon. ``manage.py app_icons`` writes them next to the SVGs (they are
committed; ``test_safety.py`` checks that they are the ones drawn here)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (192, 512)
ICON_DIR = Path(__file__).resolve().parent / "static" / "alerts" / "app"

Box = tuple[int, int, int, int]


def _notes(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle((0, 0, 511, 511), 96, fill="#f6c945")
    draw.rounded_rectangle((120, 96, 392, 416), 24, fill="#fffdf4")
    for y, end in ((176, 344), (240, 344), (304, 288)):
        draw.line((168, y, end, y), fill="#b58b12", width=20)


def _weather(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle((0, 0, 511, 511), 96, fill="#3d8ee8")
    draw.ellipse((116, 116, 284, 284), fill="#ffd23f")
    for box in ((176, 236, 368, 384), (296, 256, 424, 384), (104, 280, 208, 384)):
        draw.ellipse(box, fill="#fff")
    draw.rectangle((152, 320, 360, 384), fill="#fff")


def _calculator(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle((0, 0, 511, 511), 96, fill="#4b4f58")
    draw.rounded_rectangle((136, 88, 376, 424), 28, fill="#e9ebef")
    draw.rounded_rectangle((168, 120, 344, 184), 10, fill="#9fd39a")
    for x in (196, 256, 316):
        for y in (240, 310, 380):
            draw.ellipse((x - 20, y - 20, x + 20, y + 20), fill="#4b4f58")


def _calendar(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle((0, 0, 511, 511), 96, fill="#e8e8ec")
    draw.rounded_rectangle((104, 120, 408, 408), 28, fill="#fff")
    draw.rounded_rectangle((104, 120, 408, 200), 28, fill="#e0473f")
    draw.rectangle((104, 172, 408, 200), fill="#e0473f")
    for x, y in ((148, 240), (232, 240), (316, 240), (148, 320), (232, 320)):
        draw.rounded_rectangle((x, y, x + 48, y + 40), 6, fill="#8a8a96")


DRAWINGS: dict[str, Callable[[ImageDraw.ImageDraw], None]] = {
    "notes": _notes,
    "weather": _weather,
    "calculator": _calculator,
    "calendar": _calendar,
}


def app_icon_png(*, look: str, size: int) -> bytes:
    """The icon of ``look`` as a ``size``-pixel square PNG (drawn at 512, scaled down)."""
    image = Image.new("RGBA", (512, 512), (0, 0, 0, 0))
    DRAWINGS[look](ImageDraw.Draw(image))
    if size != 512:
        image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def app_icon_name(*, look: str, size: int) -> str:
    return f"{look}-{size}.png"


def app_icons_write() -> list[Path]:
    """Write every look's PNG icons next to its SVG; returns the files written."""
    written = []
    for look in DRAWINGS:
        for size in SIZES:
            path = ICON_DIR / app_icon_name(look=look, size=size)
            path.write_bytes(app_icon_png(look=look, size=size))
            written.append(path)
    return written
