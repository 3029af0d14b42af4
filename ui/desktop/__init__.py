"""What the staff desktop, the catalogue editor and the lobby display share, below all
three: the sign-in dialog and the signed-in app around a window (`signed_in`), the
desktop style sheet, live updates from the store."""
