"""Reading the My Number Card over PC/SC (docs/card-reader.md).

Layers (model: yubikit): `connection` (a one-method transport), `backend` (readers),
`pcsc` (the only module that imports pyscard, lazily), `simulator` (our own card,
in-process or behind the vsmartcard virtual reader), `protocol` (the input-support
application), `tlv` (BER-TLV), `decode` and `model` (typed results), `errors` (typed
errors with stable message keys), `monitor` (reader and card events), `api` (what the
kiosk calls). Imports nothing else of madoguchi, and no Qt.
"""
