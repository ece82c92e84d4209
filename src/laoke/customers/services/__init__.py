"""Customer services: handover of a leaving salesperson's book, the shared pool (公海), sharing."""
