#!/bin/sh
# Every source file with translatable strings must be in po/POTFILES.in.
set -eu
top="$1"
cd "$top"
missing=0
for f in $(grep -lE '(_|N_|C_|ngettext)\s*\(' src/*/*.c 2>/dev/null | sort) \
         $(grep -l 'translatable="yes"' ui/*.ui 2>/dev/null | sort); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "missing from po/POTFILES.in: $f"
    missing=1
  fi
done
for f in $(grep -v '^#' po/POTFILES.in | grep -v '^$'); do
  if [ ! -f "$f" ]; then
    echo "listed in po/POTFILES.in but not found: $f"
    missing=1
  fi
done
exit $missing
