"""Importing a batch of declarations and the formal check (形式审查) against the call's rules."""
