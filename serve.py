"""Start the dashboard: ``python serve.py run app.py [options]`` is ``streamlit run app.py [options]``
with one difference: a permalink opened as the first visit after a start shows no "Page not found".

Why: Streamlit decides once per process whether an app uses its old ``pages/`` folder navigation,
and it assumes so whenever a ``pages/`` folder sits beside the main script, until a script calls
``st.navigation``. The first session after a start therefore resolves its URL (``/karta``) against
the file names in ``pages/`` (``map``, ``compare`` …), finds nothing, sends the "Page not found"
dialog and only then runs app.py, whose ``st.navigation`` knows ``karta`` (streamlit issue #9624;
seen here on Streamlit 1.67). app.py always builds its navigation with ``st.navigation``
(components/registry.py), so this launcher says so before any session starts.
"""
from __future__ import annotations

import sys


def declare_st_navigation() -> None:
    """Tell Streamlit, before the first session, that the app navigates with st.navigation.

    This sets the flag the first ``st.navigation`` call would set (``PagesManager.uses_pages_directory``,
    not public API: tests/browser/test_deep_link.py fails if a Streamlit upgrade changes it)."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def main(argv: list[str]) -> int:
    from streamlit.web import cli

    declare_st_navigation()
    sys.argv = ["streamlit", *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
