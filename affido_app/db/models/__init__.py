"""Every model, imported so that ``Base.metadata`` knows all tables."""

from affido_app.db.models.attachments import Attachment
from affido_app.db.models.audit import AuditEvent
from affido_app.db.models.consent import Consent
from affido_app.db.models.drafts import FormDraft
from affido_app.db.models.events import ElderEvent, FostererEvent, MatchEvent
from affido_app.db.models.expenses import ExpenseClaim
from affido_app.db.models.interviews import Interview, InterviewInterviewer
from affido_app.db.models.matches import Match
from affido_app.db.models.people import (
    Elder,
    ElderContact,
    Fosterer,
    FostererDocument,
    HouseholdMember,
)
from affido_app.db.models.settings import AppSetting
from affido_app.db.models.staff import StaffUser
from affido_app.db.models.supervision import (
    SupervisionNote,
    SupervisionParticipant,
    SupervisionSession,
)
from affido_app.db.models.training import (
    Attendance,
    CourseEnrollment,
    TrainingCourse,
    TrainingSession,
)

__all__ = [
    "AppSetting", "Attachment", "Attendance", "AuditEvent", "Consent", "CourseEnrollment",
    "Elder", "ElderContact", "ElderEvent", "ExpenseClaim", "FormDraft", "Fosterer",
    "FostererDocument", "FostererEvent", "HouseholdMember", "Interview", "InterviewInterviewer",
    "Match", "MatchEvent", "StaffUser", "SupervisionNote", "SupervisionParticipant",
    "SupervisionSession", "TrainingCourse", "TrainingSession",
]
