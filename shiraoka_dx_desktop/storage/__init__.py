"""Storage: the SQLite database, its schema, migrations and default data.

Nothing here imports Qt.
"""
