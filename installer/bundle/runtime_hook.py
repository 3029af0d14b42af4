"""Runs first inside the bundle: point madoguchi at the fonts and name dictionaries
packed beside it, unless the machine's settings name others."""

import os
import sys

_HERE = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
os.environ.setdefault("MADOGUCHI_FONT_DIR", os.path.join(_HERE, "fonts"))
os.environ.setdefault("MADOGUCHI_SKK_DIR", os.path.join(_HERE, "skk"))
