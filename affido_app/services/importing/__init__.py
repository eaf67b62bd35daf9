"""Importing elders and fosterers from spreadsheets (xlsx, csv).

For a wizard: :func:`open_source` (file → header row, guessed ``mapping``, adjustable) →
:func:`analyse` (preview: every row checked, with per-row problems; writes nothing) →
:func:`execute` (one transaction) → :func:`report.to_text` / :func:`report.to_json`.
:func:`import_file` does it all in one call (the ``affido import`` command).
"""

from affido_app.services.importing.engine import (
    DUPLICATE_IN_DATABASE,
    DUPLICATE_IN_FILE,
    INVALID,
    OK,
    ImportPlan,
    Problem,
    RowResult,
    Source,
    analyse,
    check_mapping,
    execute,
    find_duplicates,
    import_file,
    missing_required,
    open_source,
)
from affido_app.services.importing.mapping import (
    KINDS,
    ImportRefused,
    Target,
    apply_overrides,
    guess_mapping,
    parse_overrides,
    targets,
)

__all__ = [
    "DUPLICATE_IN_DATABASE", "DUPLICATE_IN_FILE", "INVALID", "KINDS", "OK", "ImportPlan",
    "ImportRefused", "Problem", "RowResult", "Source", "Target", "analyse", "apply_overrides",
    "check_mapping", "execute", "find_duplicates", "guess_mapping", "import_file",
    "missing_required", "open_source", "parse_overrides", "targets",
]
