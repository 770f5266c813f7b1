"""The local store of a review: SQLite through SQLModel, with numbered migrations."""
