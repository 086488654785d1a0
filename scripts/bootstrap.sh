#!/usr/bin/env bash
# Create .venv and install the kit editable, with the extras named in $1 ("" or "test").
# uv when available (installing it with pip if missing), plain venv + pip as the fallback.
set -euo pipefail
extras="${1:-}"
spec="."
[ -n "$extras" ] && spec=".[$extras]"
stamp=".venv/.installed${extras:+-$extras}"
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then
  exit 0
fi
python=${PYTHON:-python3}
if ! command -v uv >/dev/null 2>&1; then
  "$python" -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1 || true
fi
uv_bin=$(command -v uv || true)
[ -z "$uv_bin" ] && [ -x "$HOME/.local/bin/uv" ] && uv_bin="$HOME/.local/bin/uv"
if [ -n "$uv_bin" ]; then
  [ -x .venv/bin/python ] || "$uv_bin" venv --quiet --python "$python" .venv
  "$uv_bin" pip install --quiet --python .venv/bin/python -e "$spec"
else
  echo "uv is not available: falling back to venv + pip (slower)." >&2
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
fi
touch "$stamp"
