"""Benchmarks: synthetic data and timing scripts ."""
