"""The panel's workflow: experts, work packages, signed score files, merge and consolidation."""
