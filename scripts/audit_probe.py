"""Can PyPI's vulnerability service be used from here? Prints one word for `make audit`:

- ``ok``: the per-release JSON API answers with its ``vulnerabilities`` field: audit;
- ``unreachable``: it does not answer (no network, a mirror without the JSON API): nothing
  can be audited, which `make audit` says loudly;
- ``broken``: it answers, but not with what pip-audit reads: the audit cannot run, which
  fails under CI.

Usage: python scripts/audit_probe.py URL
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request


def probe(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - a fixed https URL
            body = answer.read()
    except (urllib.error.URLError, TimeoutError, OSError):
        return "unreachable"
    try:
        document = json.loads(body)
    except ValueError:
        return "broken"
    return "ok" if isinstance(document, dict) and "vulnerabilities" in document else "broken"


if __name__ == "__main__":
    print(probe(sys.argv[1]))
