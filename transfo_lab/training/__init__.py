"""Working in JupyterLab and training future lab members: entry widgets (:mod:`.widgets`), training copies of a
programme (:mod:`.copies`), presentation mode with Voilà (:mod:`.present`), the French JupyterLab
(:mod:`.jupyterlab`) and the notebooks' cell layout (:mod:`.notebook_layout`)."""
