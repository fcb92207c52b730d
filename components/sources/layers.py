"""Which boundary layers are available on this installation: a read-only status table for
everyone. Fetching a missing layer writes to the cache, so its button lives on the import page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from sammanhallen.map import boundaries

from components.data_import.boundary_admin import LAYER_NAMES, cached_layer_status, layer_files_signature
from components.i18n import t


def render() -> None:
    st.header(t("Gränslager", "Boundary layers"))
    st.markdown(t(
        "Stockholms 117 stadsdelar, Sveriges kommuner och de fyra Göteborgsstadsdelarna följer med verktyget. "
        "Större lager läses från en lokal kopia som kontrolleras mot sin SHA-256. Saknade lager hämtas och egna "
        "gränser importeras på sidan Importera data.",
        "Stockholm's 117 stadsdelar, Sweden's municipalities and the four Göteborg districts ship with the tool. "
        "Larger layers are read from a local copy checked against its SHA-256. Missing layers are fetched and your "
        "own boundaries imported on the Import data page.",
    ))
    rows = []
    for row in cached_layer_status(layer_files_signature()).itertuples():
        info = boundaries.layer_info(row.id)
        name = t(*LAYER_NAMES[row.id]) if row.id in LAYER_NAMES else info.get("description", row.file)
        rows.append({"layer": name, "licence": str(info.get("licence", "")),
                     "status": t("Tillgängligt", "Available") if row.available else t("Saknas lokalt", "Not available locally")})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="layer-status", column_config={
        "layer": t("Lager", "Layer"), "licence": t("Licens", "Licence"), "status": t("Status", "Status")},
        placeholder="–")
