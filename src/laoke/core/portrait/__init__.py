"""Customer portraits (画像), look-alike scoring of inquiries and the A/B/C pipeline pace (002, 003, 004).

Pure: Polars frames and plain values in, frames and dataclasses out; ``as_of`` passed in.
"""
