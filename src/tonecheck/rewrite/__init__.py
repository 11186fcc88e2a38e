"""Gentler wordings: per-finding suggestions (``suggest``), the parse-based transforms that build them
(``transforms``, one module each), grammar helpers (``grammar``) and the whole-draft rewrite (``rewrite``)."""
