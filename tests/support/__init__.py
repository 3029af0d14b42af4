"""Real services for tests and benchmarks: a private pcscd, a throwaway PostgreSQL cluster."""
