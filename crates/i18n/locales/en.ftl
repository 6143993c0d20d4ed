# plenum — English, the reference file. Every other language has exactly these messages.

## Frame of every page
nav-skip = Skip to the content
nav-breadcrumbs = Where you are
nav-language = Language
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-signed-in-as = Signed in as { $name }
footer-signed = Every decision here is a signed event that anyone can check with plenum verify.
needs-script = Reading works without JavaScript, but acting needs it: your phone signs every action with your own key.

## Home
home-title = Assemblies
home-lead = Decide together, openly or by secret ballot, even when the internet is cut.
home-join = Join with an invitation code
home-found = Found an assembly
home-none = No assembly on this node yet.

## Assemblies
assembly-part-of = Part of { $name }
assembly-includes = Includes:
assembly-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
assembly-open-ballots = { $count ->
    [0] no open ballot
    [one] { $count } open ballot
   *[other] { $count } open ballots
}
tabs-label = Sections of the assembly
tab-motions = Motions
tab-demands = Demands
tab-members = Members
tab-record = Record
by-member = by { $name }
comments-count = { $count ->
    [0] no comments
    [one] { $count } comment
   *[other] { $count } comments
}

## Motions
motion-put = Put a motion
motion-kind = Kind of motion
motion-title = Title
motion-text = Text
motion-submit = Put the motion
motions-none = No motions yet.
motions-voting = Being voted on
motions-debating = In debate
motions-decided = Decided
kind-resolution = Resolution
kind-demand = Demand
kind-election = Election of delegates
election-seats = Seats to fill
election-candidates-members = Candidates from the members
election-candidates-named = Other candidates, one name per line
election-candidates-help = Members can nominate more candidates until the ballot opens.

## Ballots
ballot-title = Ballot
ballot-none = No ballot has been opened on this motion yet.
ballot-quorum = Quorum: share of the members who must vote
ballot-threshold = Majority needed
ballot-deadline = When it closes
ballot-open = Open the ballot
ballot-closes-at = Closes
ballot-quorum-is = Quorum: { $share }
ballot-turnout = { $voted } of { $electorate } voted
ballot-cast = Cast your vote
ballot-you-voted = You voted: { $choice }. You may change your vote until the ballot closes.
ballot-not-in-electorate = You joined after this ballot opened, so you are not in its electorate.
ballot-close = Close the ballot now
ballot-close-confirm = Close the ballot now? No one will be able to vote after this.
ballot-roll-call = Roll call
roll-member = Member
roll-vote = Vote
roll-did-not-vote = Did not vote
quorum-none = no quorum
quorum-quarter = A quarter
quorum-third = A third
quorum-half = Half
quorum-two-thirds = Two thirds
threshold-simple_majority = Simple majority of votes cast
threshold-two_thirds = Two thirds of votes cast
threshold-absolute_majority = Absolute majority of all members
deadline-none = When a convenor closes it
deadline-minutes = { $count ->
    [one] in { $count } minute
   *[other] in { $count } minutes
}
deadline-hours = { $count ->
    [one] in { $count } hour
   *[other] in { $count } hours
}
deadline-days = { $count ->
    [one] in { $count } day
   *[other] in { $count } days
}
status-open = Open
outcome-carried = Carried
outcome-not-carried = Not carried
outcome-quorum-not-met = Quorum not met
outcome-counted = Counted
choice-yes = Yes
choice-no = No
choice-abstain = Abstain
tally-abstain = Abstained

## Elections of delegates
election-seats-count = { $count ->
    [one] { $count } seat to fill
   *[other] { $count } seats to fill
}
election-candidates-count = { $count ->
    [0] no candidates
    [one] { $count } candidate
   *[other] { $count } candidates
}
election-candidates = Candidates
election-no-candidates = No candidates yet.
election-member = member
election-nominated-by = nominated by { $name }
election-nominate = Nominate a candidate
election-nominations-help = Any member may nominate candidates until a convenor opens the ballot.
election-nominate-member = A member of the assembly
election-nominate-name = Or someone else, by name
election-nominate-submit = Nominate
election-too-few = The ballot can be opened once there are at least as many candidates as seats.
election-method = Counting method
election-open-freezes = Opening the ballot closes the list of candidates.
rule-stv_scottish = Scottish STV (single transferable vote)
rule-stv_meek = Meek STV
rule-stv_wigm = Weighted inclusive Gregory STV
rule-stv_warren = Warren STV
rule-irv = Instant-runoff vote (IRV)
rule-schulze = Schulze method (Condorcet)
rule-borda = Borda count
rank-legend = Rank the candidates, your first choice first
rank-you-ranked = You ranked: { $ranking }. You may change your ranking until the ballot closes.
rank-you-cast-blank = You cast a blank ballot. You may change it until the ballot closes.
rank-help = Add candidates in the order you prefer them, and move them with the arrows. You may leave candidates out; a ballot that ranks no one counts only towards the quorum.
rank-yours = Your ranking
rank-none-yet = No one ranked yet.
rank-unranked = Not ranked
rank-add-short = Add
rank-add = Add { $name } to your ranking
rank-up = Move { $name } up
rank-down = Move { $name } down
rank-remove = Take { $name } out of your ranking
rank-submit = Cast your ranking
roll-ranking = Ranking
roll-blank = Blank ballot
result-title = The count
result-elected = Elected
result-elected-none = No one was elected.
result-see-count = The count, round by round
result-method = Method
result-seats = Seats
result-turnout = Turnout
result-rounds = Round by round
result-rounds-caption = Votes of each candidate at the end of each round
result-candidate = Candidate
result-round = Round
result-quota = Quota
result-exhausted = Exhausted
result-fate-elected = elected in round { $round }
result-fate-excluded = excluded in round { $round }
result-events = What happened in each round
result-tie-lot = Ties the rule leaves open are decided by lot: seed { $seed }, order { $order }.
result-tie-order = Ties the rule leaves open are decided by this order: { $order }.
result-downloads = Downloads
result-transcript-json = The transcript (JSON)
result-transcript-csv = The table of rounds (CSV)
result-ballots-blt = The ballots (BLT)
result-recount = Anyone can recount the ballots on their own computer:
result-recount-command = plenum count FILE.blt --method { $method }
chart-title = Votes in each round
chart-desc = One row per candidate and one bar per round, { $rounds } rounds in all; a dashed line marks the quota. Elected: { $elected }.
chart-bar = { $name }, round { $round }: { $votes }
chart-rounds = Rounds run from left to right; the dashed line is the quota.
csv-round = round
csv-quota = quota
csv-exhausted = exhausted
csv-elected = elected
csv-excluded = excluded
## Debate
debate-title = Debate
debate-none = No one has spoken yet.
debate-reply = Reply
debate-your-reply = Your reply
debate-your-comment = Your comment
debate-send = Send
debate-members-only = Members of the assembly take part in the debate.

