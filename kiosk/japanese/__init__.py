"""Japanese text helpers for the kiosk: kana conversion and offline name readings.

The public API is `kiosk.names`; this package holds its parts:
`kana` (hiragana/katakana conversion), `skk` (the SKK dictionary file format),
`variants` (old and variant kanji forms), `index` (the lookup index and its cache).
"""
