"""What kind of file this is (from its bytes, not its name) and how its text is encoded."""
from __future__ import annotations

import io
import re
import zipfile

from sammanhallen.data_import.ingest.problems import ImportFileError

_MAGIC = [
    (b"%PDF", "PDF", "PDF"),
    (b"\x89PNG", "en PNG-bild", "a PNG image"),
    (b"\xff\xd8\xff", "en JPEG-bild", "a JPEG image"),
    (b"GIF8", "en GIF-bild", "a GIF image"),
    (b"\x1f\x8b", "en gzip-komprimerad fil", "a gzip-compressed file"),
    (b"7z\xbc\xaf", "ett 7z-arkiv", "a 7z archive"),
    (b"Rar!", "ett RAR-arkiv", "a RAR archive"),
    (b"\x7fELF", "ett program", "a program"),
    (b"MZ", "ett Windows-program", "a Windows program"),
    (b"{\\rtf", "ett RTF-dokument", "an RTF document"),
]
_MOJIBAKE = re.compile("Ã[¥¤¶…„–©¼]")


def kind_of(file_name: str, data: bytes) -> str:
    """'excel', 'json' or 'text'; raises ImportFileError for files that are none of them."""
    head = data[:8]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(file_name, data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportFileError(
            f"{file_name} är i Excels gamla format (.xls) eller ett annat gammalt Office-dokument. Öppna den i Excel "
            f"och spara som .xlsx eller CSV UTF-8",
            f"{file_name} is in Excel's old format (.xls) or another old Office document. Open it in Excel and save "
            f"it as .xlsx or CSV UTF-8")
    for magic, sv, en in _MAGIC:
        if head.startswith(magic):
            raise ImportFileError(
                f"{file_name} är {sv}, inte en tabell. Ladda upp CSV, Excel (.xlsx) eller JSON från SCB eller Kolada",
                f"{file_name} is {en}, not a table. Upload CSV, Excel (.xlsx) or JSON from SCB or Kolada")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with BOM: Excel's "Unicode text"
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            f"{file_name} är en binärfil, inte en tabell i text. Ladda upp CSV, Excel (.xlsx) eller JSON",
            f"{file_name} is a binary file, not a text table. Upload CSV, Excel (.xlsx) or JSON")
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    start = stripped[:1]
    if start in (b"{", b"["):
        return "json"
    if start == b"<":
        raise ImportFileError(
            f"{file_name} är en webbsida eller XML-fil, inte en tabell. Ladda ner tabellen som CSV, Excel eller JSON",
            f"{file_name} is a web page or XML file, not a table. Download the table as CSV, Excel or JSON")
    if stripped[:40].upper().startswith((b"CHARSET=", b"AXIS-VERSION=", b"CODEPAGE=", b"LANGUAGE=")):
        raise ImportFileError(
            f"{file_name} är en PC-Axis-fil (.px). Ladda ner tabellen från PxWeb som CSV eller JSON-stat i stället",
            f"{file_name} is a PC-Axis file (.px). Download the table from PxWeb as CSV or JSON-stat instead")
    return "text"


def _zip_kind(file_name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except zipfile.BadZipFile as exc:
        raise ImportFileError(f"{file_name} är en trasig zip- eller Excelfil och kan inte läsas",
                              f"{file_name} is a broken zip or Excel file and cannot be read") from exc
    if "xl/workbook.xml" in names:
        return "excel"
    if b"opendocument.spreadsheet" in mimetype:
        raise ImportFileError(f"{file_name} är ett OpenDocument-kalkylark (.ods); spara det som .xlsx eller CSV",
                              f"{file_name} is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV")
    if "word/document.xml" in names:
        raise ImportFileError(f"{file_name} är ett Word-dokument, inte en tabell",
                              f"{file_name} is a Word document, not a table")
    raise ImportFileError(f"{file_name} är ett zip-arkiv, inte en Excelfil (.xlsx) eller CSV",
                          f"{file_name} is a zip archive, not an Excel file (.xlsx) or CSV")


def decode(file_name: str, data: bytes) -> tuple[str, str, list[tuple[str, str]]]:
    """(text, encoding, warnings). UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    A file that is neither valid UTF-8 nor valid Windows-1252 is refused rather than guessed.
    """
    warnings: list[tuple[str, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _strict(file_name, data, "utf-8-sig"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _strict(file_name, data, "utf-16"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    f"{file_name} har en teckenkodning som inte går att läsa säkert (varken UTF-8 eller Windows-1252, "
                    f"byte {exc.start + 1}). Spara filen som 'CSV UTF-8'",
                    f"{file_name} has a character encoding that cannot be read safely (neither UTF-8 nor "
                    f"Windows-1252, byte {exc.start + 1}). Save the file as 'CSV UTF-8'") from exc
    if _MOJIBAKE.search(text):
        warnings.append((
            "Filen innehåller tecken som 'Ã¶' där det troligen skulle stå 'ö': den har sparats om med fel "
            "teckenkodning någon gång. Namn kan därför sakna matchning",
            "The file contains characters like 'Ã¶' where 'ö' was probably meant: it was re-saved with the wrong "
            "encoding at some point. Names may therefore not match"))
    return text, enc, warnings


def _strict(file_name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{file_name} säger sig vara {encoding} men innehåller ogiltiga tecken (byte {exc.start + 1})",
            f"{file_name} claims to be {encoding} but contains invalid characters (byte {exc.start + 1})") from exc
