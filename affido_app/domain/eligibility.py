"""Pure rules about who may enter the programme (domain.md, Life cycles)."""

from __future__ import annotations

import datetime as dt

from affido_app.domain.validators import age_on

ELDER_MIN_AGE = 65
FOSTERER_MIN_AGE = 18


def elder_ineligibility(
    birth_date: dt.date | None, on: dt.date, *, in_uvg_care: bool, has_consent: bool
) -> dict[str, str]:
    """Why an elder cannot (yet) be admitted at intake: field → Italian reason. Empty: eligible."""
    reasons: dict[str, str] = {}
    if birth_date is None:
        reasons["birth_date"] = "Manca la data di nascita: serve per verificare l'età."
    else:
        age = age_on(birth_date, on)
        if age < ELDER_MIN_AGE:
            reasons["birth_date"] = (
                f"Per il progetto l'anziano deve avere almeno {ELDER_MIN_AGE} anni (ne ha {age})."
            )
    if in_uvg_care:
        reasons["in_uvg_care"] = (
            "La persona è in carico all'UVG: non può accedere al progetto."
        )
    if not has_consent:
        reasons["consent"] = "Manca il consenso al trattamento dei dati."
    return reasons
