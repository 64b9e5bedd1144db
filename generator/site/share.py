"""Share cards: the image a link shows when it is shared (``og:image``), one per section of the site and one
per district (a few dozen at most, never one per entry, so the build stays within its scale budget).

Each card is a small PNG drawn with Pillow in the CJK font the PDF menus use (:mod:`.fontfile`): the site's
name, the section's or district's name and a line of what it holds. Same catalogue, same bytes (Pillow writes
no time into a PNG). Without the font there are no cards, and pages then name no image. Which card a page
shows follows its address (:func:`card_of`).
"""

from __future__ import annotations

import functools
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from generator.catalogue.model import Catalogue
from generator.site.fontfile import font_file

#: Where the cards are written, and their size (the proportions every sharing service crops to least).
FOLDER = "assets/share/"
SIZE = (1200, 630)
BACKGROUND, FOREGROUND, MUTED = (0, 105, 92), (255, 255, 255), (178, 223, 219)
#: The site's sections by the first segment of their address (the home page is ""), with their names.
SECTIONS = {
    "": "广州科普资源公开目录",
    "menu": "课程菜单",
    "bases": "科普场所",
    "courses": "科普课程",
    "map": "地图",
    "schedule": "活动安排",
    "videos": "线上资源",
    "demands": "学校需求",
    "plan": "我的选课单",
    "stats": "行动计划进展",
    "data": "开放数据",
    "about": "关于本站",
}


def cards(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Every card by its key (a section's first address segment, or ``d-<district>``): (title, line)."""
    courses, bases = len(catalogue.courses), len(catalogue.bases)
    lines = {
        "": f"{bases} 个科普场所 · {courses} 门可预约的科普课程",
        "menu": f"{courses} 门课程，按区、学段、领域筛选，可打印",
        "bases": f"{bases} 个科普教育基地和场所",
        "schedule": f"{len(catalogue.events)} 项科普活动",
        "videos": f"{len(catalogue.videos)} 条线上科普资源",
    }
    out = {key: (name, lines.get(key, catalogue.root.site.description)) for key, name in SECTIONS.items()}
    for district in catalogue.root.districts:
        here = sum(1 for b in catalogue.bases if b.district == district.id)
        served = len(catalogue.courses_serving[district.id])
        out[f"d-{district.id}"] = (district.name, f"{here} 个科普场所 · {served} 门本区学校可预约的课程")
    return out


def card_of(catalogue: Catalogue, url: str) -> str:
    """The key of the card a page at ``url`` (site-relative, ``bases/x/``) shows: its district's for a base,
    a course (its provider's district) or a district's menu; else its section's."""
    parts = url.strip("/").split("/")
    head = parts[0] if parts != [""] else ""
    tail = parts[1] if len(parts) > 1 else ""
    district = None
    if head == "bases":
        base = catalogue.base_by_id.get(tail)
        district = base.district if base else None
    elif head == "courses":
        course = catalogue.course_by_id.get(tail)
        district = catalogue.provider_district(course) if course else None
    elif head == "menu" and tail in catalogue.district_by_id:
        district = tail
    if district is not None:
        return f"d-{district}"
    return head if head in SECTIONS else ""


def card_path(key: str) -> str:
    """Where a card is written (site-relative)."""
    return f"{FOLDER}{key or 'home'}.png"


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | None:
    found = font_file()
    return None if found is None else ImageFont.truetype(str(found[0]), size, index=found[1])


def draw(site: str, title: str, line: str) -> bytes | None:
    """One card as PNG bytes; None without the CJK font."""
    small, large = _font(40), _font(96)
    if small is None or large is None:
        return None
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.text((80, 70), site, font=small, fill=MUTED)
    y = 200
    for row in textwrap.wrap(title, 10)[:2]:
        pen.text((80, y), row, font=large, fill=FOREGROUND)
        y += 120
    for row in textwrap.wrap(line, 24)[:2]:
        pen.text((80, y + 30), row, font=small, fill=FOREGROUND)
        y += 56
    # Few colours: a palette image is a fraction of the size of a full-colour one, and looks the same.
    palette = image.quantize(colors=16, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()
