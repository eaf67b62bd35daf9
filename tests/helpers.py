"""Builders for valid people, shared by service tests."""

from __future__ import annotations

import datetime as dt
import itertools

from codicefiscale import codicefiscale

_counter = itertools.count(1)


def elder_data(**overrides) -> dict:
    n = next(_counter)
    data = {
        "last_name": f"Bianchi{'abcdefghij'[n % 10]}",
        "first_name": "Maria",
        "sex": "F",
        "birth_date": dt.date(1940, 1, 1) + dt.timedelta(days=n),
        "comune": "Rivoli",
        "referral_date": dt.date.today() - dt.timedelta(days=30),
    }
    data.update(overrides)
    return data


def fosterer_data(**overrides) -> dict:
    n = next(_counter)
    data = {
        "last_name": f"Verdi{'abcdefghij'[n % 10]}",
        "first_name": "Giorgio",
        "sex": "M",
        "birth_date": dt.date(1975, 1, 1) + dt.timedelta(days=n),
        "comune": "Collegno",
        "application_date": dt.date.today() - dt.timedelta(days=60),
        "capacity": 1,
    }
    data.update(overrides)
    return data


def cf_for(last, first, sex, born: dt.date, place="Rivoli") -> str:
    return codicefiscale.encode(lastname=last, firstname=first, gender=sex,
                                birthdate=born.isoformat(), birthplace=place)


def give_approval_evidence(s, fosterer_id: int) -> None:
    """Everything an approval needs, written straight to the database (a test shortcut): a
    favourable interview signed by a psychologist and a social worker, a completed course, the
    required documents and consent."""
    from sqlalchemy import select

    from affido_app.db.models import (
        Attendance,
        Consent,
        CourseEnrollment,
        FostererDocument,
        Interview,
        InterviewInterviewer,
        StaffUser,
        TrainingCourse,
        TrainingSession,
    )
    from affido_app.domain.enums import (
        REQUIRED_FOSTERER_DOCUMENTS,
        AttendanceStatus,
        ConsentScope,
        InterviewKind,
        InterviewOutcome,
        Role,
    )

    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    staff = {}
    for role in (Role.PSYCHOLOGIST, Role.SOCIAL_WORKER):
        uid = s.scalar(select(StaffUser.id).where(StaffUser.role == role).limit(1))
        if uid is None:
            user = StaffUser(username=f"t-{role.value}", full_name=role.label, role=role)
            s.add(user)
            s.flush()
            uid = user.id
        staff[role] = uid
    interview = Interview(fosterer_id=fosterer_id, kind=InterviewKind.FIRST, held_at=now,
                          outcome=InterviewOutcome.FAVOURABLE)
    interview.interviewers = [InterviewInterviewer(staff_id=uid, role=role, signed_off_at=now)
                              for role, uid in staff.items()]
    course = TrainingCourse(title="Percorso di prova", required_core_sessions=1)
    course.sessions = [TrainingSession(starts_at=now, topic="Introduzione")]
    s.add_all([interview, course])
    s.flush()
    s.add(CourseEnrollment(course_id=course.id, fosterer_id=fosterer_id,
                           enrolled_on=now.date()))
    s.add(Attendance(session_id=course.sessions[0].id, fosterer_id=fosterer_id,
                     status=AttendanceStatus.PRESENT))
    for kind in REQUIRED_FOSTERER_DOCUMENTS:
        s.add(FostererDocument(fosterer_id=fosterer_id, kind=kind,
                               expires_on=dt.date.today() + dt.timedelta(days=365)))
    s.add(Consent(fosterer_id=fosterer_id, scope=ConsentScope.DATA_PROCESSING,
                  given_on=dt.date.today() - dt.timedelta(days=30)))
    s.flush()
