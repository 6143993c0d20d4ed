# plenum — қазақша. en.ftl файлындағы (эталон) хабарламалардың дәл өзі.
# Қазақ тілінде сан есімнен кейін зат есім жекеше тұрады, сондықтан көптік түрлері қажет емес.

## Әр беттің жақтауы
nav-skip = Мазмұнға өту
nav-breadcrumbs = Сіз қай жердесіз
nav-language = Тіл
nav-sign-in = Кіру
nav-sign-out = Шығу
nav-signed-in-as = Сіз { $name } ретінде кірдіңіз
footer-signed = Мұндағы әр шешім — қол қойылған оқиға, оны кез келген адам plenum verify арқылы тексере алады.
needs-script = Оқу үшін JavaScript қажет емес, ал әрекет ету үшін қажет: телефоныңыз әр әрекетке өз кілтіңізбен қол қояды.

## Басты бет
home-title = Жиналыстар
home-lead = Ашық немесе жасырын дауыспен бірге шешім қабылдаңыз, интернет өшірілгенде де.
home-join = Шақыру коды арқылы қосылу
home-found = Жиналыс құру
home-none = Бұл түйінде әзірге жиналыс жоқ.

## Жиналыстар
assembly-part-of = { $name } құрамында
assembly-includes = Құрамында:
assembly-members-count = { $count } мүше
assembly-open-ballots = { $count ->
    [0] ашық дауыс беру жоқ
   *[other] { $count } ашық дауыс беру
}
tabs-label = Жиналыс бөлімдері
tab-motions = Ұсыныстар
tab-demands = Талаптар
tab-members = Мүшелер
tab-record = Хаттама
by-member = авторы: { $name }
comments-count = { $count ->
    [0] пікір жоқ
   *[other] { $count } пікір
}

## Ұсыныстар
motion-put = Ұсыныс енгізу
motion-kind = Ұсыныс түрі
motion-title = Тақырыбы
motion-text = Мәтіні
motion-submit = Ұсынысты енгізу
motions-none = Әзірге ұсыныс жоқ.
motions-voting = Дауысқа салынуда
motions-debating = Талқылануда
motions-decided = Шешілген
kind-resolution = Қарар
kind-demand = Талап
kind-election = Делегаттар сайлауы
election-seats = Толтырылатын орын саны
election-candidates-members = Мүшелер арасынан кандидаттар
election-candidates-named = Басқа кандидаттар, әр жолға бір есім
election-candidates-help = Дауыс беру ашылғанша мүшелер тағы кандидат ұсына алады.

## Дауыс беру
ballot-title = Дауыс беру
ballot-none = Бұл ұсыныс бойынша дауыс беру әлі ашылған жоқ.
ballot-quorum = Кворум: дауыс беруге тиіс мүшелердің үлесі
ballot-threshold = Қабылдау үшін қажет
ballot-deadline = Өздігінен жабылады
ballot-open = Дауыс беруді ашу
ballot-closes-at = Жабылады
ballot-quorum-is = Кворум: { $share }
ballot-turnout = { $electorate } адамның { $voted } дауыс берді
ballot-cast = Дауыс беріңіз
ballot-you-voted = Сіздің дауысыңыз: { $choice }. Дауыс беру жабылғанша дауысыңызды өзгерте аласыз.
ballot-not-in-electorate = Сіз бұл дауыс беру ашылғаннан кейін қосылдыңыз, сондықтан дауыс берушілер қатарында жоқсыз.
ballot-close = Дауыс беруді қазір жабу
ballot-close-confirm = Дауыс беруді қазір жабасыз ба? Осыдан кейін ешкім дауыс бере алмайды.
ballot-roll-call = Атаулы дауыс беру
roll-member = Мүше
roll-vote = Дауысы
roll-did-not-vote = Дауыс бермеді
quorum-none = кворумсыз
quorum-quarter = Төрттен бірі
quorum-third = Үштен бірі
quorum-half = Жартысы
quorum-two-thirds = Үштен екісі
threshold-simple_majority = Берілген дауыстардың қарапайым көпшілігі
threshold-two_thirds = Берілген дауыстардың үштен екісі
threshold-absolute_majority = Барлық мүшелердің абсолютті көпшілігі
deadline-none = Тек төраға жапқанда
deadline-minutes = { $count } минуттан кейін
deadline-hours = { $count } сағаттан кейін
deadline-days = { $count } күннен кейін
status-open = Ашық
outcome-carried = Қабылданды
outcome-not-carried = Қабылданбады
outcome-quorum-not-met = Кворум жоқ
outcome-counted = Есептелді
choice-yes = Иә
choice-no = Жоқ
choice-abstain = Қалыс қалу

