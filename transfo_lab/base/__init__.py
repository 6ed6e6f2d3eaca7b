"""The bottom layer: what every other layer may use and nothing here imports from above.

The error family (:mod:`.exceptions`), the problem record (:mod:`.problems`), the catalogue of user-facing words
(:mod:`.labels`), the size limits for hostile files (:mod:`.limits`), formula-safe spreadsheet cells
(:mod:`.cells`) and the shared chart style and preamble (:mod:`.plotting`).
"""
