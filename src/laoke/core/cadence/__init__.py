"""Cadence rules (跟进计划): follow-up ladders, monthly touches, festivals and birthdays, quiet
periods, pre-season contact, visits, order touchpoints and dormant-customer reactivation.

Pure: facts in, proposed tasks out, ``as_of`` passed in (see ``engine.propose``).
"""
