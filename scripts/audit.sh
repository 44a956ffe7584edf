#!/usr/bin/env bash
# Known vulnerabilities in the installed dependencies (pip-audit against PyPI's vulnerability data).
#   - a vulnerability not in security/pip-audit-ignore.txt (with a reason) fails the run;
#   - if PyPI cannot be reached after 3 tries the run FAILS too, loudly, never passes silently:
#     a skipped audit must be a decision, so LIFELONG_AUDIT_OFFLINE_OK=1 (a machine without network)
#     turns only that case into a warning.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
IGNORES=()
while read -r line; do
  id=${line%%#*}; id=${id//[[:space:]]/}
  [ -z "$id" ] && continue
  case "$line" in *"#"?*) ;; *) echo "security/pip-audit-ignore.txt: $id has no reason: refused" >&2; exit 1;; esac
  IGNORES+=(--ignore-vuln "$id")
done < security/pip-audit-ignore.txt

for attempt in 1 2 3; do
  out=$($BIN/pip-audit --skip-editable --progress-spinner off --vulnerability-service pypi --desc off \
        "${IGNORES[@]}" 2>&1)
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "$out" | grep -v "could not be audited"
    unaudited=$(echo "$out" | grep -c "could not be audited")
    if [ "$unaudited" -gt 0 ]; then  # say how much was really checked (this machine's package mirror may lack the data)
      echo "!!! pip-audit: $unaudited installed packages could not be audited (no vulnerability data for them from this index)" >&2
    fi
    exit 0
  fi
  if echo "$out" | grep -qiE "connection|timed out|resolve|network|HTTPSConnectionPool|Max retries"; then
    echo "pip-audit could not reach PyPI (try $attempt of 3)" >&2; sleep $((attempt * 5)); continue
  fi
  echo "$out" >&2
  echo "!!! pip-audit found known vulnerabilities: upgrade, or explain each in security/pip-audit-ignore.txt" >&2
  exit 1
done
echo "$out" | tail -5 >&2
if [ "${LIFELONG_AUDIT_OFFLINE_OK:-0}" = 1 ]; then
  echo "!!! pip-audit could not reach PyPI: the audit was SKIPPED (LIFELONG_AUDIT_OFFLINE_OK=1)" >&2
  exit 0
fi
echo "!!! pip-audit could not reach PyPI's vulnerability data: FAILING (set LIFELONG_AUDIT_OFFLINE_OK=1 to skip on purpose)" >&2
exit 1
