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
home-found = Учредить собрание
home-none = На этом узле пока нет собраний.

## Собрания
assembly-part-of = Входит в { $name }
assembly-includes = Включает:
assembly-members-count = { $count ->
    [one] { $count } участник
    [few] { $count } участника
   *[other] { $count } участников
}
assembly-open-ballots = { $count ->
    [0] нет открытых голосований
    [one] { $count } открытое голосование
    [few] { $count } открытых голосования
   *[other] { $count } открытых голосований
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
   *[other] { $count } комментариев
}

## Предложения
motion-put = Внести предложение
motion-kind = Вид предложения
motion-title = Заголовок
motion-text = Текст
motion-submit = Внести предложение
motions-none = Предложений пока нет.
motions-voting = На голосовании
motions-debating = Обсуждаются
motions-decided = Решённые
kind-resolution = Резолюция
kind-demand = Требование
kind-election = Выборы делегатов
election-seats = Сколько мест заполнить
election-candidates-members = Кандидаты из участников
election-candidates-named = Другие кандидаты, по одному имени в строке
election-candidates-help = Участники могут выдвигать новых кандидатов, пока голосование не открыто.

## Голосования
ballot-title = Голосование
ballot-none = По этому предложению голосование ещё не открыто.
ballot-quorum = Кворум: доля участников, которые должны проголосовать
ballot-threshold = Нужно для принятия
ballot-deadline = Закрывается само
ballot-open = Открыть голосование
ballot-closes-at = Закрывается
ballot-quorum-is = Кворум: { $share }
ballot-turnout = Проголосовали { $voted } из { $electorate }
ballot-cast = Ваш голос
ballot-you-voted = Вы проголосовали: { $choice }. Голос можно изменить до закрытия голосования.
ballot-not-in-electorate = Вы вступили после открытия этого голосования, поэтому не входите в число голосующих.
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
threshold-simple_majority = Простое большинство поданных голосов
threshold-two_thirds = Две трети поданных голосов
threshold-absolute_majority = Абсолютное большинство всех участников
deadline-none = Только когда его закроет председатель
deadline-minutes = { $count ->
    [one] через { $count } минуту
    [few] через { $count } минуты
   *[other] через { $count } минут
}
deadline-hours = { $count ->
    [one] через { $count } час
    [few] через { $count } часа
   *[other] через { $count } часов
}
deadline-days = { $count ->
    [one] через { $count } день
    [few] через { $count } дня
   *[other] через { $count } дней
}
status-open = Открыто
outcome-carried = Принято
outcome-not-carried = Не принято
outcome-quorum-not-met = Нет кворума
outcome-counted = Подсчитано
choice-yes = За
choice-no = Против
choice-abstain = Воздержаться

