# The two set-up commands of the README: `make run` and `make check`.
BUILDDIR ?= build
ASANDIR  ?= build-asan
MESON_OPTS ?= -Dwerror=true -Dprofile=development

.PHONY: all deps build run check check-build check-display check-asan clean

all: build

deps:
	@sh scripts/install-deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_OPTS)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data PATRON_LOCALEDIR=$(CURDIR)/$(BUILDDIR)/po \
	  ./$(BUILDDIR)/src/gui/patron $(ARGS)

check-build: build
	meson test -C $(BUILDDIR) --print-errorlogs --suite unit --suite integration

check-display: build
	xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
	  meson test -C $(BUILDDIR) --print-errorlogs --suite display

$(ASANDIR)/build.ninja:
	meson setup $(ASANDIR) $(MESON_OPTS) -Db_sanitize=address,undefined -Db_lundef=false

check-asan: deps $(ASANDIR)/build.ninja
	meson compile -C $(ASANDIR)
	meson test -C $(ASANDIR) --print-errorlogs --timeout-multiplier 3 --suite unit --suite integration \
	  --no-suite postgresql-sync

check: check-build check-display check-asan

clean:
	rm -rf $(BUILDDIR) $(ASANDIR)