## Members and invitations
members-title = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
members-name = Name
members-since = Member since
members-powers = Powers
members-powers-explain = Powers come only from the record: the founder's, visible from the first event, and those the assembly gives.
power-convene = Convenor
power-admit = Admits members
invite-title = Invite members
invite-explain = An invitation code lets people join from their own phones. Give it in person or read it out; anyone who has it can join until it is used up or expires.
invite-uses = How many people may join with it
invite-days = Valid for how many days
invite-create = Create an invitation
invite-code-is = The invitation code:
invite-link-is = Or open this link on the phone:

## Demands
demands-title = Adopted demands
demands-none = No demand has been adopted yet.
demands-adopted = Adopted

## Record
record-title = The record
record-explain = Everything this assembly decided, as signed events. Download the record and check it on your own computer, without trusting this node.
record-events = Events
record-digest = State digest
record-assembly-id = Assembly ID
record-download = Download the record
record-verify-how = To check it:
record-verify-command = plenum verify FILE
record-kind = Event
record-author = Author
record-time = Time
record-id = ID
record-ignored = did not take effect
event-found = Founded the assembly
event-invite = Issued an invitation
event-join = Joined
event-motion = Put a motion
event-comment = Commented
event-open_ballot = Opened a ballot
event-vote = Voted
event-close_ballot = Closed a ballot
event-nominate = Nominated a candidate
event-unknown = Unknown event

## Joining, signing in, founding
join-title = Join an assembly
join-lead = Type the invitation code you were given. Your phone makes your own key; no e-mail or phone number is needed.
join-code = Invitation code
join-code-help = 16 letters and digits, such as 7K2M-9QXD-H4TB-0RNC. Dashes and case do not matter.
join-name = Your name in the assembly
join-key = Your key on this node
join-key-help = Your key is encrypted with your passphrase on this phone before the node keeps it, so you can sign in on another phone. The node cannot open it.
join-submit = Join
signin-title = Sign in
signin-lead = Open your key with your passphrase. It is opened on this device; the passphrase never leaves it.
signin-handle = Sign-in name
signin-passphrase = Passphrase
signin-submit = Sign in
signin-no-key = No key yet? Join with an invitation code.
passphrase-help = At least 10 characters. A few unrelated words are easy to remember and hard to guess. If you lose it, no one can recover your key.
found-title = Found an assembly
found-lead = You will be its first member and its first convenor; everyone sees this in the record.
found-name = Name of the assembly
found-description = What it is for
found-parent = Part of a larger assembly
found-parent-none = None
found-admission = Who may invite new members
admission-convenors = Convenors
admission-members = Any member
found-your-name = Your name in the assembly
found-bootstrap = As founder you hold the powers to convene the assembly and to admit members. They are written in the founding event.
found-submit = Found the assembly

## Errors on pages
error-back-home = Back to the assemblies
error-not-found-title = Not found
error-not-found = There is nothing at this address.
error-no-assembly-title = No such assembly
error-no-assembly = This node holds no assembly with this id. It may be on another node that has not synced yet.
error-no-motion-title = No such motion
error-no-motion = This assembly has no motion with this id.
error-founding-closed-title = Founding is closed
error-founding-closed = This node's operator does not allow new assemblies here.
error-no-count-title = No count
error-no-count = This motion has no ranked ballot to count.
error-not-counted-title = Not counted yet
error-not-counted = The count is made when the ballot closes, if its quorum is met.
error-uncountable-title = The count failed
error-uncountable = These ballots could not be counted. The record is intact; tell the node's operator.

## Errors of the API
api-error-no-assembly = This node holds no assembly with this id.
api-error-bad-key = That is not a key: 64 hexadecimal digits are expected.
api-error-no-invite = No invitation with this code exists on this node. Check the code, or ask for a new one.
api-error-bad-handle = A sign-in name must be 1 to 80 characters, without control characters.
api-error-bad-sealed-key = The encrypted key is not in the expected format.
api-error-handle-taken = This sign-in name is taken on this node. Choose another.
api-error-no-handle = No key is kept under this sign-in name on this node.
api-error-not-stored = The node could not store this. Nothing was changed; try again.

