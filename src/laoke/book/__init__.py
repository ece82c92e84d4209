"""Operations across the whole book: they move or read the rows of every app at once, so they sit
above all domain apps and below the screens (merging two customers: orders, interactions, tasks,
scores, plans, prospects, mail contacts)."""
