"""The area profile as an A4 PDF, built on the server with fpdf2.

fpdf2 (pinned 2.8.9 in requirements.txt) is pure Python (its dependencies fonttools, defusedxml and
Pillow are wheels too), so it installs cleanly with pip and needs no system libraries or browser.
Text is set in a TrueType font with å, ä, ö, en dashes and no-break spaces: DejaVu Sans or Liberation
Sans from the system (found by path, then with `fc-list`). Without either, the PDF falls back to the
built-in Helvetica, replaces the characters it cannot show with '?', and says so on the first page.
Charts are PNGs rendered offline by vl-convert (sammanhallen/chart_images.py).
"""
from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

from sammanhallen import chart_images
from sammanhallen.i18n import t

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)
FAMILY = "profile"
LEFT_WIDTH = 128  # mm of text beside a 50 mm chart column on a 180 mm wide A4 text area


@dataclass
class Block:
    """One indicator (or any titled paragraph) with an optional small chart on the right."""
    title: str
    lines: list[str]
    chart: object | None = None   # an Altair chart


@dataclass
class Document:
    title: str
    header: list[str]
    locator: object | None                   # an Altair chart, or None (then locator_note says why)
    locator_note: str | None
    sections: list[tuple[str, list[Block]]]  # heading, blocks
    sources: list[str]
    permalink: str
    lang: str = "sv"
    notes: list[str] = field(default_factory=list)


def find_fonts() -> tuple[str, str] | None:
    """(regular, bold) TTF paths of DejaVu Sans or Liberation Sans; None when the system has neither."""
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            return regular, bold
    try:
        listing = subprocess.run(["fc-list", ":style=Book", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for stem in ("DejaVuSans", "LiberationSans-Regular"):
        hits = [line.split(":")[0] for line in listing.splitlines() if line.split(":")[0].endswith(f"/{stem}.ttf")]
        if hits:
            bold = hits[0].replace(".ttf", "-Bold.ttf").replace("-Regular-Bold", "-Bold")
            return hits[0], bold if Path(bold).exists() else hits[0]
    return None


class ProfilePDF(FPDF):
    def __init__(self, doc: Document):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        fonts = find_fonts()
        self.unicode = fonts is not None
        if fonts:
            self.add_font(FAMILY, "", fonts[0])
            self.add_font(FAMILY, "B", fonts[1])
            self.family = FAMILY
        else:
            self.family = "helvetica"

    def clean(self, text: str) -> str:
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def write_lines(self, lines: list[str], size: float = 9, style: str = "", width: float = 0) -> None:
        self.set_font(self.family, style, size)
        for line in lines:
            self.multi_cell(width, size * 0.5, self.clean(line), align="L", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 7)
        self.set_text_color(90)
        self.multi_cell(0, 3.5, self.clean(f"{self.doc.permalink}   ·   {t('Sida', 'Page', self.doc.lang)} {self.page_no()}"),
                        align="C")
        self.set_text_color(0)


def _png(chart) -> io.BytesIO:
    return io.BytesIO(chart_images.to_png(chart, scale=2.0, ppi=200))


def _head(pdf: ProfilePDF, doc: Document) -> None:
    pdf.set_font(pdf.family, "B", 18)
    pdf.multi_cell(LEFT_WIDTH, 9, pdf.clean(doc.title), align="L", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    pdf.write_lines(doc.header + doc.notes, 9, width=LEFT_WIDTH)
    bottom = pdf.get_y()
    if doc.locator is not None:
        pdf.image(_png(doc.locator), x=15 + LEFT_WIDTH + 4, y=15, w=48)
        bottom = max(bottom, 15 + 52)
    elif doc.locator_note:
        pdf.set_xy(15 + LEFT_WIDTH + 4, top)
        pdf.set_font(pdf.family, "", 8)
        pdf.multi_cell(48, 4, pdf.clean(doc.locator_note), align="L")
        bottom = max(bottom, pdf.get_y())
    pdf.set_y(bottom + 3)


def _block(pdf: ProfilePDF, block: Block) -> None:
    if pdf.get_y() > 255:
        pdf.add_page()
    top = pdf.get_y()
    width = LEFT_WIDTH if block.chart is not None else 0
    if block.title:
        pdf.set_font(pdf.family, "B", 9.5)
        pdf.multi_cell(width, 4.6, pdf.clean(block.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.write_lines(block.lines, 8, width=width)
    bottom = pdf.get_y()
    if block.chart is not None:
        pdf.image(_png(block.chart), x=15 + LEFT_WIDTH + 4, y=top, w=48)
        bottom = max(bottom, top + 17)
    pdf.set_y(bottom + 2)


def build(doc: Document) -> bytes:
    """The PDF's bytes: header with locator map, each section's blocks, the sources, the permalink."""
    pdf = ProfilePDF(doc)
    pdf.set_title(doc.title)
    pdf.add_page()
    if not pdf.unicode:
        pdf.write_lines([t("Obs: DejaVu/Liberation saknas på servern; tecken utanför Latin-1 visas som ?.",
                           "Note: DejaVu/Liberation missing on the server; characters outside Latin-1 show as ?.", doc.lang)], 8)
    _head(pdf, doc)
    for heading, blocks in doc.sections:
        if pdf.get_y() > 250:
            pdf.add_page()
        pdf.set_font(pdf.family, "B", 12)
        pdf.multi_cell(0, 7, pdf.clean(heading), align="L", new_x="LMARGIN", new_y="NEXT")
        for block in blocks:
            _block(pdf, block)
    pdf.set_font(pdf.family, "B", 12)
    pdf.multi_cell(0, 7, pdf.clean(t("Källor", "Sources", doc.lang)), new_x="LMARGIN", new_y="NEXT")
    pdf.write_lines([f"– {s}" for s in doc.sources] + [t("Permalänk: ", "Permalink: ", doc.lang) + doc.permalink], 8)
    return bytes(pdf.output())
