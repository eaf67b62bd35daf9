"""Pure domain: enums, value objects and rules. No Qt, no database."""
