"""Database layer: typed models, engine set-up, migrations and backups. No Qt."""
