"""The AuthZEN conformance suites as test cases, and the checks a response must pass.

Shared by the HTTP runner (scripts/authzen-conformance) and the offline checker
(scripts/authzen/offline_check.py), so that both load the same cases and judge responses by the
same rules. Neither the case data nor these checks know how a response was produced: the runner
sends each request to a real `lanyard serve`, the offline checker to a reference decision point
over a Cedar engine. Both hand `run_suite` a `send(endpoint, body) -> Response` function.

The data lives in `<shared>/conformance/authzen/` (see its README); each suite's policies and
entities in `examples/authzen/<suite>/`. All three suites are normalised to the certification
file's shape: a case is one request with an endpoint, a body, an expected HTTP status and
optionally an expected body (a decision, a list of decisions, or a subset of search results), an
expected shape, or a decision stated in the expectation's prose.

Python 3 standard library only.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

EVALUATION = "/access/v1/evaluation"
EVALUATIONS = "/access/v1/evaluations"
SEARCH_SUBJECT = "/access/v1/search/subject"
SEARCH_RESOURCE = "/access/v1/search/resource"
SEARCH_ACTION = "/access/v1/search/action"
ENDPOINTS = (EVALUATION, EVALUATIONS, SEARCH_SUBJECT, SEARCH_RESOURCE, SEARCH_ACTION)

# The certification data's stand-in for "the page.next_token of the previous response" (c-4-5-2).
PAGE_TOKEN_PLACEHOLDER = "<next_token from previous response>"
# How many further pages a paginated search may take before the runner gives up on it.
MAX_PAGES = 20


@dataclass(frozen=True)
class SuiteDef:
    """Where a suite's cases and its Cedar policies and data live, and the tenant it is served as."""

    name: str
    tenant: str
    description: str

    def example_dir(self, examples: Path) -> Path:
        return examples / self.name


SUITE_DEFS = (
    SuiteDef("todo", "authzen-todo", "Todo interop scenario, Authorization API 1.0 data"),
    SuiteDef("api-gateway", "authzen-api-gateway", "API-gateway interop scenario"),
    SuiteDef("certification", "authzen-certification", "Authorization API 1.0 certification scenario"),
)


@dataclass(frozen=True)
class Case:
    """One request and what its response must satisfy."""

    suite: str
    id: str
    title: str
    endpoint: str
    body: Any
    expected_status: int
    expected_body: dict | None = None
    expected_shape: Any = None  # parsed template, see parse_shape
    expected_decision: bool | None = None  # stated only in the expectation's prose
    identical_to: str | None = None  # id of an earlier case whose search results these must equal

    @property
    def server_only(self) -> bool:
        """Refusals of malformed input (HTTP 400) are decided by the server's request parsing,
        not by policy, so only the HTTP runner can check them."""
        return self.expected_status != 200

    @property
    def is_page_follow_up(self) -> bool:
        return isinstance(self.body, dict) and _page(self.body).get("token") == PAGE_TOKEN_PLACEHOLDER

    @property
    def page_limit(self) -> int | None:
        limit = _page(self.body).get("limit") if isinstance(self.body, dict) else None
        return limit if isinstance(limit, int) and not isinstance(limit, bool) else None


@dataclass
class Suite:
    definition: SuiteDef
    cases: list[Case]
    policies: Path
    entities: Path
    schema: Path | None

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def tenant(self) -> str:
        return self.definition.tenant

    def fixture_case(self) -> Case:
        """A single evaluation with a known decision, for the runner's transport checks
        (X-Request-ID, idempotency, authentication, refusal of non-JSON bodies)."""
        for case in self.cases:
            if case.endpoint == EVALUATION and case.expected_status == 200 and expected_decision(case) is not None:
                return case
        raise ValueError(f"suite {self.name} has no single evaluation with a known decision")


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class Outcome:
    case: Case
    verdict: str  # "pass", "fail", "skip" or "server-only"
    reasons: list[str] = field(default_factory=list)


