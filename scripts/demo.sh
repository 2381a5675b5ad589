#!/usr/bin/env bash
# The main job: set up, then ask the bundled PMO catalog the source's questions.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python examples/ask_the_source.py
