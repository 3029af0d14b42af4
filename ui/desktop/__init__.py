"""What the staff desktop, the catalogue editor and the lobby display share, below all
three (the kiosk too, for `catalogue_switch`): the sign-in dialog and the signed-in app
around a window (`signed_in`), the desktop style sheet, live updates from the store, and
taking up a new publication of the catalogue (`catalogue_switch`)."""
