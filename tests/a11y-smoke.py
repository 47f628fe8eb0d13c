#!/usr/bin/python3
# Drives Patron through AT-SPI, as a screen reader or a test robot would:
# loads the sample café, searches, opens the add dialog. Proves that the
# controls carry accessible names. Not part of `make check` (AT-SPI timing
# under Xvfb is not reliable enough); run it by hand:
#
#   xvfb-run -a dbus-run-session -- tests/a11y-smoke.py build/src/gui/patron
import os
import subprocess
import sys
import tempfile
import time

from dogtail.config import config
config.checkForA11y = False
config.searchCutoffCount = 3
config.logDebugToStdOut = False
from dogtail import rawinput, tree  # noqa: E402
from dogtail.predicate import GenericPredicate  # noqa: E402


def wait_for(what, func, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            result = func()
            if result:
                return result
        except Exception:
            pass
        time.sleep(0.2)
    raise SystemExit(f"FAIL: {what}")


def main():
    program = sys.argv[1] if len(sys.argv) > 1 else "build/src/gui/patron"
    tmp = tempfile.mkdtemp()
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["PATRON_DB"] = os.path.join(tmp, "smoke.db")
    env.setdefault("GSETTINGS_BACKEND", "memory")
    env.setdefault("GSETTINGS_SCHEMA_DIR", os.path.join(os.path.dirname(program), "..", "..", "data"))
    proc = subprocess.Popen([program], env=env)
    try:
        app = wait_for("the application on the accessibility bus",
                       lambda: tree.root.application("patron"))
        button = wait_for("a button named Load Sample Data",
                          lambda: app.child("Load Sample Data", roleName="push button"))
        button.doActionNamed("click")
        wait_for("the member table after loading",
                 lambda: app.child("Members", roleName="tree table"))
        search = wait_for("the search entry", lambda: app.child("Search members"))
        # GTK 4.8 cannot take focus over AT-SPI: the window's own shortcut.
        rawinput.keyCombo("<Control>f")
        rawinput.typeText("Wang")
        label = wait_for("a match count", lambda: [
            n for n in app.findChildren(GenericPredicate(roleName="label"))
            if (n.name or "").endswith(("match", "matches"))])
        print("search:", label[0].name)
        add = app.child("Add Member", roleName="push button")
        add.doActionNamed("click")
        form = wait_for("the new member form", lambda: [
            w for w in app.children if w.name == "New Member"][0])
        wait_for("a Name field in the form", lambda: form.child("Name"))
        wait_for("a Save button in the form", lambda: form.child("Save", roleName="push button"))
        print("OK: Load Sample Data, search and Add Member work through AT-SPI")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
