#!/bin/sh
# po/zh_CN.po must translate every message of the sources, with nothing
# fuzzy and no format mistakes.  The template is extracted afresh into a
# temporary folder with the arguments of meson's gettext preset 'glib', so
# the check needs no build step and never touches po/.
#
# When it fails after you added strings: `ninja -C build patron-pot`,
# `msgmerge --update --no-fuzzy-matching po/zh_CN.po po/patron.pot`, then
# translate the messages it lists (one msgstr[0] for plurals; keep every
# %-directive in order).
set -eu

top="$1"
lang="${2:-zh_CN}"
po="$top/po/$lang.po"

for tool in xgettext msgmerge msgattrib msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool is not installed (gettext)"
    exit 77
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The same keywords and flags as i18n.gettext (preset: 'glib'), plus plain
# ngettext.
if ! xgettext --files-from="$top/po/POTFILES.in" --directory="$top" \
       --output="$tmp/patron.pot" --package-name=patron \
       --from-code=UTF-8 --add-comments --sort-by-file \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
       --keyword=g_dpgettext2:2c,3 --keyword=ngettext:1,2 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
       --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
       --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
       --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
       --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
       --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
       --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
       2>"$tmp/xgettext.log"; then
  cat "$tmp/xgettext.log"
  echo "FAIL: xgettext could not extract the messages"
  exit 1
fi

status=0

# xgettext ends a msgid at a macro such as G_GINT64_FORMAT, so the message
# can never be translated; <inttypes.h> macros (PRId64) are understood.
if grep -q 'not a valid C format string' "$tmp/xgettext.log"; then
  grep -B1 'not a valid C format string' "$tmp/xgettext.log" | grep -v '^--$' || true
  echo "FAIL: a translatable string is cut at a format macro: write %\" PRId64 \" (with"
  echo "      #include <inttypes.h>) instead of %\" G_GINT64_FORMAT \" inside _() and ngettext"
  status=1
fi

if ! [ -s "$tmp/patron.pot" ]; then
  echo "FAIL: no messages were extracted from po/POTFILES.in"
  exit 1
fi

msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/merged.po" "$po" "$tmp/patron.pot"

list_messages () {
  # One line per message: the msgctxt, if any, then the msgid.
  msgattrib --no-wrap --no-obsolete "$@" "$tmp/merged.po" |
    sed -n -e 's/^msgctxt "\(.*\)"$/  [\1]/p' -e 's/^msgid "\(..*\)"$/  \1/p'
}

list_messages --untranslated >"$tmp/untranslated"
list_messages --only-fuzzy >"$tmp/fuzzy"

if [ -s "$tmp/untranslated" ]; then
  echo "FAIL: $(grep -c '^  [^[]' "$tmp/untranslated") messages are not translated in po/$lang.po:"
  cat "$tmp/untranslated"
  status=1
fi
if [ -s "$tmp/fuzzy" ]; then
  echo "FAIL: $(grep -c '^  [^[]' "$tmp/fuzzy") translations are marked fuzzy in po/$lang.po:"
  cat "$tmp/fuzzy"
  status=1
fi

# Placeholders, plural forms, header, accelerators.
if ! msgfmt --check --check-accelerators=_ --output-file=/dev/null "$tmp/merged.po" \
       2>"$tmp/msgfmt.log"; then
  # Name the message of each error: the temporary file is gone afterwards.
  sed -n 's/^[^:]*merged\.po:\([0-9]*\): \(.*\)$/\1 \2/p' "$tmp/msgfmt.log" |
    while read -r line problem; do
      msgid=$(head -n "$line" "$tmp/merged.po" | grep '^msgid ' | tail -n 1)
      echo "  $problem: $msgid"
    done
  grep -v 'merged\.po:[0-9]' "$tmp/msgfmt.log" || true
  echo "FAIL: msgfmt --check found mistakes in po/$lang.po"
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "po/$lang.po: $(msgfmt --statistics --output-file=/dev/null "$tmp/merged.po" 2>&1)"
fi
exit $status