## Делегаттар сайлауы
election-seats-count = { $count } орын
election-candidates-count = { $count ->
    [0] кандидат жоқ
   *[other] { $count } кандидат
}
election-candidates = Кандидаттар
election-no-candidates = Әзірге кандидат жоқ.
election-member = мүше
election-nominated-by = ұсынған: { $name }
election-nominate = Кандидат ұсыну
election-nominations-help = Төраға дауыс беруді ашқанша кез келген мүше кандидат ұсына алады.
election-nominate-member = Жиналыс мүшесі
election-nominate-name = Немесе адамның есімі
election-nominate-submit = Ұсыну
election-too-few = Кандидаттар саны орын санынан кем болмағанда дауыс беруді ашуға болады.
election-method = Бюллетеньдер қалай есептеледі
election-open-freezes = Дауыс беру ашылғанда кандидаттар тізімі жабылады.
rule-stv_scottish = Шотландиялық STV (ауыспалы бір дауыс)
rule-stv_meek = Мик әдісімен STV
rule-stv_wigm = Грегоридің салмақты инклюзивті әдісімен STV
rule-stv_warren = Уоррен әдісімен STV
rule-irv = Лезде екінші тур (IRV)
rule-schulze = Шульце әдісі (Кондорсе)
rule-borda = Борда әдісі
rank-legend = Кандидаттарды ретке қойыңыз: бірінші таңдауыңыз бірінші тұрсын
rank-you-ranked = Сіздің ретіңіз: { $ranking }. Дауыс беру жабылғанша оны өзгертуге болады.
rank-you-cast-blank = Сіз бос бюллетень тапсырдыңыз. Дауыс беру жабылғанша оны өзгертуге болады.
rank-help = Кандидаттарды қалаған ретіңізбен қосып, бағыттауыштармен жылжытыңыз. Кейбір кандидаттарды қоспауға болады; ешкім таңдалмаған бюллетень тек кворум үшін есептеледі.
rank-yours = Сіздің ретіңіз
rank-none-yet = Әзірге ешкім таңдалған жоқ.
rank-unranked = Таңдалмағандар
rank-add-short = Қосу
rank-add = { $name } кандидатын ретіңізге қосу
rank-up = { $name } кандидатын жоғары жылжыту
rank-down = { $name } кандидатын төмен жылжыту
rank-remove = { $name } кандидатын ретіңізден алып тастау
rank-submit = Осы ретпен дауыс беру
roll-ranking = Реті
roll-blank = Бос бюллетень
result-title = Дауыс санау
result-elected = Сайланғандар
result-elected-none = Ешкім сайланған жоқ.
result-see-count = Кезең-кезеңімен дауыс санау
result-method = Есептеу тәсілі
result-seats = Орын саны
result-turnout = Қатысу
result-rounds = Кезең-кезеңімен
result-rounds-caption = Әр кезеңнің соңындағы әр кандидаттың дауысы
result-candidate = Кандидат
result-round = Кезең
result-quota = Квота
result-exhausted = Таусылған
result-fate-elected = { $round }-кезеңде сайланды
result-fate-excluded = { $round }-кезеңде шығып қалды
result-events = Әр кезеңде не болды
result-tie-lot = Ереже шешпеген теңдікті жеребе шешеді: бастапқы сан { $seed }, реті { $order }.
result-tie-order = Ереже шешпеген теңдікті мына рет шешеді: { $order }.
result-downloads = Жүктеп алу
result-transcript-json = Дауыс санау хаттамасы (JSON)
result-transcript-csv = Кезеңдер кестесі (CSV)
result-ballots-blt = Бюллетеньдер (BLT)
result-recount = Бюллетеньдерді кез келген адам өз компьютерінде қайта санай алады:
result-recount-command = plenum count ФАЙЛ.blt --method { $method }
chart-title = Әр кезеңдегі дауыстар
chart-desc = Әр кандидатқа бір жол, әр кезеңге бір баған, барлығы { $rounds } кезең; үзік сызық квотаны белгілейді. Сайланғандар: { $elected }.
chart-bar = { $name }, { $round }-кезең: { $votes }
chart-rounds = Кезеңдер солдан оңға қарай жүреді; үзік сызық — квота.
csv-round = кезең
csv-quota = квота
csv-exhausted = таусылған
csv-elected = сайланғандар
csv-excluded = шығып қалғандар
## Талқылау
debate-title = Талқылау
debate-none = Әзірге ешкім сөз алған жоқ.
debate-reply = Жауап беру
debate-your-reply = Сіздің жауабыңыз
debate-your-comment = Сіздің пікіріңіз
debate-send = Жіберу
debate-members-only = Талқылауға жиналыс мүшелері қатысады.

