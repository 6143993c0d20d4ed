#!/usr/bin/env python3
"""Writes seed corpora for the ballot_crypto_* fuzz targets from the committed test vectors
(the same election as the targets' fixture). Run from the repository root before fuzzing:
    python3 fuzz/seed_ballot_crypto.py
"""
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
vectors = json.load(open(os.path.join(
    here, "..", "crates", "ballot-crypto", "tests", "vectors", "secret-ballot-v1.json")))


def write(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


for i, b in enumerate(vectors["ballots"]):
    write("ballot_crypto_ballot", f"vector-{i}", bytes.fromhex(b["ballot"]))
for i, c in enumerate(vectors["commits"]):
    write("ballot_crypto_dkg", f"commit-{i}", b"\x00" + bytes.fromhex(c))
for i, d in enumerate(vectors["deals"]):
    write("ballot_crypto_dkg", f"deal-{i}", b"\x01" + bytes.fromhex(d))
for i, p in enumerate(vectors["partial_decryptions"]):
    write("ballot_crypto_partial", f"vector-{i}", bytes.fromhex(p))
write("ballot_crypto_record", "vector", bytes.fromhex(vectors["record"]))
