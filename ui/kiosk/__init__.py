"""The resident kiosk window: one screen at a time over a `kiosk.session.ResidentSession`."""
