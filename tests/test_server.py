"""The HTTP API, against a real `tonecheck serve` process on a free loopback port."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest

from tonecheck import Checker, PresendPolicy

PRESSURING = "Answer me right now. Call me ASAP."
BLAMING = "You never listen to me."
# ~19 KB with nothing to flag: a parse of well over the 0.25 s timeout used below, and no 413.
GENTLE_LONG = "I hope your week is going well and that the new job is treating you kindly. " * 250


def post(url: str, path: str, body: object) -> httpx.Response:
    return httpx.post(url + path, json=body, timeout=30)


def test_health_names_the_model_and_the_rules(server, checker: Checker) -> None:
    health = httpx.get(server.url + "/healthz").json()
    assert health["status"] == "ok"
    assert health["rules"] == len(checker.ruleset)
    assert health["model"].startswith("en_core_web_sm")


def test_it_binds_to_loopback_by_default(server) -> None:
    assert f"Uvicorn running on {server.url}" in server.log()
    assert server.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("text", [PRESSURING, BLAMING, "hope you're well!"])
def test_check_over_http_is_the_in_process_report(server, checker: Checker, text: str) -> None:
    response = post(server.url, "/v1/check", {"text": text})
    assert response.status_code == 200
    assert response.json() == json.loads(checker.check(text).model_dump_json())


def test_check_takes_select_ignore_and_a_policy(server) -> None:
    only_blame = post(server.url, "/v1/check", {"text": PRESSURING + " " + BLAMING, "select": ["blaming"]}).json()
    assert {f["category"] for f in only_blame["findings"]} == {"blaming"}
    no_blame = post(server.url, "/v1/check", {"text": PRESSURING + " " + BLAMING, "ignore": ["BL"]}).json()
    assert no_blame["findings"] and "blaming" not in {f["category"] for f in no_blame["findings"]}
    relaxed = {"review_at": "error", "review_below": 0.0, "revise_below": 0.0}
    assert post(server.url, "/v1/check", {"text": BLAMING, "policy": relaxed}).json()["verdict"] == "send"


def test_presend_over_http_is_the_in_process_answer(server, checker: Checker) -> None:
    policy = PresendPolicy(revise_at="warning", blocking=["blaming"])
    body = {"text": PRESSURING + " " + BLAMING, "policy": policy.model_dump()}
    answer = post(server.url, "/v1/presend", body).json()
    assert answer == json.loads(checker.presend(body["text"], policy).model_dump_json())
    assert answer["verdict"] == "revise"
    assert {h["text"] for h in answer["highlights"]} >= {"Answer me", "ASAP", "You never listen"}


def test_rules_lists_every_loaded_rule(server, checker: Checker) -> None:
    rules = httpx.get(server.url + "/v1/rules").json()
    assert [r["id"] for r in rules] == [r.id for r in checker.ruleset]
    assert all(r["message"] and r["why"] and r["category"] for r in rules)


def test_the_openapi_schema_describes_the_versioned_api(server) -> None:
    schema = httpx.get(server.url + "/openapi.json").json()
    assert {"/v1/check", "/v1/presend", "/v1/rewrite", "/v1/rules", "/healthz"} <= set(schema["paths"])
    assert schema["info"]["title"] == "tonecheck"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": 5}, "text"),
        ({"text": "hi", "polcy": {}}, "polcy"),
        ({"text": "hi", "select": "BL"}, "select"),
        ({"text": "hi", "policy": {"blocking": ["rudeness"]}}, "policy.blocking.0"),
        ({"text": "hi", "policy": {"categories": {"pressuring": {"revise_at": "fatal"}}}}, "policy.categories"),
        ({"text": "hi", "select": ["ZZ"]}, "select.0"),
        (["hi"], "body"),
    ],
)
def test_wrong_fields_get_422_naming_the_field(server, body: object, field: str) -> None:
    for path in ("/v1/check", "/v1/presend"):
        response = post(server.url, path, body)
        assert response.status_code == 422
        error = response.json()
        assert error["error"] == "invalid_request"
        assert any(f["field"].startswith(field) for f in error["fields"]), error
        assert field in error["message"]


def test_malformed_json_gets_422_saying_where(server) -> None:
    response = httpx.post(
        server.url + "/v1/check", content=b'{"text": "hi",', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["fields"] == [{"field": "body", "message": response.json()["fields"][0]["message"]}]
    assert "malformed JSON at character" in response.json()["message"]


def test_a_body_without_a_json_content_type_is_told_what_to_send(server) -> None:
    response = httpx.post(server.url + "/v1/check", content=b'{"text": "hi"}')
    assert response.status_code == 422
    assert "Content-Type: application/json" in response.json()["message"]


def test_bodies_over_64_kb_get_413_and_the_server_goes_on(server) -> None:
    text = "a" * (64 * 1024)
    response = post(server.url, "/v1/check", {"text": text})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert "65536" in response.json()["message"]
    # The same body sent chunked, with no Content-Length to refuse it by.
    chunked = httpx.post(
        server.url + "/v1/check",
        content=iter([b'{"text": "', text.encode(), b'"}']),
        headers={"content-type": "application/json"},
    )
    assert chunked.status_code == 413
    assert post(server.url, "/v1/check", {"text": BLAMING}).status_code == 200


def test_options_set_the_body_limit_workers_and_cors(start_server) -> None:
    origin = "http://chat.example.test"
    with start_server("--workers", "2", "--max-body-bytes", "2000", "--cors-origin", origin) as served:
        filler = "I hope you are well. "
        text = (filler * 100)[: 2000 - len('{"text": ""}')]
        body = json.dumps({"text": text}).encode()
        assert len(body) == 2000
        headers = {"content-type": "application/json"}
        assert httpx.post(served.url + "/v1/check", content=body, headers=headers).status_code == 200
        too_big = httpx.post(served.url + "/v1/check", content=body[:-2] + b' "}', headers=headers)
        assert too_big.status_code == 413
        assert "2000-byte" in too_big.json()["message"]

        # The first worker answers while the second may still be loading; wait for both to be up.
        deadline = time.monotonic() + 60
        while served.log().count("rules loaded in") < 2:
            assert time.monotonic() < deadline, served.log()
            time.sleep(0.1)
        pids = {httpx.get(served.url + "/healthz").json()["pid"] for _ in range(30)}
        for _ in range(20):
            assert post(served.url, "/v1/presend", {"text": BLAMING}).status_code == 200
        # Two workers, each loading the model once at start-up, however many requests came in.
        assert served.log().count("rules loaded in") == 2
        assert 1 <= len(pids) <= 2

        preflight = httpx.options(
            served.url + "/v1/presend",
            headers={"origin": origin, "access-control-request-method": "POST"},
        )
        assert preflight.headers["access-control-allow-origin"] == origin


def test_a_check_that_runs_too_long_gets_503_and_the_server_keeps_serving(start_server) -> None:
    with start_server("--timeout", "0.25", "--max-body-bytes", str(11_000_000)) as served:
        started = time.monotonic()
        slow = post(served.url, "/v1/check", {"text": GENTLE_LONG})
        assert slow.status_code == 503
        assert slow.json()["error"] == "timeout"
        assert "0.25 s" in slow.json()["message"]
        assert slow.headers["retry-after"] == "1"
        assert time.monotonic() - started < 5
        assert httpx.get(served.url + "/healthz").status_code == 200
        # Once the long check has finished on its thread, short drafts are checked again.
        deadline = time.monotonic() + 60
        while (response := post(served.url, "/v1/check", {"text": BLAMING})).status_code == 503:
            assert time.monotonic() < deadline, "the server never recovered from a slow check"
            time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["findings"]
        # Past the body limit, the library's own cap on draft length still answers 413, not 500.
        huge = post(served.url, "/v1/check", {"text": "a" * 10_000_001})
        assert huge.status_code == 413 and huge.json()["error"] == "too_large"


def test_serve_says_to_install_the_server_extra_when_fastapi_is_missing() -> None:
    # A None entry in sys.modules makes `import fastapi` fail, as if it were not installed.
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.argv = ['tonecheck', 'serve']\n"
        "from tonecheck.cli import app; app()"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "pip install 'tonecheck[server]'" in result.stderr


def test_the_core_and_the_cli_never_import_the_web_framework() -> None:
    code = "import sys, tonecheck, tonecheck.cli; tonecheck.presend('Call me.'); print('fastapi' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("text", ["Call me ASAP!!!", "You hurt me by ignoring my calls."])
def test_rewrite_over_http_is_the_in_process_rewrite(server, checker: Checker, text: str) -> None:
    response = post(server.url, "/v1/rewrite", {"text": text})
    assert response.status_code == 200
    assert response.json() == json.loads(checker.rewrite(text).model_dump_json())
    wider = post(server.url, "/v1/rewrite", {"text": text, "include_review": True}).json()
    assert wider == json.loads(checker.rewrite(text, include_review=True).model_dump_json())


def test_presend_offers_the_rewrite_unless_asked_not_to(server, checker: Checker) -> None:
    text = "Call me ASAP!!!"
    expected = checker.rewrite(text).text
    answer = post(server.url, "/v1/presend", {"text": text}).json()
    assert answer["rewrite"] == (expected if expected != text else None)
    assert post(server.url, "/v1/presend", {"text": text, "rewrite": False}).json()["rewrite"] is None
    bad = post(server.url, "/v1/rewrite", {"text": text, "policy": {}})
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "policy"


def test_every_error_has_the_documented_shape(server) -> None:
    missing = httpx.get(server.url + "/v2/nothing")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found" and "/v2/nothing" in missing.json()["message"]
    wrong_method = httpx.get(server.url + "/v1/check")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "method_not_allowed" and "POST" in wrong_method.json()["message"]
    typo = post(server.url, "/v1/presend", {"text": "Call me now.", "select": ["blamming"]})
    assert typo.status_code == 422 and typo.json()["error"] == "invalid_request"
    for answer in (missing, wrong_method, typo):
        assert set(answer.json()) <= {"error", "message", "fields"}
