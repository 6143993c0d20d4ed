# plenum — русский. Те же сообщения, что в en.ftl (эталон).

## Рамка каждой страницы
nav-skip = Перейти к содержанию
nav-breadcrumbs = Где вы находитесь
nav-language = Язык
nav-sign-in = Войти
nav-sign-out = Выйти
nav-signed-in-as = Вы вошли как { $name }
footer-signed = Каждое решение здесь — подписанное событие, которое любой может проверить командой plenum verify.
needs-script = Читать можно без JavaScript, но для действий он нужен: ваш телефон подписывает каждое действие вашим собственным ключом.

## Главная
home-title = Собрания
home-lead = Решайте вместе, открыто или тайным голосованием, даже когда интернет отключён.
home-join = Вступить по коду приглашения
home-found = Создать собрание
home-none = На этом узле пока нет собраний.

## Собрания
assembly-part-of = В составе: { $name }
assembly-includes = Включает:
assembly-members-count = { $count ->
    [one] { $count } участник
    [few] { $count } участника
   *[many] { $count } участников
}
assembly-open-ballots = { $count ->
    [0] нет открытых голосований
    [one] { $count } открытое голосование
    [few] { $count } открытых голосования
   *[many] { $count } открытых голосований
}
tabs-label = Разделы собрания
tab-motions = Предложения
tab-demands = Требования
tab-members = Участники
tab-record = Протокол
by-member = автор: { $name }
comments-count = { $count ->
    [0] нет комментариев
    [one] { $count } комментарий
    [few] { $count } комментария
   *[many] { $count } комментариев
}

## Предложения
motion-put = Внести предложение
motion-kind = Вид предложения
motion-title = Заголовок
motion-text = Текст
motion-submit = Внести предложение
motions-none = Предложений пока нет.
motions-voting = На голосовании
motions-debating = На обсуждении
motions-decided = Решённые
kind-resolution = Резолюция
kind-demand = Требование
kind-election = Выборы делегатов
election-seats = Число мест
election-candidates-members = Кандидаты из числа участников
election-candidates-named = Другие кандидаты, по одному имени в строке
election-candidates-help = Участники могут выдвигать кандидатов, пока голосование не открыто.

## Голосования
ballot-title = Голосование
ballot-none = По этому предложению голосование ещё не открыто.
ballot-quorum = Кворум: доля участников, которые должны проголосовать
ballot-threshold = Необходимое большинство
ballot-deadline = Когда закроется
ballot-open = Открыть голосование
ballot-closes-at = Закроется
ballot-quorum-is = Кворум: { $share }
ballot-turnout = Проголосовали { $voted } из { $electorate }
ballot-cast = Ваш голос
ballot-you-voted = Ваш голос: { $choice }. Его можно изменить до закрытия голосования.
ballot-not-in-electorate = Вы вступили после открытия этого голосования, поэтому вас нет в списке голосующих.
ballot-close = Закрыть голосование сейчас
ballot-close-confirm = Закрыть голосование сейчас? После этого никто не сможет проголосовать.
ballot-roll-call = Поимённое голосование
roll-member = Участник
roll-vote = Голос
roll-did-not-vote = Не голосовал(а)
quorum-none = без кворума
quorum-quarter = Четверть
quorum-third = Треть
quorum-half = Половина
quorum-two-thirds = Две трети
threshold-simple_majority = Простое большинство голосов
threshold-two_thirds = Две трети поданных голосов
threshold-absolute_majority = Большинство всех участников
deadline-none = Закроет координатор
deadline-minutes = { $count ->
    [one] через { $count } минуту
    [few] через { $count } минуты
   *[many] через { $count } минут
}
deadline-hours = { $count ->
    [one] через { $count } час
    [few] через { $count } часа
   *[many] через { $count } часов
}
deadline-days = { $count ->
    [one] через { $count } день
    [few] через { $count } дня
   *[many] через { $count } дней
}
status-open = Открыто
outcome-carried = Принято
outcome-not-carried = Не принято
outcome-quorum-not-met = Нет кворума
outcome-counted = Подсчитано
choice-yes = За
choice-no = Против
choice-abstain = Воздер{ "\u00AD" }жусь
tally-abstain = Воздержались

## Выборы делегатов
election-seats-count = { $count ->
    [one] { $count } место
    [few] { $count } места
   *[many] { $count } мест
}
election-candidates-count = { $count ->
    [0] нет кандидатов
    [one] { $count } кандидат
    [few] { $count } кандидата
   *[many] { $count } кандидатов
}
election-candidates = Кандидаты
election-no-candidates = Кандидатов пока нет.
election-member = участник
election-nominated-by = выдвинул(а) { $name }
election-nominate = Выдвинуть кандидата
election-nominations-help = Любой участник может выдвигать кандидатов, пока координатор не откроет голосование.
election-nominate-member = Участник собрания
election-nominate-name = Или впишите имя другого человека
election-nominate-submit = Выдвинуть
election-too-few = Голосование можно открыть, когда кандидатов будет не меньше, чем мест.
election-method = Способ подсчёта
election-open-freezes = С открытием голосования список кандидатов закрывается.
rule-stv_scottish = Шотландский ЕПГ (единый передаваемый голос)
rule-stv_meek = ЕПГ по методу Мика
rule-stv_wigm = ЕПГ по методу Грегори (WIGM)
rule-stv_warren = ЕПГ по методу Уоррена
rule-irv = Мгновенный второй тур (IRV)
rule-schulze = Метод Шульце (Кондорсе)
rule-borda = Метод Борда
rank-legend = Расставьте кандидатов по порядку, первым — ваш первый выбор
rank-you-ranked = Ваш порядок: { $ranking }. Его можно изменить до закрытия голосования.
rank-you-cast-blank = Вы подали пустой бюллетень. Его можно изменить до закрытия голосования.
rank-help = Добавляйте кандидатов в порядке предпочтения и передвигайте их стрелками. Можно включить не всех; бюллетень, в котором никто не выбран, учитывается только для кворума.
rank-yours = Ваш порядок
rank-none-yet = Пока никто не выбран.
rank-unranked = Не выбраны
rank-add-short = Добавить
rank-add = Добавить в ваш порядок: { $name }
rank-up = Поднять выше: { $name }
rank-down = Опустить ниже: { $name }
rank-remove = Убрать из вашего порядка: { $name }
rank-submit = Проголосовать
roll-ranking = Порядок
roll-blank = Пустой бюллетень
result-title = Подсчёт
result-elected = Избраны
result-elected-none = Никто не избран.
result-see-count = Подсчёт по турам
result-method = Способ подсчёта
result-seats = Число мест
result-turnout = Явка
result-rounds = По турам
result-rounds-caption = Голоса каждого кандидата в конце каждого тура
result-candidate = Кандидат
result-round = Тур
result-quota = Квота
result-exhausted = Исчерпано
result-fate-elected = избран(а) в туре { $round }
result-fate-excluded = выбыл(а) в туре { $round }
result-events = Что произошло в каждом туре
result-tie-lot = Равенство голосов, которое правило не решает, решается жребием: зерно { $seed }, порядок { $order }.
result-tie-order = Равенство голосов, которое правило не решает, решается по этому порядку: { $order }.
result-downloads = Скачать
result-transcript-json = Ход подсчёта (JSON)
result-transcript-csv = Таблица туров (CSV)
result-ballots-blt = Бюллетени (BLT)
result-recount = Любой может пересчитать бюллетени на своём компьютере:
result-recount-command = plenum count ФАЙЛ.blt --method { $method }
chart-title = Голоса в каждом туре
chart-desc = По строке на кандидата и по столбику на тур, всего туров: { $rounds }; пунктир отмечает квоту. Избраны: { $elected }.
chart-bar = { $name }, тур { $round }: { $votes }
chart-rounds = Туры идут слева направо; пунктир — квота.
csv-round = тур
csv-quota = квота
csv-exhausted = исчерпано
csv-elected = избраны
csv-excluded = выбыли
## Обсуждение
debate-title = Обсуждение
debate-none = Пока никто не выступил.
debate-reply = Ответить
debate-your-reply = Ваш ответ
debate-your-comment = Ваш комментарий
debate-send = Отправить
debate-members-only = Участвовать в обсуждении могут только участники собрания.