Send = Callable[[str, Any], Response]


# ---------------------------------------------------------------------------------------------
# Loading


class DataError(Exception):
    """The shared data does not have the shape this module expects."""


def default_examples_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "examples" / "authzen"


def load_suites(shared: Path, examples: Path, names: list[str] | None = None) -> list[Suite]:
    data = shared / "conformance" / "authzen"
    if not data.is_dir():
        raise DataError(f"{data} does not exist (pass --shared or set LANYARD_SHARED)")
    loaders = {"todo": _load_todo, "api-gateway": _load_api_gateway, "certification": _load_certification}
    suites = []
    for definition in SUITE_DEFS:
        if names and definition.name not in names:
            continue
        directory = definition.example_dir(examples)
        schema = directory / "schema.cedarschema"
        suite = Suite(definition, loaders[definition.name](data, definition.name), directory / "policies.cedar",
                      directory / "entities.json", schema if schema.exists() else None)
        for path in (suite.policies, suite.entities):
            if not path.is_file():
                raise DataError(f"{path} is missing")
        ids = [case.id for case in suite.cases]
        if len(ids) != len(set(ids)):
            raise DataError(f"suite {definition.name} has duplicate case ids")
        suites.append(suite)
    if names:
        unknown = set(names) - {s.name for s in suites}
        if unknown:
            raise DataError(f"unknown suite(s): {', '.join(sorted(unknown))}")
    return suites


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise DataError(f"cannot read {path}: {error}") from error


def _interop_cases(suite: str, document: Any, path: Path) -> list[Case]:
    """The interop files: {"evaluation": [{request, expected: bool}],
    "evaluations": [{request, expected: [{decision}]}]}."""
    if not isinstance(document, dict) or not isinstance(document.get("evaluation"), list):
        raise DataError(f"{path}: expected an object with an 'evaluation' list")
    cases = []
    for index, item in enumerate(document["evaluation"], start=1):
        if not isinstance(item.get("expected"), bool) or not isinstance(item.get("request"), dict):
            raise DataError(f"{path}: evaluation[{index - 1}] needs a request object and a boolean 'expected'")
        cases.append(Case(suite, f"evaluation-{index:02d}", describe(item["request"]), EVALUATION, item["request"],
                          200, expected_body={"decision": item["expected"]}))
    for index, item in enumerate(document.get("evaluations", []), start=1):
        expected = item.get("expected")
        if (not isinstance(item.get("request"), dict) or not isinstance(expected, list)
                or not all(isinstance(e, dict) and isinstance(e.get("decision"), bool) for e in expected)):
            raise DataError(f"{path}: evaluations[{index - 1}] needs a request and a list of {{decision: bool}}")
        cases.append(Case(suite, f"evaluations-{index}", "batch: " + describe(item["request"]), EVALUATIONS,
                          item["request"], 200, expected_body={"evaluations": expected}))
    return cases


def _load_todo(data: Path, suite: str) -> list[Case]:
    path = data / "todo" / "decisions-authorization-api-1_0-02.json"
    return _interop_cases(suite, _read_json(path), path)


def _load_api_gateway(data: Path, suite: str) -> list[Case]:
    path = data / "api-gateway" / "decisions.json"
    return _interop_cases(suite, _read_json(path), path)


_DECISION_IN_TEXT = re.compile(r'`"decision":\s*(true|false)`')
_IDENTICAL_TO = re.compile(r"identical to \[\]\(#(c-[0-9-]+)\)")


