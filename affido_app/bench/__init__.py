"""``affido bench``: the performance targets of design.md measured on generated data.

Each row times the application's own path and, where design.md names one, a *floor* (the same
work done by the bare library: raw sqlite3, ``linear_sum_assignment``, plain reportlab, a bare
``QMainWindow``) in the same run, so the ratio holds on any machine. One module per measurement
(:mod:`.startup`, :mod:`.search`, :mod:`.record`, :mod:`.matching`, :mod:`.report`,
:mod:`.memory`), the data in :mod:`.data`, the runner and its table/JSON output in
:mod:`.runner`. Nothing here is imported by the application itself.
"""

from affido_app.bench.common import Row

__all__ = ["Row"]
