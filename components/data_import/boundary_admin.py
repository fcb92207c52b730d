"""Boundary layers on the import page (administrators): which optional layers are available, fetching one, and
importing a user's own boundary file."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from sammanhallen.map import boundaries
from sammanhallen.paths import user_dir

from components.db import run
from components.i18n import t

MAX_UPLOAD_MB = 50
LAYER_NAMES = {  # the manifest describes layers for developers; these are the names users read
    "goteborg_primaromraden": ("Göteborgs 96 primärområden, full detalj", "Göteborg's 96 primary areas, full detail"),
    "goteborg_mellanomraden": ("Göteborgs 36 mellanområden, full detalj", "Göteborg's 36 middle areas, full detail"),
    "goteborgsregionen_deso_2025": ("DeSO 2025 i Göteborgsregionens 13 kommuner (584 områden)",
                                    "DeSO 2025 in the 13 Göteborg-region municipalities (584 areas)"),
    "goteborgsregionen_regso_2025": ("RegSO 2025 i Göteborgsregionens 13 kommuner (300 områden)",
                                     "RegSO 2025 in the 13 Göteborg-region municipalities (300 areas)"),
    "stockholm_stadsdelar_full": ("Stockholms 117 stadsdelar, full detalj", "Stockholm's 117 districts, full detail"),
    "sweden_kommuner_scb2025_full": ("Sveriges 290 kommuner, oförenklade", "Sweden's 290 municipalities, unsimplified"),
}
LEVELS = ("district", "borough", "urban_district", "municipality")


def layer_files_signature() -> tuple:
    """Names, sizes and mtimes of the files where optional layers may be: a cheap stat that tells
    when the expensive SHA-256 check in layer_status must run again."""
    found = []
    for folder in boundaries.layer_folders():
        if folder.is_dir():
            found += [(str(f), f.stat().st_size, f.stat().st_mtime) for f in sorted(folder.glob("*.geojson"))]
    return tuple(found)


@st.cache_data(show_spinner=False, max_entries=4)
def cached_layer_status(signature: tuple):
    return boundaries.layer_status()


def optional_layers() -> None:
    st.header(t("Större gränslager", "Larger boundary layers"))
    st.markdown(
        t(
            "Stockholms 117 stadsdelar, Sveriges kommuner och de fyra Göteborgsstadsdelarna följer med "
            "verktyget. Större lager hämtas vid behov, kontrolleras mot sin SHA-256 och sparas lokalt, eller "
            "läses från en spegelkatalog (miljövariabeln `BOUNDARIES_MIRROR`).",
            "Stockholm's 117 stadsdelar, Sweden's municipalities and the four Göteborg districts ship with the "
            "tool. Larger layers are fetched on request, checked against their SHA-256 and kept locally, or read "
            "from a mirror folder (environment variable `BOUNDARIES_MIRROR`).",
        )
    )
    status = cached_layer_status(layer_files_signature())
    for row in status.itertuples():
        info = boundaries.layer_info(row.id)
        cols = st.columns([3, 2, 2])
        name = t(*LAYER_NAMES[row.id]) if row.id in LAYER_NAMES else info.get("description", row.file)
        cols[0].markdown(f"**{name}**  \n" + t("Licens: ", "Licence: ") + str(info.get("licence", "")))
        if row.available:
            cols[1].success(t("Tillgängligt", "Available"))
        else:
            cols[1].warning(t("Saknas lokalt", "Not available locally"))
            if cols[2].button(t("Hämta", "Fetch"), key=f"fetch-{row.id}"):
                try:
                    with st.spinner(t("Hämtar …", "Fetching …")):
                        boundaries.download_layer(row.id)
                    cached_layer_status.clear()
                    st.rerun()
                except boundaries.BoundaryError as exc:
                    st.error(t("Kunde inte hämta lagret: ", "Could not fetch the layer: ") + str(exc))


def import_form() -> None:
    st.header(t("Importera egna gränser", "Import your own boundaries"))
    st.markdown(
        t(
            "GeoJSON, GeoPackage eller zippad Shapefile, i valfritt koordinatsystem (till exempel SWEREF99 TM). "
            "Filen kontrolleras innan den sparas; vid fel ändras inget som redan finns.",
            "GeoJSON, GeoPackage or a zipped Shapefile, in any coordinate system (SWEREF99 TM, for instance). "
            "The file is checked before it is saved; on an error nothing already stored changes.",
        )
    )
    upload = st.file_uploader(t("Gränsfil", "Boundary file"), type=["geojson", "json", "gpkg", "zip"], key="boundary-upload")
    name_column = st.text_input(t("Kolumn med områdesnamn (tomt = gissa)", "Column with area names (empty = guess)"), key="boundary-name-column")
    level = st.selectbox(t("Matcha mot nivå", "Match against level"), LEVELS, key="boundary-level")
    if upload is None or not st.button(t("Importera", "Import"), key="boundary-import"):
        return
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        st.error(t(f"Filen är {upload.size / 1e6:.0f} MB; gränsen är {MAX_UPLOAD_MB} MB.",
                   f"The file is {upload.size / 1e6:.0f} MB; the limit is {MAX_UPLOAD_MB} MB."))
        return
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / Path(upload.name).name
        source.write_bytes(upload.getvalue())
        try:
            report = boundaries.import_boundaries(source, name_column=name_column or None, target=user_dir() / "imported")
        except boundaries.BoundaryError as exc:
            st.error(t("Filen importerades inte: ", "The file was not imported: ") + str(exc))
            return
    st.success(
        t(f"{report.n_features} områden importerade från {report.source_crs} och sparade i {report.path.name}.",
          f"{report.n_features} areas imported from {report.source_crs} and saved as {report.path.name}.")
    )
    if report.repaired:
        st.info(t("Reparerade geometrier: ", "Repaired geometries: ") + "; ".join(report.repaired))
    areas = run("areas_by_level", level=level)
    result = boundaries.match_features(report.gdf, areas, name_column=report.name_column)
    st.markdown(t(f"Matchade: **{len(result.matched)}**. Omatchade områden i filen: **{len(result.unmatched_features)}**. "
                  f"Områden utan gräns: **{len(result.unmatched_areas)}**.",
                  f"Matched: **{len(result.matched)}**. Unmatched features: **{len(result.unmatched_features)}**. "
                  f"Areas without a boundary: **{len(result.unmatched_areas)}**."))
    if not result.unmatched_features.empty:
        st.dataframe(result.unmatched_features.drop(columns=result.unmatched_features.geometry.name), hide_index=True,
                     placeholder="–")
    if not result.unmatched_areas.empty:
        st.dataframe(result.unmatched_areas[["area_id", "name"]], hide_index=True, placeholder="–")