## Выборы делегатов
election-seats-count = { $count ->
    [one] { $count } место
    [few] { $count } места
   *[other] { $count } мест
}
election-candidates-count = { $count ->
    [0] нет кандидатов
    [one] { $count } кандидат
    [few] { $count } кандидата
   *[other] { $count } кандидатов
}
election-candidates = Кандидаты
election-no-candidates = Кандидатов пока нет.
election-member = участник
election-nominated-by = выдвинул(а) { $name }
election-nominate = Выдвинуть кандидата
election-nominations-help = Любой участник может выдвигать кандидатов, пока председатель не откроет голосование.
election-nominate-member = Участник собрания
election-nominate-name = Или человек по имени
election-nominate-submit = Выдвинуть
election-too-few = Голосование можно открыть, когда кандидатов будет не меньше, чем мест.
election-method = Как подсчитываются бюллетени
election-open-freezes = С открытием голосования список кандидатов закрывается.
rule-stv_scottish = Шотландский ЕПГ (единый передаваемый голос)
rule-stv_meek = ЕПГ по методу Мика
rule-stv_wigm = ЕПГ по взвешенному включающему методу Грегори
rule-stv_warren = ЕПГ по методу Уоррена
rule-irv = Мгновенный второй тур (IRV)
rule-schulze = Метод Шульце (Кондорсе)
rule-borda = Метод Борда
rank-legend = Расставьте кандидатов по порядку, первым — ваш первый выбор
rank-you-ranked = Ваш порядок: { $ranking }. Его можно изменить до закрытия голосования.
rank-you-cast-blank = Вы сдали пустой бюллетень. Его можно изменить до закрытия голосования.
rank-help = Добавляйте кандидатов в порядке предпочтения и двигайте их стрелками. Можно кого-то не ставить; бюллетень, где никто не выбран, учитывается только для кворума.
rank-yours = Ваш порядок
rank-none-yet = Пока никто не выбран.
rank-unranked = Не выбраны
rank-add-short = Добавить
rank-add = Добавить { $name } в ваш порядок
rank-up = Поднять { $name } выше
rank-down = Опустить { $name } ниже
rank-remove = Убрать { $name } из вашего порядка
rank-submit = Проголосовать этим порядком
roll-ranking = Порядок
roll-blank = Пустой бюллетень
result-title = Подсчёт
result-elected = Избраны
result-elected-none = Никто не избран.
result-see-count = Подсчёт по турам
result-method = Способ подсчёта
result-seats = Мест
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
result-tie-lot = Равенство, которое правило оставляет открытым, решает жребий: зерно { $seed }, порядок { $order }.
result-tie-order = Равенство, которое правило оставляет открытым, решает этот порядок: { $order }.
result-downloads = Скачать
result-transcript-json = Протокол подсчёта (JSON)
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
csv-excluded = выбыли из борьбы
## Обсуждение
debate-title = Обсуждение
debate-none = Пока никто не выступил.
debate-reply = Ответить
debate-your-reply = Ваш ответ
debate-your-comment = Ваш комментарий
debate-send = Отправить
debate-members-only = В обсуждении участвуют члены собрания.

## Участники и приглашения
members-title = { $count ->
    [one] { $count } участник
    [few] { $count } участника
   *[other] { $count } участников
}
members-name = Имя
members-since = Участник с
members-powers = Полномочия
members-powers-explain = Полномочия берутся только из протокола: полномочия учредителя видны с первого события, остальные даёт собрание.
power-convene = Председатель
power-admit = Принимает участников
invite-title = Пригласить участников
invite-explain = Код приглашения позволяет вступить со своего телефона. Передайте его лично или прочитайте вслух; любой, у кого он есть, может вступить, пока код не исчерпан и не истёк.
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
record-digest = Отпечаток состояния
record-assembly-id = Идентификатор собрания
record-download = Скачать протокол
record-verify-how = Чтобы проверить:
record-verify-command = plenum verify ФАЙЛ
record-kind = Событие
record-author = Автор
record-time = Время
record-id = Идентификатор
record-ignored = не вступило в силу
event-found = Учредил(а) собрание
event-invite = Выдал(а) приглашение
event-join = Вступил(а)
event-motion = Внёс(ла) предложение
event-comment = Прокомментировал(а)
event-open_ballot = Открыл(а) голосование
event-vote = Проголосовал(а)
event-close_ballot = Закрыл(а) голосование
event-nominate = Выдвинул(а) кандидата
event-unknown = Неизвестное событие

## Вступление, вход, учреждение
join-title = Вступить в собрание
join-lead = Введите полученный код приглашения. Ваш телефон создаст ваш собственный ключ; ни почта, ни номер телефона не нужны.
join-code = Код приглашения
join-code-help = 16 букв и цифр, например 7K2M-9QXD-H4TB-0RNC. Дефисы и регистр не важны.
join-name = Ваше имя в собрании
join-key = Ваш ключ на этом узле
join-key-help = Ваш ключ запечатывается вашей парольной фразой на этом телефоне и только потом хранится на узле, чтобы вы могли войти с другого телефона. Узел не может его открыть.
join-submit = Вступить
signin-title = Вход
signin-lead = Откройте свой ключ парольной фразой. Он открывается на этом устройстве; парольная фраза его не покидает.
signin-handle = Имя для входа
signin-passphrase = Парольная фраза
signin-submit = Войти
signin-no-key = Ещё нет ключа? Вступите по коду приглашения.
passphrase-help = Не меньше 10 символов. Несколько не связанных между собой слов легко запомнить и трудно угадать. Если вы её потеряете, никто не сможет восстановить ваш ключ.
found-title = Учредить собрание
found-lead = Вы станете его первым участником и первым председателем; это будет видно в протоколе.
found-name = Название собрания
found-description = Для чего оно
found-parent = Входит в более широкое собрание
found-parent-none = Нет
found-admission = Кто может приглашать новых участников
admission-convenors = Председатели
admission-members = Любой участник
found-your-name = Ваше имя в собрании
found-bootstrap = Как учредитель вы получаете полномочия созывать голосования и принимать участников. Они записаны в событии учреждения.
found-submit = Учредить собрание

