"""``python -m affido_app``: the same as the ``affido`` command."""

import sys

from affido_app.cli import main

sys.exit(main())
