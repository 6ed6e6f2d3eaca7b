"""One module (or subpackage) per phase of the method.

Inspiration (:mod:`.inspiration`), user research (:mod:`.research`), ideation (:mod:`.ideation`, with the
stability of votes in :mod:`.vote_stability`), prototypes (:mod:`.prototypes`), the agile evaluation grid
(:mod:`.evaluation`, with the evidence behind each score in :mod:`.evidence`), and the Inter-Transfo view across
programmes (:mod:`.portfolio`).
"""
