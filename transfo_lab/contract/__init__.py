"""The data contract: the tables a programme folder holds and how they are read, checked, edited and created.

Table schemas (:mod:`.schemas`), readers and atomic writers (:mod:`.io`), cell parsing and validation
(:mod:`.validation`), programme loading (:mod:`.programme`), safe concurrent edits (:mod:`.editing`), scaffolding of
a new programme (:mod:`.scaffold`) and pseudonymisation (:mod:`.privacy`).
"""
