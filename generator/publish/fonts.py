"""The CJK font of the PDF menus, in the form Chromium embeds compactly.

Chromium's PDF writer embeds a font with TrueType outlines as a subset (a CID TrueType font), but a font with
PostScript (CFF) outlines, as Noto Sans CJK is, goes in as Type 3 fonts, each glyph a drawing of its own: most
of a PDF's weight. The PDF step therefore hands the printed pages the same font with its outlines converted to
TrueType ones (fontTools' cu2qu, within one unit of the em) and cut to the characters the menus use, as a web
font (:func:`font_faces`); the PDF then holds a subset of it, and text, glyphs and layout stay the font's own.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from generator.site.fontfile import CJK_FONT, font_file

#: The family name the converted font is given in the printed pages.
FAMILY = "Kepu Print"
#: How far (in font units, 1000 or 2048 to the em) a converted curve may stray from the original.
MAX_ERROR = 1.0
#: The OpenType features kept: those Chromium applies to horizontal text, less ``locl``, whose forms are the
#: other languages' (the menus are simplified Chinese, the font's own default) and would double the glyphs.
FEATURES = ["ccmp", "calt", "clig", "liga", "rlig", "rclt", "kern", "mark", "mkmk"]


def font_faces(text: str) -> str:
    """CSS ``@font-face`` rules giving :data:`FAMILY` (regular and, where installed, bold) as TrueType subsets
    of the CJK font holding the characters of ``text``, and a rule setting the page's text in it; "" when
    fontconfig knows no such font (Chromium then uses what it finds, as before)."""
    regular = font_file()
    if regular is None:
        return ""
    faces = {400: regular}
    bold = font_file(CJK_FONT + ":weight=bold")
    if bold is not None and bold != regular:
        faces[700] = bold
    rules = [
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
        f"src: url(data:font/ttf;base64,{base64.b64encode(truetype_subset(*found, text)).decode()}); }}"
        for weight, found in faces.items()
    ]
    rules.append(f'body {{ font-family: "{FAMILY}", sans-serif; }}')
    return "\n".join(rules)


def truetype_subset(path: Path, index: int, text: str) -> bytes:
    """The font at ``path`` (``index`` in a collection) cut to the characters of ``text``, with TrueType
    outlines (converted from CFF if need be)."""
    # The subsetter takes a tenth of a second to import, and only a build that prints PDFs needs it.
    from fontTools import subset

    font = TTFont(path, fontNumber=index)
    cutter = subset.Subsetter(subset.Options(notdef_outline=True, layout_features=FEATURES))
    cutter.populate(text=text)
    cutter.subset(font)
    if "CFF " in font:
        _to_truetype(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _to_truetype(font: TTFont) -> None:
    """Replace a font's CFF outlines by quadratic TrueType ones (as fontTools' otf2ttf does)."""
    order = font.getGlyphOrder()
    drawn = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(drawn)
        # TrueType contours turn the other way round.
        drawn[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]  # vertical origins: a CFF-only table
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for name in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, name, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp  # the point and contour counts are computed when the font is saved
    font["post"].formatType = 3.0  # no glyph names: a PDF needs none
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\0\1\0\0"
