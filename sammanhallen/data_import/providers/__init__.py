"""Live official sources: refresh indicators from SCB (PxWebApi 2.0) and Kolada (API v3).

Modules: httpclient (httpx, retries, rate limit), errors (one bilingual exception family), pxweb and
kolada (the two API clients), recipes (data/recipes/*.toml), fetch (a recipe's cells as a long table),
refresh (preview as an importer plan, all-or-nothing commit), gaps ("Vad saknas?"), authorisation
(the one link to admin_auth), cli (`python -m sammanhallen.data_import.providers`). No streamlit.
"""
