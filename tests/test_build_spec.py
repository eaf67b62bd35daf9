"""build.spec, the PyInstaller recipe of the office bundle: what it carries and leaves out.

The spec's lists are plain Python (the PyInstaller part runs only under PyInstaller), so these
tests read them without building anything; .ci/bundle.sh builds the bundle and runs it.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"


@pytest.fixture(scope="module")
def spec() -> dict:
    namespace = {"SPECPATH": str(ROOT), "__name__": "build_spec"}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    assert "a" not in namespace, "the PyInstaller part must run only under PyInstaller"
    return namespace


def _bundled(spec) -> dict[str, str]:
    """source file → its folder in the bundle"""
    return {Path(src).resolve().as_posix(): dest for src, dest in spec["APP_DATAS"]}


def test_every_resource_file_is_carried_where_resource_dir_finds_it(spec):
    from affido_app.config import resource_dir

    bundled = _bundled(spec)
    resources = ROOT / "resources"
    folders = {p.name for p in resources.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {"fonts", "icons", "translations", "comuni"} <= folders
    for folder in folders:
        # the bundle keeps the layout config.resource_dir() expects under sys._MEIPASS
        assert resource_dir(folder).resolve() == (resources / folder).resolve()
    for file in resources.rglob("*"):
        if not file.is_file() or spec["_skipped"](file.relative_to(resources)):
            continue
        dest = bundled.get(file.resolve().as_posix())
        assert dest == f"resources/{file.parent.relative_to(resources).as_posix()}".rstrip("/."), \
            f"{file.relative_to(ROOT)} is not in the bundle"
    names = {Path(src).name for src in bundled}
    assert "affido_it.qm" in names and "DejaVuSans.ttf" in names and "comuni_coords.csv" in names


def test_only_developer_files_are_left_out_of_resources(spec):
    skipped = [f for f in (ROOT / "resources").rglob("*")
               if f.is_file() and "__pycache__" not in f.parts
               and spec["_skipped"](f.relative_to(ROOT / "resources"))]
    # translation sources, build scripts, and the README's screenshots (never the help's images)
    assert {f.suffix for f in skipped} <= {".ts", ".py", ".png"}
    assert all(f.suffix != ".png" or f.parent.name == "screenshots" for f in skipped)


def test_migrations_are_carried_as_files_next_to_migrate_py(spec):
    from affido_app.db import migrate

    bundled = _bundled(spec)
    folder = migrate.MIGRATIONS_DIR
    expected_dest = folder.relative_to(ROOT).as_posix()  # where migrate.py looks when frozen
    versions = sorted((folder / "versions").glob("*.py"))
    assert len(versions) >= 6
    for file in [*versions, folder / "env.py", folder / "script.py.mako"]:
        dest = bundled.get(file.resolve().as_posix())
        want = expected_dest + ("/versions" if file.parent.name == "versions" else "")
        assert dest == want, f"{file.relative_to(ROOT)} → {dest}"
    # every revision the app knows is read from a bundled file
    revisions = {f.stem.split("_")[0] for f in versions}
    assert len(revisions) == len(versions)


def test_hidden_imports_name_modules_that_exist(spec):
    missing = [name for name in spec["HIDDEN_IMPORTS"] if importlib.util.find_spec(name) is None]
    assert missing == []
    # every module of the application (reports and collectors are imported by name)
    modules = set(spec["HIDDEN_IMPORTS"])
    assert {"affido_app.reports.elder", "affido_app.services.documents.elder",
            "affido_app.ui.bench_probe", "affido_app.cli"} <= modules
    assert not any(".migrations" in m for m in modules)  # alembic loads them from disk


def _imported_top_modules() -> set[str]:
    """Every module name the application's code imports (absolute imports), dotted."""
    names: set[str] = set()
    for file in (ROOT / "affido_app").rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_nothing_the_application_imports_is_excluded(spec):
    imported = _imported_top_modules()
    assert "PySide6.QtPdfWidgets" in imported  # the scan sees lazy imports too
    clashes = sorted(name for name in imported for excluded in spec["EXCLUDES"]
                     if name == excluded or name.startswith(excluded + "."))
    assert clashes == []