## Мүшелер мен шақырулар
members-title = { $count } мүше
members-name = Аты
members-since = Мүше болған күні
members-powers = Өкілеттіктер
members-powers-explain = Өкілеттіктер тек хаттамадан алынады: құрылтайшыныкі алғашқы оқиғадан көрінеді, қалғанын жиналыс береді.
power-convene = Төраға
power-admit = Мүшелерді қабылдайды
invite-title = Мүшелерді шақыру
invite-explain = Шақыру коды адамдарға өз телефонынан қосылуға мүмкіндік береді. Оны қолма-қол беріңіз немесе дауыстап оқыңыз; коды бар кез келген адам ол таусылғанша не мерзімі өткенше қосыла алады.
invite-uses = Ол арқылы неше адам қосыла алады
invite-days = Неше күн жарамды
invite-create = Шақыру жасау
invite-code-is = Шақыру коды:
invite-link-is = Немесе бұл сілтемені телефонда ашыңыз:

## Талаптар
demands-title = Қабылданған талаптар
demands-none = Әзірге бірде-бір талап қабылданған жоқ.
demands-adopted = Қабылданды

## Хаттама
record-title = Хаттама
record-explain = Бұл жиналыстың барлық шешімдері қол қойылған оқиғалар түрінде. Хаттаманы жүктеп алып, бұл түйінге сенбей-ақ өз компьютеріңізде тексеріңіз.
record-events = Оқиғалар
record-digest = Күй ізі
record-assembly-id = Жиналыс идентификаторы
record-download = Хаттаманы жүктеп алу
record-verify-how = Тексеру үшін:
record-verify-command = plenum verify ФАЙЛ
record-kind = Оқиға
record-author = Авторы
record-time = Уақыты
record-id = Идентификатор
record-ignored = күшіне енбеді
event-found = Жиналысты құрды
event-invite = Шақыру берді
event-join = Қосылды
event-motion = Ұсыныс енгізді
event-comment = Пікір жазды
event-open_ballot = Дауыс беруді ашты
event-vote = Дауыс берді
event-close_ballot = Дауыс беруді жапты
event-nominate = Кандидат ұсынды
event-unknown = Белгісіз оқиға