## Участники и приглашения
members-title = { $count ->
    [one] { $count } участник
    [few] { $count } участника
   *[many] { $count } участников
}
members-name = Имя
members-since = Вступил(а)
members-powers = Полномочия
members-powers-explain = Полномочия берутся только из протокола: полномочия основателя видны с первого события, остальные даёт собрание.
power-convene = Координатор
power-admit = Приём участников
invite-title = Пригласить участников
invite-explain = Код приглашения позволяет вступить со своего телефона. Передайте его лично или прочитайте вслух; любой, у кого он есть, может вступить, пока код не израсходован и не истёк его срок.
invite-uses = Сколько человек могут вступить по нему
invite-days = Сколько дней он действует
invite-create = Создать приглашение
invite-code-is = Код приглашения:
invite-link-is = Или откройте эту ссылку на телефоне:

## Требования
demands-title = Принятые требования
demands-none = Пока не принято ни одного требования.
demands-adopted = Принято

## Протокол
record-title = Протокол
record-explain = Всё, что решило это собрание, в виде подписанных событий. Скачайте протокол и проверьте его на своём компьютере, не доверяя этому узлу.
record-events = События
record-digest = Хеш состояния
record-assembly-id = ID собрания
record-download = Скачать протокол
record-verify-how = Чтобы проверить:
record-verify-command = plenum verify ФАЙЛ
record-kind = Событие
record-author = Автор
record-time = Время
record-id = ID
record-ignored = не вступило в силу
event-found = Создание собрания
event-invite = Приглашение
event-join = Вступление
event-motion = Предложение
event-comment = Комментарий
event-open_ballot = Открытие голосования
event-vote = Голос
event-close_ballot = Закрытие голосования
event-nominate = Выдвижение кандидата
event-unknown = Неизвестное событие

## Вступление, вход, учреждение
join-title = Вступить в собрание
join-lead = Введите полученный код приглашения. Ваш телефон создаст ваш собственный ключ; не нужны ни почта, ни номер телефона.
join-code = Код приглашения
join-code-help = 16 букв и цифр, например 7K2M-9QXD-H4TB-0RNC. Дефисы и регистр не важны.
join-name = Ваше имя в собрании
join-key = Ваш ключ на этом узле
join-key-help = Ваш ключ шифруется вашей парольной фразой прямо на этом телефоне и только потом хранится на узле — так вы сможете войти и с другого телефона. Узел не может его расшифровать.
join-submit = Вступить
signin-title = Вход
signin-lead = Откройте свой ключ парольной фразой. Ключ открывается на этом устройстве; парольная фраза его не покидает.
signin-handle = Имя для входа
signin-passphrase = Парольная фраза
signin-submit = Войти
signin-no-key = Ещё нет ключа? Вступите по коду приглашения.
passphrase-help = Не меньше 10 символов. Несколько не связанных между собой слов легко запомнить и трудно угадать. Если вы её потеряете, никто не сможет восстановить ваш ключ.
found-title = Создать собрание
found-lead = Вы станете его первым участником и первым координатором; это будет видно в протоколе.
found-name = Название собрания
found-description = Для чего это собрание
found-parent = Входит в состав собрания
found-parent-none = Нет
found-admission = Кто может приглашать новых участников
admission-convenors = Координаторы
admission-members = Любой участник
found-your-name = Ваше имя в собрании
found-bootstrap = Как основатель вы получаете полномочия координатора и право принимать участников. Это записывается в событие создания собрания.
found-submit = Создать собрание

## Ошибки на страницах
error-back-home = Назад к собраниям
error-not-found-title = Не найдено
error-not-found = По этому адресу ничего нет.
error-no-assembly-title = Нет такого собрания
error-no-assembly = На этом узле нет собрания с таким идентификатором. Возможно, оно на другом узле, который ещё не синхронизировался.
error-no-motion-title = Нет такого предложения
error-no-motion = В этом собрании нет предложения с таким идентификатором.
error-founding-closed-title = Создание собраний закрыто
error-founding-closed = Оператор этого узла не разрешает создавать здесь новые собрания.
error-no-count-title = Нет подсчёта
error-no-count = У этого предложения нет голосования с расстановкой кандидатов по порядку, которое можно подсчитать.
error-not-counted-title = Ещё не подсчитано
error-not-counted = Подсчёт делается после закрытия голосования, если есть кворум.
error-uncountable-title = Подсчёт не удался
error-uncountable = Эти бюллетени не удалось подсчитать. Протокол цел; сообщите оператору узла.

## Ошибки API
api-error-no-assembly = На этом узле нет собрания с таким идентификатором.
api-error-bad-key = Это не ключ: ожидаются 64 шестнадцатеричные цифры.
api-error-no-invite = На этом узле нет приглашения с таким кодом. Проверьте код или попросите новый.
api-error-bad-handle = Имя для входа — от 1 до 80 символов, без управляющих символов.
api-error-bad-sealed-key = Зашифрованный ключ имеет неверный формат.
api-error-handle-taken = Это имя для входа на этом узле уже занято. Выберите другое.
api-error-no-handle = На этом узле под этим именем ключ не хранится.
api-error-not-stored = Узел не смог это сохранить. Ничего не изменилось; попробуйте ещё раз.

