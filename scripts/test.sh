#!/usr/bin/env bash
# Set up and run the whole test suite (doctests included), the way CI does: the store tests run
# against real SPARQL servers (Debian's Virtuoso and the Oxigraph server from PyPI), started here
# on loopback with their data in a temporary folder and always stopped on exit.
# Exit status is pytest's.  Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=${CI:-true}  # a missing server fails the store tests instead of skipping them
bash scripts/setup.sh
trap 'bash scripts/sparql-server.sh stop' EXIT
servers=$(bash scripts/sparql-server.sh start)   # fails the run if a server cannot start
eval "$servers"
.venv/bin/python -m pytest "$@"
