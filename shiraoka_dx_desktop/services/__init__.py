"""Services: reading and changing the policy on behalf of the user interface and the command line.

Nothing here imports Qt.
"""