## Почему событие отклонено
rejection-malformed = Это некорректное событие ({ $detail }). Ничего не записано.
rejection-bad-signature = Подпись не совпадает. Ничего не записано.
rejection-bad-payload = Содержимое события не читается ({ $detail }). Ничего не записано.
rejection-missing-dependency = Это опирается на событие, которого на этом узле ещё нет ({ $event }). Синхронизируйтесь с другими узлами и попробуйте снова.
rejection-wrong-assembly = Это событие относится к другому собранию.
rejection-bad-sequence = Ваши события идут не по порядку (ожидался номер { $expected }, получен { $got }). Обновите страницу и попробуйте снова.
rejection-sequence-used = У вас уже есть другое событие с номером { $seq }. Обновите страницу и попробуйте снова.
rejection-no-dependencies = Каждое событие должно опираться на протокол собрания.
rejection-clock-skew = Часы вашего устройства слишком расходятся с часами узла. Установите верное время и попробуйте снова.
rejection-duplicate = Это уже записано.
rejection-unknown-assembly = На этом узле нет такого собрания.
rejection-not-stored = Узел не смог это сохранить. Ничего не записано; попробуйте ещё раз.
rejection-not-founded = Сначала собрание нужно создать.
rejection-already-founded = Это собрание уже создано.
rejection-not-a-member = Это могут делать только участники собрания.
rejection-already-a-member = Вы уже участник этого собрания.
rejection-no-power = Для этого нужно полномочие «{ $power }». Полномочия даёт собрание.
rejection-bad-text = Поле «{ $field }» не должно быть пустым, должно содержать не больше { $max } символов и не содержать управляющих символов.
rejection-unknown-invite = В этом собрании нет такого приглашения.
rejection-invite-expired = Срок приглашения истёк. Попросите новое.
rejection-invite-used-up = Приглашение использовано максимальное число раз. Попросите новое.
rejection-bad-invite-proof = Неверный код приглашения. Проверьте его и попробуйте снова.
rejection-duplicate-invite = Приглашение с таким кодом уже существует.
rejection-out-of-range = Значение поля «{ $field }» вне допустимых пределов.
rejection-unknown-motion = В этом собрании нет такого предложения.
rejection-unknown-comment = К этому предложению нет такого комментария.
rejection-unknown-ballot = В этом собрании нет такого голосования.
rejection-ballot-exists = По этому предложению уже есть голосование.
rejection-ballot-closed = Это голосование закрыто.
rejection-not-in-electorate = Вас нет в списке голосующих: он был составлен при открытии голосования.
rejection-wrong-mark = Этот голос не соответствует способу голосования.
rejection-unknown-kind = Этот вид события ({ $kind }) неизвестен этой версии plenum. Обновите plenum.
rejection-unexpected-kind = Событие вида { $kind } здесь не ожидается.
rejection-stale = Пока это подписывалось, в собрании произошли новые события. Попробуйте ещё раз.
rejection-not-an-election = Выдвигать кандидатов можно только на выборах.
rejection-nominations-closed = Голосование открыто: выдвигать кандидатов больше нельзя.
rejection-duplicate-candidate = Этот кандидат уже в списке.
rejection-candidate-not-a-member = Кандидат, указанный по ключу, должен быть участником собрания.
rejection-method-does-not-fit = Этот способ не подходит к предложению: на выборах кандидатов ранжируют, по остальным предложениям голосуют «за» или «против».
rejection-candidates-changed = Список кандидатов изменился: в нём { $expected }, а в бюллетене было { $got }. Обновите страницу и откройте голосование снова.
rejection-too-few-candidates = Кандидатов ({ $candidates }) меньше, чем мест ({ $seats }). Сначала выдвиньте ещё.
rejection-bad-ranking = В порядке указан кандидат, которого нет в бюллетене, или один и тот же кандидат дважды.

## Сообщения сценария страницы
js-working = Подписываем на вашем устройстве…
js-recorded = Записано.
js-vote-recorded = Ваш голос записан.
js-network = Узел недоступен. Проверьте Wi-Fi и попробуйте снова.
js-sign-in-first = Сначала войдите.
js-handle-needed = Выберите имя для входа.
js-handle-taken = Это имя для входа на этом узле уже занято. Выберите другое.
js-error-bad-code = Это не код приглашения: ожидаются 16 букв и цифр.
js-error-weak-passphrase = Парольная фраза должна содержать не меньше 10 символов.
js-error-wrong-passphrase = Неверная парольная фраза.
js-error-bad-sealed-key = Сохранённый ключ не читается.
js-error-bad-request = На этом устройстве что-то пошло не так. Обновите страницу и попробуйте снова.
js-rank-position = теперь на месте
js-rank-out = убран(а) из порядка
js-ranking-recorded = Ваш порядок записан.
js-nominated = Кандидат выдвинут.

## Названия полей в сообщениях о них
field-name = имя
field-description = описание
field-founder_name = имя основателя
field-title = заголовок
field-text = текст
field-uses = число использований
field-expires = срок действия
field-quorum = кворум
field-closes_at = время закрытия
field-seats = число мест
field-candidates = число кандидатов
field-candidate = имя кандидата
field-threshold = необходимое большинство

## Командная строка
cli-error = ошибка: { $detail }
cli-cannot-open-data = не удаётся открыть каталог данных { $dir }
cli-cannot-listen = не удаётся слушать { $address } (там уже работает другой узел?)
cli-serving = plenum обслуживает { $count ->
    [one] { $count } собрание
    [few] { $count } собрания
   *[many] { $count } собраний
}.
cli-serving-lan = Телефоны в этой сети могут открыть { $url }
cli-serving-local = Откройте { $url } в браузере.
cli-stop = Нажмите Ctrl+C, чтобы остановить.
cli-stopped = Остановлено. Всё подтверждённое сохранено.
cli-demo-ready = Демонстрационное собрание готово. Войдите как один из его участников:
cli-demo-person = { $name }: имя для входа { $handle }, парольная фраза { $passphrase }
cli-no-data = В { $dir } нет данных plenum.
cli-nothing-to-export = Экспортировать нечего.
cli-cannot-write = не удаётся записать { $file }
cli-cannot-read = не удаётся прочитать { $file }
cli-exported = В файл { $file } записано событий: { $count }.
cli-verifying = Проверяем подписи и правила…
cli-verify-valid = Протокол действителен: все подписи, связи, последовательности и правила соблюдены.
cli-verify-invalid = Протокол НЕДЕЙСТВИТЕЛЕН. Первая проблема, событие { $event }: { $reason }
cli-verify-invalid-record = Протокол НЕДЕЙСТВИТЕЛЕН. Первая проблема: { $reason }
cli-verify-broke-rule = нарушает правило собрания: { $reason }
cli-verify-heads = список последних событий собрания { $assembly } в пакете не совпадает с его событиями: события удалены или добавлены
cli-verify-id = идентификатор { $id }
cli-verify-events = { $count ->
    [one] { $count } событие
    [few] { $count } события
   *[many] { $count } событий
}
cli-verify-digest = хеш состояния { $digest }
cli-verify-ballot = { $title }: { $result } (за { $yes }, против { $no }, воздержались { $abstain })
cli-result-open = открыто
cli-result-carried = принято
cli-result-not_carried = не принято
cli-result-quorum_not_met = нет кворума
cli-result-counted = подсчитано
cli-verify-election = { $title }: избраны { $elected } ({ $method }, { $rounds ->
    [one] { $rounds } тур
    [few] { $rounds } тура
   *[many] { $rounds } туров
})
cli-verify-ranked = { $title }: { $result } (проголосовали { $voted } из { $electorate })

