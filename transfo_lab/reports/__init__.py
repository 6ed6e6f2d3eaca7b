"""Documents: tables and notes in notebooks (:mod:`.display`), the document model and PDF printing
(:mod:`.document`), where outputs go (:mod:`.outputs`), phase reports from executed notebooks (:mod:`.notebook`), the livret (:mod:`.livret`), the
batch over sites (:mod:`.batch`, its warm workers in :mod:`.workers`) and the Inter-Transfo report
(:mod:`.portfolio`)."""
