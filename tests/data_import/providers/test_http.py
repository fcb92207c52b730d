"""The HTTP layer: retries with backoff and Retry-After, timeouts, refusals, malformed answers, offline."""
from __future__ import annotations

import socket
import time

import pytest
from werkzeug import Response

from sammanhallen.data_import.providers import errors
from sammanhallen.data_import.providers.httpclient import HttpClient, RateLimiter, retry_after_seconds


def client(server, sleeps, **kw):
    return HttpClient(server.url_for("/api/v2/"), "SCB", sleep=sleeps.append, **{"attempts": 3, **kw})


def test_429_waits_as_long_as_retry_after_says_then_succeeds(httpserver, sleeps):
    httpserver.expect_ordered_request("/api/v2/config").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "7"}))
    httpserver.expect_ordered_request("/api/v2/config").respond_with_json({"ok": 1})
    assert client(httpserver, sleeps).get("config").json("SCB") == {"ok": 1}
    assert sleeps == [7.0]


def test_500_then_success_backs_off_once(httpserver, sleeps):
    httpserver.expect_ordered_request("/api/v2/config").respond_with_data("boom", status=500)
    httpserver.expect_ordered_request("/api/v2/config").respond_with_json({"ok": 1})
    assert client(httpserver, sleeps).get("config").json("SCB") == {"ok": 1}
    assert sleeps == [1.0]


def test_500_every_time_is_a_server_error_after_exponential_backoff(httpserver, sleeps):
    httpserver.expect_request("/api/v2/config").respond_with_data("boom", status=503)
    with pytest.raises(errors.ProviderServerError) as caught:
        client(httpserver, sleeps).get("config")
    assert sleeps == [1.0, 2.0]
    assert "HTTP 503" in caught.value.in_("en") and "3 attempts" in caught.value.in_("en")
    assert "tekniska problem" in caught.value.in_("sv")
    assert len(httpserver.log) == 3


def test_a_timeout_is_retried_then_reported(httpserver, sleeps):
    def slow(request):
        time.sleep(0.6)
        return Response("{}")
    httpserver.expect_request("/api/v2/config").respond_with_handler(slow)
    with pytest.raises(errors.ProviderTimeout) as caught:
        client(httpserver, sleeps, attempts=2, timeout=0.2).get("config")
    assert "did not answer in time" in caught.value.in_("en") and "svarade inte i tid" in caught.value.in_("sv")
    assert sleeps == [1.0]


def test_a_4xx_is_refused_at_once_with_the_providers_message(httpserver, sleeps):
    httpserver.expect_request("/api/v2/config").respond_with_json(
        {"title": "Value, xxx is not a valid value code for variable Region", "status": 400}, status=400)
    with pytest.raises(errors.ProviderRefused) as caught:
        client(httpserver, sleeps).get("config")
    assert caught.value.status_code == 400 and "not a valid value code" in str(caught.value)
    assert sleeps == []


def test_malformed_json_names_what_was_expected(httpserver, sleeps):
    httpserver.expect_request("/api/v2/config").respond_with_data("<html>maintenance</html>")
    with pytest.raises(errors.MalformedResponse, match="expected JSON"):
        client(httpserver, sleeps).get("config").json("SCB")


def test_connection_refused_is_offline_in_both_languages(sleeps):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(errors.ProviderUnreachable) as caught:
        HttpClient(f"http://127.0.0.1:{port}/", "SCB", sleep=sleeps.append, attempts=2).get("config")
    assert caught.value.in_("sv").startswith("Ingen kontakt med SCB – kontrollera nätverket")
    assert caught.value.in_("en").startswith("No connection to SCB – check the network")


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_rate_limiter_sleeps_when_the_window_is_full():
    now = [0.0]
    waited = []

    def sleep(seconds):
        waited.append(seconds)
        now[0] += seconds
    limiter = RateLimiter(2, 10, clock=lambda: now[0], sleep=sleep)
    limiter.wait()
    limiter.wait()
    now[0] = 3.0
    limiter.wait()
    assert waited == [7.0]
