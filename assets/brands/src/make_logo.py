"""Draws the neutral briefpack shield used by the default brands (run once; output is committed)."""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE, SCALE = 512, 4


def shield(draw: ImageDraw.ImageDraw, s: int, inset: int, fill: str) -> None:
    w = s - 2 * inset
    top, left = inset, inset
    body = [(left, top), (left + w, top), (left + w, top + int(w * 0.55))]
    tip = (left + w // 2, top + int(w * 1.05))
    body += [(left + int(w * 0.92), top + int(w * 0.78)), tip]
    body += [(left + int(w * 0.08), top + int(w * 0.78)), (left, top + int(w * 0.55))]
    draw.polygon(body, fill=fill)


def main() -> None:
    s = SIZE * SCALE
    img = Image.new("RGBA", (s, int(s * 1.1)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    shield(draw, s, 0, "#FFFFFF")
    shield(draw, s, int(s * 0.07), "#17375E")
    c, r = s // 2, int(s * 0.2)
    cy = int(s * 0.45)
    draw.polygon([(c, cy - r), (c + r, cy), (c, cy + r), (c - r, cy)], fill="#FFFFFF")
    draw.rectangle(
        [c - int(r * 1.3), int(s * 0.74), c + int(r * 1.3), int(s * 0.78)], fill="#F2B134"
    )
    img = img.resize((SIZE, int(SIZE * 1.1)), Image.LANCZOS)
    img.save(Path(__file__).resolve().parent.parent / "shield-logo.png", optimize=True)


if __name__ == "__main__":
    main()