## Why an event is refused
rejection-malformed = This is not a valid event ({ $detail }). Nothing was recorded.
rejection-bad-signature = The signature does not match. Nothing was recorded.
rejection-bad-payload = The event's content cannot be read ({ $detail }). Nothing was recorded.
rejection-missing-dependency = This builds on an event this node does not hold yet ({ $event }). Sync with the other nodes, then try again.
rejection-wrong-assembly = This event belongs to another assembly.
rejection-bad-sequence = Your events are out of order (expected number { $expected }, got { $got }). Reload the page and try again.
rejection-sequence-used = You already made another event with number { $seq }. Reload the page and try again.
rejection-no-dependencies = Every event must build on the assembly's record.
rejection-clock-skew = Your device's clock is too far from the node's. Set the right time and try again.
rejection-duplicate = This was already recorded.
rejection-unknown-assembly = This node holds no such assembly.
rejection-not-stored = The node could not store this. Nothing was recorded; try again.
rejection-not-founded = The assembly must be founded first.
rejection-already-founded = This assembly is already founded.
rejection-not-a-member = Only members of the assembly can do this.
rejection-already-a-member = You are already a member of this assembly.
rejection-no-power = This needs the power: { $power }. Powers are given by the assembly.
rejection-bad-text = The { $field } must not be empty, must have at most { $max } characters, and no control characters.
rejection-unknown-invite = This invitation does not exist in this assembly.
rejection-invite-expired = This invitation has expired. Ask for a new one.
rejection-invite-used-up = This invitation has been used as many times as allowed. Ask for a new one.
rejection-bad-invite-proof = The invitation code is wrong. Check it and try again.
rejection-duplicate-invite = An invitation with this code already exists.
rejection-out-of-range = The value of { $field } is out of range.
rejection-unknown-motion = There is no such motion in this assembly.
rejection-unknown-comment = There is no such comment on this motion.
rejection-unknown-ballot = There is no such ballot in this assembly.
rejection-ballot-exists = This motion already has a ballot.
rejection-ballot-closed = This ballot is closed.
rejection-not-in-electorate = You are not in this ballot's electorate: it was fixed when the ballot opened.
rejection-wrong-mark = This vote does not fit the ballot's method.
rejection-unknown-kind = This kind of event ({ $kind }) is unknown to this version of plenum. Update plenum.
rejection-unexpected-kind = An event of kind { $kind } is not expected here.
rejection-stale = The assembly moved on while this was being signed. Try again.
rejection-not-an-election = Candidates can only be nominated in an election.
rejection-nominations-closed = The ballot is open: no more candidates can be nominated.
rejection-duplicate-candidate = This candidate is already on the list.
rejection-candidate-not-a-member = A candidate named by their key must be a member of the assembly.
rejection-method-does-not-fit = This method does not fit the motion: elections are ranked, other motions are voted yes or no.
rejection-candidates-changed = The list of candidates has changed: it has { $expected }, the ballot paper had { $got }. Reload the page and open the ballot again.
rejection-too-few-candidates = There are fewer candidates ({ $candidates }) than seats ({ $seats }). Nominate more first.
rejection-bad-ranking = The ranking names a candidate who is not on the ballot paper, or one candidate twice.

## Shown by the page's script
js-working = Signing on your device…
js-recorded = Recorded.
js-vote-recorded = Your vote is recorded.
js-network = The node cannot be reached. Check the Wi-Fi and try again.
js-sign-in-first = Sign in first.
js-handle-needed = Choose a sign-in name.
js-handle-taken = This sign-in name is taken on this node. Choose another.
js-error-bad-code = That is not an invitation code: 16 letters and digits are expected.
js-error-weak-passphrase = The passphrase must have at least 10 characters.
js-error-wrong-passphrase = Wrong passphrase.
js-error-bad-sealed-key = The stored key cannot be read.
js-error-bad-request = Something went wrong on this device. Reload the page and try again.
js-rank-position = now at position
js-rank-out = not ranked
js-ranking-recorded = Your ranking is recorded.
js-nominated = Nominated.

## Names of fields, in messages about them
field-name = name
field-description = description
field-founder_name = founder's name
field-title = title
field-text = text
field-uses = number of uses
field-expires = expiry
field-quorum = quorum
field-closes_at = closing time
field-seats = number of seats
field-candidates = number of candidates
field-candidate = candidate's name
field-threshold = threshold

## The command line
cli-error = error: { $detail }
cli-cannot-open-data = cannot open the data directory { $dir }
cli-cannot-listen = cannot listen on { $address } (is another node running there?)
cli-serving = plenum is serving { $count ->
    [one] { $count } assembly
   *[other] { $count } assemblies
}.
cli-serving-lan = Phones on this network can open { $url }
cli-serving-local = Open { $url } in a browser.
cli-stop = Press Ctrl+C to stop.
cli-stopped = Stopped. Everything acknowledged is stored.
cli-demo-ready = The demo assembly is ready. Sign in as one of its members:
cli-demo-person = { $name }: sign-in name { $handle }, passphrase { $passphrase }
cli-no-data = { $dir } holds no plenum data.
cli-nothing-to-export = There is nothing to export.
cli-cannot-write = cannot write { $file }
cli-cannot-read = cannot read { $file }
cli-exported = Wrote { $count } events to { $file }.
cli-verifying = Checking signatures and rules…
cli-verify-valid = The record is valid: every signature, link, sequence and rule holds.
cli-verify-invalid = The record is NOT valid. First problem, at event { $event }: { $reason }
cli-verify-invalid-record = The record is NOT valid. First problem: { $reason }
cli-verify-broke-rule = breaks a rule of the assembly: { $reason }
cli-verify-heads = the bundle's list of latest events for assembly { $assembly } does not match its events: events were removed or added
cli-verify-id = id { $id }
cli-verify-events = { $count ->
    [one] { $count } event
   *[other] { $count } events
}
cli-verify-digest = state digest { $digest }
cli-verify-ballot = { $title }: { $result } (yes { $yes }, no { $no }, abstain { $abstain })
cli-result-open = open
cli-result-carried = carried
cli-result-not_carried = not carried
cli-result-quorum_not_met = quorum not met
cli-result-counted = counted
cli-verify-election = { $title }: elected { $elected } ({ $method }, { $rounds ->
    [one] { $rounds } round
   *[other] { $rounds } rounds
})
cli-verify-ranked = { $title }: { $result } ({ $voted } of { $electorate } voted)

