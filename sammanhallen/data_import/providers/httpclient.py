"""The HTTP layer both provider clients share: httpx with timeouts, retries and a rate limiter.

Retries use tenacity (pinned in requirements.txt): its `Retrying` takes the wait as a function of
the attempt, so honouring a `Retry-After` header and otherwise backing off exponentially is one
small function, and its `sleep` argument makes waiting injectable (tests never wait). Retried:
429, 5xx, timeouts and connection errors. Any other 4xx is the provider refusing the request and
is raised at once with the provider's own message. Every failure ends in a
`providers.errors.ProviderError` with a bilingual message.

The rate limiter is client-side and sliding-window: at most `calls` requests in any `window`
seconds (SCB publishes maxCallsPerTimeWindow/timeWindow in /config; 30 per 10 s as recorded).
"""
from __future__ import annotations

import collections
import email.utils
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import tenacity

from sammanhallen.data_import.providers import errors

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_ATTEMPTS = 4
BACKOFF_BASE_S = 1.0
MAX_WAIT_S = 60.0
USER_AGENT = "sammanhallen-stad-refresh (+https://github.com/; statistics dashboard)"


class RateLimiter:
    """At most `calls` requests in any `window` seconds; `wait()` sleeps until one may be made."""

    def __init__(self, calls: int, window: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        if calls < 1 or window <= 0:
            raise ValueError("a rate limit needs calls >= 1 and window > 0")
        self.calls, self.window, self.clock, self.sleep = int(calls), float(window), clock, sleep
        self._sent: collections.deque[float] = collections.deque()

    def wait(self) -> None:
        now = self.clock()
        while self._sent and now - self._sent[0] >= self.window:
            self._sent.popleft()
        if len(self._sent) >= self.calls:
            pause = self.window - (now - self._sent[0])
            if pause > 0:
                self.sleep(pause)
            self._sent.popleft()
        self._sent.append(self.clock())


@dataclass(frozen=True)
class Fetched:
    """One successful answer: the exact bytes, the full URL asked and when (UTC ISO 8601)."""

    url: str
    status: int
    content: bytes
    fetched_at: str

    def json(self, provider: str):
        try:
            return json.loads(self.content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise errors.malformed(provider, self.url, f"JSON ({exc})", f"JSON ({exc})") from exc


class _Retry(Exception):
    """A failure worth another attempt; `retry_after` is the provider's requested pause in seconds."""

    def __init__(self, kind: str, url: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(kind)
        self.kind, self.url, self.status, self.retry_after = kind, url, status, retry_after


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """A `Retry-After` header as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _provider_message(response: httpx.Response) -> str:
    """The provider's explanation of a refusal: RFC 7807 detail/title, else the start of the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason_phrase
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail", "message") if body.get(k)]
        if parts:
            return ": ".join(parts)[:300]
    return json.dumps(body, ensure_ascii=False)[:300]


class HttpClient:
    """GET/POST against one provider's base URL with retries, backoff and an optional rate limit."""

    def __init__(self, base_url: str, provider: str, *, timeout: float = DEFAULT_TIMEOUT_S,
                 attempts: int = DEFAULT_ATTEMPTS, backoff: float = BACKOFF_BASE_S,
                 sleep: Callable[[float], None] = time.sleep, limiter: RateLimiter | None = None,
                 transport: httpx.BaseTransport | None = None):
        self.base_url = base_url.rstrip("/") + "/"
        self.provider, self.attempts, self.backoff, self.sleep, self.limiter = provider, attempts, backoff, sleep, limiter
        self._client = httpx.Client(timeout=timeout, transport=transport, follow_redirects=True,
                                    headers={"User-Agent": USER_AGENT, "Accept": "application/json"})

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path.lstrip("/")

    def get(self, path: str, params: dict | None = None) -> Fetched:
        return self._send("GET", self.url(path), params=params)

    def post(self, path: str, params: dict | None = None, body: dict | None = None) -> Fetched:
        return self._send("POST", self.url(path), params=params, body=body)

    def close(self) -> None:
        self._client.close()

    def _wait(self, state: tenacity.RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, _Retry) and failure.retry_after is not None:
            return min(failure.retry_after, MAX_WAIT_S)
        return min(self.backoff * 2 ** (state.attempt_number - 1), MAX_WAIT_S)

    def _send(self, method: str, url: str, *, params: dict | None = None, body: dict | None = None) -> Fetched:
        retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(self.attempts), wait=self._wait,
                                     retry=tenacity.retry_if_exception_type(_Retry), sleep=self.sleep, reraise=True)
        try:
            return retrying(self._once, method, url, params, body)
        except _Retry as last:
            raise self._final_error(last) from None

    def _once(self, method: str, url: str, params: dict | None, body: dict | None) -> Fetched:
        if self.limiter is not None:
            self.limiter.wait()
        request = self._client.build_request(method, url, params=params, json=body)
        full_url = str(request.url)
        try:
            response = self._client.send(request)
        except httpx.TimeoutException as exc:
            raise _Retry("timeout", full_url) from exc
        except httpx.TransportError as exc:  # connection refused, DNS, reset: the network
            raise _Retry(f"connect: {type(exc).__name__}: {exc}", full_url) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retry("status", full_url, response.status_code,
                         retry_after_seconds(response.headers.get("Retry-After")))
        if response.status_code >= 400:
            raise errors.refused(self.provider, response.status_code, _provider_message(response), full_url)
        return Fetched(full_url, response.status_code, response.content, _utc_now())

    def _final_error(self, last: _Retry) -> errors.ProviderError:
        if last.kind == "timeout":
            return errors.timed_out(self.provider, last.url, self.attempts)
        if last.kind.startswith("connect"):
            return errors.unreachable(self.provider, f"{last.url}; {last.kind.removeprefix('connect: ')}")
        return errors.server_error(self.provider, last.status or 0, last.url, self.attempts)
