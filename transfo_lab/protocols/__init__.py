"""The protocols of La Transfo and Prêt à déployer: the facts as data (:mod:`.facts`), calendar planning and its
checks (:mod:`.planning`), and the budget (:mod:`.budget`)."""