## plenum count
count-bad-input-line = { $file }, строка { $line }: { $what }
count-bad-input = { $file }: { $what }
count-no-method = { $file }: в файле BLT не указано, как его считать: укажите --method (см. --help)
count-unknown-method = неизвестный способ «{ $method }»; известные способы: { $known }
count-case-needs-method = { $file }: способ «{ $method }», указанный в файле, означает несколько способов: укажите --method
count-bad-option = --option «{ $option }»: ожидается КЛЮЧ=ЗНАЧЕНИЕ
count-cannot-count = { $file }: подсчёт невозможен: { $what }
count-cannot-read = не удаётся прочитать { $file }: { $what }
count-election = Выборы: { $title }
count-method = Способ: { $method }
count-method-options = Способ: { $method } ({ $options })
count-seats = Мест: { $seats }   Кандидатов: { $candidates }   Бюллетеней: { $ballots }
count-tie-break-lot = Равенство голосов, не решённое правилом: по жребию, зерно { $seed } (порядок: { $order })
count-tie-break-order = Равенство голосов, не решённое правилом: { $mode } (порядок: { $order })
count-round = Тур { $number }
count-column-candidate = Кандидат
count-column-votes = Голоса
count-column-keep = Коэффициент сохранения
count-quota = Квота: { $quota }
count-exhausted = Исчерпано: { $exhausted }
count-state-elected = избран(а)
count-state-excluded = выбыл(а)
count-event-elected = Избран(а): { $candidate } ({ $why })
count-why-quota = набрал(а) квоту
count-why-remaining-seats = кандидатов осталось столько же, сколько мест
count-why-highest = больше всех голосов
count-event-excluded = Выбыл(а): { $candidate } ({ $why })
count-why-lowest = меньше всех голосов
count-why-sure-loser = не может догнать
count-why-seats-filled = все места заполнены
count-why-write-in = невыдвинутые кандидаты
count-why-below-minimum = ниже минимума
count-event-surplus = Передан излишек кандидата { $candidate }: { $surplus }
count-event-transfer = Переданы голоса: { $from }
count-event-transfers = Передано: { $to }
count-exhausted-label = исчерпано
count-event-tie-elect = Равенство голосов при избрании ({ $among }): { $chosen }, { $by }
count-event-tie-exclude = Равенство голосов при выбывании ({ $among }): { $chosen }, { $by }
count-event-tie-surplus = Равенство голосов: чей излишек передать первым ({ $among }): { $chosen }, { $by }
count-tie-by-earlier-round = по голосам в конце тура { $round }
count-tie-by-lot = по жребию
count-tie-by-order = по порядку кандидатов
count-tie-by-random = по случайному выбору RCTab (зерно { $seed })
count-event-iterated = Итерация остановлена: { $why } (излишек { $surplus })
count-iter-elected = кандидат избран
count-iter-omega = излишек меньше омеги
count-iter-stable = излишек не меняется
count-iter-sure-losers = найдены заведомо проигравшие
count-elected-summary = Избраны по порядку: { $names }
count-none-elected = Никто не избран.
count-consent-carried = Принято: возражений — { $objections }; для блокировки нужно { $limit }
count-consent-not-carried = Не принято: возражений — { $objections }; для блокировки достаточно { $limit }
count-ranking = Порядок: { $names }
count-progress-reading = чтение бюллетеней
count-progress-counting = подсчёт

## Почему файл — не действительный протокол
bundle-not-a-bundle = это не пакет plenum
bundle-unknown-version = версия пакета { $version } не поддерживается этим plenum; обновите plenum
bundle-bad-event = событие номер { $count } недействительно: { $detail }
bundle-bad-frame = файл повреждён на байте { $offset }
bundle-truncated = пакет обрывается после { $count } полных событий: скопируйте его заново
bundle-altered = контрольная сумма пакета не совпадает: его изменили после записи
fold-no-founding-event = в протоколе нет события создания собрания
fold-bad-founding = событие создания собрания недействительно ({ $detail })
fold-missing-dependency = событие { $event } опирается на событие { $missing }, которого в протоколе нет

## Sync between nodes, bundles and peers (issue 5)
sync-error-bad-url = «{ $detail }» — не адрес узла. Укажите его в виде http://ХОСТ:ПОРТ, например http://10.0.0.2:8080.
sync-error-no-tls = { $detail }: узлы синхронизируются по обычному http:// в своей локальной сети; события подписаны, поэтому по дороге ничего нельзя подделать. Используйте http://.
sync-error-unreachable = Другой узел недоступен ({ $detail }). Проверьте, что он запущен и находится в той же сети; ничего не изменено.
sync-error-status = Другой узел отказался синхронизироваться (HTTP { $detail }). Это узел plenum совместимой версии?
sync-error-protocol = Ответы другого узла не соответствуют протоколу синхронизации ({ $detail }). Уже сохранённое остаётся; попробуйте снова или обновите plenum.
api-error-bad-sync = Этот узел не понимает такой запрос синхронизации. Ничего не изменено.
cli-sync-nothing = На этом узле ещё нет собраний. Укажите собрание через --assembly ID, чтобы получить его с другого узла.
cli-sync-not-remembered = не удалось записать связь с другим узлом в список соседних узлов
cli-sync-done = { $assembly }: синхронизировано.
cli-sync-not-served = { $assembly }: другой узел не обслуживает это собрание; обмена не было.
cli-sync-failed = { $assembly }: синхронизация остановилась ({ $detail }). Сохранённое остаётся; попробуйте снова.
cli-sync-summary = Получено новых событий: { $received }, отправлено: { $sent }, обменов: { $rounds } ({ $bytes } служебных байт сверх самих событий).
cli-sync-refused = { $count ->
    [one] Другой узел прислал { $count } событие, которое этот узел отклонил (не сохранено):
    [few] Другой узел прислал { $count } события, которые этот узел отклонил (не сохранены):
   *[many] Другой узел прислал { $count } событий, которые этот узел отклонил (не сохранены):
}
cli-no-such-assembly = На этом узле нет собрания { $assembly }.
cli-heads-written = Вершины этого узла записаны в { $file }. Отнесите файл на другой узел и выполните: plenum bundle export --since { $file } --out ФАЙЛ
cli-importing = Проверка и импорт пакета…
cli-import-refused = Пакет отклонён целиком; ничего не импортировано: { $reason }
cli-import-truncated = Пакет обрезан: прочитаны и импортированы только первые полные события ({ $count }). Скопируйте его заново, чтобы получить остальное.
cli-imported = Импортировано новых событий: { $stored }; уже были здесь: { $held }; отклонено: { $refused }.
cli-import-waiting = События ({ $count }) опираются на события, которых нет на этом узле, и не импортированы: сначала импортируйте пакет, из которого они пришли, или синхронизируйтесь.
cli-status-node = Узел { $node }
cli-status-events = событий: { $events }, авторов: { $authors }; не вступили в силу (разрешённые конфликты): { $ignored }
cli-status-no-peers = Соседних узлов пока нет: добавьте через plenum serve --peer URL, на странице «Синхронизация» или выполните plenum sync URL.
cli-status-peer = Сосед { $url } ({ $source }), последняя связь: { $contact }
cli-status-peer-error = последняя попытка не удалась: { $detail }
cli-status-pending = { $assembly }: у него было событий: { $events }, вершин: { $heads }; { $they }; { $we }
status-never = никогда
status-they-lack = ему не хватает наших событий: { $count }
status-they-lack-unknown = чего ему не хватает, станет известно при следующей синхронизации
status-we-lack-nothing = у нас есть всё, что было у него
status-we-lack = нам не хватает его вершин: { $count }
peer-source-flag = задан при запуске
peer-source-ui = добавлен координатором
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
cli-verify-conflicts = Не вступили в силу события ({ $count }): конфликты между узлами, работавшими порознь, разрешены по правилам (docs/conflicts.md). Протокол остаётся действительным.
cli-verify-conflict = { $event }: { $reason }
api-error-bad-peer-action = Неизвестное действие с соседним узлом: ожидается add, remove или sync.
api-error-not-a-bundle = Этот файл — не пакет plenum. Ничего не импортировано.
api-error-newer-bundle = Этот пакет записан более новой версией plenum. Обновите узел и попробуйте снова.
api-error-altered-bundle = Пакет изменён после записи: он отклонён целиком, ничего не импортировано. Попросите новую копию.
home-sync = Синхронизация с другими узлами: соседи и пакеты
sync-title = Синхронизация
sync-lead = Этот узел хранит полную копию своих собраний и обменивается событиями с другими узлами, когда есть связь: сеть или пакет, перенесённый вручную.
sync-node = ID этого узла
sync-assemblies = Собрания на этом узле
sync-col-assembly = Собрание
sync-col-events = События
sync-col-authors = Авторы
sync-col-ignored = Разрешённые конфликты
sync-col-contact = последняя связь
sync-peers = Соседние узлы
sync-no-peers = Соседних узлов пока нет. Добавьте ниже адрес другого узла или запустите этот узел с plenum serve --peer URL.
sync-approve = Синхронизироваться автоматически
sync-now = Синхронизировать сейчас
sync-remove = Забыть этого соседа
sync-add-peer = Добавить соседний узел
sync-peer-url = Адрес другого узла
sync-add = Добавить
sync-convenors-only = Добавлять и удалять соседние узлы и синхронизироваться с ними может только координатор собрания на этом узле; запрос подписывается на его устройстве.
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
cli-database-bad-connection = { $detail }: это не строка подключения к PostgreSQL. Напишите postgres://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@ХОСТ/БАЗА или host=ХОСТ dbname=БАЗА user=ПОЛЬЗОВАТЕЛЬ.
cli-database-unreachable = Не удаётся подключиться к базе данных PostgreSQL { $database } ({ $detail }). Проверьте, что сервер запущен и что --database или PLENUM_DATABASE указывает верные хост, базу, пользователя и пароль.
cli-database-not-plenum = База данных PostgreSQL { $database } — не база plenum: в ней есть таблицы, которые plenum не создавал, и plenum ничего в неё не пишет. Выделите plenum собственную пустую базу (createdb plenum) или собственную схему (options=-csearch_path=plenum).
cli-database-newer = База данных PostgreSQL { $database } записана более новой версией plenum (схема { $found }; эта версия знает схемы до { $known }). Ничего не изменено: запустите более новый plenum.
cli-database-failed = Не удаётся подготовить базу данных PostgreSQL { $database } для plenum ({ $detail }). Есть ли у её пользователя право создавать таблицы?

