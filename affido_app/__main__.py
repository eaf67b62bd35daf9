"""``python -m affido_app``: the same as the ``affido`` command, and the entry point of the
PyInstaller bundle (build.spec)."""

import sys


def _run_module_when_frozen() -> None:
    """In the bundle there is no Python to start as ``python -m MODULE``: ``affido -m MODULE
    ARGS`` does it instead (``affido bench`` measures in such subprocesses, started with
    ``sys.executable -m affido_app.ui.bench_probe``)."""
    if getattr(sys, "frozen", False) and len(sys.argv) >= 3 and sys.argv[1] == "-m":
        import runpy

        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        sys.exit(0)


def _frozen_data_paths() -> None:
    """python-codicefiscale, when frozen, looks for its tables next to the program; in the
    bundle they are in its package folder, like in the source tree (build.spec)."""
    if getattr(sys, "_MEIPASS", None):
        import os

        import codicefiscale.data

        folder = os.path.join(sys._MEIPASS, "codicefiscale")
        codicefiscale.data.get_data_basedir = lambda: folder


def _windowed_streams() -> None:
    """affido.exe on Windows has no console (build.spec): Python leaves sys.stdout/stderr as
    None, which faulthandler (the screenshot watchdog) refuses; they go nowhere instead."""
    if getattr(sys, "frozen", False):
        import os

        if sys.stdout is None:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the process's whole life
        if sys.stderr is None:
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115


if __name__ == "__main__":
    _windowed_streams()
    _frozen_data_paths()
    _run_module_when_frozen()

    from affido_app.cli import main

    sys.exit(main())
