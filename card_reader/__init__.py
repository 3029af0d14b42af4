"""Reading the My Number Card over PC/SC.

Layers (model: yubikit): `connection` (a one-method transport), `pcsc` (the only module
that imports pyscard), `simulator` (our own card, in-process or behind the vsmartcard
virtual reader), `protocol` (the input-support application), `tlv` (BER-TLV),
`errors` (typed errors with stable message keys), `monitor` (reader and card events).
Imports nothing else of madoguchi, and no Qt.
"""
