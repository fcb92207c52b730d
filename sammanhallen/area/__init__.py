"""Area profiles: one page per area at every level (plain Python; never imports streamlit)."""
