"""``tonecheck lsp``: a Language Server over stdio, so editors show findings where the draft is written.

Needs the ``lsp`` extra (pygls). ``positions`` converts offsets to the protocol's positions, ``documents``
picks the writer's own words out of a Markdown, email or git commit buffer, ``settings`` merges the project
config with the editor's, ``features`` turns findings into diagnostics, code actions and hovers, and
``server`` wires them to pygls.
"""