def _load_certification(data: Path, suite: str) -> list[Case]:
    path = data / "certification" / "certification-1_0-cases.json"
    document = _read_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        raise DataError(f"{path}: expected an object with a 'cases' list")
    cases = []
    for item in document["cases"]:
        requests = item.get("requests") or []
        for number, request in enumerate(requests, start=1):
            case_id = item["id"] if len(requests) == 1 else f"{item['id']}#{number}"
            title = item["title"] if len(requests) == 1 else f"{item['title']}: {request.get('label', '')}"
            if request.get("endpoint") not in ENDPOINTS or not isinstance(request.get("expected_status"), int):
                raise DataError(f"{path}: {case_id} needs a known endpoint and an integer expected_status")
            text = request.get("expected_text", "")
            decision = _DECISION_IN_TEXT.search(text) if "expected_body" not in request else None
            identical = _IDENTICAL_TO.search(text)
            shape = request.get("expected_shape")
            cases.append(Case(
                suite, case_id, title, request["endpoint"], request["body"], request["expected_status"],
                expected_body=request.get("expected_body"),
                expected_shape=parse_shape(shape) if shape is not None else None,
                expected_decision=(decision.group(1) == "true") if decision else None,
                identical_to=identical.group(1) if identical else None,
            ))
    return cases


def describe(body: Any) -> str:
    """A short human description of an evaluation request, for failure lines."""
    if not isinstance(body, dict):
        return repr(body)[:80]

    def entity(value: Any) -> str:
        if not isinstance(value, dict):
            return "-"
        ident = str(value.get("id", "*"))
        if len(ident) > 24:
            ident = ident[:10] + "…" + ident[-6:]
        props = " " + json.dumps(value["properties"], separators=(",", ":")) if value.get("properties") else ""
        return f"{value.get('type', '?')}:{ident}{props}"

    action = body.get("action")
    name = action.get("name", "?") if isinstance(action, dict) else "-"
    props = action.get("properties") if isinstance(action, dict) else None
    name += " " + json.dumps(props, separators=(",", ":")) if props else ""
    return f"{entity(body.get('subject'))} {name} {entity(body.get('resource'))}"


# ---------------------------------------------------------------------------------------------
# Shapes: the certification data gives some expectations only as a JSON-like template in which
# <boolean> stands for any boolean and <context> for an optional object.

_ANY_BOOLEAN = "\u0000<boolean>"
_OPTIONAL_OBJECT = "\u0000<context>"


def parse_shape(text: str) -> Any:
    replaced = text.replace("<boolean>", json.dumps(_ANY_BOOLEAN)).replace("<context>", json.dumps(_OPTIONAL_OBJECT))
    try:
        return json.loads(replaced)
    except json.JSONDecodeError as error:
        raise DataError(f"cannot parse expected_shape {text!r}: {error}") from error


def match_shape(template: Any, actual: Any, path: str = "response") -> list[str]:
    """Differences between a response and a shape template; extra keys in objects are allowed."""
    if template == _ANY_BOOLEAN:
        return [] if isinstance(actual, bool) else [f"{path} should be a boolean, got {_short(actual)}"]
    if template == _OPTIONAL_OBJECT:
        return [] if isinstance(actual, dict) else [f"{path} should be an object, got {_short(actual)}"]
    if isinstance(template, dict):
        if not isinstance(actual, dict):
            return [f"{path} should be an object, got {_short(actual)}"]
        problems = []
        for key, sub in template.items():
            if key not in actual:
                if sub != _OPTIONAL_OBJECT:  # <context> members are optional (AuthZEN: MAY)
                    problems.append(f"{path}.{key} is missing")
                continue
            problems += match_shape(sub, actual[key], f"{path}.{key}")
        return problems
    if isinstance(template, list):
        if not isinstance(actual, list):
            return [f"{path} should be an array, got {_short(actual)}"]
        if len(actual) != len(template):
            return [f"{path} should have {len(template)} elements, got {len(actual)}"]
        problems = []
        for index, (sub, value) in enumerate(zip(template, actual)):
            problems += match_shape(sub, value, f"{path}[{index}]")
        return problems
    if type(template) is not type(actual) or template != actual:
        return [f"{path} should be {json.dumps(template)}, got {_short(actual)}"]
    return []


# ---------------------------------------------------------------------------------------------
# Checks


