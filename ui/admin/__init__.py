"""`madoguchi admin`: the catalogue editor for administrators (docs/admin.md).

The admin edits a draft copy of the published catalogue (dictionary, choices,
departments, procedures, life events, forms), sees every located problem as they type,
previews forms and question flows, and publishes the draft when it validates. The
modules `workspace`, `checking`, `publishing` and `samples` hold no Qt.
"""
