"""Start-up imports bypass PySide6's ``__feature__`` import hook (gui/app.py ``plain_imports``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_plain_imports_uses_pythons_import_inside_and_puts_pysides_back():
    # A fresh process: the app module is imported before PySide6, as the entry points do.
    code = textwrap.dedent("""
        import builtins
        python_import = builtins.__import__
        from wfm_desktop.gui import app
        from PySide6.QtCore import QObject, Signal
        pyside_import = builtins.__import__
        assert pyside_import is not python_import, "PySide6 installs its own __import__"
        with app.plain_imports():
            assert builtins.__import__ is python_import
            import json  # noqa: F401
        assert builtins.__import__ is pyside_import
        try:
            with app.plain_imports():
                raise KeyError("stop")
        except KeyError:
            pass
        assert builtins.__import__ is pyside_import, "put back after an exception too"

        # Qt classes defined in a module imported inside the block behave as usual (signals, slots).
        import importlib, pathlib, sys, tempfile
        folder = tempfile.mkdtemp()
        pathlib.Path(folder, "made_plainly.py").write_text(
            "from PySide6.QtCore import QObject, Signal\\n"
            "class Sender(QObject):\\n"
            "    said = Signal(str)\\n")
        sys.path.insert(0, folder)
        with app.plain_imports():
            module = importlib.import_module("made_plainly")
        heard = []
        sender = module.Sender()
        sender.said.connect(heard.append)
        sender.said.emit("hello")
        assert heard == ["hello"] and sender.objectName() == ""
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