## Ошибки на страницах
error-back-home = Назад к собраниям
error-not-found-title = Не найдено
error-not-found = По этому адресу ничего нет.
error-no-assembly-title = Нет такого собрания
error-no-assembly = На этом узле нет собрания с таким идентификатором. Возможно, оно на другом узле, который ещё не синхронизировался.
error-no-motion-title = Нет такого предложения
error-no-motion = В этом собрании нет предложения с таким идентификатором.
error-founding-closed-title = Учреждение закрыто
error-founding-closed = Оператор этого узла не разрешает учреждать здесь новые собрания.
error-no-count-title = Нет подсчёта
error-no-count = У этого предложения нет голосования с ранжированием, которое можно подсчитать.
error-not-counted-title = Ещё не подсчитано
error-not-counted = Подсчёт делается, когда голосование закрыто, если есть кворум.
error-uncountable-title = Подсчёт не удался
error-uncountable = Эти бюллетени не удалось подсчитать. Протокол цел; сообщите оператору узла.

## Ошибки API
api-error-no-assembly = На этом узле нет собрания с таким идентификатором.
api-error-bad-key = Это не ключ: ожидаются 64 шестнадцатеричные цифры.
api-error-no-invite = На этом узле нет приглашения с таким кодом. Проверьте код или попросите новый.
api-error-bad-handle = Имя для входа — от 1 до 80 символов, без управляющих символов.
api-error-bad-sealed-key = Запечатанный ключ имеет неверный формат.
api-error-handle-taken = Это имя для входа на этом узле уже занято. Выберите другое.
api-error-no-handle = На этом узле под этим именем ключ не хранится.
api-error-not-stored = Узел не смог это сохранить. Ничего не изменилось; попробуйте ещё раз.

## Почему событие отклонено
rejection-malformed = Это не корректное событие ({ $detail }). Ничего не записано.
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
rejection-not-founded = Сначала собрание нужно учредить.
rejection-already-founded = Это собрание уже учреждено.
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
rejection-not-in-electorate = Вы не входите в число голосующих: оно было зафиксировано при открытии голосования.
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
rejection-bad-ranking = В порядке указан кандидат, которого нет в бюллетене, или один кандидат дважды.

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
js-rank-out = не выбран(а)
js-ranking-recorded = Ваш порядок записан.
js-nominated = Кандидат выдвинут.

## Названия полей в сообщениях о них
field-name = название
field-description = описание
field-founder_name = имя учредителя
field-title = заголовок
field-text = текст
field-uses = число использований
field-expires = срок действия
field-quorum = кворум
field-closes_at = время закрытия
field-seats = число мест
field-candidates = число кандидатов
field-candidate = имя кандидата
field-threshold = порог