## plenum count
count-bad-input-line = { $file }, line { $line }: { $what }
count-bad-input = { $file }: { $what }
count-no-method = { $file }: a BLT file does not say how to count it: give --method (see --help)
count-unknown-method = unknown method "{ $method }"; known methods: { $known }
count-case-needs-method = { $file }: the case's method "{ $method }" names several methods: give --method
count-bad-option = --option "{ $option }": expected KEY=VALUE
count-cannot-count = { $file }: cannot count: { $what }
count-cannot-read = cannot read { $file }: { $what }
count-election = Election: { $title }
count-method = Method: { $method }
count-method-options = Method: { $method } ({ $options })
count-seats = Seats: { $seats }   Candidates: { $candidates }   Ballots: { $ballots }
count-tie-break-lot = Ties left open by the rule: by lot, seed { $seed } (order: { $order })
count-tie-break-order = Ties left open by the rule: { $mode } (order: { $order })
count-round = Round { $number }
count-column-candidate = Candidate
count-column-votes = Votes
count-column-keep = Keep factor
count-quota = Quota: { $quota }
count-exhausted = Exhausted: { $exhausted }
count-state-elected = elected
count-state-excluded = excluded
count-event-elected = Elected: { $candidate } ({ $why })
count-why-quota = reached the quota
count-why-remaining-seats = as many candidates remain as seats
count-why-highest = highest
count-event-excluded = Excluded: { $candidate } ({ $why })
count-why-lowest = lowest vote
count-why-sure-loser = cannot catch up
count-why-seats-filled = all seats filled
count-why-write-in = undeclared write-ins
count-why-below-minimum = below the minimum
count-event-surplus = Surplus of { $candidate } transferred: { $surplus }
count-event-transfer = Votes of { $from } transferred
count-event-transfers = Transfers: { $to }
count-exhausted-label = exhausted
count-event-tie-elect = Tie to elect between { $among }: { $chosen }, { $by }
count-event-tie-exclude = Tie to exclude between { $among }: { $chosen }, { $by }
count-event-tie-surplus = Tie for the surplus to transfer first between { $among }: { $chosen }, { $by }
count-tie-by-earlier-round = by the votes at the end of round { $round }
count-tie-by-lot = by lot
count-tie-by-order = by candidate order
count-tie-by-random = by RCTab's random draw (seed { $seed })
count-event-iterated = Iteration stopped: { $why } (surplus { $surplus })
count-iter-elected = a candidate was elected
count-iter-omega = surplus below omega
count-iter-stable = surplus stable
count-iter-sure-losers = sure losers found
count-elected-summary = Elected, in order: { $names }
count-none-elected = Nobody is elected.
count-consent-carried = Carried: { $objections } objection(s), { $limit } would block
count-consent-not-carried = Not carried: { $objections } objection(s), { $limit } block
count-ranking = Ranking: { $names }
count-progress-reading = reading ballots
count-progress-counting = counting

## Why a file is not a valid record
bundle-not-a-bundle = not a plenum bundle
bundle-unknown-version = bundle version { $version } is not supported by this plenum; update plenum
bundle-bad-event = event number { $count } is not valid: { $detail }
bundle-bad-frame = the file is damaged at byte { $offset }
bundle-truncated = the bundle is cut short after { $count } complete events: copy it again
bundle-altered = the bundle's checksum does not match: it was altered after it was written
fold-no-founding-event = the record has no founding event
fold-bad-founding = the founding event is invalid ({ $detail })
fold-missing-dependency = event { $event } builds on event { $missing }, which the record lacks

## Sync between nodes, bundles and peers (issue 5)
sync-error-bad-url = “{ $detail }” is not a node's address. Write it as http://HOST:PORT, such as http://10.0.0.2:8080.
sync-error-no-tls = { $detail }: nodes sync over plain http:// on their local network; events are signed, so nothing can be forged on the way. Use http://.
sync-error-unreachable = The other node cannot be reached ({ $detail }). Check that it is running and on the same network; nothing was changed.
sync-error-status = The other node refused the sync (HTTP { $detail }). Is it a plenum node of a compatible version?
sync-error-protocol = The other node's answers do not follow the sync protocol ({ $detail }). What was already stored stays; try again or update plenum.
api-error-bad-sync = This is not a sync request this node understands. Nothing was changed.
cli-sync-nothing = This node holds no assembly yet. Name one with --assembly ID to fetch it from the other node.
cli-sync-not-remembered = cannot record the contact with the other node in this node's peers
cli-sync-done = { $assembly }: in sync.
cli-sync-not-served = { $assembly }: the other node does not serve this assembly; nothing exchanged.
cli-sync-failed = { $assembly }: the sync stopped ({ $detail }). What was stored stays; try again.
cli-sync-summary = Received { $received } new events, sent { $sent }, in { $rounds } round trips ({ $bytes } bytes of protocol beyond the events).
cli-sync-refused = { $count ->
    [one] The other node sent { $count } event this node refused (not stored):
   *[other] The other node sent { $count } events this node refused (not stored):
}
cli-no-such-assembly = This node holds no assembly { $assembly }.
cli-heads-written = Wrote this node's heads to { $file }. Carry it to the other node and run: plenum bundle export --since { $file } --out FILE
cli-importing = Checking and importing the bundle…
cli-import-refused = The bundle was refused whole; nothing was imported: { $reason }
cli-import-truncated = The bundle was cut short: only its first { $count } complete events were read and imported. Copy it again to get the rest.
cli-imported = { $stored ->
    [one] Imported 1 new event
   *[other] Imported { $stored } new events
}; already here: { $held }; refused: { $refused }.
cli-import-waiting = { $count } events build on events this node lacks and were not imported: import the bundle they came from first, or sync.
cli-status-node = Node { $node }
cli-status-events = { $events } events by { $authors } authors; { $ignored } did not take effect (resolved conflicts)
cli-status-no-peers = No peers yet: add one with plenum serve --peer URL, on the Sync page, or run plenum sync URL.
cli-status-peer = Peer { $url } ({ $source }), last contact: { $contact }
cli-status-peer-error = last attempt failed: { $detail }
cli-status-pending = { $assembly }: it had { $events } events and { $heads } heads; { $they }; { $we }
status-never = never
status-they-lack = it lacks { $count } of ours
status-they-lack-unknown = what it lacks is known at the next sync
status-we-lack-nothing = we lack nothing it had
status-we-lack = we lack { $count } of its heads
peer-source-flag = set at start
peer-source-ui = added by a convenor
peer-source-lan = found on the local network
peer-source-cli = synced from the command line
ago-seconds = { $count } s ago
ago-minutes = { $count } min ago
ago-hours = { $count } h ago
ago-days = { $count } d ago
cli-bench-header = Two replicas of { $events } events differing by { $differ }; sending every id would cost { $naive } bytes.
cli-bench-line = { $case }, { $mode }: { $rounds } round trips, { $bytes } bytes beyond the events, { $events } events moved, { $ms } ms
cli-bench-mode-protocol = heads first, then reconciliation
cli-bench-mode-negentropy = reconciliation alone
cli-bench-case-newest-end = newest end (a node that was offline)
cli-bench-case-scattered = scattered through history
cli-bench-case-both-newest = both sides made events while apart
cli-bench-case-both-scattered = both sides hold scattered events the other lacks
cli-verify-conflicts = { $count ->
    [one] { $count } event did not take effect: a conflict between partitioned nodes, resolved by the rules (docs/conflicts.md). The record stays valid.
   *[other] { $count } events did not take effect: conflicts between partitioned nodes, resolved by the rules (docs/conflicts.md). The record stays valid.
}
cli-verify-conflict = { $event }: { $reason }
api-error-bad-peer-action = Unknown action on a peer: expected add, remove or sync.
api-error-not-a-bundle = This file is not a plenum bundle. Nothing was imported.
api-error-newer-bundle = This bundle was written by a newer plenum. Update this node, then try again.
api-error-altered-bundle = This bundle was altered after it was written: it was refused whole, nothing was imported. Ask for a fresh copy.
home-sync = Sync with other nodes: peers and bundles
sync-title = Sync
sync-lead = This node keeps a full copy of its assemblies and exchanges events with other nodes whenever a link exists: a network, or a bundle carried by hand.
sync-node = This node's ID
sync-assemblies = Assemblies on this node
sync-col-assembly = Assembly
sync-col-events = Events
sync-col-authors = Authors
sync-col-ignored = Resolved conflicts
sync-col-contact = last contact
sync-peers = Peers
sync-no-peers = No peers yet. Add another node's address below, or start this node with plenum serve --peer URL.
sync-approve = Sync with it automatically
sync-now = Sync now
sync-remove = Forget this peer
sync-add-peer = Add a peer
sync-peer-url = Address of the other node
sync-add = Add
sync-convenors-only = Only a convenor of an assembly on this node can add, remove or sync with peers; the request is signed on their device.
sync-bundles = Bundles: events carried by hand
sync-bundles-explain = Where no network joins two nodes, download a bundle here, carry it on a USB stick, and upload it on the other node. Importing the same bundle twice changes nothing; a damaged bundle is refused.
sync-download = Download a bundle of every assembly
sync-upload-file = Bundle file
sync-upload = Import the bundle
js-synced = In sync.
js-sync-failed = The sync failed:
js-bundle-imported = Bundle imported (new / already here / refused):
js-bundle-truncated = The bundle was cut short; its complete part was imported (new / already here / refused):
cli-lan-on = Announcing this node on the local network and listening for others (mDNS).
cli-lan-failed = LAN discovery could not start ({ $detail }); the node serves and syncs with its listed peers all the same.
cli-data-in-use = A node is serving { $dir } at { $url }: it would not see what this command wrote. Use its Sync page, or start it with --peer; or stop it first.
cli-import-via-node = A node is serving this data directory; the bundle goes through it ({ $url }).
cli-database-bad-connection = { $detail }: not a PostgreSQL connection string. Write postgres://USER:PASSWORD@HOST/DATABASE, or host=HOST dbname=DATABASE user=USER.
cli-database-unreachable = Cannot connect to the PostgreSQL database { $database } ({ $detail }). Check that the server is running, and that --database or PLENUM_DATABASE names the right host, database, user and password.
cli-database-not-plenum = The PostgreSQL database { $database } is not a plenum database: it holds tables that plenum did not create, and plenum writes nothing there. Give plenum an empty database of its own (createdb plenum) or a schema of its own (options=-csearch_path=plenum).
cli-database-newer = The PostgreSQL database { $database } was written by a newer version of plenum (schema { $found }; this version knows up to { $known }). Nothing was changed: run the newer plenum.
cli-database-failed = The PostgreSQL database { $database } could not be prepared for plenum ({ $detail }). Does its user have the right to create tables?

