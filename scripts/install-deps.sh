#!/bin/sh
# Installs the Debian 12 packages Patron needs to build, test and run, but
# only those that are missing, so a second `make` costs nothing.
set -eu

PACKAGES="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev
  libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libcairo2-dev libpango1.0-dev
  libqrencode-dev libsecret-1-dev
  desktop-file-utils appstream-util
  xvfb xauth dbus dbus-x11 at-spi2-core gnome-keyring
  poppler-utils zbar-tools fonts-noto-cjk
  libclang-rt-14-dev
  # issue 10: insights
  libgsl-dev
  locales
"
# issue 12: import/export
PACKAGES="$PACKAGES libcsv-dev libuchardet-dev libxlsxwriter-dev python3-openpyxl"
PACKAGES="$PACKAGES libopencc-dev"
# issue 13: staff PINs, the audit chain, encrypted backups
PACKAGES="$PACKAGES libsodium-dev"
# issue 14: patron-server on PostgreSQL; the tests start a PostgreSQL 15 cluster
PACKAGES="$PACKAGES libpq-dev postgresql-15"

# A "#" starts a comment that runs to the end of its line.
PACKAGES=$(printf '%s\n' "$PACKAGES" | sed 's/#.*//')

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

if [ -n "$missing" ]; then
  echo "Installing missing build dependencies:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -q --no-install-recommends $missing
fi

# issue 15: the number-grouping and sample-data tests run under en_US.UTF-8 and zh_CN.UTF-8
for l in en_US zh_CN; do
  locale -a | grep -qi "^$l.utf-\{0,1\}8$" && continue
  $SUDO sed -i "s/^# *\($l.UTF-8 UTF-8\)/\1/" /etc/locale.gen && $SUDO locale-gen
done
