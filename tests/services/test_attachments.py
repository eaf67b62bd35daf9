"""Attachments: files inside the database, metadata-only lists, audited reads, safe deletes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import event, select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import ElderStatus, FostererStatus, Role
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import attachments, consents, matches, people
from tests.helpers import give_approval_evidence

TODAY = dt.date.today()
#: every byte value, so that no encoding step can go unnoticed
PAYLOAD = bytes(range(256)) * 40


@pytest.fixture
def owners(db, actors):
    """An elder, a fosterer and a match between them."""
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        elder = people.create_elder(s, coord, {
            "last_name": "Rossi", "first_name": "Maria", "birth_date": "12/03/1940",
            "comune": "Rivoli"})
        consents.record_consent(s, coord, elder_id=elder,
                                data={"scope": "data_processing", "given_on": TODAY})
        people.change_elder_status(s, coord, elder, ElderStatus.ASSESSED)
        people.change_elder_status(s, coord, elder, ElderStatus.WAITING)
        fosterer = people.create_fosterer(s, coord, {
            "last_name": "Bianchi", "first_name": "Luca", "birth_date": "05/06/1975",
            "comune": "Rivoli"})
        people.change_fosterer_status(s, coord, fosterer, FostererStatus.SELECTION)
        give_approval_evidence(s, fosterer)
        people.change_fosterer_status(s, coord, fosterer, FostererStatus.APPROVED)
        match = matches.propose_match(s, coord, elder, fosterer)
    return elder, fosterer, match


def test_round_trip_and_audit(db, actors, owners):
    sw = actors[Role.SOCIAL_WORKER]
    elder, fosterer, match = owners
    with db.sessions.begin() as s:
        aid = attachments.add_attachment(
            s, sw, elder_id=elder, filename="C:\\Documenti\\Carta identità Rossi.pdf",
            data=PAYLOAD, description="Documento d'identità")
        mid_file = attachments.add_attachment(s, sw, match_id=match, filename="patto.odt",
                                              data=b"patto", mime_type="Application/Custom")
    with db.sessions.begin() as s:
        name, mime, content = attachments.read_attachment(s, sw, aid)
        assert name == "Carta identità Rossi.pdf"
        assert mime == "application/pdf"
        assert content == PAYLOAD and isinstance(content, bytes)
        info = attachments.get_attachment_info(s, sw, aid)
        assert info["size"] == len(PAYLOAD)
        assert info["sha256"] == hashlib.sha256(PAYLOAD).hexdigest()
        assert info["uploaded_by_id"] == sw.id and info["elder_id"] == elder
        assert attachments.read_attachment(s, sw, mid_file)[1] == "application/custom"

        rows = s.execute(
            select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.elder_id,
                   AuditEvent.fosterer_id, AuditEvent.detail)
            .where(AuditEvent.entity == "attachments").order_by(AuditEvent.id)
        ).all()
        assert [(str(r.action), r.entity_id) for r in rows] == [
            ("create", aid), ("create", mid_file), ("read", aid), ("read", mid_file)]
        assert (rows[2].elder_id, rows[2].fosterer_id) == (elder, None)
        # a match's file names both people in the audit trail
        assert (rows[3].elder_id, rows[3].fosterer_id) == (elder, fosterer)
        text = json.dumps([r.detail for r in rows])
        assert "Rossi" not in text and "identit" not in text and "patto" not in text


def test_filenames_and_mime(db, actors, owners):
    sw = actors[Role.SOCIAL_WORKER]
    elder, _f, _m = owners
    with db.sessions.begin() as s:
        def stored(filename, **kw):
            aid = attachments.add_attachment(s, sw, elder_id=elder, filename=filename,
                                             data=b"x", **kw)
            info = attachments.get_attachment_info(s, sw, aid)
            return info["filename"], info["mime_type"]

        assert stored("../../etc/passwd") == ("passwd", "application/octet-stream")
        assert stored("/home/anna/foto\tmare.JPG") == ("foto mare.JPG", "image/jpeg")
        assert stored("referto.pdf", mime_type="text/plain") == ("referto.pdf", "text/plain")
        long_name, _ = stored("a" * 300 + ".docx")
        assert len(long_name) == 255 and long_name.endswith(".docx")
        for bad in ("", "..", "cartella/", "   "):
            with pytest.raises(ValidationError) as exc:
                attachments.add_attachment(s, sw, elder_id=elder, filename=bad, data=b"x")
            assert exc.value.errors == {"filename": "Nome del file non valido."}
        with pytest.raises(ValidationError) as exc:
            attachments.add_attachment(s, sw, elder_id=elder, filename="a.pdf", data=b"x",
                                       mime_type="non un tipo")
        assert exc.value.errors == {"mime_type": "Tipo di file non valido."}


def test_size_limit_and_owner(db, actors, owners, monkeypatch):
    sw = actors[Role.SOCIAL_WORKER]
    elder, fosterer, _m = owners
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            attachments.add_attachment(s, sw, elder_id=elder, filename="video.mp4",
                                       data=bytes(20 * 1024 * 1024 + 1))
        assert exc.value.errors == {
            "data": "Il file è troppo grande: la dimensione massima è 20 MB."}
        with pytest.raises(ValidationError) as exc:
            attachments.add_attachment(s, sw, elder_id=elder, filename="vuoto.txt", data=b"")
        assert exc.value.errors == {"data": "Il file è vuoto."}
        monkeypatch.setattr(attachments, "MAX_SIZE", 8)
        attachments.add_attachment(s, sw, elder_id=elder, filename="ok.txt", data=b"12345678")
        with pytest.raises(ValidationError):
            attachments.add_attachment(s, sw, elder_id=elder, filename="no.txt",
                                       data=b"123456789")
        for owner in ({}, {"elder_id": elder, "fosterer_id": fosterer}):
            with pytest.raises(ValidationError) as exc:
                attachments.add_attachment(s, sw, filename="a.txt", data=b"x", **owner)
            assert exc.value.errors == {"owner": (
                "Un allegato appartiene a un solo anziano, affidatario o abbinamento.")}
        with pytest.raises(NotFound):
            attachments.add_attachment(s, sw, fosterer_id=999_999, filename="a.txt", data=b"x")


def test_lists_never_load_the_contents(db, actors, owners):
    sw = actors[Role.SOCIAL_WORKER]
    elder, fosterer, match = owners
    with db.sessions.begin() as s:
        a1 = attachments.add_attachment(s, sw, elder_id=elder, filename="a.pdf", data=PAYLOAD)
        a2 = attachments.add_attachment(s, sw, match_id=match, filename="b.pdf", data=PAYLOAD)
        a3 = attachments.add_attachment(s, sw, fosterer_id=fosterer, filename="c.pdf",
                                        data=PAYLOAD)
    statements: list[str] = []

    def spy(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lower())

    event.listen(db.engine, "before_cursor_execute", spy)
    try:
        with db.sessions.begin() as s:
            own = attachments.list_attachments(s, sw, elder_id=elder)
            with_matches = attachments.list_attachments(s, sw, elder_id=elder,
                                                        include_matches=True)
            of_match = attachments.list_attachments(s, sw, match_id=match)
            of_fosterer = attachments.list_attachments(s, sw, fosterer_id=fosterer,
                                                       include_matches=True)
            attachments.get_attachment_info(s, sw, a1)
    finally:
        event.remove(db.engine, "before_cursor_execute", spy)
    assert [r["id"] for r in own] == [a1]
    assert {r["id"] for r in with_matches} == {a1, a2}
    assert [r["id"] for r in of_match] == [a2]
    assert {r["id"] for r in of_fosterer} == {a2, a3}
    assert all("data" not in r for r in own + with_matches + of_match + of_fosterer)
    assert own[0]["filename"] == "a.pdf" and own[0]["size"] == len(PAYLOAD)
    selects = [st for st in statements if "from attachments" in st]
    assert selects and not any("attachments.data" in st for st in selects)


def test_delete(db, actors, owners):
    coord = actors[Role.COORDINATOR]
    elder, fosterer, _m = owners
    with db.sessions.begin() as s:
        doc_file = attachments.add_attachment(s, coord, fosterer_id=fosterer,
                                              filename="casellario.pdf", data=b"pdf")
        people.add_document(s, coord, fosterer, {"kind": "criminal_record",
                                                 "attachment_id": doc_file})
        consent_file = attachments.add_attachment(s, coord, elder_id=elder,
                                                  filename="consenso foto.pdf", data=b"pdf")
        consents.record_consent(s, coord, elder_id=elder, data={
            "scope": "photos", "given_on": TODAY, "attachment_id": consent_file})
        loose = attachments.add_attachment(s, coord, elder_id=elder, filename="nota.txt",
                                           data=b"nota")
        with pytest.raises(Conflict, match="documento dell'affidatario"):
            attachments.delete_attachment(s, coord, doc_file)
        with pytest.raises(Conflict, match="modulo di un consenso"):
            attachments.delete_attachment(s, coord, consent_file)
        attachments.delete_attachment(s, coord, loose)
        with pytest.raises(NotFound):
            attachments.read_attachment(s, coord, loose)
        with pytest.raises(NotFound):
            attachments.delete_attachment(s, coord, loose)
        assert {r["id"] for r in attachments.list_attachments(s, coord, elder_id=elder)} == {
            consent_file}
        row = s.execute(select(AuditEvent.action, AuditEvent.elder_id, AuditEvent.detail)
                        .where(AuditEvent.entity == "attachments")
                        .order_by(AuditEvent.id.desc()).limit(1)).one()
        assert (str(row.action), row.elder_id, row.detail) == ("delete", elder, {"size": 4})


def test_permissions(db, actors, owners):
    elder, _f, _m = owners
    with db.sessions.begin() as s:
        psy = actors[Role.PSYCHOLOGIST]
        aid = attachments.add_attachment(s, psy, elder_id=elder, filename="a.txt", data=b"x")
        assert attachments.read_attachment(s, psy, aid)[2] == b"x"
        with pytest.raises(PermissionDenied, match="eliminare allegati"):
            attachments.delete_attachment(s, psy, aid)
        with pytest.raises(PermissionDenied, match="eliminare allegati"):
            attachments.delete_attachment(s, actors[Role.SOCIAL_WORKER], aid)
        ro = actors[Role.READ_ONLY]
        with pytest.raises(PermissionDenied, match="consultare allegati"):
            attachments.list_attachments(s, ro, elder_id=elder)
        with pytest.raises(PermissionDenied, match="consultare allegati"):
            attachments.read_attachment(s, ro, aid)
        with pytest.raises(PermissionDenied, match="creare allegati"):
            attachments.add_attachment(s, ro, elder_id=elder, filename="b.txt", data=b"x")
        attachments.delete_attachment(s, actors[Role.ADMIN], aid)
