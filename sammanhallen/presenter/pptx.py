"""Export a storyboard as a 16:9 PowerPoint file and as a list of permalinks (no Streamlit).

One slide per view: the slide's title, its chart as a PNG (rendered offline with vl-convert via
sammanhallen.chart_images), the view's subtitle and source line as text on the slide, and the
speaker note (plus the view's permalink) in the notes pane. A view that cannot be drawn yet gets a
slide with an explanatory image and its link instead of failing the export.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import altair as alt
import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from sammanhallen.chart_images import to_png
from sammanhallen.i18n import Text
from sammanhallen.presenter import pictures
from sammanhallen.presenter.storyboard import Slide, SlideUnavailable, Storyboard
from sammanhallen.views import permalink

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
CHART_BOX = (Inches(0.5), Inches(1.55), Inches(12.333), Inches(4.95))  # left, top, width, height
IMAGE_SIZE = {"width": 1000, "height": 360}  # CSS px handed to views that take a size

_TEXT = {
    "unavailable": Text("Vyn kan inte ritas här ännu", "This view cannot be drawn here yet"),
    "open": Text("Öppna vyn", "Open the view"),
    "link": Text("Länk", "Link"),
    "list": Text("Bildserie", "Storyboard"),
}


@dataclass
class RenderedSlide:
    title: str
    subtitle: str
    source_line: str
    png: bytes
    note: str
    url: str
    available: bool = True


def slide_url(slide: Slide, url_paths: dict[str, str], base_url: str) -> str:
    return permalink(url_paths.get(slide.page_key, slide.page_key), slide.params, base_url)


def placeholder_png(message: str, url: str) -> bytes:
    frame = pd.DataFrame({"line": [message, url], "i": [0, 1]})
    chart = alt.Chart(frame).mark_text(fontSize=20, align="center").encode(
        y=alt.Y("i:O", axis=None), text="line:N").properties(width=900, height=120)
    return to_png(chart, scale=2)


def render_slide(con, slide: Slide, lang: str, url_paths: dict[str, str], base_url: str,
                 data_version=None) -> RenderedSlide:
    """With a data version the picture is drawn once per view and language (sammanhallen.presenter.pictures)."""
    url = slide_url(slide, url_paths, base_url)
    try:
        picture = pictures.export(con, slide, lang, IMAGE_SIZE, 2, data_version)
        view = picture.view
        return RenderedSlide(slide.title, view.subtitle, view.source_line, picture.png, slide.note, url)
    except SlideUnavailable as reason:
        message = _TEXT["unavailable"].in_(lang)
        return RenderedSlide(slide.title, f"{_TEXT['open'].in_(lang)}: {url}", str(reason), placeholder_png(message, url),
                             slide.note, url, available=False)


def _text(slide, box, text: str, size: int, bold: bool = False, color: str = "222222"):
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = RGBColor.from_string(color)
    return shape


def _fit(png: bytes, box) -> tuple[int, int, int, int]:
    """Position and size that fit the image into box keeping its aspect ratio, centred."""
    from PIL import Image  # pillow comes with python-pptx

    with Image.open(io.BytesIO(png)) as image:
        w, h = image.size
    left, top, width, height = box
    scale = min(width / w, height / h)
    fw, fh = int(w * scale), int(h * scale)
    return Emu(left + (width - fw) // 2), Emu(top + (height - fh) // 2), Emu(fw), Emu(fh)


def build_pptx(rendered: list[RenderedSlide], lang: str = "sv") -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    layout = deck.slide_layouts[5]  # "Title Only": keeps a real title placeholder
    link_label = _TEXT["link"].in_(lang)
    for item in rendered:
        slide = deck.slides.add_slide(layout)
        title = slide.shapes.title
        title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.333), Inches(0.85)
        title.text = item.title
        for paragraph in title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(32)
                run.font.bold = True
        _text(slide, (Inches(0.5), Inches(1.1), Inches(12.333), Inches(0.45)), item.subtitle, 16, color="444444")
        left, top, width, height = _fit(item.png, CHART_BOX)
        slide.shapes.add_picture(io.BytesIO(item.png), left, top, width, height)
        _text(slide, (Inches(0.5), Inches(6.6), Inches(12.333), Inches(0.75)), item.source_line, 11, color="333333")
        slide.notes_slide.notes_text_frame.text = (item.note + "\n\n" if item.note else "") + f"{link_label}: {item.url}"
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def export_pptx(con, board: Storyboard, lang: str, url_paths: dict[str, str], base_url: str,
                data_version=None) -> bytes:
    return build_pptx([render_slide(con, s, lang, url_paths, base_url, data_version) for s in board.slides], lang)


def permalink_list(board: Storyboard, url_paths: dict[str, str], base_url: str, lang: str = "sv") -> str:
    """Markdown: the storyboard's name, then one numbered line per slide with title and URL."""
    lines = [f"# {_TEXT['list'].in_(lang)}: {board.name}", ""]
    for number, slide in enumerate(board.slides, start=1):
        lines.append(f"{number}. [{slide.title}]({slide_url(slide, url_paths, base_url)})")
        if slide.note:
            lines.append(f"   {slide.note}")
    return "\n".join(lines) + "\n"
