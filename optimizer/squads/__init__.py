"""Squad planning logic: roles and boons, per-subgroup coverage and exact auto-assignment of sign-ups.

Owns the squad vocabulary, the spec-and-role boon catalogue, and the assignment algorithms.
"""
