"""The gear engine: the scenario model, the attribute and damage pipeline, and the exact gear search.

Owns affixes, slots, extras, modifiers, presets, indicators and result rendering; no chat codes here.
"""