## The configuration file
cli-config-unreadable = cannot read the configuration file { $file }: { $detail }
cli-config-malformed = the configuration file { $file } is not valid: { $detail }
cli-config-unknown = the configuration file { $file } sets "{ $key }" for "{ $command }", which has no such setting (see plenum { $command } --help)
## Secret ballots
status-awaiting-count = Being counted
field-max = choices allowed per voter
secret-badge = Secret ballot
secret-open-check = Secret ballot: each vote is encrypted on the member's own phone
secret-trustees = Trustees: they make the key together, and decrypt only the total
secret-threshold = How many trustees are needed to decrypt the total
secret-explain = Each vote is encrypted on the voter's own device. Nobody — not this node, not the convenors — can read a vote. Only the total is decrypted, by { $threshold } of the { $trustees } trustees together.
secret-ceremony-title = Key ceremony
secret-phase-commit = Step 1 of 3: each trustee commits to a key.
secret-phase-deal = Step 2 of 3: each trustee deals shares of their key to the others.
secret-phase-check = Step 3 of 3: each trustee checks the shares they received.
secret-phase-failed = The key ceremony failed: too few trustees took part correctly. A convenor may open the ballot again.
secret-trustee-done = done
secret-trustee-waiting = waiting
secret-trustee-out = not taking part
secret-step-commit = Commit to my key
secret-step-deal = Deal my shares
secret-step-check = Check my shares
secret-convenor-skip = Go on without waiting
secret-vote-legend = Your secret vote
secret-cast = Cast my secret vote
secret-audit = Check my device
secret-audit-explain = “Check my device” encrypts your choice and then opens that ballot here instead of casting it, to show that this phone encrypts exactly what you chose. The checked ballot is thrown away: cast a fresh one afterwards.
secret-tracker = Your ballot tracker
secret-tracker-help = Keep it. Once the ballot box is sealed, find it in the list of counted ballots.
secret-no-running-count = No count is shown while voting: votes stay encrypted until the trustees decrypt the total.
secret-seal = Seal the ballot box
secret-seal-confirm = Seal the ballot box? No more votes will be accepted.
secret-sealed = The ballot box is sealed with { $ballots ->
    [one] { $ballots } ballot
   *[other] { $ballots } ballots
}. { $done } of the { $threshold } trustees needed have decrypted the total.
secret-decrypt = Decrypt with my share
secret-verify-title = Check it yourself
secret-ballot-list = List of counted ballots
secret-download-record = Download the whole record
secret-verify-command = Then, on any computer, offline:
secret-ballots-title = Counted ballots
secret-ballots-intro = The ballot box was sealed with these ballots. Each is known only by its tracker: find yours.
secret-ballots-none = The ballot box is not sealed yet.
secret-in-list = Your tracker is in the list of counted ballots.
js-audit-ok = Check passed. The ballot this phone made encrypts:
js-audit-failed = Check FAILED: this device did not encrypt your choice. Do not vote from it.
js-secret-cast = Your secret vote is recorded. Your tracker:
js-ceremony-done = Your step of the key ceremony is recorded.
js-decrypted = Your share of the decryption is recorded.
js-blank = a blank ballot (abstain)
js-error-bad-election = The ballot's election data cannot be read. Reload the page.
js-error-bad-choice = That choice does not fit the ballot.
js-error-not-a-trustee = You are not a trustee of this ballot, or the key ceremony went on without you.
rejection-not-secret = This is not a secret ballot.
rejection-bad-trustees = Trustees must be members, each named once, and the number needed must be between 1 and their number.
rejection-not-a-trustee = Only a trustee of this ballot can do this, each for themselves.
rejection-secret-message-unreadable = The message of the key ceremony or decryption cannot be read.
rejection-ceremony-step-not-yet = The key ceremony has not reached this step yet.
rejection-ceremony-step-over = The key ceremony is past this step.
rejection-already-done = This trustee has already done this step.
rejection-too-few-trustees = Fewer trustees than needed have done this step: the ceremony cannot go on.
rejection-ceremony-not-ready = The trustees have not made the ballot's key yet: voting has not started.
rejection-ballot-unreadable = The encrypted ballot cannot be read, or does not fit this ballot's questions.
rejection-ballot-other-election = The encrypted ballot was made for another ballot.
rejection-ballot-bad-point = The encrypted ballot holds an invalid value.
rejection-ballot-bad-proof = The encrypted ballot's proofs do not hold for this voter: it is a copy of someone else's ballot, or it hides more than one choice.
rejection-already-sealed = The ballot box is already sealed.
rejection-seal-mismatch = Votes arrived since the seal was prepared. Reload the page and seal again.
rejection-seal-tally-wrong = The seal's encrypted total is not the sum of the sealed ballots.
rejection-not-sealed = The ballot box is not sealed yet.
rejection-bad-partial-decryption = This share of the decryption does not prove that it used the trustee's key.
cli-result-awaiting_count = being counted
cli-verifying-ballots = Checking the encrypted ballots
cli-verify-secret = { $title }: secret ballot, { $ballots ->
    [one] { $ballots } ballot
   *[other] { $ballots } ballots
}, { $threshold } of { $trustees } trustees needed to decrypt; every proof checked: { $verified ->
    [yes] yes
   *[other] no
}
cli-simulating = Making members and their encrypted ballots
cli-simulate-sealing = Sealing and decrypting
cli-simulate-bad-args = Give --voters at least 1, --answers at least 2, --threshold between 1 and --trustees, no more --trustees than --voters, and --abstain-share between 0 and 1.
cli-simulated = Wrote { $count } events ({ $voters } ballots) to { $file }
secret-failure-unreadable = secret ballot: counted ballot { $tracker } cannot be read
secret-failure-seal-digest = secret ballot: the seal does not name the ballots the record counts
secret-failure-seal-tally = secret ballot: the seal's encrypted total is not the sum of the sealed ballots
secret-failure-setup = secret ballot: the ballot's setup is invalid
secret-failure-ceremony = secret ballot: the key ceremony is invalid ({ $detail })
secret-failure-electorate = secret ballot: member { $member } voted outside the electorate, or twice
secret-failure-duplicate = secret ballot: ballot { $tracker } is counted twice
secret-failure-not-sealed = secret ballot: ballot { $tracker } is counted but was added after the seal
secret-failure-missing = secret ballot: sealed ballot { $tracker } was removed from the record
secret-failure-weight = secret ballot: ballot { $tracker } is sealed with a wrong weight
secret-failure-ballot = secret ballot: ballot { $tracker } of member { $member } is invalid ({ $detail })
secret-failure-decryption = secret ballot: the total cannot be decrypted ({ $detail })
secret-failure-result = secret ballot: the published result is not the decryption of the total
js-choice-yes = Yes
js-choice-no = No
js-error-audit-failed = The check failed: this device did not encrypt your choice. Do not vote from it.
event-dkg_commit = Committed to a trustee's key
event-dkg_deal = Dealt key shares to the other trustees
event-dkg_check = Checked the key shares received
event-ceremony = Moved the key ceremony on
event-seal = Sealed the ballot box
event-decrypt = Decrypted a share of the total
secret-verify-file = plenum verify { $file }

