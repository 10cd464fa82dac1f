#!/bin/sh
# scripts/i18n/check must pass on the project's catalogs and fail on a catalog that lost a
# translation or a placeholder: each broken copy of po/ below must be refused.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/scripts/i18n/check"
for po in "$root"/po/*.po; do
    lang=$(basename "$po" .po)
    for breakage in untranslated placeholder; do
        d=$(mktemp -d)
        cp "$root"/po/* "$d/"
        python3 - "$d/$lang.po" "$breakage" <<'PY'
import re, sys
path, breakage = sys.argv[1:]
text = open(path, encoding="utf-8").read()
entries = text.split("\n\n")
for i, e in enumerate(entries[1:], 1):
    m = re.search(r'^msgstr "(.+)"$', e, re.M)
    if not m or (breakage == "placeholder") != ("{}" in m.group(1)):
        continue
    new = "" if breakage == "untranslated" else m.group(1).replace("{}", "", 1)
    entries[i] = e[:m.start(1)] + new + e[m.end(1):]
    break
else:
    sys.exit("nothing to break")
open(path, "w", encoding="utf-8").write("\n\n".join(entries))
PY
        if QUARTIER_PO_DIR="$d" "$root/scripts/i18n/check" >/dev/null 2>&1; then
            echo "FAIL: the check accepted po/$lang.po with one text $breakage" >&2
            exit 1
        fi
        rm -rf "$d"
        echo "refused: po/$lang.po with one text $breakage"
    done
done