def expected_decision(case: Case) -> bool | None:
    if case.expected_body is not None and isinstance(case.expected_body.get("decision"), bool):
        return case.expected_body["decision"]
    return case.expected_decision


def is_single_compatible(case: Case) -> bool:
    """A batch request without an evaluations array, or with an empty one, behaves like a single
    evaluation (AuthZEN 1.0, certification c-3-4-2 and c-3-4-3)."""
    return case.endpoint == EVALUATIONS and not (isinstance(case.body, dict) and case.body.get("evaluations"))


def check_response(case: Case, response: Response, earlier: dict[str, Any]) -> list[str]:
    """Everything wrong with a response to `case`. `earlier` maps ids of cases already run to
    their parsed response bodies (for "identical to c-…" expectations)."""
    if response.status != case.expected_status:
        return [f"HTTP {response.status}, expected {case.expected_status}{excerpt(response.text)}"]
    if response.status != 200:
        return []
    content_type = response.headers.get("content-type", "")
    problems = []
    if content_type.split(";")[0].strip().lower() != "application/json":
        problems.append(f"Content-Type is {content_type!r}, expected application/json")
    try:
        body = response.json()
    except json.JSONDecodeError:
        return problems + [f"the body is not JSON{excerpt(response.text)}"]
    if not isinstance(body, dict):
        return problems + [f"the body is not a JSON object: {_short(body)}"]

    if case.endpoint == EVALUATION or is_single_compatible(case):
        problems += _check_decision_object(body, "response")
        wanted = expected_decision(case)
        if wanted is not None and isinstance(body.get("decision"), bool) and body["decision"] != wanted:
            problems.append(f"decision {_bool(body['decision'])}, expected {_bool(wanted)}")
    elif case.endpoint == EVALUATIONS:
        problems += _check_batch(case, body)
    else:
        problems += _check_search(case, body, earlier)

    if case.expected_shape is not None:
        problems += match_shape(case.expected_shape, body)
    return problems


def _check_decision_object(value: Any, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} is not an object: {_short(value)}"]
    problems = []
    if not isinstance(value.get("decision"), bool):
        problems.append(f"{where}.decision is missing or not a boolean: {_short(value)}")
    if "context" in value and not isinstance(value["context"], dict):
        problems.append(f"{where}.context is not an object")
    return problems


def _check_batch(case: Case, body: dict) -> list[str]:
    evaluations = body.get("evaluations")
    if not isinstance(evaluations, list):
        return [f"response.evaluations is missing or not an array: {_short(body)}"]
    sent = len(case.body["evaluations"])
    if len(evaluations) != sent:
        return [f"{len(evaluations)} decisions for {sent} evaluations"]
    problems = []
    for index, item in enumerate(evaluations):
        problems += _check_decision_object(item, f"response.evaluations[{index}]")
    if problems:
        return problems
    if case.expected_body is not None and isinstance(case.expected_body.get("evaluations"), list):
        wanted = [e["decision"] for e in case.expected_body["evaluations"]]
        got = [e["decision"] for e in evaluations]
        if got != wanted:
            problems.append(f"decisions {_bools(got)}, expected {_bools(wanted)}")
    return problems


def search_kind(endpoint: str) -> str:
    return endpoint.rsplit("/", 1)[-1]  # subject, resource or action


def result_key(kind: str, item: dict) -> tuple:
    return (item.get("name"),) if kind == "action" else (item.get("type"), item.get("id"))


