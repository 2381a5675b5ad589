"""The third-party data in data/external are the sources' bytes, as SOURCES.md lists them."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

EXTERNAL = Path(__file__).resolve().parent.parent / "data" / "external"


def test_every_file_matches_its_listed_sha256() -> None:
    listed = dict((name, digest) for digest, name in re.findall(
        r"^([0-9a-f]{64})  (\S+)$", (EXTERNAL / "SOURCES.md").read_text(), re.MULTILINE))
    present = {path.name for path in EXTERNAL.iterdir() if path.name != "SOURCES.md"}
    assert present == set(listed) and len(listed) >= 10
    for name, digest in listed.items():
        assert hashlib.sha256((EXTERNAL / name).read_bytes()).hexdigest() == digest, name
