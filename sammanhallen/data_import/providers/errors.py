"""One exception family for everything that can go wrong when talking to SCB or Kolada.

Every error carries its message in both languages (`message`, a `sammanhallen.i18n.Text`) so the
admin page and the command line show the same words; `str(error)` is the English text.
"""
from __future__ import annotations

from sammanhallen.i18n import Text


class ProviderError(Exception):
    """Base of the family: nothing was written when one of these is raised."""

    def __init__(self, message: Text):
        super().__init__(message.en)
        self.message = message

    def in_(self, lang: str) -> str:
        return self.message.in_(lang)


class ProviderUnreachable(ProviderError):
    """No connection at all (offline, DNS failure, connection refused)."""


class ProviderTimeout(ProviderError):
    """The provider did not answer in time, also after retries."""


class ProviderRefused(ProviderError):
    """A 4xx answer: the request itself is wrong (bad code, too many cells); retrying will not help."""

    def __init__(self, message: Text, status_code: int):
        super().__init__(message)
        self.status_code = status_code


class ProviderServerError(ProviderError):
    """5xx (or 429) answers on every attempt."""


class MalformedResponse(ProviderError):
    """The answer is not what the API documents; the message names what was expected."""


class TableChanged(ProviderError):
    """The table's metadata no longer has a variable or value code the recipe names."""


class RecipeError(ProviderError):
    """A recipe file is invalid; the message names the file and the key."""


def unreachable(provider: str, detail: str) -> ProviderUnreachable:
    return ProviderUnreachable(Text(
        f"Ingen kontakt med {provider} – kontrollera nätverket ({detail})",
        f"No connection to {provider} – check the network ({detail})"))


def timed_out(provider: str, url: str, attempts: int) -> ProviderTimeout:
    return ProviderTimeout(Text(
        f"{provider} svarade inte i tid ({attempts} försök): {url}",
        f"{provider} did not answer in time ({attempts} attempts): {url}"))


def refused(provider: str, status: int, detail: str, url: str) -> ProviderRefused:
    return ProviderRefused(Text(
        f"{provider} avvisade frågan (HTTP {status}): {detail} – {url}",
        f"{provider} refused the request (HTTP {status}): {detail} – {url}"), status)


def server_error(provider: str, status: int, url: str, attempts: int) -> ProviderServerError:
    return ProviderServerError(Text(
        f"{provider} har tekniska problem (HTTP {status} i alla {attempts} försök); försök igen senare: {url}",
        f"{provider} has technical problems (HTTP {status} on all {attempts} attempts); try again later: {url}"))


def malformed(provider: str, url: str, expected_sv: str, expected_en: str) -> MalformedResponse:
    return MalformedResponse(Text(
        f"Oväntat svar från {provider} ({url}): förväntade {expected_sv}",
        f"Unexpected answer from {provider} ({url}): expected {expected_en}"))