def _check_search(case: Case, body: dict, earlier: dict[str, Any]) -> list[str]:
    kind = search_kind(case.endpoint)
    results = body.get("results")
    if not isinstance(results, list):
        return [f"response.results is missing or not an array: {_short(body)}"]
    problems = []
    wanted_type = (case.body.get(kind) or {}).get("type") if kind != "action" else None
    for index, item in enumerate(results):
        where = f"response.results[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where} is not an object")
        elif kind == "action":
            if not isinstance(item.get("name"), str):
                problems.append(f"{where}.name is missing or not a string")
        elif not isinstance(item.get("type"), str) or not isinstance(item.get("id"), str):
            problems.append(f"{where} needs string type and id: {_short(item)}")
        elif item["type"] != wanted_type:
            problems.append(f"{where}.type is {item['type']!r}, expected {wanted_type!r}")
    if problems:
        return problems
    keys = [result_key(kind, item) for item in results]
    if len(set(keys)) != len(keys):
        problems.append(f"duplicate results: {_short(results)}")
    if "page" in body:
        page = body["page"]
        if not isinstance(page, dict):
            problems.append("response.page is not an object")
        elif "next_token" in page and not isinstance(page["next_token"], str):
            problems.append("response.page.next_token is not a string")
    if case.expected_body is not None and isinstance(case.expected_body.get("results"), list):
        expected = case.expected_body["results"]
        if not expected and results:
            problems.append(f"expected no results, got {_short(results)}")
        missing = [item for item in expected if result_key(kind, item) not in set(keys)]
        if missing:
            problems.append(f"results {_short(results)} lack {_short(missing)}")
    if case.identical_to is not None:
        reference = earlier.get(case.identical_to)
        if not isinstance(reference, dict) or not isinstance(reference.get("results"), list):
            problems.append(f"no results of {case.identical_to} to compare with")
        else:
            theirs = sorted(result_key(kind, item) for item in reference["results"] if isinstance(item, dict))
            if sorted(keys) != theirs:
                problems.append(f"results {_short(results)} differ from those of {case.identical_to}: "
                                f"{_short(reference['results'])}")
    return problems


# ---------------------------------------------------------------------------------------------
# Pagination (c-4-5-1 and c-4-5-2)


def _page(body: dict) -> dict:
    page = body.get("page")
    return page if isinstance(page, dict) else {}


def _query_key(body: Any) -> str:
    """Identifies a search independently of its page object."""
    stripped = {k: v for k, v in body.items() if k != "page"} if isinstance(body, dict) else body
    return json.dumps(stripped, sort_keys=True)


def _without_page(body: dict) -> dict:
    return {k: v for k, v in body.items() if k != "page"}


def _next_token(body: Any) -> str:
    page = body.get("page") if isinstance(body, dict) else None
    token = page.get("next_token") if isinstance(page, dict) else None
    return token if isinstance(token, str) else ""


def _full_results(case: Case, send: Send) -> tuple[list | None, list[str]]:
    """The same search without a page object: every result at once."""
    response = send(case.endpoint, _without_page(case.body))
    if response.status != 200:
        return None, [f"the same search without 'page' gave HTTP {response.status}{excerpt(response.text)}"]
    try:
        results = response.json().get("results")
    except (json.JSONDecodeError, AttributeError):
        return None, ["the same search without 'page' did not return a JSON object"]
    if not isinstance(results, list):
        return None, ["the same search without 'page' returned no results array"]
    return results, []


def _check_first_page(case: Case, body: dict, send: Send) -> list[str]:
    """With page.limit: a PDP that paginates returns at most `limit` results and a next_token; one
    that does not must return every result at once (certification c-4-5-4)."""
    kind = search_kind(case.endpoint)
    results = body.get("results", [])
    token = _next_token(body)
    if token:
        if case.page_limit is not None and len(results) > case.page_limit:
            return [f"{len(results)} results on a page limited to {case.page_limit}"]
        return []
    full, problems = _full_results(case, send)
    if full is None:
        return problems
    if sorted(result_key(kind, r) for r in results) != sorted(result_key(kind, r) for r in full if isinstance(r, dict)):
        return [f"no next_token, yet the results {_short(results)} are not all of {_short(full)}"]
    return []


