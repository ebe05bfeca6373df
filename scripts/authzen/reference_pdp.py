"""An offline AuthZEN decision point: the lead's AuthZEN → Cedar mapping over any Cedar engine.

This is the executable statement of the mapping that `lanyard serve` implements (see
examples/authzen/README.md). The offline checker answers every conformance case through it, with
cedarpy and with `lanyard cedar authorize` as the engine, and judges the answers with the same
checks (conformance.py) that the HTTP runner applies to the real server.

The mapping:
- subject/resource `type` → Cedar entity type (verbatim; must be a Cedar type path), `id` → id.
- action `name` → `Action::"<name>"`.
- subject/resource/action `properties` → the context records `context.subject`,
  `context.resource`, `context.action` (always present, `{}` when absent). JSON strings, integers,
  booleans, arrays and objects become String, Long, Bool, Set and Record; `__entity`/`__extn`
  escapes are left for the engine to interpret.
- the request's `context` members → top-level context attributes (`subject`, `resource` and
  `action` are reserved).
- batch: top-level subject/action/resource/context are defaults, each replaced as a whole by an
  item's own field; no or an empty `evaluations` array → a single evaluation.
- search: candidates are the stored entities of the searched type (for actions: the schema's
  actions if there is a schema, else the stored `Action` entities), each evaluated with the same
  mapping; permitted ones are returned sorted by id. Pagination is not modelled (a `page` object
  is ignored and none is returned, which AuthZEN allows).

Python 3 standard library only; the engine is passed in.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import conformance as c

_TYPE_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
_RESERVED = {"true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"}
_RESERVED_CONTEXT = ("subject", "resource", "action")
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


class MappingError(Exception):
    """The request cannot be mapped to a Cedar request (the server answers HTTP 400, or, for one
    item of a batch, decision false with the reason in the item's context)."""


class EngineError(Exception):
    """The engine refused the request or a policy raised an evaluation error."""


@dataclass(frozen=True)
class CedarRequest:
    principal: tuple[str, str]  # (type, id)
    action: str
    resource: tuple[str, str]
    context: dict

    def as_json(self) -> dict:
        return {"principal": {"type": self.principal[0], "id": self.principal[1]},
                "action": {"type": "Action", "id": self.action},
                "resource": {"type": self.resource[0], "id": self.resource[1]},
                "context": self.context}


Authorize = Callable[[CedarRequest], bool]


def cedar_string(text: str) -> str:
    """A Cedar string literal for `text` (for entity literals such as user::"alice")."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def entity_literal(entity_type: str, entity_id: str) -> str:
    return f"{entity_type}::{cedar_string(entity_id)}"


def _entity_type(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise MappingError(f"{where}.type must be a non-empty string")
    if not _TYPE_PATH.match(value) or any(part in _RESERVED for part in value.split("::")):
        raise MappingError(f"{where}.type {value!r} is not a Cedar entity type name")
    return value


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise MappingError(f"{where} must be a string")
    return value


def _cedar_value(value: Any, where: str) -> Any:
    """Checks that a JSON value has a Cedar counterpart and returns it unchanged."""
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, int):
        if not _LONG_MIN <= value <= _LONG_MAX:
            raise MappingError(f"{where} is outside Cedar's 64-bit Long range")
        return value
    if isinstance(value, list):
        return [_cedar_value(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: _cedar_value(v, f"{where}.{k}") for k, v in value.items()}
    raise MappingError(f"{where}: {type(value).__name__} values have no Cedar counterpart")


def _properties(entity: dict, where: str) -> dict:
    props = entity.get("properties", {})
    if not isinstance(props, dict):
        raise MappingError(f"{where}.properties must be an object")
    return _cedar_value(props, f"{where}.properties")


def _object(body: dict, key: str) -> dict:
    value = body.get(key)
    if value is None:
        raise MappingError(f"{key} is required")
    if not isinstance(value, dict):
        raise MappingError(f"{key} must be an object")
    return value


def map_evaluation(body: dict) -> CedarRequest:
    """One AuthZEN evaluation (subject, action, resource, optional context) → one Cedar request."""
    subject, action, resource = _object(body, "subject"), _object(body, "action"), _object(body, "resource")
    context = body.get("context", {})
    if not isinstance(context, dict):
        raise MappingError("context must be an object")
    clash = [k for k in _RESERVED_CONTEXT if k in context]
    if clash:
        raise MappingError(f"context may not contain {', '.join(clash)} (reserved for properties)")
    cedar_context = {k: _cedar_value(v, f"context.{k}") for k, v in context.items()}
    cedar_context["subject"] = _properties(subject, "subject")
    cedar_context["resource"] = _properties(resource, "resource")
    cedar_context["action"] = _properties(action, "action")
    return CedarRequest(
        principal=(_entity_type(subject.get("type"), "subject"), _string(subject.get("id"), "subject.id")),
        action=_string(action.get("name"), "action.name"),
        resource=(_entity_type(resource.get("type"), "resource"), _string(resource.get("id"), "resource.id")),
        context=cedar_context,
    )


def _json_response(status: int, body: Any) -> c.Response:
    return c.Response(status, {"content-type": "application/json"}, json.dumps(body))


class ReferencePDP:
    """Answers AuthZEN requests for one tenant: its stored entities, its schema's action names (or
    None without a schema) and an engine that decides a Cedar request."""

    def __init__(self, authorize: Authorize, stored_entities: list[dict], schema_actions: list[str] | None):
        self.authorize = authorize
        self.stored = stored_entities
        self.schema_actions = schema_actions

    def send(self, endpoint: str, body: Any) -> c.Response:
        handlers = {
            c.EVALUATION: self._evaluation,
            c.EVALUATIONS: self._evaluations,
            c.SEARCH_SUBJECT: lambda b: self._search(b, "subject"),
            c.SEARCH_RESOURCE: lambda b: self._search(b, "resource"),
            c.SEARCH_ACTION: lambda b: self._search(b, "action"),
        }
        if endpoint not in handlers:
            return _json_response(404, {"error": "not_found"})
        if not isinstance(body, dict):
            return _json_response(400, {"error": "invalid_request", "message": "the body must be a JSON object"})
        try:
            return _json_response(200, handlers[endpoint](body))
        except MappingError as error:
            return _json_response(400, {"error": "invalid_request", "message": str(error)})
        except EngineError as error:
            return _json_response(500, {"error": "internal_error", "message": str(error)})

    def _decide(self, body: dict) -> bool:
        return self.authorize(map_evaluation(body))

    def _evaluation(self, body: dict) -> dict:
        return {"decision": self._decide(body)}

    def _evaluations(self, body: dict) -> dict:
        items = body.get("evaluations")
        if items is None or items == []:
            return self._evaluation(body)
        if not isinstance(items, list):
            raise MappingError("evaluations must be an array")
        options = body.get("options", {})
        semantic = options.get("evaluations_semantic", "execute_all") if isinstance(options, dict) else None
        if semantic not in ("execute_all", "deny_on_first_deny", "permit_on_first_permit"):
            raise MappingError("options.evaluations_semantic must be execute_all, deny_on_first_deny or "
                               "permit_on_first_permit")
        defaults = {k: body[k] for k in ("subject", "action", "resource", "context") if k in body}
        results = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise MappingError(f"evaluations[{index}] must be an object")
            merged = {**defaults, **{k: item[k] for k in ("subject", "action", "resource", "context") if k in item}}
            try:
                decision = self._decide(merged)
                results.append({"decision": decision})
            except MappingError as error:  # an evaluation-level error (certification c-3-4-1)
                decision = False
                results.append({"decision": False, "context": {"error": str(error)}})
            if (semantic == "deny_on_first_deny" and not decision) or (semantic == "permit_on_first_permit" and decision):
                break
        return {"evaluations": results}

    def _stored_ids(self, entity_type: str) -> list[str]:
        ids = {e["uid"]["id"] for e in self.stored if e["uid"]["type"] == entity_type}
        return sorted(ids)

    def _search(self, body: dict, kind: str) -> dict:
        # Validate the fixed parts exactly as an evaluation would, with a stand-in for the searched id.
        probe = dict(body)
        if kind == "action":
            probe["action"] = {"name": ""}
        else:
            searched = _object(body, kind)
            probe[kind] = {**searched, "id": ""}
        map_evaluation(probe)
        results = []
        if kind == "action":
            names = self.schema_actions if self.schema_actions is not None else self._stored_ids("Action")
            for name in sorted(names):
                if self._decide({**body, "action": {"name": name}}):
                    results.append({"name": name})
        else:
            entity_type = body[kind]["type"]
            for entity_id in self._stored_ids(entity_type):
                candidate = {**body[kind], "id": entity_id}
                if self._decide({**body, kind: candidate}):
                    results.append({"type": entity_type, "id": entity_id})
        return {"results": results}
