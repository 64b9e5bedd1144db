"""PDF menu weight: pages, bytes and fonts of every printed menu of the sample (or of ``--scale`` times it).

Builds the catalogue with PDFs (benchmarks/synth.py makes the larger ones) into a temporary folder and weighs
each menu's PDF: its pages, its bytes and bytes per page, the items it lists, and the kinds of fonts in it (a
Type 3 font is glyphs drawn one by one, the form Chromium gives a font with PostScript outlines; see
generator/publish/fonts.py). ``--write-results`` puts the table into RESULTS.md.

    python benchmarks/pdf_weight.py [--scale 1] [--write-results]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pypdf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from run import write_block  # noqa: E402
from synth import synthesize  # noqa: E402

from generator.publish.build import build  # noqa: E402

MARK = "<!-- pdf table -->"


def weigh(pdf: Path) -> dict[str, object]:
    """Pages, bytes, course links and font kinds of one PDF."""
    reader = pypdf.PdfReader(pdf)
    kinds: dict[str, int] = {}
    seen: set[int] = set()
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            if ref.idnum not in seen:
                seen.add(ref.idnum)
                kind = str(ref.get_object()["/Subtype"]).lstrip("/")
                kinds[kind] = kinds.get(kind, 0) + 1
    courses = {
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/courses/" in str(a.get_object().get("/A", {}).get("/URI", ""))
    }
    size = pdf.stat().st_size
    return {
        "menu": pdf.stem,
        "pages": len(reader.pages),
        "courses": len(courses),
        "bytes": size,
        "per_page": size // len(reader.pages),
        "fonts": ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())),
    }


def table(rows: list[dict[str, object]]) -> str:
    """The rows as a Markdown table, with a total."""
    lines = ["| menu | pages | courses | bytes | bytes/page | fonts |", "|---|---|---|---|---|---|"]
    for r in rows:
        figures = f"{r['pages']} | {r['courses']} | {r['bytes']:,} | {r['per_page']:,}"
        lines.append(f"| {r['menu']} | {figures} | {r['fonts']} |")
    total = sum(int(str(r["bytes"])) for r in rows)
    pages = sum(int(str(r["pages"])) for r in rows)
    lines.append(f"| all | {pages} | | {total:,} | {total // pages:,} | |")
    return "\n".join(lines)


def main() -> None:
    """Build, weigh, print (and with ``--write-results`` record) the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="times the sample catalogue (1: the sample)")
    parser.add_argument("--write-results", action="store_true", help="put the table into RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = REPO if args.scale == 1 else synthesize(Path(tmp) / "catalogue", args.scale)
        site = Path(tmp) / "site"
        build(root, site, site_url="https://example.org/kepu/")
        rows = [weigh(pdf) for pdf in sorted((site / "menu").glob("*.pdf"))]
    text = table(rows)
    print(text)
    if args.write_results:
        note = (
            f"`python benchmarks/pdf_weight.py --scale {args.scale} --write-results`: the menus' PDFs as "
            "the build prints them (tagged, with an outline)."
        )
        write_block(MARK, f"{text}\n\n{note}", "## PDF menus")


if __name__ == "__main__":
    main()