## Командная строка
cli-error = ошибка: { $detail }
cli-cannot-open-data = не удаётся открыть каталог данных { $dir }
cli-cannot-listen = не удаётся слушать { $address } (там уже работает другой узел?)
cli-serving = plenum обслуживает { $count ->
    [one] { $count } собрание
    [few] { $count } собрания
   *[other] { $count } собраний
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
cli-exported = Записано событий: { $count }, в файл { $file }.
cli-verifying = Проверяем подписи и правила…
cli-verify-valid = Протокол действителен: все подписи, связи, последовательности и правила соблюдены.
cli-verify-invalid = Протокол НЕ действителен. Первая проблема: { $event } { $reason }
cli-verify-broke-rule = нарушает правило собрания: { $reason }
cli-verify-heads = список последних событий собрания { $assembly } в пакете не совпадает с его событиями: события удалены или добавлены
cli-verify-id = идентификатор { $id }
cli-verify-events = { $count ->
    [one] { $count } событие
    [few] { $count } события
   *[other] { $count } событий
}
cli-verify-digest = отпечаток состояния { $digest }
cli-verify-ballot = { $title }: { $result } (за { $yes }, против { $no }, воздержались { $abstain })
cli-result-open = открыто
cli-result-carried = принято
cli-result-not_carried = не принято
cli-result-quorum_not_met = нет кворума
cli-result-counted = подсчитано
cli-verify-election = { $title }: избраны { $elected } ({ $method }, { $rounds ->
    [one] { $rounds } тур
    [few] { $rounds } тура
   *[other] { $rounds } туров
})
cli-verify-ranked = { $title }: { $result } (проголосовали { $voted } из { $electorate })

## plenum count
count-bad-input-line = { $file }, строка { $line }: { $what }
count-bad-input = { $file }: { $what }
count-no-method = { $file }: в файле BLT не сказано, как его считать: укажите --method (см. --help)
count-unknown-method = неизвестный способ «{ $method }»; известные способы: { $known }
count-case-needs-method = { $file }: способ в описании случая, «{ $method }», означает несколько способов: укажите --method
count-bad-option = --option «{ $option }»: ожидается КЛЮЧ=ЗНАЧЕНИЕ
count-cannot-count = { $file }: подсчёт невозможен: { $what }
count-cannot-read = не удаётся прочитать { $file }: { $what }
count-election = Выборы: { $title }
count-method = Способ: { $method }
count-method-options = Способ: { $method } ({ $options })
count-seats = Мест: { $seats }   Кандидатов: { $candidates }   Бюллетеней: { $ballots }
count-tie-break-lot = Равенство, не решённое правилом: по жребию, зерно { $seed } (порядок: { $order })
count-tie-break-order = Равенство, не решённое правилом: { $mode } (порядок: { $order })
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
count-event-tie-elect = Равенство при избрании между { $among }: { $chosen }, { $by }
count-event-tie-exclude = Равенство при выбывании между { $among }: { $chosen }, { $by }
count-event-tie-surplus = Равенство при выборе излишка для первой передачи между { $among }: { $chosen }, { $by }
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
count-consent-carried = Принято: возражений { $objections }, блокируют { $limit }
count-consent-not-carried = Не принято: возражений { $objections }, блокируют { $limit }
count-ranking = Ранжирование: { $names }
count-progress-reading = чтение бюллетеней
count-progress-counting = подсчёт

## Почему файл — не действительный протокол
bundle-not-a-bundle = это не пакет plenum
bundle-unknown-version = версия пакета { $version } не поддерживается этим plenum; обновите plenum
bundle-bad-event = событие номер { $count } недействительно: { $detail }
bundle-bad-frame = файл повреждён на байте { $offset }
bundle-truncated = пакет обрывается после { $count } полных событий: скопируйте его заново
bundle-altered = контрольная сумма пакета не совпадает: его изменили после записи
fold-no-founding-event = в протоколе нет события учреждения
fold-bad-founding = событие учреждения недействительно ({ $detail })
fold-missing-dependency = событие { $event } опирается на событие { $missing }, которого в протоколе нет

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
api-error-newer-bundle = Этот пакет записан более новой версией plenum. Обновите узел и попробуйте снова.
api-error-altered-bundle = Пакет изменён после записи: он отклонён целиком, ничего не импортировано. Попросите новую копию.
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
cli-database-bad-connection = { $detail }: это не строка подключения к PostgreSQL. Напишите postgres://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@ХОСТ/БАЗА или host=ХОСТ dbname=БАЗА user=ПОЛЬЗОВАТЕЛЬ.
cli-database-unreachable = Не удаётся подключиться к базе данных PostgreSQL { $database } ({ $detail }). Проверьте, что сервер запущен и что --database или PLENUM_DATABASE указывает верные хост, базу, пользователя и пароль.
cli-database-not-plenum = База данных PostgreSQL { $database } — не база plenum: в ней есть таблицы, которые plenum не создавал, и plenum ничего в неё не пишет. Выделите plenum собственную пустую базу (createdb plenum) или собственную схему (options=-csearch_path=plenum).
cli-database-newer = База данных PostgreSQL { $database } записана более новой версией plenum (схема { $found }; эта версия знает схемы до { $known }). Ничего не изменено: запустите более новый plenum.
cli-database-failed = Не удаётся подготовить базу данных PostgreSQL { $database } для plenum ({ $detail }). Есть ли у её пользователя право создавать таблицы?