def _follow_pages(case: Case, first_results: list, token: str, send: Send) -> list[str]:
    """c-4-5-2: fetch the following pages with next_token until it is empty; the union of all pages
    must be exactly the unpaginated result, without repeats."""
    kind = search_kind(case.endpoint)
    collected = list(first_results)
    problems: list[str] = []
    for number in range(2, MAX_PAGES + 2):
        body = copy.deepcopy(case.body)
        body["page"] = {"token": token}
        response = send(case.endpoint, body)
        if response.status != 200:
            return [f"page {number}: HTTP {response.status}{excerpt(response.text)}"]
        try:
            parsed = response.json()
        except json.JSONDecodeError:
            return [f"page {number}: the body is not JSON"]
        if not isinstance(parsed, dict) or not isinstance(parsed.get("results"), list):
            return [f"page {number}: no results array"]
        page = parsed.get("page")
        if not isinstance(page, dict) or not isinstance(page.get("next_token"), str):
            return [f"page {number}: page.next_token must be present and a string (empty on the last page)"]
        collected += parsed["results"]
        token = page["next_token"]
        if not token:
            break
    else:
        return [f"still a next_token after {MAX_PAGES + 1} pages"]
    keys = [result_key(kind, r) for r in collected if isinstance(r, dict)]
    if len(set(keys)) != len(keys):
        problems.append(f"pages repeat results: {_short(collected)}")
    full, full_problems = _full_results(case, send)
    if full is None:
        return problems + full_problems
    if sorted(set(keys)) != sorted(result_key(kind, r) for r in full if isinstance(r, dict)):
        problems.append(f"the pages together give {_short(collected)}, the unpaginated search {_short(full)}")
    return problems


# ---------------------------------------------------------------------------------------------
# Running


def run_suite(suite: Suite, send: Send, include_server_only: bool = True) -> list[Outcome]:
    """Runs every case in order through `send` and judges each response. Cases the offline checker
    cannot decide are reported as "server-only" when include_server_only is False."""
    outcomes = []
    earlier: dict[str, Any] = {}
    first_pages: dict[str, tuple[list, str]] = {}  # search → (results of page 1, its next_token)
    for case in suite.cases:
        if case.server_only and not include_server_only:
            outcomes.append(Outcome(case, "server-only"))
            continue
        if case.is_page_follow_up:
            start = first_pages.get(_query_key(case.body))
            if start is None or not start[1]:
                outcomes.append(Outcome(case, "skip", ["no earlier response of this search returned a page.next_token"]))
                continue
            problems = _follow_pages(case, start[0], start[1], send)
            outcomes.append(Outcome(case, "fail" if problems else "pass", problems))
            continue
        try:
            response = send(case.endpoint, case.body)
        except Exception as error:  # a transport failure fails the case, not the run
            outcomes.append(Outcome(case, "fail", [f"request failed: {error}"]))
            continue
        problems = check_response(case, response, earlier)
        parsed = None
        if response.status == 200:
            try:
                parsed = response.json()
            except json.JSONDecodeError:
                pass
        if isinstance(parsed, dict):
            earlier[case.id] = parsed
            if not problems and case.page_limit is not None and case.endpoint.startswith("/access/v1/search/"):
                problems += _check_first_page(case, parsed, send)
                first_pages[_query_key(case.body)] = (parsed.get("results", []), _next_token(parsed))
        outcomes.append(Outcome(case, "fail" if problems else "pass", problems))
    return outcomes


def tally(outcomes: list[Outcome]) -> tuple[int, int]:
    passed = sum(1 for o in outcomes if o.verdict == "pass")
    failed = sum(1 for o in outcomes if o.verdict == "fail")
    return passed, failed


def failure_lines(label: str, outcomes: list[Outcome]) -> list[str]:
    lines = []
    for outcome in outcomes:
        if outcome.verdict == "fail":
            lines.append(f"FAIL {label} {outcome.case.id} ({outcome.case.title}): {'; '.join(outcome.reasons)}")
    return lines


# ---------------------------------------------------------------------------------------------
# Formatting helpers


def _short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return ": " + (text if len(text) <= 200 else text[:199] + "…")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _bools(values: list[bool]) -> str:
    return "[" + ", ".join(_bool(v) for v in values) + "]"