## Файл настроек
cli-config-unreadable = не удаётся прочитать файл настроек { $file }: { $detail }
cli-config-malformed = файл настроек { $file } недействителен: { $detail }
cli-config-unknown = файл настроек { $file } задаёт «{ $key }» для «{ $command }», но такой настройки нет (см. plenum { $command } --help)
## Secret ballots
status-awaiting-count = Идёт подсчёт
field-max = сколько кандидатов можно выбрать
secret-badge = Тайное голосование
secret-open-check = Тайное голосование: каждый голос шифруется на телефоне самого участника
secret-trustees = Хранители ключа: вместе создают ключ и расшифровывают только итог
secret-threshold = Сколько хранителей ключа нужно, чтобы расшифровать итог
secret-explain = Каждый голос шифруется на устройстве голосующего. Никто — ни этот узел, ни координаторы — не может прочитать голос. Расшифровывается только итог, совместно хранителями ключа: нужно { $threshold } из { $trustees }.
secret-ceremony-title = Создание ключа
secret-phase-commit = Шаг 1 из 3: каждый хранитель ключа фиксирует свой ключ.
secret-phase-deal = Шаг 2 из 3: каждый хранитель ключа раздаёт остальным доли своего ключа.
secret-phase-check = Шаг 3 из 3: каждый хранитель ключа проверяет полученные доли.
secret-phase-failed = Создать ключ не удалось: слишком мало хранителей ключа правильно выполнило свои шаги. Координатор может открыть голосование заново.
secret-trustee-done = готово
secret-trustee-waiting = ожидается
secret-trustee-out = не участвует
secret-step-commit = Зафиксировать свой ключ
secret-step-deal = Раздать свои доли
secret-step-check = Проверить свои доли
secret-convenor-skip = Продолжить без отстающих
secret-vote-legend = Ваш тайный голос
secret-cast = Проголосовать тайно
secret-audit = Проверить своё устройство
secret-audit-explain = «Проверить своё устройство» шифрует ваш выбор и затем вскрывает этот бюллетень здесь, вместо того чтобы подать его, — так видно, что телефон шифрует именно то, что вы выбрали. Проверенный бюллетень выбрасывается: после этого проголосуйте заново.
secret-tracker = Код вашего бюллетеня
secret-tracker-help = Сохраните его. Когда урна будет опечатана, найдите его в списке учтённых бюллетеней.
secret-no-running-count = Во время голосования промежуточный итог не показывается: голоса остаются зашифрованными, пока хранители ключа не расшифруют итог.
secret-seal = Опечатать урну
secret-seal-confirm = Опечатать урну? После этого голоса больше не принимаются.
secret-sealed = Урна опечатана, в ней { $ballots ->
    [one] { $ballots } бюллетень
    [few] { $ballots } бюллетеня
   *[many] { $ballots } бюллетеней
}. Итог расшифровали хранители ключа: { $done } из { $threshold } нужных.
secret-decrypt = Расшифровать своей долей
secret-verify-title = Проверьте сами
secret-ballot-list = Список учтённых бюллетеней
secret-download-record = Скачать весь протокол
secret-verify-command = Затем на любом компьютере, без интернета:
secret-ballots-title = Учтённые бюллетени
secret-ballots-intro = В опечатанной урне — эти бюллетени. Каждый известен только по своему коду: найдите свой.
secret-ballots-none = Урна ещё не опечатана.
secret-in-list = Код вашего бюллетеня есть в списке учтённых.
js-audit-ok = Проверка пройдена. Бюллетень, зашифрованный этим телефоном, содержит:
js-audit-failed = Проверка НЕ ПРОЙДЕНА: это устройство зашифровало не ваш выбор. Не голосуйте с него.
js-secret-cast = Ваш тайный голос записан. Код вашего бюллетеня:
js-ceremony-done = Ваш шаг создания ключа записан.
js-decrypted = Ваша доля расшифровки записана.
js-blank = пустой бюллетень («Воздержусь»)
js-error-bad-election = Данные голосования не читаются. Обновите страницу.
js-error-bad-choice = Такой выбор не подходит к бюллетеню.
js-error-not-a-trustee = Вы не хранитель ключа этого голосования, или создание ключа продолжилось без вас.
rejection-not-secret = Это не тайное голосование.
rejection-bad-trustees = Хранители ключа должны быть участниками, каждый указан один раз, а сколько их нужно — от 1 до их числа.
rejection-not-a-trustee = Это может сделать только хранитель ключа этого голосования, каждый за себя.
rejection-secret-message-unreadable = Сообщение для создания ключа или расшифровки не читается.
rejection-ceremony-step-not-yet = Создание ключа ещё не дошло до этого шага.
rejection-ceremony-step-over = Создание ключа уже прошло этот шаг.
rejection-already-done = Этот хранитель ключа уже выполнил этот шаг.
rejection-too-few-trustees = Этот шаг выполнили меньше хранителей ключа, чем нужно: создание ключа не может продолжаться.
rejection-ceremony-not-ready = Хранители ключа ещё не создали ключ голосования: голосование не началось.
rejection-ballot-unreadable = Зашифрованный бюллетень не читается или не соответствует вопросам этого голосования.
rejection-ballot-other-election = Зашифрованный бюллетень сделан для другого голосования.
rejection-ballot-bad-point = В зашифрованном бюллетене недопустимое значение.
rejection-ballot-bad-proof = Доказательства зашифрованного бюллетеня не сходятся для этого голосующего: это копия чужого бюллетеня, или в нём спрятано больше одного выбора.
rejection-already-sealed = Урна уже опечатана.
rejection-seal-mismatch = Пока готовилось опечатывание урны, пришли новые голоса. Обновите страницу и опечатайте урну снова.
rejection-seal-tally-wrong = Зашифрованный итог, записанный при опечатывании, не равен сумме опечатанных бюллетеней.
rejection-not-sealed = Урна ещё не опечатана.
rejection-bad-partial-decryption = Эта доля расшифровки не доказывает, что её сделал приславший её хранитель ключа.
cli-result-awaiting_count = идёт подсчёт
cli-verifying-ballots = Проверка зашифрованных бюллетеней
cli-verify-secret = { $title }: тайное голосование; бюллетеней: { $ballots }; хранителей ключа: { $trustees }, для расшифровки нужно: { $threshold }; все доказательства проверены: { $verified ->
    [yes] да
   *[other] нет
}
cli-simulating = Создание участников и их зашифрованных бюллетеней
cli-simulate-sealing = Опечатывание урны и расшифровка
cli-simulate-bad-args = Укажите --voters не меньше 1, --answers не меньше 2, --threshold от 1 до --trustees, --trustees не больше --voters и --abstain-share от 0 до 1.
cli-simulated = В файл { $file } записано событий: { $count } (бюллетеней: { $voters })
secret-failure-unreadable = тайное голосование: учтённый бюллетень { $tracker } не читается
secret-failure-seal-digest = тайное голосование: при опечатывании урны указаны не те бюллетени, которые учитывает протокол
secret-failure-seal-tally = тайное голосование: зашифрованный итог, записанный при опечатывании, не равен сумме опечатанных бюллетеней
secret-failure-setup = тайное голосование: параметры голосования недействительны
secret-failure-ceremony = тайное голосование: ключ создан с нарушением ({ $detail })
secret-failure-electorate = тайное голосование: участник { $member } проголосовал(а) вне списка голосующих или дважды
secret-failure-duplicate = тайное голосование: бюллетень { $tracker } учтён дважды
secret-failure-not-sealed = тайное голосование: бюллетень { $tracker } учтён, но добавлен после опечатывания урны
secret-failure-missing = тайное голосование: опечатанный бюллетень { $tracker } удалён из протокола
secret-failure-weight = тайное голосование: бюллетень { $tracker } опечатан с неверным весом
secret-failure-ballot = тайное голосование: бюллетень { $tracker } участника { $member } недействителен ({ $detail })
secret-failure-decryption = тайное голосование: итог не удаётся расшифровать ({ $detail })
secret-failure-result = тайное голосование: опубликованный результат не совпадает с расшифрованным итогом
js-choice-yes = За
js-choice-no = Против
js-error-audit-failed = Проверка не пройдена: это устройство зашифровало не ваш выбор. Не голосуйте с него.
event-dkg_commit = Фиксация ключа
event-dkg_deal = Раздача долей ключа
event-dkg_check = Проверка долей ключа
event-ceremony = Следующий шаг создания ключа
event-seal = Опечатывание урны
event-decrypt = Доля расшифровки итога
secret-verify-file = plenum verify { $file }

