"""PySide6 windows over the `kiosk` core: resident kiosk, staff desktop, lobby display,
admin editor; and the `madoguchi` command line that wires everything together.

Only this package imports Qt, and only inside the modules that draw windows, so that
`madoguchi card ...` and `madoguchi forms ...` start without Qt.
"""
