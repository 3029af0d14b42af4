"""Reusable touch widgets: large buttons, keypads, keyboards."""
