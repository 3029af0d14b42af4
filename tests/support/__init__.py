"""Real services for tests and benchmarks: a private pcscd, a throwaway PostgreSQL cluster,
a private CUPS with a PDF printer."""
