"""Opening a person's record with its lists, against raw sqlite3 fetching the same rows.

The application's path is what the elder's window reads when it opens (ui/dialogs/
person_dialog.py ``load`` + elder_dialog.py ``load_related``), in one unit of work committed at
the end because reading health data leaves an audit row: the record with its health fields, the
staff (for "referred by"), the reference people, the interviews, the consents and the status
history. The floor reads the same rows with a bare DB-API connection.
"""

from __future__ import annotations

from affido_app.bench.common import Row, Run, median_time


def busiest_elder(run: Run) -> int:
    """The elder with the longest history (interviews, contacts, events)."""
    from sqlalchemy import func, select

    from affido_app.db.models import ElderEvent, Interview

    with run.db.sessions() as s:
        eid = s.scalar(select(Interview.elder_id).where(Interview.elder_id.is_not(None))
                       .group_by(Interview.elder_id).order_by(func.count().desc()).limit(1))
        if eid is None:
            eid = s.scalar(select(ElderEvent.elder_id).group_by(ElderEvent.elder_id)
                           .order_by(func.count().desc()).limit(1))
    return int(eid)


def measure(run: Run) -> Row:
    from affido_app.domain.enums import PersonKind
    from affido_app.services import consents, interviews, people, staff

    row = Row("record", "apertura della scheda di una persona con i suoi elenchi", "ms",
              max_ratio=5)
    actor = run.coordinator()
    eid = busiest_elder(run)

    def app():
        with run.db.sessions.begin() as s:
            record = people.get_elder(s, actor, eid, sensitive=True)
            team = staff.list_staff(s, actor)
            lists = (people.list_elder_contacts(s, actor, eid),
                     interviews.list_interviews(s, actor, elder_id=eid),
                     consents.list_consents(s, actor, elder_id=eid),
                     people.history(s, actor, PersonKind.ELDER, eid))
        return record, team, lists

    conn = run.raw_connection()

    def floor():
        q = conn.execute
        return (q("SELECT * FROM elders WHERE id = ?", (eid,)).fetchall(),
                q("SELECT * FROM staff_users ORDER BY full_name").fetchall(),
                q("SELECT * FROM elder_contacts WHERE elder_id = ? ORDER BY id",
                  (eid,)).fetchall(),
                q("SELECT * FROM interviews WHERE elder_id = ? ORDER BY held_at DESC",
                  (eid,)).fetchall(),
                q("SELECT i.*, u.full_name FROM interview_interviewers i JOIN staff_users u "
                  "ON u.id = i.staff_id WHERE i.interview_id IN (SELECT id FROM interviews "
                  "WHERE elder_id = ?) ORDER BY i.id", (eid,)).fetchall(),
                q("SELECT * FROM consents WHERE elder_id = ? ORDER BY given_on DESC",
                  (eid,)).fetchall(),
                q("SELECT * FROM elder_events WHERE elder_id = ? ORDER BY occurred_on, id",
                  (eid,)).fetchall())

    repeat = run.repeat * 3
    row.value = median_time(app, repeat) * 1000
    row.floor = median_time(floor, repeat) * 1000
    conn.close()
    _record, _team, lists = app()
    row.details = {"righe negli elenchi": sum(len(x) for x in lists)}
    return row
