"""Benchmarks: `make bench` runs each on a fresh PostgreSQL database and prints a table against its budget."""
