"""A fingerprint of the whole database for backup/restore round trips.

Rows and many-to-many links compare equal whatever order the database lists them in: an unordered
query may list them differently after a reload (PostgreSQL does), which is not a lost write."""

import hashlib
import json

from casetracker.backup import dump_database


def _normal(value):
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_normal(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def database_fingerprint():
    rows = sorted(json.dumps(_normal(row), sort_keys=True) for row in json.loads(dump_database()))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()
