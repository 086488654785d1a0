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
uv=()
if command -v uv >/dev/null 2>&1; then
  uv=(uv)
else
  if ! "$python" -m uv --version >/dev/null 2>&1; then
    echo "Installing uv (fast installer) with pip..."
    "$python" -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1 \
      || "$python" -m pip install --quiet --user --disable-pip-version-check uv >/dev/null 2>&1 || true
  fi
  "$python" -m uv --version >/dev/null 2>&1 && uv=("$python" -m uv)
fi
if [ ${#uv[@]} -gt 0 ]; then
  [ -x .venv/bin/python ] || "${uv[@]}" venv --quiet --python "$python" .venv
  "${uv[@]}" pip install --quiet --python .venv/bin/python -e "$spec"
else
  echo "uv is not available: falling back to venv + pip (slower)." >&2
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
fi
touch "$stamp"
