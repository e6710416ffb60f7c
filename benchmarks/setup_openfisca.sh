#!/usr/bin/env bash
# Creates benchmarks/.venv-bench with openfisca-core, kept apart from the project's venv so the
# benchmark-only dependency (AGPL, its own numpy pins) never touches what EKB runs on.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv-bench"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "openfisca-core>=43,<47" numpy pyyaml
"$venv/bin/python" -c "import openfisca_core, numpy; print('openfisca-core', openfisca_core.__name__, 'ok; numpy', numpy.__version__)"
