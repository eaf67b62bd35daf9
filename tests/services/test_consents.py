"""Consents: record, one active per scope, withdraw, list, and agreement with eligibility."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from affido_app.db.models import AuditEvent
from affido_app.domain.enums import ConsentScope, ElderStatus, PersonKind, Role
from affido_app.errors import Conflict, NotFound, PermissionDenied, ValidationError
from affido_app.services import attachments, consents, people

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def persons(db, actors):
    coord = actors[Role.COORDINATOR]
    with db.sessions.begin() as s:
        elder = people.create_elder(s, coord, {
            "last_name": "Rossi", "first_name": "Maria", "birth_date": "12/03/1940",
            "comune": "Rivoli", "referral_date": YESTERDAY - dt.timedelta(days=10)})
        fosterer = people.create_fosterer(s, coord, {
            "last_name": "Bianchi", "first_name": "Luca", "birth_date": "05/06/1975",
            "comune": "Rivoli"})
    return elder, fosterer


def test_record_list_withdraw(db, actors, persons):
    sw = actors[Role.SOCIAL_WORKER]
    elder, fosterer = persons
    with db.sessions.begin() as s:
        cid = consents.record_consent(s, sw, elder_id=elder, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": "01/02/2024",
            "notes": "Firmato alla presenza della figlia Giulia"})
        consents.record_consent(s, sw, elder_id=elder,
                                data={"scope": "photos", "given_on": YESTERDAY})
        consents.record_consent(s, sw, fosterer_id=fosterer,
                                data={"scope": "data_processing", "given_on": TODAY})
        rows = consents.list_consents(s, sw, elder_id=elder)
        assert [r["scope"] for r in rows] == [ConsentScope.PHOTOS, ConsentScope.DATA_PROCESSING]
        first = rows[1]
        assert first["id"] == cid and first["given_on"] == dt.date(2024, 2, 1)
        assert first["active"] is True and first["withdrawn_on"] is None
        assert first["recorded_by_id"] == sw.id and first["elder_id"] == elder
        assert len(consents.list_consents(s, sw, fosterer_id=fosterer)) == 1
        assert people.has_active_consent(s, PersonKind.ELDER, elder, TODAY)

        with pytest.raises(ValidationError) as exc:
            consents.record_consent(s, sw, elder_id=elder,
                                    data={"scope": "data_processing", "given_on": TODAY})
        assert exc.value.errors == {"scope": (
            "Per questo ambito è già registrato un consenso attivo: per registrarne uno nuovo "
            "occorre prima revocarlo.")}

        with pytest.raises(Conflict):
            consents.withdraw_consent(s, sw, cid, expected_version=first["version"] + 1)
        version = consents.withdraw_consent(s, sw, cid, YESTERDAY, note="Revocato per telefono",
                                            expected_version=first["version"])
        assert version == first["version"] + 1
        row = next(r for r in consents.list_consents(s, sw, elder_id=elder) if r["id"] == cid)
        assert row["active"] is False and row["withdrawn_on"] == YESTERDAY
        assert row["notes"].endswith(f"Revoca del {YESTERDAY:%d/%m/%Y}: Revocato per telefono")
        # the list and the eligibility rule agree
        assert not people.has_active_consent(s, PersonKind.ELDER, elder, TODAY)
        with pytest.raises(ValidationError) as exc:
            people.change_elder_status(s, sw, elder, ElderStatus.ASSESSED)
        assert exc.value.errors == {"consent": "Manca il consenso al trattamento dei dati."}

        with pytest.raises(ValidationError) as exc:
            consents.withdraw_consent(s, sw, cid)
        assert exc.value.errors == {"withdrawn_on": "Il consenso è già stato revocato."}
        # once withdrawn, a new consent of the same scope can be recorded
        consents.record_consent(s, sw, elder_id=elder,
                                data={"scope": "data_processing", "given_on": TODAY})
        assert people.has_active_consent(s, PersonKind.ELDER, elder, TODAY)
        people.change_elder_status(s, sw, elder, ElderStatus.ASSESSED)

        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.entity == "consents"))
        text = json.dumps(list(details))
        assert "Giulia" not in text and "telefono" not in text
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "consents")
                            .order_by(AuditEvent.id)).all()
        assert [str(a) for a in actions] == ["create"] * 3 + ["status", "create"]


def test_refusals(db, actors, persons):
    sw = actors[Role.SOCIAL_WORKER]
    elder, fosterer = persons
    with db.sessions.begin() as s:
        with pytest.raises(ValidationError) as exc:
            consents.record_consent(s, sw, data={"scope": "photos", "given_on": TODAY})
        assert exc.value.errors == {"subject": "Indicare l'anziano oppure l'affidatario."}
        with pytest.raises(ValidationError):
            consents.record_consent(s, sw, elder_id=elder, fosterer_id=fosterer,
                                    data={"scope": "photos", "given_on": TODAY})
        with pytest.raises(NotFound):
            consents.record_consent(s, sw, elder_id=999_999,
                                    data={"scope": "photos", "given_on": TODAY})
        with pytest.raises(ValidationError) as exc:
            consents.record_consent(s, sw, elder_id=elder, data={
                "scope": "", "given_on": TODAY + dt.timedelta(days=1)})
        assert exc.value.errors == {
            "scope": "Campo obbligatorio.",
            "given_on": "La data del consenso non può essere nel futuro."}

        cid = consents.record_consent(s, sw, elder_id=elder,
                                      data={"scope": "photos", "given_on": YESTERDAY})
        with pytest.raises(ValidationError) as exc:
            consents.withdraw_consent(s, sw, cid, YESTERDAY - dt.timedelta(days=1))
        assert exc.value.errors == {
            "withdrawn_on": "La revoca non può precedere la data del consenso."}
        with pytest.raises(ValidationError) as exc:
            consents.withdraw_consent(s, sw, cid, TODAY + dt.timedelta(days=1))
        assert exc.value.errors == {
            "withdrawn_on": "La data della revoca non può essere nel futuro."}


def test_attachment_must_belong_to_the_person(db, actors, persons):
    sw = actors[Role.SOCIAL_WORKER]
    elder, fosterer = persons
    with db.sessions.begin() as s:
        own = attachments.add_attachment(s, sw, elder_id=elder, filename="consenso.pdf",
                                         data=b"%PDF-1.4 firmato")
        other = attachments.add_attachment(s, sw, fosterer_id=fosterer, filename="altro.pdf",
                                           data=b"%PDF-1.4")
        with pytest.raises(ValidationError) as exc:
            consents.record_consent(s, sw, elder_id=elder, data={
                "scope": "data_processing", "given_on": TODAY, "attachment_id": other})
        assert exc.value.errors == {
            "attachment_id": "L'allegato indicato non appartiene a questa persona."}
        with pytest.raises(ValidationError):
            consents.record_consent(s, sw, elder_id=elder, data={
                "scope": "data_processing", "given_on": TODAY, "attachment_id": 999_999})
        cid = consents.record_consent(s, sw, elder_id=elder, data={
            "scope": "data_processing", "given_on": TODAY, "attachment_id": own})
        assert consents.list_consents(s, sw, elder_id=elder)[0]["attachment_id"] == own
        assert cid


def test_permissions(db, actors, persons):
    elder, _fosterer = persons
    with db.sessions.begin() as s:
        ro = actors[Role.READ_ONLY]
        with pytest.raises(PermissionDenied, match="creare consensi"):
            consents.record_consent(s, ro, elder_id=elder,
                                    data={"scope": "photos", "given_on": TODAY})
        cid = consents.record_consent(s, actors[Role.PSYCHOLOGIST], elder_id=elder,
                                      data={"scope": "photos", "given_on": TODAY})
        with pytest.raises(PermissionDenied, match="modificare consensi"):
            consents.withdraw_consent(s, ro, cid)
        assert len(consents.list_consents(s, ro, elder_id=elder)) == 1


def test_the_signed_form_is_kept_linked_and_read_back(db, actors, persons):
    sw, reader = actors[Role.SOCIAL_WORKER], actors[Role.COORDINATOR]
    elder, _fosterer = persons
    pdf = b"%PDF-1.4\n% modulo firmato\n"
    with db.sessions.begin() as s:
        cid = consents.record_consent(s, sw, elder_id=elder, data={
            "scope": ConsentScope.DATA_PROCESSING, "given_on": YESTERDAY})
        version = consents.attach_signed_form(s, sw, cid, filename="consenso rossi.pdf",
                                              data=pdf, expected_version=1)
        row = consents.list_consents(s, sw, elder_id=elder)[0]
        assert row["version"] == version and row["attachment_id"] is not None
        info = attachments.get_attachment_info(s, sw, row["attachment_id"])
        assert (info["elder_id"], info["mime_type"]) == (elder, "application/pdf")
    with db.sessions.begin() as s:
        assert consents.read_signed_form(s, reader, cid) == (
            "consenso rossi.pdf", "application/pdf", pdf)
        reads = s.scalars(select(AuditEvent).where(
            AuditEvent.entity == "attachments", AuditEvent.action == "read")).all()
        assert [(r.user_id, r.elder_id) for r in reads] == [(reader.id, elder)]
    # a new scan replaces the link; a stale version is refused
    with db.sessions.begin() as s:
        newer = consents.attach_signed_form(s, sw, cid, filename="scansione.JPG",
                                            data=b"\xff\xd8\xff jpeg", expected_version=version)
        assert consents.read_signed_form(s, sw, cid)[1] == "image/jpeg"
        with pytest.raises(Conflict):
            consents.attach_signed_form(s, sw, cid, filename="altro.pdf", data=pdf,
                                        expected_version=version)
        assert newer == version + 1


def test_signed_form_refusals(db, actors, persons):
    sw, reader = actors[Role.SOCIAL_WORKER], actors[Role.READ_ONLY]
    elder, _fosterer = persons
    with db.sessions.begin() as s:
        cid = consents.record_consent(s, sw, elder_id=elder, data={
            "scope": ConsentScope.PHOTOS, "given_on": YESTERDAY})
    with db.sessions.begin() as s:
        with pytest.raises(NotFound) as exc:
            consents.read_signed_form(s, sw, cid)
        assert "non è allegato il modulo firmato" in exc.value.message
        with pytest.raises(ValidationError) as exc:
            consents.attach_signed_form(s, sw, cid, filename="modulo.docx", data=b"x")
        assert exc.value.errors == {"data": "Il modulo firmato va allegato come PDF, JPEG o PNG."}
        with pytest.raises(ValidationError) as exc:
            consents.attach_signed_form(s, sw, cid, filename="vuoto.pdf", data=b"")
        assert exc.value.errors == {"data": "Il file è vuoto."}
        with pytest.raises(PermissionDenied):
            consents.attach_signed_form(s, reader, cid, filename="modulo.pdf", data=b"%PDF")
        assert consents.list_consents(s, sw, elder_id=elder)[0]["attachment_id"] is None
