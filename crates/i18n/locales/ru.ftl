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

## Ballots
ballot-title = Ballot
ballot-none = No ballot has been opened on this motion yet.
ballot-quorum = Quorum: share of the members who must vote
ballot-threshold = Needed to carry
ballot-deadline = Closes by itself
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
deadline-none = Only when a convenor closes it
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
choice-yes = Yes
choice-no = No
choice-abstain = Abstain

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
record-assembly-id = Assembly id
record-download = Download the record
record-verify-how = To check it:
record-kind = Event
record-author = Author
record-time = Time
record-id = Id
record-ignored = did not take effect
event-found = Founded the assembly
event-invite = Issued an invitation
event-join = Joined
event-motion = Put a motion
event-comment = Commented
event-open_ballot = Opened a ballot
event-vote = Voted
event-close_ballot = Closed a ballot
event-unknown = Unknown event

## Joining, signing in, founding
join-title = Join an assembly
join-lead = Type the invitation code you were given. Your phone makes your own key; no e-mail or phone number is needed.
join-code = Invitation code
join-code-help = 16 letters and digits, such as 7K2M-9QXD-H4TB-0RNC. Dashes and case do not matter.
join-name = Your name in the assembly
join-key = Your key on this node
join-key-help = Your key is sealed with your passphrase on this phone before it is kept on the node, so you can sign in on another phone. The node cannot open it.
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
found-bootstrap = As founder you hold the powers to convene and to admit members. They are written in the founding event.
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

## Errors of the API
api-error-no-assembly = This node holds no assembly with this id.
api-error-bad-key = That is not a key: 64 hexadecimal digits are expected.
api-error-no-invite = No invitation with this code exists on this node. Check the code, or ask for a new one.
api-error-bad-handle = A sign-in name must be 1 to 80 characters, without control characters.
api-error-bad-sealed-key = The sealed key is not in the expected format.
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
js-error-bad-sealed-key = The kept key cannot be read.
js-error-bad-request = Something went wrong on this device. Reload the page and try again.

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
cli-verify-invalid = The record is NOT valid. First problem: { $event } { $reason }
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

