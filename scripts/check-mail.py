#!/usr/bin/env python3
"""Parses messages with Python's email package under policy=strict and prints what it saw, as JSON lines.

    python3 scripts/check-mail.py FILE...

Used by Kith's message tests: headers (decoded), defects, leaf parts with their decoded text, the longest
line and whether any line ends without CR.
"""
import email
import email.policy
import json
import sys

for path in sys.argv[1:]:
    data = open(path, "rb").read()
    result = {"file": path}
    try:
        message = email.message_from_bytes(data, policy=email.policy.strict)
        result["headers"] = [[name, str(value)] for name, value in message.items()]
        defects = [str(d) for d in message.defects]
        parts = []
        for part in message.walk():
            defects += [str(d) for d in part.defects]
            if part.is_multipart():
                continue
            content = part.get_content()
            parts.append({
                "type": part.get_content_type(),
                "filename": part.get_filename(),
                "text": content if isinstance(content, str) else content.decode("utf-8"),
            })
        result["defects"] = defects
        result["parts"] = parts
    except Exception as error:  # noqa: BLE001 - any failure to parse is the finding
        result["error"] = f"{type(error).__name__}: {error}"
    lines = data.split(b"\r\n")
    result["max_line"] = max(len(line) for line in lines)
    result["bare_lf"] = any(b"\n" in line or b"\r" in line for line in lines)
    print(json.dumps(result, ensure_ascii=False))
