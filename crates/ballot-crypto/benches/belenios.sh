#!/usr/bin/env bash
# Builds a belenios-tool election of N voters with one question of K answers (pick exactly one),
# 2 trustees, the Debian package's 2048-bit group, and times `belenios-tool election verify`
# over the N ballots. Prints one line: `belenios N K CPU_SECONDS VERSION`, or `belenios absent`.
# Used by the `verify` benchmark (crates/ballot-crypto/benches/verify.rs); runnable alone:
#   bash crates/ballot-crypto/benches/belenios.sh 1000 2
set -euo pipefail

N=${1:-1000}
K=${2:-2}
if ! command -v belenios-tool >/dev/null 2>&1; then
    echo "belenios absent"
    exit 0
fi
export BELENIOS_USE_URANDOM=1
VERSION=$(belenios-tool --version | head -n1 | tr ' ' '_')
DIR=$(mktemp -d /tmp/plenum-belenios-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"

UUID=$(belenios-tool setup generate-token 2>/dev/null)
GROUP="--group BELENIOS-2048"
for i in $(seq 1 "$N"); do echo "voter$i@example.com,voter$i,1"; done > voters.txt
belenios-tool setup generate-credentials --uuid "$UUID" $GROUP --file voters.txt >/dev/null 2>&1
mv ./*.pubcreds public_creds.json
mv ./*.privcreds private_creds.txt
belenios-tool setup generate-trustee-key $GROUP >/dev/null 2>&1
belenios-tool setup generate-trustee-key $GROUP >/dev/null 2>&1
cat ./*.pubkey > public_keys.jsons
belenios-tool setup make-trustees >/dev/null 2>&1
rm public_keys.jsons
ANSWERS=$(seq 1 "$K" | sed 's/.*/"a&"/' | paste -sd,)
echo "{\"description\":\"bench\",\"name\":\"bench\",\"questions\":[{\"answers\":[$ANSWERS],\"min\":1,\"max\":1,\"question\":\"q\"}]}" > questions.json
belenios-tool setup make-election --uuid "$UUID" $GROUP --template questions.json >/dev/null 2>&1
belenios-tool archive init >/dev/null 2>&1
rm -f election.json trustees.json public_creds.json

# One process per ballot, as belenios-tool works: generate, then append to the archive.
i=0
while read -r _id cred; do
    pick=$((RANDOM % K))
    vote="[[$(for a in $(seq 0 $((K - 1))); do if [ "$a" = "$pick" ]; then echo 1; else echo 0; fi; done | paste -sd,)]]"
    belenios-tool election generate-ballot --privcred <(echo "$cred") --ballot <(echo "$vote") 2>/dev/null \
        | belenios-tool archive add-event --type=Ballot >/dev/null 2>&1
    i=$((i + 1))
done < private_creds.txt
COUNT=$(tar -tf ./*.bel | grep -c event.json || true)

# CPU time (user + system) of the verification, from bash's `times` for the child.
TIMEFORMAT='%U %S'
T=$( { time belenios-tool election verify >/dev/null 2>&1; } 2>&1 )
CPU=$(echo "$T" | awk '{print $1 + $2}')
echo "belenios $N $K $CPU $VERSION events=$COUNT"
