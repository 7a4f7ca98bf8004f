"""Reading /report's PDF as a reader would: its text (pypdf), its page rendered to pixels
(pypdfium2), and how its fonts are embedded. Shared by the unit and end-to-end tests."""

from __future__ import annotations

import io

import pypdf
import pypdfium2


def pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def text(data: bytes) -> str:
    """Every word on the page, lines joined by spaces (pypdf's own line breaks vary)."""
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    return " ".join(page.extract_text().split())


def baselines(data: bytes) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text drawn, in points from the bottom-left corner."""
    found: list[tuple[float, float, str]] = []

    def visit(piece, cm, tm, font_dict, font_size):
        if piece.strip():
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], piece))

    pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def fonts(data: bytes) -> list[dict]:
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    found = []
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        found.append({"subtype": font["/Subtype"], "base": font.get("/BaseFont"),
                      "descendant": (font["/DescendantFonts"][0].get_object()["/Subtype"]
                                     if "/DescendantFonts" in font else None),
                      "to_unicode": "/ToUnicode" in font})
    return found


def ink(data: bytes, scale: float = 1.0) -> float:
    """The share of the page's pixels that are not white (0: a blank page)."""
    document = pypdfium2.PdfDocument(data)
    try:
        bitmap = document[0].render(scale=scale)
        pixels = bitmap.to_numpy()
        page_size = pixels.shape[0] * pixels.shape[1]
        return float((pixels[..., :3].min(axis=2) < 200).sum()) / page_size
    finally:
        document.close()
