#!/usr/bin/env bash
# Builds the office bundle (build.spec → dist/affido/) and runs the BUNDLED program offscreen,
# with a throwaway data folder: --version, the screenshot tour (as many screens as the source
# tour, none empty), and the command line (demo database, PDF report, matching plan,
# spreadsheet import --dry-run, check). Exits non-zero, with a message, on the first failure.
# Called by .ci/run after the tests; runs alone too: bash .ci/bundle.sh
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "bundle.sh: ERRORE: $*" >&2; exit 1; }
step() { echo "bundle.sh: $*" >&2; }

PY=python3
# AFFIDO_BUNDLE_DIST=DIR AFFIDO_BUNDLE_SKIP_BUILD=1: only test the bundle already in DIR/affido
DIST=${AFFIDO_BUNDLE_DIST:-dist}
case "$DIST" in /*) ;; *) DIST="$PWD/$DIST" ;; esac
WORK=build/pyinstaller
APP="$DIST/affido/affido"

build() {
  # binutils: PyInstaller reads the libraries with objdump, build.spec strips debug sections
  if ! command -v objdump >/dev/null || ! command -v strip >/dev/null; then
    step "installazione di binutils"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends binutils \
      >/dev/null || fail "non riesco a installare binutils"
  fi
  step "installazione di PyInstaller (pip install -e .[bundle])"
  $PY -m pip install -q -e ".[bundle]" || fail "pip install -e .[bundle] non è riuscito"
  step "costruzione del pacchetto (pyinstaller build.spec)"
  mkdir -p "$WORK"
  $PY -m PyInstaller --noconfirm --log-level WARN --workpath "$WORK" --distpath "$DIST" \
    build.spec >"$WORK.log" 2>&1 \
    || { tail -40 "$WORK.log" >&2; fail "pyinstaller non è riuscito (log: $WORK.log)"; }
}

start=$(date +%s)
[ -n "${AFFIDO_BUNDLE_SKIP_BUILD:-}" ] || build
built=$(date +%s)
[ -x "$APP" ] || fail "manca il programma $APP"
step "pacchetto pronto in $((built - start)) s: $DIST/affido, $(du -sh "$DIST/affido" | cut -f1)"

TMP=$(mktemp -d /tmp/affido-bundle-smoke.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export QT_QPA_PLATFORM=offscreen
# never the user's folders: data, settings and caches of this run live in $TMP
export AFFIDO_HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_CACHE_HOME="$TMP/cache"
unset AFFIDO_DB_KEY AFFIDO_USER AFFIDO_PASSWORD

# 1. --version: the same as the source
want=$($PY -m affido_app --version)
got=$("$APP" --version) || fail "--version del pacchetto è uscito con errore"
[ "$got" = "$want" ] || fail "--version: pacchetto «$got», sorgente «$want»"
step "--version: $got"

# 2. the screenshot tour: the same screens as the source tour, none empty
AFFIDO_HOME="$TMP/home-source" $PY -m affido_app --demo --screenshot "$TMP/shots-source" \
  >/dev/null || fail "il giro di schermate dai sorgenti non è riuscito"
"$APP" --demo --screenshot "$TMP/shots" >"$TMP/shots.log" 2>&1 \
  || { cat "$TMP/shots.log" >&2; cat "$AFFIDO_HOME"/log/*.log >&2 2>/dev/null || true
       fail "--demo --screenshot del pacchetto è uscito con errore"; }
$PY - "$TMP/shots-source" "$TMP/shots" <<'EOF' || fail "schermate del pacchetto diverse da quelle dei sorgenti"
import sys
from pathlib import Path

source, bundle = (Path(p) for p in sys.argv[1:])
want = sorted(p.name for p in source.glob("*.png"))
got = sorted(p.name for p in bundle.glob("*.png"))
problems = []
if not want:
    problems.append("il giro dai sorgenti non ha prodotto schermate")
if got != want:  # a name comes from a screen's Italian title: English means no translations
    problems.append(f"{len(got)} schermate (dai sorgenti {len(want)}); "
                    f"mancano {sorted(set(want) - set(got))[:5]}…, "
                    f"in più {sorted(set(got) - set(want))[:5]}…")
for name in got:
    data = (bundle / name).read_bytes()
    # a PNG with its header and more than a blank image's worth of data
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 2000:
        problems.append(f"{name}: vuota o non è un PNG ({len(data)} byte)")
for line in problems:
    print(f"bundle.sh: {line}", file=sys.stderr)
if not problems:
    print(f"bundle.sh: {len(got)} schermate, come dai sorgenti", file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

# 3. the command line inside the bundle
DB="$TMP/cli.db"
"$APP" demo --db "$DB" --elders 40 --fosterers 30 --seed 7 >/dev/null \
  || fail "affido demo del pacchetto è uscito con errore"
export AFFIDO_DB_KEY=demo AFFIDO_USER=admin AFFIDO_PASSWORD=demo

"$APP" --db "$DB" match plan --json >"$TMP/plan.json" || fail "affido match plan è uscito con errore"
elder=$($PY -c 'import json,sys; p=json.load(open(sys.argv[1]))["pairs"]; print(p[0]["elder_id"] if p else "")' \
  "$TMP/plan.json") || fail "affido match plan --json: risultato non leggibile"
[ -n "$elder" ] || fail "affido match plan: nessuna coppia proposta sul database dimostrativo"
step "match plan: $($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["pairs"]))' "$TMP/plan.json") coppie proposte"

"$APP" --db "$DB" report elder --id "$elder" --out "$TMP/scheda.pdf" >/dev/null \
  || fail "affido report elder è uscito con errore"
[ "$(head -c 5 "$TMP/scheda.pdf")" = "%PDF-" ] || fail "affido report: il file non è un PDF"
if command -v pdftotext >/dev/null; then  # poppler-utils (.ci/run installs it)
  pdftotext "$TMP/scheda.pdf" "$TMP/scheda.txt" || fail "affido report: PDF illeggibile"
  grep -q "Scheda anziano" "$TMP/scheda.txt" || fail "affido report: il PDF non contiene «Scheda anziano»"
fi
step "report elder: PDF di $(wc -c <"$TMP/scheda.pdf") byte"

$PY - "$TMP/anziani.xlsx" <<'EOF' || fail "non riesco a preparare il foglio di prova"
import sys

from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "Anziani"
ws.append(["Cognome", "Nome", "Data di nascita", "Sesso", "Comune", "Telefono"])
ws.append(["Bellini", "Ada", "12/03/1938", "F", "Rivoli", "011 1234567"])
ws.append(["Gatti", "Bruno", "1.2.37", "maschio", "Collegno", ""])
ws.append(["Longo", "Carla", "31/02/1940", "F", "Rivoli", ""])  # no 31 February: rejected
wb.save(sys.argv[1])
EOF
rc=0
"$APP" --db "$DB" import elders "$TMP/anziani.xlsx" --dry-run --json >"$TMP/import.json" 2>/dev/null || rc=$?
[ "$rc" = 3 ] || fail "affido import --dry-run: codice di uscita $rc invece di 3 (una riga da scartare)"
$PY - "$TMP/import.json" <<'EOF' || fail "affido import --dry-run: rapporto inatteso"
import json
import sys

report = json.load(open(sys.argv[1]))
counts = report["counts"]
assert report["dry_run"] is True, report
assert (counts["rows"], counts["imported"], counts["invalid"]) == (3, 2, 1), counts
assert [s["row"] for s in report["skipped"]] == [4], report["skipped"]
print(f"bundle.sh: import --dry-run: {counts['imported']} righe importabili, "
      f"{counts['invalid']} scartata con il motivo", file=sys.stderr)
EOF

"$APP" --db "$DB" check >/dev/null || fail "affido check del pacchetto ha trovato problemi"
step "check: database integro"

step "tutto bene: $DIST/affido ($(du -sh "$DIST/affido" | cut -f1)), costruito in $((built - start)) s"
