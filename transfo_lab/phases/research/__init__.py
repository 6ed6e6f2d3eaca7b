"""User research: coding of observations (:mod:`.coding`), common and specific themes across sites
(:mod:`.comparison`), the affinity map (:mod:`.affinity`, theme names in :mod:`.theme_names`, French text preparation in :mod:`.french`), surveys
(:mod:`.survey`), user journeys (:mod:`.journeys`), inter-coder agreement (:mod:`.agreement`) and analytic memos
(:mod:`.memos`)."""