## Қосылу, кіру, құру
join-title = Жиналысқа қосылу
join-lead = Алған шақыру кодыңызды енгізіңіз. Телефоныңыз сіздің жеке кілтіңізді жасайды; электрондық пошта да, телефон нөмірі де қажет емес.
join-code = Шақыру коды
join-code-help = 16 әріп пен сан, мысалы 7K2M-9QXD-H4TB-0RNC. Сызықша мен әріп регистрінің маңызы жоқ.
join-name = Жиналыстағы атыңыз
join-key = Осы түйіндегі кілтіңіз
join-key-help = Кілтіңіз түйінде сақталмас бұрын осы телефонда құпия сөз тіркесіңізбен мөрленеді, сондықтан басқа телефоннан кіре аласыз. Түйін оны аша алмайды.
join-submit = Қосылу
signin-title = Кіру
signin-lead = Кілтіңізді құпия сөз тіркесімен ашыңыз. Ол осы құрылғыда ашылады; құпия сөз тіркесі одан шықпайды.
signin-handle = Кіру аты
signin-passphrase = Құпия сөз тіркесі
signin-submit = Кіру
signin-no-key = Әлі кілтіңіз жоқ па? Шақыру коды арқылы қосылыңыз.
passphrase-help = Кемінде 10 таңба. Бір-біріне қатысы жоқ бірнеше сөзді есте сақтау оңай, ал табу қиын. Оны жоғалтсаңыз, кілтіңізді ешкім қалпына келтіре алмайды.
found-title = Жиналыс құру
found-lead = Сіз оның алғашқы мүшесі және алғашқы төрағасы боласыз; мұны хаттамада бәрі көреді.
found-name = Жиналыстың атауы
found-description = Ол не үшін
found-parent = Үлкенірек жиналыстың құрамында
found-parent-none = Жоқ
found-admission = Жаңа мүшелерді кім шақыра алады
admission-convenors = Төрағалар
admission-members = Кез келген мүше
found-your-name = Жиналыстағы атыңыз
found-bootstrap = Құрылтайшы ретінде сізде дауыс беруді шақыру және мүшелерді қабылдау өкілеттігі бар. Олар құру оқиғасында жазылған.
found-submit = Жиналысты құру

## Беттердегі қателер
error-back-home = Жиналыстарға оралу
error-not-found-title = Табылмады
error-not-found = Бұл мекенжайда ештеңе жоқ.
error-no-assembly-title = Мұндай жиналыс жоқ
error-no-assembly = Бұл түйінде мұндай идентификаторы бар жиналыс жоқ. Ол әлі синхрондалмаған басқа түйінде болуы мүмкін.
error-no-motion-title = Мұндай ұсыныс жоқ
error-no-motion = Бұл жиналыста мұндай идентификаторы бар ұсыныс жоқ.
error-founding-closed-title = Құру жабық
error-founding-closed = Бұл түйіннің операторы мұнда жаңа жиналыс құруға рұқсат бермейді.
error-no-count-title = Санау жоқ
error-no-count = Бұл ұсыныста есептелетін рейтингтік дауыс беру жоқ.
error-not-counted-title = Әлі есептелмеді
error-not-counted = Дауыс беру жабылғанда, кворум болса, дауыстар саналады.
error-uncountable-title = Санау сәтсіз аяқталды
error-uncountable = Бұл бюллетеньдерді санау мүмкін болмады. Хаттама бүтін; түйін операторына хабарлаңыз.

## API қателері
api-error-no-assembly = Бұл түйінде мұндай идентификаторы бар жиналыс жоқ.
api-error-bad-key = Бұл кілт емес: 64 он алтылық цифр күтіледі.
api-error-no-invite = Бұл түйінде мұндай кодпен шақыру жоқ. Кодты тексеріңіз немесе жаңасын сұраңыз.
api-error-bad-handle = Кіру аты 1-ден 80-ге дейін таңбадан тұруы керек, басқару таңбаларынсыз.
api-error-bad-sealed-key = Мөрленген кілттің пішімі дұрыс емес.
api-error-handle-taken = Бұл кіру аты осы түйінде бос емес. Басқасын таңдаңыз.
api-error-no-handle = Бұл түйінде осы кіру атымен кілт сақталмаған.
api-error-not-stored = Түйін мұны сақтай алмады. Ештеңе өзгерген жоқ; қайта көріңіз.

