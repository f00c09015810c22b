"""JSON for requests in the shared Redis queue (scrapy-redis `SCHEDULER_SERIALIZER`).

scrapy-redis pickles queued requests by default, and unpickling runs code: anyone who
can write to the Redis server would run code on every worker. JSON runs nothing. A
request's dict (Scrapy's `Request.to_dict`) holds bytes (body, headers), datetimes and
our Post/Step records in cb_kwargs; each travels as a tagged object, and only the tags
listed here are ever turned back into objects.

Redis itself must still be protected (AUTH, a private network): see docs/operations.md.
"""
from __future__ import annotations

import base64
import json
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

from pipeline.models import Post, Step
from pipeline.text import mask_post

_TAG = "$"  # dicts whose keys start with it are our tagged objects, or escaped below


class QueueFormatError(ValueError):
    """An entry in the Redis queue that is not a request we wrote (not JSON, unknown tag)."""


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(_pack(obj), ensure_ascii=False, separators=(",", ":"))


def loads(data: str | bytes) -> dict[str, Any]:
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise QueueFormatError(f"not a JSON request: {e}") from e
    out = _unpack(raw)
    if not isinstance(out, dict):
        raise QueueFormatError("a queued request must be a JSON object")
    return out


def _pack(o: Any) -> Any:
    if o is None or isinstance(o, (bool, int, float, str)):
        return o
    if isinstance(o, dict):
        if all(isinstance(k, str) and not k.startswith(_TAG) for k in o):
            return {k: _pack(v) for k, v in o.items()}
        return {"$dict": [[_pack(k), _pack(v)] for k, v in o.items()]}
    if isinstance(o, list):
        return [_pack(v) for v in o]
    if isinstance(o, tuple):
        return {"$tuple": [_pack(v) for v in o]}
    if isinstance(o, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(o)).decode("ascii")}
    if isinstance(o, datetime):
        return {"$datetime": o.isoformat()}
    if isinstance(o, date):
        return {"$date": o.isoformat()}
    if isinstance(o, Post):
        # A listing's post rides along to its detail request: masked before it is queued,
        # so no personal data sits in Redis (the item pipelines would mask it later anyway).
        o = mask_post(replace(o, steps=list(o.steps)))
        return {"$post": {f.name: _pack(getattr(o, f.name)) for f in fields(o)}}
    if isinstance(o, Step):
        return {"$step": {f.name: _pack(getattr(o, f.name)) for f in fields(o)}}
    raise TypeError(f"cannot queue a {type(o).__name__} in Redis as JSON")


_RECORDS = {"$post": Post, "$step": Step}


def _unpack(o: Any) -> Any:
    if isinstance(o, list):
        return [_unpack(v) for v in o]
    if not isinstance(o, dict):
        return o
    if not any(k.startswith(_TAG) for k in o):
        return {k: _unpack(v) for k, v in o.items()}
    if len(o) != 1:
        raise QueueFormatError(f"unknown tagged object {sorted(o)[:3]}")
    (tag, value), = o.items()
    try:
        if tag == "$dict":
            return {_unpack(k): _unpack(v) for k, v in value}
        if tag == "$tuple":
            return tuple(_unpack(v) for v in value)
        if tag == "$bytes":
            return base64.b64decode(value, validate=True)
        if tag == "$datetime":
            return datetime.fromisoformat(value)
        if tag == "$date":
            return date.fromisoformat(value)
        if tag in _RECORDS:
            cls = _RECORDS[tag]
            known = {f.name for f in fields(cls)}
            return cls(**{k: _unpack(v) for k, v in value.items() if k in known})
    except (TypeError, ValueError) as e:
        raise QueueFormatError(f"bad {tag} in a queued request: {e}") from e
    raise QueueFormatError(f"unknown tag {tag!r} in a queued request")
