"""Use cases. Each takes a ``Session`` (never creates one) and the acting staff user, checks
permissions, validates, writes, and leaves an audit row. No Qt."""
