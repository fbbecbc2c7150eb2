"""Draw the app icon: resources/icons/vaxdesk.png (the window icon on Linux) and
vaxdesk.ico (the Windows executable's and installer's icon, several sizes in one file).

    python scripts/make_icon.py

Drawn with Pillow from shapes, so the icon has no licence of its own to track and anyone can
redraw it; run again after changing the drawing and commit both files.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZE = 256
TEAL, WHITE, RED = (0, 121, 107, 255), (255, 255, 255, 255), (211, 47, 47, 255)


def draw(size: int = SIZE) -> Image.Image:
    """A teal rounded square with a white syringe and a red cross: vaccination, at a desk."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    u = size / 16
    d.rounded_rectangle([0, 0, size - 1, size - 1], radius=3 * u, fill=TEAL)
    # The syringe, diagonal: barrel, plunger, needle.
    barrel = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    b = ImageDraw.Draw(barrel)
    b.rounded_rectangle([5 * u, 7 * u, 11.5 * u, 9 * u], radius=0.4 * u, fill=WHITE)
    b.rectangle([11.5 * u, 7.7 * u, 13.5 * u, 8.3 * u], fill=WHITE)  # plunger rod
    b.rectangle([13.5 * u, 6.8 * u, 14 * u, 9.2 * u], fill=WHITE)  # plunger head
    b.rectangle([2 * u, 7.85 * u, 5 * u, 8.15 * u], fill=WHITE)  # needle
    for x in (6.5, 8, 9.5):  # dose marks
        b.line([x * u, 7 * u, x * u, 7.8 * u], fill=TEAL, width=max(1, int(u / 4)))
    image.alpha_composite(barrel.rotate(45, resample=Image.BICUBIC, center=(size / 2, size / 2)))
    # The red cross, top left, clear of the plunger.
    d.rectangle([3.4 * u, 1.8 * u, 4.6 * u, 5.4 * u], fill=RED)
    d.rectangle([2.2 * u, 3 * u, 5.8 * u, 4.2 * u], fill=RED)
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(ICONS / "vaxdesk.png")
    # Windows picks the size it shows from these; Pillow scales them from the 256 px drawing.
    image.save(ICONS / "vaxdesk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48),
                                              (64, 64), (128, 128), (256, 256)])
    print(f"wrote {ICONS / 'vaxdesk.png'} and {ICONS / 'vaxdesk.ico'}")


if __name__ == "__main__":
    main()
