#!/usr/bin/env bash
# Regenerate the diagrams in docs/ (needs Graphviz's dot).  Run from anywhere:
#   bash docs/make_diagrams.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PMOGRAPH=("${PYTHON:-.venv/bin/python}" -m pmograph)
HEFCE=data/external/w3c-csvw-uc4-HEFCE_organogram_31032011.nt

"${PMOGRAPH[@]}" render org-chart --data examples/sample-org.ttl -o docs/org-chart-sample.png
"${PMOGRAPH[@]}" render org-chart --data examples/sample-org.ttl --clusters \
    -o docs/org-chart-sample-units.png
"${PMOGRAPH[@]}" render career-ladder --highlight "PMO Analyst" "PMO Director" \
    -o docs/career-ladder.png
"${PMOGRAPH[@]}" render role-hierarchy -o docs/role-hierarchy.png
if [[ -f "$HEFCE" ]]; then
    "${PMOGRAPH[@]}" render org-chart --no-catalog --data "$HEFCE" -o docs/org-chart-hefce.png
else
    echo "skipped docs/org-chart-hefce.png: $HEFCE not found" >&2
fi