## plenum trustee: a trustee's part in a secret ballot, from a terminal
cli-trustee-title = { $title }: secret ballot; { $threshold } of the { $trustees } trustees are needed to decrypt the total
cli-trustee-phase-commit = Key ceremony, step 1 of 3: each trustee commits to a key.
cli-trustee-phase-deal = Key ceremony, step 2 of 3: each trustee deals shares of their key to the others.
cli-trustee-phase-check = Key ceremony, step 3 of 3: each trustee checks the shares they received.
cli-trustee-phase-ready = Key ceremony done: the ballot's key is made.
cli-trustee-phase-failed = The key ceremony failed: too few trustees took part correctly. A convenor may open the ballot again.
cli-trustee-heading = Trustees:
cli-trustee-col-commit = commit
cli-trustee-col-deal = deal
cli-trustee-col-check = check
cli-trustee-col-decrypt = decrypt
cli-trustee-legend = ✓ done   · not yet   – not taking part
cli-trustee-box-open = The ballot box is open: { $count ->
    [one] { $count } ballot cast so far.
   *[other] { $count } ballots cast so far.
}
cli-trustee-box-sealed = The ballot box is sealed with { $ballots } ballots. Shares of the decryption recorded: { $done } of the { $threshold } needed.
cli-trustee-result = { $title }: the result
cli-trustee-chosen = { $name }: { $votes }
cli-trustee-chosen-seat = { $name }: { $votes } — elected
cli-trustee-you = You are trustee { $number } of { $trustees }.
cli-trustee-not-yours = The key { $key } is not one of this ballot's trustees.
cli-trustee-next-commit = Next for you: commit to your key. Run: plenum trustee step { $url }
cli-trustee-next-deal = Next for you: deal your shares to the other trustees. Run: plenum trustee step { $url }
cli-trustee-next-check = Next for you: check the shares you received. Run: plenum trustee step { $url }
cli-trustee-next-decrypt = Next for you: decrypt your share of the total. Run: plenum trustee step { $url }
cli-trustee-waiting-commit = Nothing to do now: you have committed; waiting for the other trustees ({ $done } of { $expected } have committed).
cli-trustee-waiting-deal = Nothing to do now: you have dealt your shares; waiting for the other trustees ({ $done } of { $expected } have dealt).
cli-trustee-waiting-check = Nothing to do now: you have checked your shares; waiting for the other trustees ({ $done } of { $expected } have checked).
cli-trustee-idle-not-a-trustee = Nothing to do: your key is not one of this ballot's trustees.
cli-trustee-idle-out = Nothing to do: the key ceremony went on without you (you had not committed when a convenor closed that step), so you hold no share of this ballot's key.
cli-trustee-idle-failed = Nothing to do: the key ceremony failed. A convenor may open the ballot again.
cli-trustee-idle-not-sealed = Nothing to do yet: members are voting. You decrypt once a convenor seals the ballot box.
cli-trustee-idle-decrypted = Nothing left to do: your share of the decryption is in the record.
cli-trustee-did-commit = Committed to your key (event { $event }).
cli-trustee-did-deal = Dealt your shares to the other trustees (event { $event }).
cli-trustee-did-check = Checked the shares you received: all are correct (event { $event }).
cli-trustee-did-check-complaints = Checked the shares you received: { $count ->
    [one] { $count } is wrong;
   *[other] { $count } are wrong;
} your complaint is in the record (event { $event }).
cli-trustee-did-decrypt = Decrypted your share of the total (event { $event }).
cli-trustee-watching = Watching { $url }: each step is taken as it becomes due, until your share of the decryption is recorded. Ctrl+C stops.
cli-trustee-refused = The node refused your step: { $reason }
cli-trustee-step-failed = Your key cannot take this step ({ $detail }). Nothing was sent.
cli-trustee-who = Say who you are: --handle NAME (your sign-in name on the node) or --key FILE.
cli-trustee-no-handle = The node keeps no key under the sign-in name “{ $handle }”.
cli-trustee-passphrase-prompt = Passphrase for “{ $handle }”:
cli-trustee-no-passphrase = No passphrase for “{ $handle }”: run this on a terminal, or give it with --passphrase-file FILE or PLENUM_PASSPHRASE.
cli-trustee-wrong-passphrase = Wrong passphrase for “{ $handle }”. Nothing was signed.
cli-trustee-bad-vault = The key kept under “{ $handle }” cannot be opened ({ $detail }).
cli-trustee-bad-key-file = { $file } does not hold a member key: it must hold the 64 hexadecimal digits of the key's seed.
cli-trustee-bad-url = “{ $url }” is not the address of a motion. Give the motion's page, such as http://10.0.0.2:8080/a/ASSEMBLY/m/MOTION, or the node's address with --assembly ID --motion ID.
cli-trustee-unreachable = The node cannot be reached ({ $detail }). Check the address and that the node is running; nothing was signed.
cli-trustee-node-error = The node answered with an error (HTTP { $status }): { $detail }
cli-trustee-bad-record = The record the node sent is not valid ({ $detail }). Nothing was signed.
cli-trustee-no-assembly = The node holds no assembly { $assembly }.
cli-trustee-no-motion = The assembly has no motion { $motion }.
cli-trustee-no-ballot = No ballot has been opened on this motion yet.
cli-trustee-not-secret = The ballot on this motion is not secret: it has no trustees.
cli-trustee-box-wrong = Nothing was decrypted: the sealed ballot box does not check out. { $reason } Decrypting it could reveal how members voted. Tell the assembly.

