#!/usr/bin/env python3
"""Prints each TOML file given, as decoded by Python's tomllib, in toml-test's tagged JSON form.

    python3 scripts/toml-tagged.py FILE...

One JSON line per file: {"file": F, "ok": true, "doc": {...}} or {"file": F, "ok": false, "error": "..."}.
Used by Kith's differential test of its own config parser.
"""
import datetime
import json
import sys
import tomllib


def tag(value):
    if isinstance(value, dict):
        return {k: tag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tag(v) for v in value]
    if isinstance(value, bool):
        return {"type": "bool", "value": "true" if value else "false"}
    if isinstance(value, int):
        return {"type": "integer", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": repr(value)}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return {"type": "datetime", "value": value.isoformat()}
    raise TypeError(type(value))


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
        print(json.dumps({"file": path, "ok": True, "doc": tag(doc)}, ensure_ascii=False))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        print(json.dumps({"file": path, "ok": False, "error": str(e)}, ensure_ascii=False))