## Оқиға неге қабылданбады
rejection-malformed = Бұл жарамды оқиға емес ({ $detail }). Ештеңе жазылған жоқ.
rejection-bad-signature = Қолтаңба сәйкес келмейді. Ештеңе жазылған жоқ.
rejection-bad-payload = Оқиғаның мазмұнын оқу мүмкін емес ({ $detail }). Ештеңе жазылған жоқ.
rejection-missing-dependency = Бұл осы түйінде әлі жоқ оқиғаға негізделген ({ $event }). Басқа түйіндермен синхрондап, қайта көріңіз.
rejection-wrong-assembly = Бұл оқиға басқа жиналысқа тиесілі.
rejection-bad-sequence = Оқиғаларыңыздың реті бұзылған ({ $expected } нөмірі күтілді, { $got } келді). Бетті жаңартып, қайта көріңіз.
rejection-sequence-used = Сізде { $seq } нөмірлі басқа оқиға бар. Бетті жаңартып, қайта көріңіз.
rejection-no-dependencies = Әр оқиға жиналыс хаттамасына негізделуі керек.
rejection-clock-skew = Құрылғыңыздың сағаты түйін сағатынан тым алшақ. Дұрыс уақытты орнатып, қайта көріңіз.
rejection-duplicate = Бұл бұрын жазылған.
rejection-unknown-assembly = Бұл түйінде мұндай жиналыс жоқ.
rejection-not-stored = Түйін мұны сақтай алмады. Ештеңе жазылған жоқ; қайта көріңіз.
rejection-not-founded = Алдымен жиналысты құру керек.
rejection-already-founded = Бұл жиналыс бұрын құрылған.
rejection-not-a-member = Мұны тек жиналыс мүшелері жасай алады.
rejection-already-a-member = Сіз бұл жиналыстың мүшесісіз.
rejection-no-power = Бұл үшін «{ $power }» өкілеттігі керек. Өкілеттікті жиналыс береді.
rejection-bad-text = «{ $field }» өрісі бос болмауы, { $max } таңбадан аспауы және басқару таңбаларын қамтымауы керек.
rejection-unknown-invite = Бұл жиналыста мұндай шақыру жоқ.
rejection-invite-expired = Бұл шақырудың мерзімі өтті. Жаңасын сұраңыз.
rejection-invite-used-up = Бұл шақыру рұқсат етілген рет пайдаланылды. Жаңасын сұраңыз.
rejection-bad-invite-proof = Шақыру коды қате. Тексеріп, қайта көріңіз.
rejection-duplicate-invite = Мұндай кодпен шақыру бұрыннан бар.
rejection-out-of-range = «{ $field }» мәні рұқсат етілген шектен тыс.
rejection-unknown-motion = Бұл жиналыста мұндай ұсыныс жоқ.
rejection-unknown-comment = Бұл ұсыныста мұндай пікір жоқ.
rejection-unknown-ballot = Бұл жиналыста мұндай дауыс беру жоқ.
rejection-ballot-exists = Бұл ұсыныс бойынша дауыс беру бұрыннан бар.
rejection-ballot-closed = Бұл дауыс беру жабық.
rejection-not-in-electorate = Сіз бұл дауыс берудің дауыс берушілері қатарында жоқсыз: ол дауыс беру ашылғанда бекітілген.
rejection-wrong-mark = Бұл дауыс дауыс беру тәсіліне сәйкес емес.
rejection-unknown-kind = Оқиғаның бұл түрі ({ $kind }) plenum-ның осы нұсқасына белгісіз. plenum-ды жаңартыңыз.
rejection-unexpected-kind = { $kind } түріндегі оқиға мұнда күтілмейді.
rejection-stale = Бұған қол қойылып жатқанда жиналыста жаңа оқиғалар болды. Қайта көріңіз.
rejection-not-an-election = Кандидат тек сайлауда ұсынылады.
rejection-nominations-closed = Дауыс беру ашық: енді кандидат ұсынуға болмайды.
rejection-duplicate-candidate = Бұл кандидат тізімде бар.
rejection-candidate-not-a-member = Кілті арқылы аталған кандидат жиналыс мүшесі болуы тиіс.
rejection-method-does-not-fit = Бұл тәсіл ұсынысқа сәйкес емес: сайлауда кандидаттар ретке қойылады, басқа ұсыныстарға «иә» не «жоқ» деп дауыс беріледі.
rejection-candidates-changed = Кандидаттар тізімі өзгерді: онда { $expected }, ал бюллетеньде { $got } болған. Бетті жаңартып, дауыс беруді қайта ашыңыз.
rejection-too-few-candidates = Кандидаттар ({ $candidates }) орыннан ({ $seats }) аз. Алдымен тағы кандидат ұсыныңыз.
rejection-bad-ranking = Ретте бюллетеньде жоқ кандидат немесе бір кандидат екі рет аталған.