## plenum --help: each command's summary and each flag's help (crates/plenum/src/help.rs).
## The id is the command's path and the flag's long name: help-bundle-export--out. Flag names,
## value names (FILE, URL, KEY=VALUE) and examples stay as they are.
-help-data = The node's data directory (created if missing)
-help-database = Keep the node's data in this PostgreSQL database instead of the data directory: a URL (postgres://USER:PASSWORD@HOST/DATABASE) or host=HOST dbname=DATABASE user=USER
-help-url = The motion's page, as the browser shows it (http://HOST:PORT/a/ASSEMBLY/m/MOTION), or the node's address with --assembly and --motion
-help-assembly = The assembly's ID, when URL is only the node's address
-help-motion = The motion's ID, when URL does not name it
-help-handle = Your sign-in name on the node: your key, kept there encrypted under your passphrase, is fetched and opened here. The passphrase is asked on the terminal, without echo
-help-key = A file holding your member key: the 64 hexadecimal digits of its seed
-help-passphrase-file = Read the passphrase from the first line of this file instead of asking (for scripts; PLENUM_PASSPHRASE does the same)
help-plenum = The plenum node and command-line tool: serve, export, verify, count
help-plenum--lang = Language of messages: en, pt, ru or kk (default: the system's)
help-serve = Run a node: the web interface and API for phones on this network
help-serve--data = { -help-data }
help-serve--database = { -help-database }
help-serve--listen = Address to listen on; 0.0.0.0:8080 serves every phone on the local network
help-serve--demo = Seed a demo assembly (once) with members, motions, debate and ballots to try
help-serve--no-founding = Refuse to let visitors found new assemblies on this node
help-serve--peer = Another node to keep in sync with, such as http://10.0.0.2:8080 (repeatable)
help-serve--sync-interval = Seconds between two syncs with a reachable peer
help-serve--lan = Announce this node on the local network (mDNS) and list the nodes found there as peers
help-serve--lan-sync = Also sync automatically with the nodes found on the local network (implies --lan)
help-sync = Sync now with another node: the assemblies both serve, or those named
help-sync--peer = The other node's address, such as http://10.0.0.2:8080
help-sync--assembly = Sync only this assembly (repeatable); it may be one this node does not hold yet
help-sync--data = { -help-data }
help-sync--database = { -help-database }
help-bundle = Carry events between nodes by hand: export, import, heads
help-bundle-export = Write events to a bundle file, for another node
help-bundle-export--out = The bundle file to write
help-bundle-export--assembly = Export only this assembly (repeatable); every assembly if absent
help-bundle-export--since = A bundle written by the other node (plenum bundle heads, or any of its exports): only events it lacked then are written
help-bundle-export--data = { -help-data }
help-bundle-export--database = { -help-database }
help-bundle-heads = Write only this node's heads, for another node to export what this one lacks
help-bundle-heads--out = The file to write
help-bundle-heads--data = { -help-data }
help-bundle-heads--database = { -help-database }
help-bundle-import = Check a bundle's events and store those that hold
help-bundle-import--file = The bundle file
help-bundle-import--data = { -help-data }
help-bundle-import--database = { -help-database }
help-status = Show each assembly's digest and events, and each peer's last contact and what is pending
help-status--data = { -help-data }
help-status--database = { -help-database }
help-export = Write the record of one assembly, or of all, to a bundle file
help-export--data = { -help-data }
help-export--database = { -help-database }
help-export--assembly = The assembly to export (its ID); every assembly if absent
help-export--out = The bundle file to write
help-verify = Check a record offline: every signature, link, sequence and rule; print the results
help-verify--file = The record: a bundle file, as written by plenum export or downloaded from a node
help-verify--json = Print the report as JSON
help-count = Count ballots (BLT or a JSON case) by any method, round by round
help-count--ballots = The ballots: a BLT file, or a JSON case (.json or .json.gz)
help-count--method = How to count (see the list below). A JSON case names its own method
help-count--seats = Seats to fill (overrides the file)
help-count--option = A method option, KEY=VALUE, in the source's own names (arithmetic=fixed, precision=9, omega=6, overvoteRule=alwaysSkipToNextRank, tie=lot, seed=42, ...). Repeatable
help-count--json = Print the transcript as JSON
help-count-methods = Methods
help-count-method-plurality = most first preferences wins
help-count-method-approval = most approvals wins (every ranked candidate is approved)
help-count-method-score = highest total score wins (option max=N)
help-count-method-borda = Borda count: n-1 points for a first preference, down to 0
help-count-method-majority-judgment = highest median grade wins, ties by Balinski-Laraki
help-count-method-consent = carried unless objections reach a stated number (option objections=N)
help-count-method-schulze = Condorcet winner by the Schulze method (winning votes), with the pairwise matrix
help-count-method-irv = instant-runoff, with RCTab's options; multi-winner bottoms-up and sequential
help-count-method-stv-scottish = Scottish STV (2007 local government rules)
help-count-method-stv-wigm = weighted inclusive Gregory STV
help-count-method-stv-wigm-prf = PR Foundation reference WIGM (also stv-wigm-prf-batch)
help-count-method-stv-meek = Meek STV
help-count-method-stv-meek-prf = PR Foundation reference Meek
help-count-method-stv-warren = Warren STV
help-count-options =
    STV options: arithmetic=fixed|guarded|rational, precision=N, guard=N, display=N, omega=N,
    defeat_batch=none|zero|safe, integer_quota=true|false. IRV options: RCTab's rule keys
    (overvoteRule, maxSkippedRanksAllowed, maxRankingsAllowed, batchElimination,
    continueUntilTwoCandidatesRemain, winnerElectionMode, decimalPlacesForVoteArithmetic,
    minimumVoteThreshold, tiebreakMode, randomSeed, ...). Every method: tie=lot|candidate-order,
    seed=N (the lot's seed; by default a digest of the ballots), tie_order=3,1,2.
    Exit codes: 0 counted, 2 bad input, 1 other failure.
help-bench = Measure: plenum bench sync
help-bench-sync = Reconcile two replicas that differ a little, and report the cost
help-bench-sync--events = Events in each replica
help-bench-sync--differ = Events by which the replicas differ
help-election = Secret ballots: simulate a whole one, for tests, demos and benchmarks
help-election-simulate = Write the complete record of one secret ballot with N random valid ballots
help-election-simulate--voters = How many members vote
help-election-simulate--answers = How many answers the question has: 2 is a yes/no motion (a blank ballot abstains); more is a secret election of one delegate among that many candidates
help-election-simulate--trustees = How many trustees hold the key
help-election-simulate--threshold = How many trustees are needed to decrypt
help-election-simulate--abstain-share = The share of voters who cast a blank ballot (0 to 1)
help-election-simulate--seed = A seed for the random choices and keys, for the same record every time
help-election-simulate--out = The bundle file to write
help-trustee = A trustee's part in a secret ballot, from this terminal: the key ceremony and the decryption
help-trustee-status = Show where a secret ballot's key ceremony and decryption stand, and what is next for you
help-trustee-status--url = { -help-url }
help-trustee-status--assembly = { -help-assembly }
help-trustee-status--motion = { -help-motion }
help-trustee-status--handle = { -help-handle }
help-trustee-status--key = { -help-key }
help-trustee-status--passphrase-file = { -help-passphrase-file }
help-trustee-step = Take the step that is due for you: commit, deal, check, or decrypt once sealed
help-trustee-step--url = { -help-url }
help-trustee-step--assembly = { -help-assembly }
help-trustee-step--motion = { -help-motion }
help-trustee-step--handle = { -help-handle }
help-trustee-step--key = { -help-key }
help-trustee-step--passphrase-file = { -help-passphrase-file }
help-trustee-step--watch = Keep watching, and take each step as it becomes due, until your share of the decryption is recorded
help-trustee-step--interval = With --watch: the longest wait, in seconds, between two looks at the record (the node's live updates usually wake it sooner)
help-clap-usage = Usage
help-clap-commands = Commands
help-clap-arguments = Arguments
help-clap-options = Options
help-clap-help = Print help
help-clap-help-short = Print help (see more with '--help')
help-clap-help-long = Print help (see a summary with '-h')
help-clap-version = Print version
help-clap-help-command = Print this message or the help of the given subcommand(s)
help-clap-help-subcommand = Print help for the subcommand(s)
help-clap-env = env
help-clap-default = default
