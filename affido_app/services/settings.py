"""Application settings shared by an office (kept in the database): one registry of keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from affido_app.config import DEFAULT_DISTRICT_COMUNI
from affido_app.db.models import AppSetting
from affido_app.domain.enums import AuditAction
from affido_app.domain.permissions import Action, Resource
from affido_app.errors import ValidationError
from affido_app.services.audit import audit
from affido_app.services.context import Actor


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: Any
    kind: type


REGISTRY: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("org.name", "Nome dell'ente", "Consorzio Ovest Solidale", str),
        Setting("org.project", "Nome del progetto", "Mi affido a te", str),
        Setting("org.address", "Indirizzo e recapiti dell'ente", "", str),
        #: PNG or JPEG, base64 (printed in the header of every document)
        Setting("org.logo", "Logo dell'ente", "", str),
        Setting("district.comuni", "Comuni del territorio", list(DEFAULT_DISTRICT_COMUNI), list),
        Setting("supervision.every_days", "Frequenza della supervisione (giorni)", 30, int),
        Setting("expenses.km_rate", "Rimborso chilometrico (€/km)", "0.30", str),
        Setting("training.required_core_sessions", "Incontri di formazione obbligatori", 5, int),
        Setting("matching.max_distance_km", "Distanza massima per gli abbinamenti (km)", 15, int),
        Setting("matching.weights", "Pesi dei criteri di abbinamento",
                {"distance": 25.0, "times": 25.0, "needs": 25.0, "interests": 10.0,
                 "language": 5.0, "preferences": 10.0}, dict),
        #: read when the application starts (ui/idle_lock.py); 1–240, else the default applies
        Setting("security.idle_minutes", "Minuti di inattività prima del blocco", 10, int),
        Setting("privacy.retention_years",
                "Anni di conservazione dei dati dopo la chiusura della scheda", 10, int),
        #: services/backups.py: empty = the "backups" folder in the data folder
        Setting("backup.folder", "Cartella delle copie di sicurezza", "", str),
        Setting("backup.warn_after_days",
                "Giorni dopo i quali il cruscotto segnala che manca una copia recente", 2, int),
    )
}


def get_setting(s: Session, key: str) -> Any:
    spec = REGISTRY[key]
    row = s.get(AppSetting, key)
    return spec.default if row is None else row.value


def set_setting(s: Session, actor: Actor, key: str, value: Any) -> None:
    actor.require(Action.UPDATE, Resource.SETTINGS)
    spec = REGISTRY.get(key)
    if spec is None:
        raise ValidationError({key: "Impostazione sconosciuta."})
    if not isinstance(value, spec.kind) or (spec.kind is int and isinstance(value, bool)):
        raise ValidationError({key: "Valore non valido."})
    row = s.get(AppSetting, key)
    if row is None:
        s.add(AppSetting(key=key, value=value))
    else:
        row.value = value
    s.flush()
    audit(s, actor.id, AuditAction.UPDATE, "app_settings", None, detail={"key": key})