## Sync between nodes, bundles and peers (issue 5)
sync-error-bad-url = «{ $detail }» — не адрес узла. Укажите его в виде http://ХОСТ:ПОРТ, например http://10.0.0.2:8080.
sync-error-no-tls = { $detail }: узлы синхронизируются по обычному http:// в своей локальной сети; события подписаны, поэтому по дороге ничего нельзя подделать. Используйте http://.
sync-error-unreachable = Другой узел недоступен ({ $detail }). Проверьте, что он запущен и находится в той же сети; ничего не изменено.
sync-error-status = Другой узел отказался синхронизироваться (HTTP { $detail }). Это узел plenum совместимой версии?
sync-error-protocol = Ответы другого узла не соответствуют протоколу синхронизации ({ $detail }). Уже сохранённое остаётся; попробуйте снова или обновите plenum.
api-error-bad-sync = Этот узел не понимает такой запрос синхронизации. Ничего не изменено.
cli-sync-nothing = На этом узле ещё нет собраний. Укажите собрание через --assembly ID, чтобы получить его с другого узла.
cli-sync-not-remembered = не удалось записать контакт с другим узлом в список узлов-соседей
cli-sync-done = { $assembly }: синхронизировано.
cli-sync-not-served = { $assembly }: другой узел не обслуживает это собрание; обмена не было.
cli-sync-failed = { $assembly }: синхронизация остановилась ({ $detail }). Сохранённое остаётся; попробуйте снова.
cli-sync-summary = Получено новых событий: { $received }, отправлено: { $sent }, обменов: { $rounds } ({ $bytes } байт протокола сверх самих событий).
cli-sync-refused = Другой узел прислал события, которые этот узел отклонил (не сохранены): { $count }
cli-no-such-assembly = На этом узле нет собрания { $assembly }.
cli-heads-written = Вершины этого узла записаны в { $file }. Отнесите файл на другой узел и выполните: plenum bundle export --since { $file } --out ФАЙЛ
cli-importing = Проверка и импорт пакета…
cli-import-refused = Пакет отклонён целиком; ничего не импортировано: { $reason }
cli-import-truncated = Пакет обрезан: прочитаны и импортированы только первые полные события ({ $count }). Скопируйте его заново, чтобы получить остальное.
cli-imported = Импортировано новых событий: { $stored }; уже были здесь: { $held }; отклонено: { $refused }.
cli-import-waiting = События ({ $count }) опираются на события, которых нет на этом узле, и не импортированы: сначала импортируйте пакет, из которого они пришли, или синхронизируйтесь.
bundle-error-not-a-bundle = этот файл — не пакет plenum
bundle-error-version = у пакета версия формата { $version }, которую этот plenum не читает: обновите plenum
bundle-error-bad-event = событие { $index } пакета недействительно ({ $detail }): пакет изменён
bundle-error-bad-frame = нечитаемые данные на байте { $offset }: пакет изменён
bundle-error-truncated = пакет обрывается после полных событий: { $count }
bundle-error-altered = контрольная сумма пакета не совпадает: его изменили после записи
cli-status-node = Узел { $node }
cli-status-events = событий: { $events }, авторов: { $authors }; не вступили в силу (разрешённые конфликты): { $ignored }
cli-status-no-peers = Соседних узлов пока нет: добавьте через plenum serve --peer URL, на странице «Синхронизация» или выполните plenum sync URL.
cli-status-peer = Узел { $url } ({ $source }), последний контакт: { $contact }
cli-status-peer-error = последняя попытка не удалась: { $detail }
cli-status-pending = { $assembly }: у него было событий: { $events }, вершин: { $heads }; { $they }; { $we }
status-never = никогда
status-they-lack = ему не хватает наших событий: { $count }
status-they-lack-unknown = чего ему не хватает, станет известно при следующей синхронизации
status-we-lack-nothing = у нас есть всё, что было у него
status-we-lack = нам не хватает его вершин: { $count }
peer-source-flag = задан при запуске
peer-source-ui = добавлен созывающим
peer-source-lan = найден в локальной сети
peer-source-cli = синхронизирован из командной строки
ago-seconds = { $count } с назад
ago-minutes = { $count } мин назад
ago-hours = { $count } ч назад
ago-days = { $count } дн. назад
cli-bench-header = Две реплики по { $events } событий, различающиеся на { $differ }; отправка всех идентификаторов стоила бы { $naive } байт.
cli-bench-line = { $case }, { $mode }: обменов { $rounds }, { $bytes } байт сверх событий, перенесено событий: { $events }, { $ms } мс
cli-bench-mode-protocol = сначала вершины, затем сверка
cli-bench-mode-negentropy = только сверка
cli-bench-case-newest-end = новейший конец (узел был отключён)
cli-bench-case-scattered = разбросаны по истории
cli-bench-case-both-newest = обе стороны создавали события порознь
cli-bench-case-both-scattered = у обеих сторон разбросанные события, которых нет у другой
cli-verify-conflicts = Не вступили в силу события ({ $count }): конфликты между разделёнными узлами, разрешённые правилами (docs/conflicts.md). Запись остаётся действительной.
cli-verify-conflict = { $event }: { $reason }
api-error-bad-peer-action = Неизвестное действие с узлом: ожидается add, remove или sync.
api-error-not-a-bundle = Этот файл — не пакет plenum. Ничего не импортировано.
api-error-bundle-version = Этот пакет записан более новой версией plenum. Обновите узел и попробуйте снова.
api-error-bundle-altered = Пакет изменён после записи: он отклонён целиком, ничего не импортировано. Попросите новую копию.
home-sync = Синхронизация с другими узлами, пакеты и соседи
sync-title = Синхронизация
sync-lead = Этот узел хранит полную копию своих собраний и обменивается событиями с другими узлами, когда есть связь: сеть или пакет, перенесённый вручную.
sync-node = Идентификатор этого узла
sync-assemblies = Собрания на этом узле
sync-col-assembly = Собрание
sync-col-events = События
sync-col-authors = Авторы
sync-col-ignored = Разрешённые конфликты
sync-col-contact = последний контакт
sync-peers = Соседние узлы
sync-no-peers = Соседних узлов пока нет. Добавьте ниже адрес другого узла или запустите этот узел с plenum serve --peer URL.
sync-approve = Синхронизироваться автоматически
sync-now = Синхронизировать сейчас
sync-remove = Забыть этот узел
sync-add-peer = Добавить соседний узел
sync-peer-url = Адрес другого узла
sync-add = Добавить
sync-convenors-only = Добавлять, удалять и синхронизировать соседние узлы может только созывающий собрания на этом узле; запрос подписывается на его устройстве.
sync-bundles = Пакеты: события, перенесённые вручную
sync-bundles-explain = Если два узла не связаны сетью, скачайте здесь пакет, перенесите его на флешке и загрузите на другом узле. Повторный импорт того же пакета ничего не меняет; повреждённый пакет отклоняется.
sync-download = Скачать пакет всех собраний
sync-upload-file = Файл пакета
sync-upload = Импортировать пакет
js-synced = Синхронизировано.
js-sync-failed = Синхронизация не удалась:
js-bundle-imported = Пакет импортирован (новые / уже были / отклонены):
js-bundle-truncated = Пакет обрезан; его полная часть импортирована (новые / уже были / отклонены):
cli-lan-on = Узел объявляет себя в локальной сети и ищет другие (mDNS).
cli-lan-failed = Поиск узлов в локальной сети не запустился ({ $detail }); узел всё равно работает и синхронизируется с известными соседями.
cli-data-in-use = Узел обслуживает { $dir } по адресу { $url }: он не увидит того, что запишет эта команда. Воспользуйтесь его страницей «Синхронизация» или запустите его с --peer; либо сначала остановите его.
cli-import-via-node = Этот каталог данных обслуживает узел; пакет передаётся через него ({ $url }).
