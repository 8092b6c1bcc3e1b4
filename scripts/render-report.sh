#!/usr/bin/env bash
# Renders a report workbook as it prints: a PDF (LibreOffice) and one PNG per page (pdftoppm -r 80).
# Usage: scripts/render-report.sh <report.xlsx> <outdir>
# LibreOffice recalculates the formulas on load (a fresh profile under the outdir), so the
# pages show what the formulas compute, not only the cached values.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "Bruk: $0 <rapport.xlsx> <utmappe>" >&2
  exit 2
fi
in="$1"
out="$2"
[ -f "$in" ] || { echo "Finner ikke $in" >&2; exit 2; }
command -v soffice >/dev/null || { echo "LibreOffice (soffice) er ikke installert" >&2; exit 3; }
command -v pdftoppm >/dev/null || { echo "pdftoppm (poppler-utils) er ikke installert" >&2; exit 3; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
base="$(basename "${in%.*}")"
profile="$(mktemp -d "${TMPDIR:-/tmp}/avstem-render-XXXXXX")"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$profile/user"
cat > "$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
rm -f "$out/$base.pdf" "$out/$base"-*.png
soffice --headless --norestore --nolockcheck "-env:UserInstallation=file://$profile" \
  --convert-to pdf --outdir "$out" "$in" >/dev/null 2>&1
[ -s "$out/$base.pdf" ] || { echo "LibreOffice skrev ingen PDF for $in" >&2; exit 1; }
pdftoppm -r 80 -png "$out/$base.pdf" "$out/$base"
ls "$out/$base.pdf" "$out/$base"-*.png
