"""``affido import {elders,fosterers} FILE``: exit codes, messages, the report, permissions."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from affido_app.cli import main
from affido_app.db.models import Elder, Fosterer
from affido_app.services import auth, staff

PASSWORD = "Lunga-Password-42"
HEADER = ["Cognome", "Nome", "Data di nascita", "Sesso", "Comune", "Telefono"]
GOOD = [["Rossi", "Maria", "12/03/1940", "F", "Torino", "011 1234567"],
        ["Ferrari", "Giuseppe", "1.2.38", "maschio", "Rivoli", ""]]
BAD = ["Esposito", "Anna", "31/02/1950", "F", "Torino", ""]


@pytest.fixture
def office(tmp_path, monkeypatch):
    """An encrypted office database with an administrator and a read-only user."""
    monkeypatch.setenv("AFFIDO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("AFFIDO_DB_KEY", raising=False)
    monkeypatch.setenv("AFFIDO_USER", "admin")
    monkeypatch.setenv("AFFIDO_PASSWORD", PASSWORD)
    path = tmp_path / "affido.db"
    db, _code = auth.create_encrypted_database(path, "admin", "Anna Amministratrice", PASSWORD)
    try:
        with db.sessions.begin() as s:
            admin = auth.login(s, "admin", PASSWORD)
            staff.create_staff(s, admin, {"username": "lettore", "full_name": "Luca Lettore",
                                          "role": "read_only"},
                               password=PASSWORD, must_change=False)
    finally:
        db.dispose()
    return path


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return path


def names(path: Path, model=Elder) -> list[str]:
    db, _actor = auth.open_with_login(path, "admin", PASSWORD, upgrade=False)
    try:
        with db.sessions() as s:
            return sorted(s.scalars(select(model.last_name)))
    finally:
        db.dispose()


def test_dry_run_then_import(office, tmp_path, capsys):
    data = write_csv(tmp_path / "anziani.csv", [HEADER, *GOOD])
    assert main(["import", "elders", str(data), "--db", str(office), "--dry-run"]) == 0
    out = capsys.readouterr()
    assert "Prova: nulla è stato registrato." in out.out
    assert "Da importare: 2." in out.out and "Scartate: nessuna." in out.out
    assert out.err == ""
    assert names(office) == []

    assert main(["import", "elders", str(data), "--db", str(office)]) == 0
    out = capsys.readouterr()
    assert "Importate: 2." in out.out and "  C «Data di nascita» → Data di nascita" in out.out
    assert names(office) == ["Ferrari", "Rossi"]


def test_skipped_rows_exit_3_with_the_reasons(office, tmp_path, capsys):
    data = write_csv(tmp_path / "anziani.csv", [HEADER, *GOOD, BAD, GOOD[0]])
    assert main(["import", "elders", str(data), "--db", str(office), "--json"]) == 3
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["counts"] == {"rows": 4, "empty_rows": 0, "imported": 2, "skipped": 2,
                                "invalid": 1, "duplicate_in_database": 0,
                                "duplicate_in_file": 1}
    assert [(s["row"], s["reason"]) for s in report["skipped"]] == [
        (4, "invalid"), (5, "duplicate_in_file")]
    assert report["skipped"][0]["problems"] == [{
        "column": "C", "header": "Data di nascita", "field": "birth_date",
        "label": "Data di nascita", "message": "Data inesistente."}]
    assert report["skipped"][1]["duplicate_of_row"] == 2
    assert [i["row"] for i in report["imported"]] == [2, 3]
    assert all(isinstance(i["id"], int) for i in report["imported"])
    assert out.err == "affido: 2 righe scartate: i motivi sono nel rapporto.\n"
    # no personal data on the error stream
    assert "Esposito" not in out.err and "Rossi" not in out.err
    assert names(office) == ["Ferrari", "Rossi"]


def test_a_refused_file_exits_1_and_imports_nothing(office, tmp_path, capsys):
    no_comune = write_csv(tmp_path / "a.csv", [HEADER[:4], GOOD[0][:4]])
    assert main(["import", "elders", str(no_comune), "--db", str(office)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == ["affido: Manca la colonna obbligatoria «Comune»: aggiungerla al file o "
                   "indicare quale colonna la contiene.",
                   "affido: le colonne si indicano con --map INTESTAZIONE=CAMPO (vedere "
                   "«affido import --help»).",
                   "affido: nulla è stato importato."]
    # --map names the column; --json reports a refusal as one object too
    assert main(["import", "elders", str(no_comune), "--db", str(office), "--json",
                 "--map", "Sesso=Comune"]) == 3  # "F" is no comune: the row is skipped
    assert json.loads(capsys.readouterr().out)["skipped"][0]["problems"][0]["field"] == "comune"
    pdf = tmp_path / "anziani.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert main(["import", "elders", str(pdf), "--db", str(office), "--json"]) == 1
    out = capsys.readouterr()
    assert json.loads(out.out) == {"error": "Il file «anziani.xlsx» non è un foglio di calcolo "
                                            "leggibile: sono accettati file .xlsx (Excel) e "
                                            ".csv."}
    assert main(["import", "elders", str(tmp_path / "manca.csv"), "--db", str(office)]) == 1
    assert "non esiste" in capsys.readouterr().err
    assert names(office) == []


def test_sheets_and_the_report_file(office, tmp_path, capsys):
    """Also: the kind may be written in Italian ("affidatari")."""
    book = tmp_path / "archivio.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Anziani"
    wb.active.append(["Nessuno"])
    ws = wb.create_sheet("Affidatari")
    ws.append(["Registro affidatari 2024"])
    ws.append(["Cognome", "Nome", "Nato il", "Residenza", "Professione", "Varie"])
    ws.append(["Marino", "Elena", "03/04/1980", "Collegno", "Infermiera", "x"])
    wb.save(book)
    args = ["import", "affidatari", str(book), "--db", str(office)]
    assert main([*args, "--sheet", "Ospiti"]) == 1
    assert "I fogli sono: «Anziani», «Affidatari»." in capsys.readouterr().err
    report = tmp_path / "rapporto.txt"
    assert main([*args, "--sheet", "Affidatari", "--output", str(report)]) == 0
    out = capsys.readouterr().out
    assert out == f"Righe importate: 1, scartate: 0. Rapporto salvato in {report}.\n"
    text = report.read_text(encoding="utf-8")
    assert "foglio «Affidatari» (intestazione alla riga 2)" in text
    assert "  F «Varie»: ignorata" in text
    assert names(office, Fosterer) == ["Marino"]


def test_who_may_not_create_people_is_refused(office, tmp_path, capsys, monkeypatch):
    data = write_csv(tmp_path / "anziani.csv", [HEADER, *GOOD])
    monkeypatch.setenv("AFFIDO_USER", "lettore")
    assert main(["import", "elders", str(data), "--db", str(office)]) == 1
    assert "non consente di creare anziani" in capsys.readouterr().err
    assert names(office) == []


def test_usage_and_help():
    out = subprocess.run([sys.executable, "-m", "affido_app", "import", "--help"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    assert "codici di uscita" in out.stdout and "3  importate le righe valide" in out.stdout
    out = subprocess.run([sys.executable, "-m", "affido_app", "import", "ospiti", "a.csv"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert "«ospiti» non è un tipo di persona: usare elders (anziani)" in out.stderr
    # the engine (and openpyxl) load only when a file is imported
    code = ("import sys, affido_app.cli, affido_app.services.importing;"
            "print('openpyxl' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"