## Бет сценарийінің хабарламалары
js-working = Құрылғыңызда қол қойылуда…
js-recorded = Жазылды.
js-vote-recorded = Дауысыңыз жазылды.
js-network = Түйінге қосылу мүмкін емес. Wi-Fi-ды тексеріп, қайта көріңіз.
js-sign-in-first = Алдымен кіріңіз.
js-handle-needed = Кіру атын таңдаңыз.
js-handle-taken = Бұл кіру аты осы түйінде бос емес. Басқасын таңдаңыз.
js-error-bad-code = Бұл шақыру коды емес: 16 әріп пен сан күтіледі.
js-error-weak-passphrase = Құпия сөз тіркесі кемінде 10 таңбадан тұруы керек.
js-error-wrong-passphrase = Құпия сөз тіркесі қате.
js-error-bad-sealed-key = Сақталған кілтті оқу мүмкін емес.
js-error-bad-request = Бұл құрылғыда бірдеңе дұрыс болмады. Бетті жаңартып, қайта көріңіз.
js-rank-position = енді мына орында:
js-rank-out = таңдалмаған
js-ranking-recorded = Сіздің ретіңіз жазылды.
js-nominated = Кандидат ұсынылды.

## Өріс атаулары, олар туралы хабарламаларда
field-name = атауы
field-description = сипаттамасы
field-founder_name = құрылтайшының аты
field-title = тақырыбы
field-text = мәтіні
field-uses = пайдалану саны
field-expires = жарамдылық мерзімі
field-quorum = кворум
field-closes_at = жабылу уақыты
field-seats = орын саны
field-candidates = кандидаттар саны
field-candidate = кандидаттың есімі
field-threshold = шек

## Командалық жол
cli-error = қате: { $detail }
cli-cannot-open-data = { $dir } деректер каталогын ашу мүмкін емес
cli-cannot-listen = { $address } мекенжайын тыңдау мүмкін емес (онда басқа түйін жұмыс істеп тұр ма?)
cli-serving = plenum { $count } жиналысқа қызмет көрсетуде.
cli-serving-lan = Осы желідегі телефондар { $url } аша алады
cli-serving-local = Браузерде { $url } ашыңыз.
cli-stop = Тоқтату үшін Ctrl+C басыңыз.
cli-stopped = Тоқтатылды. Расталғанның бәрі сақталды.
cli-demo-ready = Демо жиналыс дайын. Оның мүшелерінің бірі ретінде кіріңіз:
cli-demo-person = { $name }: кіру аты { $handle }, құпия сөз тіркесі { $passphrase }
cli-no-data = { $dir } ішінде plenum деректері жоқ.
cli-nothing-to-export = Экспорттайтын ештеңе жоқ.
cli-cannot-write = { $file } жазу мүмкін емес
cli-cannot-read = { $file } оқу мүмкін емес
cli-exported = { $count } оқиға { $file } файлына жазылды.
cli-verifying = Қолтаңбалар мен ережелер тексерілуде…
cli-verify-valid = Хаттама жарамды: барлық қолтаңба, байланыс, реттілік және ереже сақталған.
cli-verify-invalid = Хаттама жарамсыз. Алғашқы мәселе: { $event } { $reason }
cli-verify-broke-rule = жиналыс ережесін бұзады: { $reason }
cli-verify-heads = пакеттегі { $assembly } жиналысының соңғы оқиғалар тізімі оның оқиғаларына сәйкес келмейді: оқиғалар жойылған немесе қосылған
cli-verify-id = идентификатор { $id }
cli-verify-events = { $count } оқиға
cli-verify-digest = күй ізі { $digest }
cli-verify-ballot = { $title }: { $result } (иә { $yes }, жоқ { $no }, қалыс { $abstain })
cli-result-open = ашық
cli-result-carried = қабылданды
cli-result-not_carried = қабылданбады
cli-result-quorum_not_met = кворум жоқ
cli-result-counted = есептелді
cli-verify-election = { $title }: сайланғандар { $elected } ({ $method }, { $rounds } кезең)
cli-verify-ranked = { $title }: { $result } ({ $electorate } адамның { $voted } дауыс берді)

