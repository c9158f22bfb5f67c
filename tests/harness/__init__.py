"""Test harness shared by all tests: a faithful in-process Discord, a fake GW2 API, databases."""
