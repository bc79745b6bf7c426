"""A fingerprint of the whole database for backup/restore round trips.

Rows and many-to-many links compare equal whatever order the database lists them in: an unordered
query may list them differently after a reload (PostgreSQL does), which is not a lost write.
A timestamp dumped as ".000" milliseconds equals the same one without the fraction."""

import hashlib
import json
import re

from casetracker.backup import dump_database

# Django's serializer writes a datetime to the millisecond: one whose microseconds are under 1,000
# is dumped as "…:37.000Z" before a reload and "…:37Z" after it (the same instant).
_ZERO_MILLIS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.000(?=Z|[+-]\d\d:\d\d|$)")


def _normal(value):
    if isinstance(value, str):
        return _ZERO_MILLIS.sub(r"\1", value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_normal(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def database_fingerprint():
    rows = sorted(json.dumps(_normal(row), sort_keys=True) for row in json.loads(dump_database()))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()