## plenum trustee: участие хранителя ключа в тайном голосовании из терминала
cli-trustee-title = { $title }: тайное голосование; итог расшифровывают хранители ключа: нужно { $threshold } из { $trustees }
cli-trustee-phase-commit = Создание ключа, шаг 1 из 3: каждый хранитель ключа фиксирует свой ключ.
cli-trustee-phase-deal = Создание ключа, шаг 2 из 3: каждый хранитель ключа раздаёт остальным доли своего ключа.
cli-trustee-phase-check = Создание ключа, шаг 3 из 3: каждый хранитель ключа проверяет полученные доли.
cli-trustee-phase-ready = Создание ключа завершено: ключ голосования готов.
cli-trustee-phase-failed = Создать ключ не удалось: слишком мало хранителей ключа правильно выполнило свои шаги. Координатор может открыть голосование заново.
cli-trustee-heading = Хранители ключа:
cli-trustee-col-commit = фиксация
cli-trustee-col-deal = раздача
cli-trustee-col-check = проверка
cli-trustee-col-decrypt = расшифровка
cli-trustee-legend = ✓ готово   · ещё нет   – не участвует
cli-trustee-box-open = Урна открыта: { $count ->
    [one] пока подан { $count } бюллетень.
    [few] пока подано { $count } бюллетеня.
   *[many] пока подано { $count } бюллетеней.
}
cli-trustee-box-sealed = Урна опечатана (бюллетеней: { $ballots }). Записано долей расшифровки: { $done } из { $threshold } нужных.
cli-trustee-result = { $title }: результат
cli-trustee-chosen = { $name }: { $votes }
cli-trustee-chosen-seat = { $name }: { $votes } — избран(а)
cli-trustee-you = Вы — хранитель ключа № { $number } из { $trustees }.
cli-trustee-not-yours = Ключ { $key } не принадлежит ни одному из хранителей ключа этого голосования.
cli-trustee-next-commit = Ваш следующий шаг: зафиксировать свой ключ. Выполните: plenum trustee step { $url }
cli-trustee-next-deal = Ваш следующий шаг: раздать свои доли остальным хранителям ключа. Выполните: plenum trustee step { $url }
cli-trustee-next-check = Ваш следующий шаг: проверить полученные доли. Выполните: plenum trustee step { $url }
cli-trustee-next-decrypt = Ваш следующий шаг: расшифровать итог своей долей. Выполните: plenum trustee step { $url }
cli-trustee-waiting-commit = Пока делать нечего: вы зафиксировали ключ; ждём остальных хранителей ключа (зафиксировали: { $done } из { $expected }).
cli-trustee-waiting-deal = Пока делать нечего: вы раздали доли; ждём остальных хранителей ключа (раздали: { $done } из { $expected }).
cli-trustee-waiting-check = Пока делать нечего: вы проверили доли; ждём остальных хранителей ключа (проверили: { $done } из { $expected }).
cli-trustee-idle-not-a-trustee = Делать нечего: ваш ключ не принадлежит ни одному из хранителей ключа этого голосования.
cli-trustee-idle-out = Делать нечего: создание ключа продолжилось без вас (вы не зафиксировали ключ, когда координатор закрыл этот шаг), поэтому у вас нет доли ключа этого голосования.
cli-trustee-idle-failed = Делать нечего: создать ключ не удалось. Координатор может открыть голосование заново.
cli-trustee-idle-not-sealed = Пока делать нечего: участники голосуют. Расшифровать итог своей долей вы сможете, когда координатор опечатает урну.
cli-trustee-idle-decrypted = Больше делать нечего: ваша доля расшифровки записана в протокол.
cli-trustee-did-commit = Ваш ключ зафиксирован (событие { $event }).
cli-trustee-did-deal = Ваши доли разданы остальным хранителям ключа (событие { $event }).
cli-trustee-did-check = Полученные доли проверены: все верны (событие { $event }).
cli-trustee-did-check-complaints = Полученные доли проверены: неверных — { $count }; ваша жалоба записана в протокол (событие { $event }).
cli-trustee-did-decrypt = Ваша доля расшифровки итога записана (событие { $event }).
cli-trustee-watching = Следим за { $url }: каждый шаг выполняется, как только подходит ваша очередь, пока ваша доля расшифровки не будет записана. Остановить: Ctrl+C.
cli-trustee-refused = Узел отклонил ваш шаг: { $reason }
cli-trustee-step-failed = Ваш ключ не может выполнить этот шаг ({ $detail }). Ничего не отправлено.
cli-trustee-who = Укажите, кто вы: --handle ИМЯ (ваше имя для входа на узле) или --key ФАЙЛ.
cli-trustee-no-handle = На узле нет ключа под именем для входа «{ $handle }».
cli-trustee-passphrase-prompt = Парольная фраза для «{ $handle }»:
cli-trustee-no-passphrase = Нет парольной фразы для «{ $handle }»: запустите команду в терминале или передайте фразу через --passphrase-file ФАЙЛ или PLENUM_PASSPHRASE.
cli-trustee-wrong-passphrase = Неверная парольная фраза для «{ $handle }». Ничего не подписано.
cli-trustee-bad-vault = Ключ, сохранённый под именем «{ $handle }», не удаётся открыть ({ $detail }).
cli-trustee-bad-key-file = В файле { $file } нет ключа участника: в нём должны быть 64 шестнадцатеричные цифры зерна ключа.
cli-trustee-bad-url = «{ $url }» — не адрес предложения. Укажите страницу предложения, например http://10.0.0.2:8080/a/ASSEMBLY/m/MOTION, или адрес узла с --assembly ID --motion ID.
cli-trustee-unreachable = Узел недоступен ({ $detail }). Проверьте адрес и убедитесь, что узел запущен; ничего не подписано.
cli-trustee-node-error = Узел ответил ошибкой (HTTP { $status }): { $detail }
cli-trustee-bad-record = Протокол, присланный узлом, недействителен ({ $detail }). Ничего не подписано.
cli-trustee-no-assembly = На узле нет собрания { $assembly }.
cli-trustee-no-motion = В собрании нет предложения { $motion }.
cli-trustee-no-ballot = По этому предложению ещё не открыто голосование.
cli-trustee-not-secret = Голосование по этому предложению не тайное: у него нет хранителей ключа.
cli-trustee-box-wrong = Ничего не расшифровано: опечатанная урна не проходит проверку. { $reason } Её расшифровка могла бы раскрыть, как голосовали участники. Сообщите собранию.

