"""Refuse zip files (and .xlsx, which are zip files) that unpack to far more than they weigh.

A "zip bomb" is a small archive whose entries decompress to gigabytes. The sizes a zip declares in
its central directory are what Python's ``zipfile`` stops at when it reads an entry (it never
returns more than the declared size), so checking the declared total before anything is unpacked
bounds the memory and time an import can use. The same check suits the boundary importer's zipped
Shapefiles (see the diff proposed for ``sammanhallen/data_import/boundary_files.py``).
"""
from __future__ import annotations

import io
import os
import zipfile

from sammanhallen.data_import.ingest.problems import ImportFileError

MAX_ENTRIES = 10_000
# Real .xlsx sheets compress about 5-20 times; 250 times and more is a sign of a bomb.
MAX_RATIO = 250
RATIO_MIN_SIZE = 5_000_000  # small entries may compress well (a sheet of empty cells) without harm


def check_zip(source, *, max_total_bytes: int, label: str = "Filen", label_en: str = "The file",
              verify: bool = False, max_ratio: int | None = MAX_RATIO) -> int:
    """Raise ImportFileError if the archive unpacks to more than ``max_total_bytes`` in total, has
    more than MAX_ENTRIES entries, or has an entry of at least RATIO_MIN_SIZE bytes compressed more
    than ``max_ratio`` times (None: no ratio check, e.g. for .dbf files padded with blanks).

    ``verify=True`` also unpacks every entry in chunks (never more than the declared sizes, which
    were just checked) so an entry whose data does not match its declared size and checksum is
    refused; use it before handing the archive to a reader that does not stop at the declared size
    (GDAL's /vsizip/). ``source`` is bytes, a path or a binary file object. Returns the declared
    unpacked total.
    """
    opened = not hasattr(source, "read")
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    elif isinstance(source, (str, os.PathLike)):
        source = open(source, "rb")  # noqa: SIM115 - closed below
    try:
        try:
            zf = zipfile.ZipFile(source)
        except zipfile.BadZipFile as exc:
            raise ImportFileError(f"{label} är ett trasigt zip-arkiv och kan inte läsas",
                                  f"{label_en} is a broken zip archive and cannot be read") from exc
        with zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise ImportFileError(
                    f"{label} innehåller {len(infos)} filer i arkivet; högst {MAX_ENTRIES} tas emot",
                    f"{label_en} has {len(infos)} files in its archive; at most {MAX_ENTRIES} are accepted")
            total = sum(i.file_size for i in infos)
            if total > max_total_bytes:
                raise ImportFileError(
                    f"{label} packas upp till {_mb(total)} MB, mer än gränsen {_mb(max_total_bytes)} MB "
                    f"(skydd mot så kallade zip-bomber); dela upp eller förenkla filen",
                    f"{label_en} unpacks to {_mb(total, '.')} MB, more than the {_mb(max_total_bytes, '.')} MB limit "
                    f"(protection against so-called zip bombs); split or simplify the file")
            for info in infos:
                if max_ratio is None:
                    break
                if info.file_size >= RATIO_MIN_SIZE and info.file_size > max_ratio * max(info.compress_size, 1):
                    raise ImportFileError(
                        f"{label}: delen {info.filename} packas upp {info.file_size // max(info.compress_size, 1)} "
                        f"gånger större än den är packad, vilket tyder på en zip-bomb; filen läses inte",
                        f"{label_en}: the entry {info.filename} unpacks "
                        f"{info.file_size // max(info.compress_size, 1)} times larger than it is packed, which "
                        f"suggests a zip bomb; the file is not read")
            if verify:
                for info in infos:
                    try:
                        with zf.open(info) as fh:
                            while fh.read(1 << 20):
                                pass
                    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                        raise ImportFileError(
                            f"{label}: delen {info.filename} stämmer inte med arkivets uppgifter ({exc}); filen läses inte",
                            f"{label_en}: the entry {info.filename} does not match the archive's records ({exc}); "
                            f"the file is not read") from exc
            return total
    finally:
        if opened:
            source.close()


def _mb(n: int, decimal: str = ",") -> str:
    return f"{n / 1_000_000:.1f}".replace(".", decimal)
