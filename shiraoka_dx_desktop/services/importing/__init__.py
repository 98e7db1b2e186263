"""Importing colleagues' workbooks: check the file, read it, merge it three-way, apply it."""
