"""Form definitions as data: the data dictionary, form YAML with its schema, checks,
life events → procedures → forms, 和暦, and PDF rendering with reportlab.

Imports nothing else of madoguchi, and no Qt.
"""