## plenum count
count-bad-input-line = { $file }, { $line }-жол: { $what }
count-bad-input = { $file }: { $what }
count-no-method = { $file }: BLT файлында оны қалай санау керектігі айтылмаған: --method беріңіз (--help қараңыз)
count-unknown-method = белгісіз тәсіл «{ $method }»; белгілі тәсілдер: { $known }
count-case-needs-method = { $file }: жағдайдағы «{ $method }» тәсілі бірнеше тәсілді білдіреді: --method беріңіз
count-bad-option = --option «{ $option }»: КІЛТ=МӘН күтілген
count-cannot-count = { $file }: санау мүмкін емес: { $what }
count-cannot-read = { $file } оқылмады: { $what }
count-election = Сайлау: { $title }
count-method = Тәсіл: { $method }
count-method-options = Тәсіл: { $method } ({ $options })
count-seats = Орын: { $seats }   Кандидат: { $candidates }   Бюллетень: { $ballots }
count-tie-break-lot = Ереже шешпеген теңдік: жеребе, бастапқы сан { $seed } (реті: { $order })
count-tie-break-order = Ереже шешпеген теңдік: { $mode } (реті: { $order })
count-round = { $number }-кезең
count-column-candidate = Кандидат
count-column-votes = Дауыс
count-column-keep = Сақтау коэффициенті
count-quota = Квота: { $quota }
count-exhausted = Таусылған: { $exhausted }
count-state-elected = сайланды
count-state-excluded = шығып қалды
count-event-elected = Сайланды: { $candidate } ({ $why })
count-why-quota = квотаға жетті
count-why-remaining-seats = қалған кандидат саны орын санына тең
count-why-highest = ең көп дауыс
count-event-excluded = Шығып қалды: { $candidate } ({ $why })
count-why-lowest = ең аз дауыс
count-why-sure-loser = қуып жете алмайды
count-why-seats-filled = барлық орын толды
count-why-write-in = жарияланбаған кандидаттар
count-why-below-minimum = ең төменгі шектен аз
count-event-surplus = { $candidate } кандидатының артық дауысы аударылды: { $surplus }
count-event-transfer = Дауыстары аударылды: { $from }
count-event-transfers = Аударылды: { $to }
count-exhausted-label = таусылған
count-event-tie-elect = Сайлау кезіндегі теңдік, { $among } арасында: { $chosen }, { $by }
count-event-tie-exclude = Шығару кезіндегі теңдік, { $among } арасында: { $chosen }, { $by }
count-event-tie-surplus = Алдымен қай артық дауыс аударылатыны бойынша теңдік, { $among } арасында: { $chosen }, { $by }
count-tie-by-earlier-round = { $round }-кезеңнің соңындағы дауыстар бойынша
count-tie-by-lot = жеребе бойынша
count-tie-by-order = кандидаттардың реті бойынша
count-tie-by-random = RCTab кездейсоқ таңдауы бойынша (бастапқы сан { $seed })
count-event-iterated = Итерация тоқтады: { $why } (артық дауыс { $surplus })
count-iter-elected = кандидат сайланды
count-iter-omega = артық дауыс омегадан аз
count-iter-stable = артық дауыс өзгермейді
count-iter-sure-losers = сөзсіз жеңілетіндер табылды
count-elected-summary = Сайланғандар, ретімен: { $names }
count-none-elected = Ешкім сайланған жоқ.
count-consent-carried = Қабылданды: қарсылық { $objections }, бұғаттау шегі { $limit }
count-consent-not-carried = Қабылданбады: қарсылық { $objections }, бұғаттау шегі { $limit }
count-ranking = Рейтинг: { $names }
count-progress-reading = бюллетеньдер оқылуда
count-progress-counting = саналуда

## Файл неге жарамды хаттама емес
bundle-not-a-bundle = бұл plenum пакеті емес
bundle-unknown-version = пакеттің { $version } нұсқасын бұл plenum қолдамайды; plenum-ды жаңартыңыз
bundle-bad-event = { $count } нөмірлі оқиға жарамсыз: { $detail }
bundle-bad-frame = файл { $offset } байтта бүлінген
bundle-truncated = пакет { $count } толық оқиғадан кейін үзілген: оны қайта көшіріңіз
bundle-altered = пакеттің бақылау сомасы сәйкес келмейді: ол жазылғаннан кейін өзгертілген
fold-no-founding-event = хаттамада құру оқиғасы жоқ
fold-bad-founding = құру оқиғасы жарамсыз ({ $detail })
fold-missing-dependency = { $event } оқиғасы хаттамада жоқ { $missing } оқиғасына негізделген
