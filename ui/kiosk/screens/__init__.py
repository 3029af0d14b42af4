"""Kiosk screens. Each is a view of the session for one `kiosk.session.Screen`."""
