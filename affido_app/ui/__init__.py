"""Everything Qt: the application, its windows, views, table models, dialogs and widgets."""
