"""API services: personal tokens and the orders bulk upsert."""