def test_faker_keeps_the_locales_faker_it_it_loads(spec):
    faker_providers = pytest.importorskip("faker.providers")
    from faker.config import PROVIDERS

    keep = spec["keep_module"]
    base = Path(faker_providers.__file__).parent
    for provider in PROVIDERS:
        module = importlib.import_module(provider)
        if not getattr(module, "localized", False):
            continue
        folder = base / provider.rsplit(".", 1)[1]
        locales = {p.parent.name for p in folder.glob("*/__init__.py")}
        needed = "it_IT" if "it_IT" in locales else getattr(module, "default_locale", "en_US")
        assert keep(f"{provider}.{needed}"), provider
        assert needed in locales, provider
        for file in folder.glob("*.py"):  # modules of the provider itself: always kept
            assert keep(f"{provider}.{file.stem}"), file
    assert not keep("faker.providers.person.de_DE")
    assert not keep("faker.providers.address.zh_CN.data")
    assert keep("faker.providers.person.it_IT")
    assert keep("faker.providers.sbn.sbn") and keep("faker.providers.isbn.rules")
    assert spec["keep_data"]("faker/providers/person/it_IT/__init__.py")
    assert not spec["keep_data"]("faker/providers/person/fr_FR/__init__.py")


def test_qt_translations_and_unused_qt_libraries(spec):
    keep = spec["keep_data"]
    assert keep("PySide6/Qt/translations/qtbase_it.qm")
    assert keep("PySide6/Qt/translations/qtbase_en.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/translations/qtwebengine_zh_CN.qm")
    assert not keep("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so")
    assert not keep("PySide6/Qt/lib/libQt6Quick.so.6")
    assert not keep("PySide6/Qt6Qml.dll")
    for needed in ("PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6",
                   "PySide6/Qt/lib/libQt6PdfWidgets.so.6", "PySide6/Qt/lib/libQt6Svg.so.6",
                   "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                   "PySide6/Qt/plugins/imageformats/libqsvg.so",
                   "resources/translations/affido_it.qm"):
        assert keep(needed), needed


def test_the_bundle_runs_python_modules_for_the_benchmark(monkeypatch, tmp_path, capsys):
    """``affido -m MODULE`` in the bundle (affido bench starts ``sys.executable -m …``)."""
    from affido_app import __main__ as entry

    (tmp_path / "affido_probe_module.py").write_text(
        "import json, sys\nprint(json.dumps([__name__, sys.argv[1:]]))\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["affido", "-m", "affido_probe_module", "memory", "5"])
    entry._run_module_when_frozen()  # not frozen: nothing happens
    assert capsys.readouterr().out == ""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(SystemExit) as exit_:
        entry._run_module_when_frozen()
    assert exit_.value.code == 0
    assert json.loads(capsys.readouterr().out) == ["__main__", ["memory", "5"]]
    monkeypatch.delitem(sys.modules, "affido_probe_module", raising=False)


def test_codicefiscale_tables_are_found_in_the_bundle(spec, monkeypatch, tmp_path):
    """Frozen, python-codicefiscale looks next to the program; the bundle has its tables in
    the package folder (collect_data_files), where __main__ points it."""
    data = pytest.importorskip("codicefiscale.data")
    from affido_app import __main__ as entry

    monkeypatch.setattr(data, "get_data_basedir", data.get_data_basedir)  # undone after
    (tmp_path / "codicefiscale" / "data").mkdir(parents=True)
    (tmp_path / "codicefiscale" / "data" / "probe.json").write_text('["ok"]', encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    entry._frozen_data_paths()
    assert data.get_data("probe.json") == ["ok"]
    assert "codicefiscale" in spec["DATA_PACKAGES"]


def test_a_program_without_console_gets_streams_that_accept_writes(monkeypatch):
    """affido.exe (Windows, no console): print and faulthandler must not fail."""
    import faulthandler

    from affido_app import __main__ as entry

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    entry._windowed_streams()
    streams = (sys.stdout, sys.stderr)
    try:
        assert all(s is not None for s in streams)
        sys.stderr.write("nowhere\n")
        faulthandler.dump_traceback_later(60, exit=True)  # the screenshot watchdog
        faulthandler.cancel_dump_traceback_later()
    finally:
        for stream in streams:
            if stream is not None:
                stream.close()
