"""Plain-Python domain rules: eras and fiscal years, roadmap cells, identity.

Nothing here imports Qt or the database.
"""
