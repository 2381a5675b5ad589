#!/usr/bin/env bash
# Regenerate the diagrams in docs/ (needs Graphviz's dot, and the fonts scripts/setup.sh
# installs for names in any script).  Run from anywhere:
#   bash docs/make_diagrams.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PMOGRAPH=("${PYTHON:-.venv/bin/python}" -m pmograph)
EXTERNAL=data/external
HEFCE=$EXTERNAL/w3c-csvw-uc4-HEFCE_organogram_31032011.nt
UKSA=("$EXTERNAL/ukgov-organogram-uk-space-agency-2013-09-senior.csv"
      "$EXTERNAL/ukgov-organogram-uk-space-agency-2013-09-junior.csv")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"${PMOGRAPH[@]}" render org-chart --data examples/sample-org.ttl -o docs/org-chart-sample.png
"${PMOGRAPH[@]}" render org-chart --data examples/sample-org.ttl --clusters \
    -o docs/org-chart-sample-units.png
"${PMOGRAPH[@]}" render career-ladder --highlight "PMO Analyst" "PMO Director" \
    -o docs/career-ladder.png
"${PMOGRAPH[@]}" render role-hierarchy -o docs/role-hierarchy.png
"${PMOGRAPH[@]}" render org-chart --no-catalog --data "$HEFCE" -o docs/org-chart-hefce.png
# A published UK organogram, imported from its two CSV files: wide teams packed in rows.
"${PMOGRAPH[@]}" import "${UKSA[@]}" -o "$WORK/uksa.ttl" --quiet
"${PMOGRAPH[@]}" render org-chart --no-catalog --data "$WORK/uksa.ttl" \
    --title "UK Space Agency, September 2013" -o docs/org-chart-packed-team.png
# Data with a reporting cycle, a second line manager and a line to an undescribed post.
"${PMOGRAPH[@]}" render org-chart --no-catalog --data tests/data/validate/broken.ttl \
    --quiet -o docs/org-chart-problems.png
# Names in several scripts, with the slide options: a title, left to right, a higher resolution.
"${PMOGRAPH[@]}" render org-chart --no-catalog --data docs/international-org.ttl \
    --title "Global Delivery — グローバル・デリバリー" --direction LR --dpi 110 \
    -o docs/org-chart-international.png
# What changed between two snapshots of one organisation: the later chart, changes marked.
"${PMOGRAPH[@]}" render org-chart --diff tests/data/snapshots/org-2026-03.ttl \
    tests/data/snapshots/org-2026-09.ttl --dpi 110 \
    --title "Meridian Labs: what changed, 31 March to 30 September 2026" \
    -o docs/org-chart-diff.png
# Org-design health of the HEFCE organogram (matplotlib, the plots extra): span bands, the layer
# pyramid, FTE by unit.
"${PMOGRAPH[@]}" metrics --no-catalog --data "$HEFCE" --quiet --plot docs/metrics-spans.png \
    --plot docs/metrics-layers.png --plot docs/metrics-fte-by-unit.png > /dev/null
# The interactive HTML chart of the sample organisation (docs/html-chart.html) and screenshots of
# it, collapsed, searched and with a post selected, from headless Chromium (scripts/setup.sh).
"${PYTHON:-.venv/bin/python}" docs/html_screenshots.py
