#!/usr/bin/env bash
# The main job: set up, ask the bundled PMO catalog the source's questions, draw the diagrams in docs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python examples/ask_the_source.py
bash docs/make_diagrams.sh
