#!/usr/bin/env bash
# Validates the add-in manifest offline against the 2016 XSDs copied into manifest-schemas/
# (office-addin-manifest's validator posts to an online service). Also validates
# dist/manifest.xml, the production copy, when a build has made one.
set -euo pipefail

cd "$(dirname "$0")/.."
schema="manifest-schemas/OfficeAppManifestV1_1.xsd"

if ! command -v xmllint >/dev/null 2>&1; then
  echo "validate-manifest: xmllint not found; install it with: apt-get install -y libxml2-utils" >&2
  exit 2
fi

manifests=(manifest.xml)
[[ -f dist/manifest.xml ]] && manifests+=(dist/manifest.xml)

status=0
for m in "${manifests[@]}"; do
  if xmllint --nonet --noout --schema "$schema" "$m"; then
    :
  else
    status=1
  fi
  # Structural checks the 2016 schemas cannot make: every resid resolves, every URL is https.
  missing=$(grep -o 'resid="[^"]*"' "$m" | sed 's/resid="\(.*\)"/\1/' | sort -u | while read -r id; do
    grep -q "id=\"$id\"" "$m" || echo "$id"
  done)
  if [[ -n "$missing" ]]; then
    echo "$m: resid without a resource: $missing" >&2
    status=1
  fi
  if grep -o 'DefaultValue="http[^"]*"' "$m" | grep -v 'DefaultValue="https://' >/dev/null; then
    echo "$m: a URL is not https" >&2
    status=1
  fi
done
exit $status
