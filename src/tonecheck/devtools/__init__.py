"""Tools for people developing rules and measuring them (not needed to check drafts)."""