## plenum --help: each command's summary and each flag's help (crates/plenum/src/help.rs).
## The id is the command's path and the flag's long name: help-bundle-export--out. Flag names,
## value names (FILE, URL, KEY=VALUE) and examples stay as they are.
-help-data = Каталог данных узла (создаётся, если его нет)
-help-database = Хранить данные узла в этой базе данных PostgreSQL, а не в каталоге данных: URL (postgres://USER:PASSWORD@HOST/DATABASE) или host=HOST dbname=DATABASE user=USER
-help-url = Страница предложения, как её показывает браузер (http://HOST:PORT/a/ASSEMBLY/m/MOTION), или адрес узла вместе с --assembly и --motion
-help-assembly = ID собрания, если URL — только адрес узла
-help-motion = ID предложения, если URL его не называет
-help-handle = Ваше имя для входа на узле: ваш ключ, который хранится там зашифрованным вашей парольной фразой, загружается и открывается здесь. Парольная фраза запрашивается в терминале, без отображения
-help-key = Файл с вашим ключом участника: 64 шестнадцатеричные цифры его зерна
-help-passphrase-file = Читать парольную фразу из первой строки этого файла, а не запрашивать (для скриптов; PLENUM_PASSPHRASE делает то же самое)
help-plenum = Узел plenum и инструмент командной строки: serve, export, verify, count
help-plenum--lang = Язык сообщений: en, pt, ru или kk (по умолчанию — язык системы)
help-serve = Запустить узел: веб-интерфейс и API для телефонов в этой сети
help-serve--data = { -help-data }
help-serve--database = { -help-database }
help-serve--listen = Адрес для входящих подключений; 0.0.0.0:8080 обслуживает все телефоны локальной сети
help-serve--demo = Один раз наполнить демонстрационное собрание участниками, предложениями, обсуждением и голосованиями, чтобы попробовать
help-serve--no-founding = Не позволять посетителям создавать новые собрания на этом узле
help-serve--peer = Другой узел, с которым поддерживать синхронизацию, например http://10.0.0.2:8080 (можно повторять)
help-serve--sync-interval = Секунд между двумя синхронизациями с доступным соседним узлом
help-serve--lan = Объявлять этот узел в локальной сети (mDNS) и вносить найденные там узлы в список соседей
help-serve--lan-sync = Также автоматически синхронизироваться с узлами, найденными в локальной сети (включает --lan)
help-sync = Синхронизировать сейчас с другим узлом: собрания, которые есть на обоих узлах, или указанные
help-sync--peer = Адрес другого узла, например http://10.0.0.2:8080
help-sync--assembly = Синхронизировать только это собрание (можно повторять); его может ещё не быть на этом узле
help-sync--data = { -help-data }
help-sync--database = { -help-database }
help-bundle = Переносить события между узлами вручную: export, import, heads
help-bundle-export = Записать события в файл пакета для другого узла
help-bundle-export--out = Файл пакета, который нужно записать
help-bundle-export--assembly = Экспортировать только это собрание (можно повторять); если не указано — все собрания
help-bundle-export--since = Пакет, записанный другим узлом (plenum bundle heads или любой его экспорт): записываются только события, которых у того узла тогда не было
help-bundle-export--data = { -help-data }
help-bundle-export--database = { -help-database }
help-bundle-heads = Записать только вершины этого узла, чтобы другой узел экспортировал то, чего у этого нет
help-bundle-heads--out = Файл, который нужно записать
help-bundle-heads--data = { -help-data }
help-bundle-heads--database = { -help-database }
help-bundle-import = Проверить события пакета и сохранить те, что прошли проверку
help-bundle-import--file = Файл пакета
help-bundle-import--data = { -help-data }
help-bundle-import--database = { -help-database }
help-status = Показать хеш состояния и события каждого собрания, а для каждого соседа — последний контакт и что ожидает синхронизации
help-status--data = { -help-data }
help-status--database = { -help-database }
help-export = Записать протокол одного собрания или всех собраний в файл пакета
help-export--data = { -help-data }
help-export--database = { -help-database }
help-export--assembly = Собрание для экспорта (его ID); если не указано — все собрания
help-export--out = Файл пакета, который нужно записать
help-verify = Проверить протокол без сети: каждую подпись, связь, последовательность и правило; вывести результаты
help-verify--file = Протокол: файл пакета, записанный командой plenum export или скачанный с узла
help-verify--json = Вывести отчёт в формате JSON
help-count = Подсчитать бюллетени (BLT или случай в формате JSON) любым способом, тур за туром
help-count--ballots = Бюллетени: файл BLT или случай в формате JSON (.json или .json.gz)
help-count--method = Способ подсчёта (см. список ниже). Случай в формате JSON сам называет свой способ
help-count--seats = Сколько мест заполнить (вместо числа из файла)
help-count--option = Параметр способа, KEY=VALUE, под именами из источника (arithmetic=fixed, precision=9, omega=6, overvoteRule=alwaysSkipToNextRank, tie=lot, seed=42, ...). Можно повторять
help-count--json = Вывести ход подсчёта в формате JSON
help-count-methods = Способы подсчёта
help-count-method-plurality = побеждает кандидат с наибольшим числом первых предпочтений
help-count-method-approval = побеждает кандидат с наибольшим числом одобрений (одобренным считается каждый кандидат в бюллетене)
help-count-method-score = побеждает наибольшая сумма баллов (параметр max=N)
help-count-method-borda = метод Борда: n-1 баллов за первое предпочтение и так далее до 0
help-count-method-majority-judgment = побеждает наивысшая медианная оценка; равенство голосов — по правилу Балински — Лараки
help-count-method-consent = принято, если число возражений не достигло заданного (параметр objections=N)
help-count-method-schulze = победитель по Кондорсе методом Шульце (по победившим голосам), с матрицей попарных сравнений
help-count-method-irv = мгновенный второй тур, с параметрами RCTab; для нескольких мест — bottoms-up и последовательный
help-count-method-stv-scottish = шотландский STV (правила местных выборов 2007 года)
help-count-method-stv-wigm = STV по взвешенному инклюзивному методу Грегори (WIGM)
help-count-method-stv-wigm-prf = эталонный WIGM от PR Foundation (также stv-wigm-prf-batch)
help-count-method-stv-meek = STV по методу Мика
help-count-method-stv-meek-prf = эталонный метод Мика от PR Foundation
help-count-method-stv-warren = STV по методу Уоррена
help-count-options =
    Параметры STV: arithmetic=fixed|guarded|rational, precision=N, guard=N, display=N, omega=N,
    defeat_batch=none|zero|safe, integer_quota=true|false. Параметры IRV: ключи правил RCTab
    (overvoteRule, maxSkippedRanksAllowed, maxRankingsAllowed, batchElimination,
    continueUntilTwoCandidatesRemain, winnerElectionMode, decimalPlacesForVoteArithmetic,
    minimumVoteThreshold, tiebreakMode, randomSeed, ...). Для любого способа: tie=lot|candidate-order,
    seed=N (зерно жребия; по умолчанию — хеш бюллетеней), tie_order=3,1,2.
    Коды выхода: 0 — подсчитано, 2 — неверные входные данные, 1 — другая ошибка.
help-bench = Замеры: plenum bench sync
help-bench-sync = Согласовать две немного различающиеся реплики и сообщить затраты
help-bench-sync--events = Число событий в каждой реплике
help-bench-sync--differ = На сколько событий различаются реплики
help-election = Тайное голосование: смоделировать его целиком, для тестов, демонстраций и замеров
help-election-simulate = Записать полный протокол одного тайного голосования с N случайными действительными бюллетенями
help-election-simulate--voters = Сколько участников голосует
help-election-simulate--answers = Сколько ответов у вопроса: 2 — предложение «За или Против» (пустой бюллетень — «Воздержусь»); больше — тайные выборы одного делегата из стольких кандидатов
help-election-simulate--trustees = Сколько хранителей ключа держат ключ
help-election-simulate--threshold = Сколько хранителей ключа нужно для расшифровки
help-election-simulate--abstain-share = Доля голосующих, которые сдают пустой бюллетень (от 0 до 1)
help-election-simulate--seed = Зерно для случайных решений и ключей, чтобы каждый раз получался тот же протокол
help-election-simulate--out = Файл пакета, который нужно записать
help-trustee = Участие хранителя ключа в тайном голосовании из этого терминала: создание ключа и расшифровка
help-trustee-status = Показать, на каком этапе создание ключа и расшифровка тайного голосования и какой шаг следующий для вас
help-trustee-status--url = { -help-url }
help-trustee-status--assembly = { -help-assembly }
help-trustee-status--motion = { -help-motion }
help-trustee-status--handle = { -help-handle }
help-trustee-status--key = { -help-key }
help-trustee-status--passphrase-file = { -help-passphrase-file }
help-trustee-step = Выполнить шаг, который сейчас за вами: зафиксировать ключ, раздать доли, проверить доли или, когда урна опечатана, расшифровать
help-trustee-step--url = { -help-url }
help-trustee-step--assembly = { -help-assembly }
help-trustee-step--motion = { -help-motion }
help-trustee-step--handle = { -help-handle }
help-trustee-step--key = { -help-key }
help-trustee-step--passphrase-file = { -help-passphrase-file }
help-trustee-step--watch = Продолжать следить и выполнять каждый шаг, когда придёт его время, пока ваша доля расшифровки не будет записана в протокол
help-trustee-step--interval = С --watch: наибольшая пауза в секундах между двумя обращениями к протоколу (обновления узла в реальном времени обычно приходят раньше)
help-clap-usage = Использование
help-clap-commands = Команды
help-clap-arguments = Аргументы
help-clap-options = Параметры
help-clap-help = Показать справку
help-clap-help-short = Показать справку (подробнее: «--help»)
help-clap-help-long = Показать справку (кратко: «-h»)
help-clap-version = Показать версию
help-clap-help-command = Показать это сообщение или справку по указанным командам
help-clap-help-subcommand = Показать справку по командам
help-clap-env = переменная окружения
help-clap-default = по умолчанию
