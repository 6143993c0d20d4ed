# plenum — português. As mesmas mensagens que en.ftl (a referência).

## Moldura de cada página
nav-skip = Ir para o conteúdo
nav-breadcrumbs = Onde você está
nav-language = Idioma
nav-sign-in = Entrar
nav-sign-out = Sair
nav-signed-in-as = Conectado como { $name }
footer-signed = Cada decisão aqui é um evento assinado que qualquer pessoa pode verificar com plenum verify.
needs-script = A leitura funciona sem JavaScript, mas para agir ele é necessário: seu telefone assina cada ação com a sua própria chave.

## Início
home-title = Assembleias
home-lead = Decidam juntos, abertamente ou por voto secreto, mesmo quando a internet é cortada.
home-join = Entrar com um código de convite
home-found = Fundar uma assembleia
home-none = Ainda não há nenhuma assembleia neste nó.

## Assembleias
assembly-part-of = Parte de { $name }
assembly-includes = Inclui:
assembly-members-count = { $count ->
    [one] { $count } membro
   *[other] { $count } membros
}
assembly-open-ballots = { $count ->
    [0] nenhuma votação aberta
    [one] { $count } votação aberta
   *[other] { $count } votações abertas
}
tabs-label = Seções da assembleia
tab-motions = Propostas
tab-demands = Reivindicações
tab-members = Membros
tab-record = Registro
by-member = por { $name }
comments-count = { $count ->
    [0] nenhum comentário
    [one] { $count } comentário
   *[other] { $count } comentários
}

## Propostas
motion-put = Apresentar uma proposta
motion-kind = Tipo de proposta
motion-title = Título
motion-text = Texto
motion-submit = Apresentar a proposta
motions-none = Ainda não há propostas.
motions-voting = Em votação
motions-debating = Em debate
motions-decided = Decididas
kind-resolution = Resolução
kind-demand = Reivindicação
kind-election = Eleição de delegados
election-seats = Vagas a preencher
election-candidates-members = Candidatos entre os membros
election-candidates-named = Outros candidatos, um nome por linha
election-candidates-help = Os membros podem indicar mais candidatos até a votação ser aberta.

## Votações
ballot-title = Votação
ballot-none = Ainda não foi aberta uma votação sobre esta proposta.
ballot-quorum = Quórum: parte dos membros que precisa votar
ballot-threshold = Necessário para aprovar
ballot-deadline = Encerra sozinha
ballot-open = Abrir a votação
ballot-closes-at = Encerra
ballot-quorum-is = Quórum: { $share }
ballot-turnout = { $voted } de { $electorate } votaram
ballot-cast = Dê o seu voto
ballot-you-voted = Você votou: { $choice }. Você pode mudar o seu voto até a votação ser encerrada.
ballot-not-in-electorate = Você entrou depois que esta votação foi aberta, por isso não faz parte do seu eleitorado.
ballot-close = Encerrar a votação agora
ballot-close-confirm = Encerrar a votação agora? Depois disso ninguém mais poderá votar.
ballot-roll-call = Votação nominal
roll-member = Membro
roll-vote = Voto
roll-did-not-vote = Não votou
quorum-none = sem quórum
quorum-quarter = Um quarto
quorum-third = Um terço
quorum-half = Metade
quorum-two-thirds = Dois terços
threshold-simple_majority = Maioria simples dos votos
threshold-two_thirds = Dois terços dos votos
threshold-absolute_majority = Maioria absoluta de todos os membros
deadline-none = Só quando alguém da coordenação a encerrar
deadline-minutes = { $count ->
    [one] em { $count } minuto
   *[other] em { $count } minutos
}
deadline-hours = { $count ->
    [one] em { $count } hora
   *[other] em { $count } horas
}
deadline-days = { $count ->
    [one] em { $count } dia
   *[other] em { $count } dias
}
status-open = Aberta
outcome-carried = Aprovada
outcome-not-carried = Rejeitada
outcome-quorum-not-met = Sem quórum
outcome-counted = Apurada
choice-yes = Sim
choice-no = Não
choice-abstain = Abstenção

## Eleições de delegados
election-seats-count = { $count ->
    [one] { $count } vaga a preencher
   *[other] { $count } vagas a preencher
}
election-candidates-count = { $count ->
    [0] nenhum candidato
    [one] { $count } candidato
   *[other] { $count } candidatos
}
election-candidates = Candidatos
election-no-candidates = Ainda não há candidatos.
election-member = membro
election-nominated-by = indicado por { $name }
election-nominate = Indicar um candidato
election-nominations-help = Qualquer membro pode indicar candidatos até que quem convoca abra a votação.
election-nominate-member = Um membro da assembleia
election-nominate-name = Ou alguém pelo nome
election-nominate-submit = Indicar
election-too-few = A votação pode ser aberta quando houver pelo menos tantos candidatos quanto vagas.
election-method = Como as cédulas são apuradas
election-open-freezes = Abrir a votação encerra a lista de candidatos.
rule-stv_scottish = VUT escocês (voto único transferível)
rule-stv_meek = VUT de Meek
rule-stv_wigm = VUT de Gregory inclusivo ponderado
rule-stv_warren = VUT de Warren
rule-irv = Segundo turno instantâneo (IRV)
rule-schulze = Método de Schulze (Condorcet)
rule-borda = Contagem de Borda
rank-legend = Ordene os candidatos, sua primeira escolha primeiro
rank-you-ranked = Sua ordem: { $ranking }. Você pode mudá-la até a votação ser encerrada.
rank-you-cast-blank = Você votou em branco. Pode mudar o voto até a votação ser encerrada.
rank-help = Adicione os candidatos na ordem da sua preferência e mova-os com as setas. Você pode deixar candidatos de fora; uma cédula que não ordena ninguém conta apenas para o quórum.
rank-yours = Sua ordem
rank-none-yet = Ninguém ordenado ainda.
rank-unranked = Fora da ordem
rank-add-short = Adicionar
rank-add = Adicionar { $name } à sua ordem
rank-up = Subir { $name }
rank-down = Descer { $name }
rank-remove = Tirar { $name } da sua ordem
rank-submit = Votar com esta ordem
roll-ranking = Ordem
roll-blank = Voto em branco
result-title = A apuração
result-elected = Eleitos
result-elected-none = Ninguém foi eleito.
result-see-count = A apuração, rodada a rodada
result-method = Método
result-seats = Vagas
result-turnout = Participação
result-rounds = Rodada a rodada
result-rounds-caption = Votos de cada candidato ao fim de cada rodada
result-candidate = Candidato
result-round = Rodada
result-quota = Quota
result-exhausted = Esgotados
result-fate-elected = eleito na rodada { $round }
result-fate-excluded = excluído na rodada { $round }
result-events = O que aconteceu em cada rodada
result-tie-lot = Os empates que a regra deixa em aberto são decididos por sorteio: semente { $seed }, ordem { $order }.
result-tie-order = Os empates que a regra deixa em aberto são decididos por esta ordem: { $order }.
result-downloads = Baixar
result-transcript-json = A ata da apuração (JSON)
result-transcript-csv = A tabela das rodadas (CSV)
result-ballots-blt = As cédulas (BLT)
result-recount = Qualquer pessoa pode reapurar as cédulas no próprio computador:
result-recount-command = plenum count ARQUIVO.blt --method { $method }
chart-title = Votos em cada rodada
chart-desc = Uma linha por candidato e uma barra por rodada, { $rounds } rodadas ao todo; uma linha tracejada marca a quota. Eleitos: { $elected }.
chart-bar = { $name }, rodada { $round }: { $votes }
chart-rounds = As rodadas vão da esquerda para a direita; a linha tracejada é a quota.
csv-round = rodada
csv-quota = quota
csv-exhausted = esgotados
csv-elected = eleitos
csv-excluded = excluídos
## Debate
debate-title = Debate
debate-none = Ninguém falou ainda.
debate-reply = Responder
debate-your-reply = Sua resposta
debate-your-comment = Seu comentário
debate-send = Enviar
debate-members-only = Os membros da assembleia participam do debate.

## Membros e convites
members-title = { $count ->
    [one] { $count } membro
   *[other] { $count } membros
}
members-name = Nome
members-since = Membro desde
members-powers = Poderes
members-powers-explain = Os poderes vêm apenas do registro: os da fundação, visíveis desde o primeiro evento, e os que a assembleia concede.
power-convene = Coordenação
power-admit = Admite membros
invite-title = Convidar membros
invite-explain = Um código de convite permite entrar pelo próprio telefone. Entregue-o pessoalmente ou leia-o em voz alta; quem o tiver pode entrar até que se esgote ou expire.
invite-uses = Quantas pessoas podem entrar com ele
invite-days = Válido por quantos dias
invite-create = Criar um convite
invite-code-is = O código de convite:
invite-link-is = Ou abra este link no telefone:

## Reivindicações
demands-title = Reivindicações aprovadas
demands-none = Nenhuma reivindicação foi aprovada ainda.
demands-adopted = Aprovada

## Registro
record-title = O registro
record-explain = Tudo o que esta assembleia decidiu, como eventos assinados. Baixe o registro e verifique-o no seu próprio computador, sem confiar neste nó.
record-events = Eventos
record-digest = Resumo do estado
record-assembly-id = Identificador da assembleia
record-download = Baixar o registro
record-verify-how = Para verificá-lo:
record-verify-command = plenum verify ARQUIVO
record-kind = Evento
record-author = Autor
record-time = Hora
record-id = Identificador
record-ignored = não teve efeito
event-found = Fundou a assembleia
event-invite = Emitiu um convite
event-join = Entrou
event-motion = Apresentou uma proposta
event-comment = Comentou
event-open_ballot = Abriu uma votação
event-vote = Votou
event-close_ballot = Encerrou uma votação
event-nominate = Indicou um candidato
event-unknown = Evento desconhecido

## Entrar, iniciar sessão, fundar
join-title = Entrar numa assembleia
join-lead = Digite o código de convite que você recebeu. Seu telefone cria a sua própria chave; não é preciso e-mail nem número de telefone.
join-code = Código de convite
join-code-help = 16 letras e números, como 7K2M-9QXD-H4TB-0RNC. Hífens e maiúsculas não importam.
join-name = Seu nome na assembleia
join-key = Sua chave neste nó
join-key-help = Sua chave é selada com a sua frase-senha neste telefone antes de ser guardada no nó, para você poder entrar por outro telefone. O nó não consegue abri-la.
join-submit = Entrar
signin-title = Iniciar sessão
signin-lead = Abra a sua chave com a sua frase-senha. Ela é aberta neste aparelho; a frase-senha nunca sai dele.
signin-handle = Nome de acesso
signin-passphrase = Frase-senha
signin-submit = Iniciar sessão
signin-no-key = Ainda não tem chave? Entre com um código de convite.
passphrase-help = Pelo menos 10 caracteres. Algumas palavras sem relação entre si são fáceis de lembrar e difíceis de adivinhar. Se você a perder, ninguém poderá recuperar a sua chave.
found-title = Fundar uma assembleia
found-lead = Você será o primeiro membro e a primeira coordenação; todos verão isso no registro.
found-name = Nome da assembleia
found-description = Para que serve
found-parent = Parte de uma assembleia maior
found-parent-none = Nenhuma
found-admission = Quem pode convidar novos membros
admission-convenors = A coordenação
admission-members = Qualquer membro
found-your-name = Seu nome na assembleia
found-bootstrap = Como fundador, você tem os poderes de convocar e de admitir membros. Eles estão escritos no evento de fundação.
found-submit = Fundar a assembleia

## Erros nas páginas
error-back-home = Voltar às assembleias
error-not-found-title = Não encontrado
error-not-found = Não há nada neste endereço.
error-no-assembly-title = Assembleia inexistente
error-no-assembly = Este nó não tem nenhuma assembleia com este identificador. Ela pode estar em outro nó que ainda não sincronizou.
error-no-motion-title = Proposta inexistente
error-no-motion = Esta assembleia não tem nenhuma proposta com este identificador.
error-founding-closed-title = Fundação fechada
error-founding-closed = Quem opera este nó não permite novas assembleias aqui.
error-no-count-title = Sem apuração
error-no-count = Esta proposta não tem votação ordenada para apurar.
error-not-counted-title = Ainda não apurada
error-not-counted = A apuração é feita quando a votação é encerrada, se houver quórum.
error-uncountable-title = A apuração falhou
error-uncountable = Não foi possível apurar estas cédulas. O registro está intacto; avise quem opera o nó.

## Erros da API
api-error-no-assembly = Este nó não tem nenhuma assembleia com este identificador.
api-error-bad-key = Isso não é uma chave: esperam-se 64 dígitos hexadecimais.
api-error-no-invite = Não existe convite com este código neste nó. Verifique o código ou peça um novo.
api-error-bad-handle = Um nome de acesso deve ter de 1 a 80 caracteres, sem caracteres de controle.
api-error-bad-sealed-key = A chave selada não está no formato esperado.
api-error-handle-taken = Este nome de acesso já está em uso neste nó. Escolha outro.
api-error-no-handle = Nenhuma chave está guardada com este nome de acesso neste nó.
api-error-not-stored = O nó não conseguiu guardar isto. Nada foi alterado; tente de novo.

## Por que um evento é recusado
rejection-malformed = Isto não é um evento válido ({ $detail }). Nada foi registrado.
rejection-bad-signature = A assinatura não confere. Nada foi registrado.
rejection-bad-payload = O conteúdo do evento não pode ser lido ({ $detail }). Nada foi registrado.
rejection-missing-dependency = Isto se baseia num evento que este nó ainda não tem ({ $event }). Sincronize com os outros nós e tente de novo.
rejection-wrong-assembly = Este evento pertence a outra assembleia.
rejection-bad-sequence = Seus eventos estão fora de ordem (esperava-se o número { $expected }, veio { $got }). Recarregue a página e tente de novo.
rejection-sequence-used = Você já fez outro evento com o número { $seq }. Recarregue a página e tente de novo.
rejection-no-dependencies = Todo evento deve se basear no registro da assembleia.
rejection-clock-skew = O relógio do seu aparelho está longe demais do relógio do nó. Acerte a hora e tente de novo.
rejection-duplicate = Isto já foi registrado.
rejection-unknown-assembly = Este nó não tem essa assembleia.
rejection-not-stored = O nó não conseguiu guardar isto. Nada foi registrado; tente de novo.
rejection-not-founded = Primeiro a assembleia precisa ser fundada.
rejection-already-founded = Esta assembleia já foi fundada.
rejection-not-a-member = Só membros da assembleia podem fazer isto.
rejection-already-a-member = Você já é membro desta assembleia.
rejection-no-power = Isto exige o poder: { $power }. Os poderes são concedidos pela assembleia.
rejection-bad-text = O campo { $field } não pode estar vazio, deve ter no máximo { $max } caracteres e nenhum caractere de controle.
rejection-unknown-invite = Este convite não existe nesta assembleia.
rejection-invite-expired = Este convite expirou. Peça um novo.
rejection-invite-used-up = Este convite já foi usado o número máximo de vezes. Peça um novo.
rejection-bad-invite-proof = O código de convite está errado. Verifique-o e tente de novo.
rejection-duplicate-invite = Já existe um convite com este código.
rejection-out-of-range = O valor de { $field } está fora dos limites.
rejection-unknown-motion = Não existe essa proposta nesta assembleia.
rejection-unknown-comment = Não existe esse comentário nesta proposta.
rejection-unknown-ballot = Não existe essa votação nesta assembleia.
rejection-ballot-exists = Esta proposta já tem uma votação.
rejection-ballot-closed = Esta votação está encerrada.
rejection-not-in-electorate = Você não faz parte do eleitorado desta votação: ele foi fixado quando a votação foi aberta.
rejection-wrong-mark = Este voto não corresponde ao método da votação.
rejection-unknown-kind = Este tipo de evento ({ $kind }) é desconhecido para esta versão do plenum. Atualize o plenum.
rejection-unexpected-kind = Um evento do tipo { $kind } não é esperado aqui.
rejection-stale = A assembleia avançou enquanto isto era assinado. Tente de novo.
rejection-not-an-election = Só se podem indicar candidatos numa eleição.
rejection-nominations-closed = A votação está aberta: não se podem indicar mais candidatos.
rejection-duplicate-candidate = Este candidato já está na lista.
rejection-candidate-not-a-member = Um candidato indicado pela chave deve ser membro da assembleia.
rejection-method-does-not-fit = Este método não corresponde à proposta: eleições usam ordenação, as outras propostas são votadas com sim ou não.
rejection-candidates-changed = A lista de candidatos mudou: tem { $expected }, a cédula tinha { $got }. Recarregue a página e abra a votação de novo.
rejection-too-few-candidates = Há menos candidatos ({ $candidates }) do que vagas ({ $seats }). Indique mais primeiro.
rejection-bad-ranking = A ordem cita um candidato que não está na cédula, ou o mesmo candidato duas vezes.

## Mensagens do script da página
js-working = Assinando no seu aparelho…
js-recorded = Registrado.
js-vote-recorded = Seu voto foi registrado.
js-network = Não foi possível alcançar o nó. Verifique o Wi-Fi e tente de novo.
js-sign-in-first = Inicie a sessão primeiro.
js-handle-needed = Escolha um nome de acesso.
js-handle-taken = Este nome de acesso já está em uso neste nó. Escolha outro.
js-error-bad-code = Isso não é um código de convite: esperam-se 16 letras e números.
js-error-weak-passphrase = A frase-senha deve ter pelo menos 10 caracteres.
js-error-wrong-passphrase = Frase-senha errada.
js-error-bad-sealed-key = A chave guardada não pode ser lida.
js-error-bad-request = Algo deu errado neste aparelho. Recarregue a página e tente de novo.
js-rank-position = agora na posição
js-rank-out = fora da ordem
js-ranking-recorded = Sua ordem foi registrada.
js-nominated = Indicação registrada.

## Nomes de campos, nas mensagens sobre eles
field-name = nome
field-description = descrição
field-founder_name = nome de quem funda
field-title = título
field-text = texto
field-uses = número de usos
field-expires = validade
field-quorum = quórum
field-closes_at = hora de encerramento
field-seats = número de vagas
field-candidates = número de candidatos
field-candidate = nome do candidato
field-threshold = limiar

## A linha de comando
cli-error = erro: { $detail }
cli-cannot-open-data = não é possível abrir o diretório de dados { $dir }
cli-cannot-listen = não é possível escutar em { $address } (outro nó já está rodando ali?)
cli-serving = o plenum está servindo { $count ->
    [one] { $count } assembleia
   *[other] { $count } assembleias
}.
cli-serving-lan = Os telefones desta rede podem abrir { $url }
cli-serving-local = Abra { $url } num navegador.
cli-stop = Pressione Ctrl+C para parar.
cli-stopped = Parado. Tudo o que foi confirmado está guardado.
cli-demo-ready = A assembleia de demonstração está pronta. Entre como um de seus membros:
cli-demo-person = { $name }: nome de acesso { $handle }, frase-senha { $passphrase }
cli-no-data = { $dir } não contém dados do plenum.
cli-nothing-to-export = Não há nada para exportar.
cli-cannot-write = não é possível gravar { $file }
cli-cannot-read = não é possível ler { $file }
cli-exported = { $count } eventos gravados em { $file }.
cli-verifying = Verificando assinaturas e regras…
cli-verify-valid = O registro é válido: todas as assinaturas, ligações, sequências e regras se confirmam.
cli-verify-invalid = O registro NÃO é válido. Primeiro problema: { $event } { $reason }
cli-verify-broke-rule = viola uma regra da assembleia: { $reason }
cli-verify-heads = a lista dos últimos eventos da assembleia { $assembly } no pacote não corresponde aos seus eventos: eventos foram removidos ou acrescentados
cli-verify-id = identificador { $id }
cli-verify-events = { $count ->
    [one] { $count } evento
   *[other] { $count } eventos
}
cli-verify-digest = resumo do estado { $digest }
cli-verify-ballot = { $title }: { $result } (sim { $yes }, não { $no }, abstenção { $abstain })
cli-result-open = aberta
cli-result-carried = aprovada
cli-result-not_carried = rejeitada
cli-result-quorum_not_met = sem quórum
cli-result-counted = apurada
cli-verify-election = { $title }: eleitos { $elected } ({ $method }, { $rounds ->
    [one] { $rounds } rodada
   *[other] { $rounds } rodadas
})
cli-verify-ranked = { $title }: { $result } ({ $voted } de { $electorate } votaram)

## plenum count
count-bad-input-line = { $file }, linha { $line }: { $what }
count-bad-input = { $file }: { $what }
count-no-method = { $file }: um arquivo BLT não diz como apurá-lo: use --method (veja --help)
count-unknown-method = método desconhecido "{ $method }"; métodos conhecidos: { $known }
count-case-needs-method = { $file }: o método do caso, "{ $method }", designa vários métodos: use --method
count-bad-option = --option "{ $option }": esperava-se CHAVE=VALOR
count-cannot-count = { $file }: não é possível apurar: { $what }
count-cannot-read = não é possível ler { $file }: { $what }
count-election = Eleição: { $title }
count-method = Método: { $method }
count-method-options = Método: { $method } ({ $options })
count-seats = Vagas: { $seats }   Candidatos: { $candidates }   Cédulas: { $ballots }
count-tie-break-lot = Empates que a regra deixa em aberto: por sorteio, semente { $seed } (ordem: { $order })
count-tie-break-order = Empates que a regra deixa em aberto: { $mode } (ordem: { $order })
count-round = Rodada { $number }
count-column-candidate = Candidato
count-column-votes = Votos
count-column-keep = Fator de retenção
count-quota = Quota: { $quota }
count-exhausted = Esgotados: { $exhausted }
count-state-elected = eleito
count-state-excluded = excluído
count-event-elected = Eleito: { $candidate } ({ $why })
count-why-quota = atingiu a quota
count-why-remaining-seats = restam tantos candidatos quanto vagas
count-why-highest = mais votado
count-event-excluded = Excluído: { $candidate } ({ $why })
count-why-lowest = menos votado
count-why-sure-loser = não consegue alcançar
count-why-seats-filled = todas as vagas preenchidas
count-why-write-in = candidatos não declarados
count-why-below-minimum = abaixo do mínimo
count-event-surplus = Excedente de { $candidate } transferido: { $surplus }
count-event-transfer = Votos de { $from } transferidos
count-event-transfers = Transferências: { $to }
count-exhausted-label = esgotados
count-event-tie-elect = Empate para eleger entre { $among }: { $chosen }, { $by }
count-event-tie-exclude = Empate para excluir entre { $among }: { $chosen }, { $by }
count-event-tie-surplus = Empate sobre qual excedente transferir primeiro entre { $among }: { $chosen }, { $by }
count-tie-by-earlier-round = pelos votos ao fim da rodada { $round }
count-tie-by-lot = por sorteio
count-tie-by-order = pela ordem dos candidatos
count-tie-by-random = pelo sorteio aleatório do RCTab (semente { $seed })
count-event-iterated = Iteração encerrada: { $why } (excedente { $surplus })
count-iter-elected = um candidato foi eleito
count-iter-omega = excedente abaixo de ômega
count-iter-stable = excedente estável
count-iter-sure-losers = derrotados certos encontrados
count-elected-summary = Eleitos, em ordem: { $names }
count-none-elected = Ninguém foi eleito.
count-consent-carried = Aprovada: { $objections } objeção(ões), { $limit } bloqueariam
count-consent-not-carried = Não aprovada: { $objections } objeção(ões), { $limit } bloqueiam
count-ranking = Classificação: { $names }
count-progress-reading = lendo as cédulas
count-progress-counting = apurando

## Por que um arquivo não é um registro válido
bundle-not-a-bundle = não é um pacote do plenum
bundle-unknown-version = a versão { $version } do pacote não é suportada por este plenum; atualize o plenum
bundle-bad-event = o evento número { $count } não é válido: { $detail }
bundle-bad-frame = o arquivo está danificado no byte { $offset }
bundle-truncated = o pacote está cortado após { $count } eventos completos: copie-o de novo
bundle-altered = a soma de verificação do pacote não confere: ele foi alterado depois de gravado
fold-no-founding-event = o registro não tem evento de fundação
fold-bad-founding = o evento de fundação é inválido ({ $detail })
fold-missing-dependency = o evento { $event } se baseia no evento { $missing }, que falta no registro

## Sync between nodes, bundles and peers (issue 5)
sync-error-bad-url = “{ $detail }” não é o endereço de um nó. Escreva-o como http://HOST:PORTA, por exemplo http://10.0.0.2:8080.
sync-error-no-tls = { $detail }: os nós sincronizam por http:// simples na sua rede local; os eventos são assinados, por isso nada pode ser forjado pelo caminho. Use http://.
sync-error-unreachable = O outro nó não pode ser alcançado ({ $detail }). Verifique se está a funcionar e na mesma rede; nada foi alterado.
sync-error-status = O outro nó recusou a sincronização (HTTP { $detail }). É um nó plenum de uma versão compatível?
sync-error-protocol = As respostas do outro nó não seguem o protocolo de sincronização ({ $detail }). O que já foi guardado fica; tente de novo ou atualize o plenum.
api-error-bad-sync = Este não é um pedido de sincronização que este nó entenda. Nada foi alterado.
cli-sync-nothing = Este nó ainda não tem nenhuma assembleia. Indique uma com --assembly ID para a obter do outro nó.
cli-sync-not-remembered = não é possível registar o contacto com o outro nó nos pares deste nó
cli-sync-done = { $assembly }: sincronizada.
cli-sync-not-served = { $assembly }: o outro nó não serve esta assembleia; nada foi trocado.
cli-sync-failed = { $assembly }: a sincronização parou ({ $detail }). O que foi guardado fica; tente de novo.
cli-sync-summary = Recebidos { $received } eventos novos, enviados { $sent }, em { $rounds } idas e voltas ({ $bytes } bytes de protocolo além dos eventos).
cli-sync-refused = { $count ->
    [one] O outro nó enviou { $count } evento que este nó recusou (não guardado):
   *[other] O outro nó enviou { $count } eventos que este nó recusou (não guardados):
}
cli-no-such-assembly = Este nó não tem a assembleia { $assembly }.
cli-heads-written = As pontas deste nó foram escritas em { $file }. Leve-o ao outro nó e execute: plenum bundle export --since { $file } --out FICHEIRO
cli-importing = A verificar e importar o pacote…
cli-import-refused = O pacote foi recusado por inteiro; nada foi importado: { $reason }
cli-import-truncated = O pacote está cortado: só os seus primeiros { $count } eventos completos foram lidos e importados. Copie-o de novo para obter o resto.
cli-imported = Importados { $stored } eventos novos; { $held } já estavam aqui; { $refused } recusados.
cli-import-waiting = { $count } eventos dependem de eventos que este nó não tem e não foram importados: importe primeiro o pacote de onde vieram, ou sincronize.
cli-status-node = Nó { $node }
cli-status-events = { $events } eventos de { $authors } autores; { $ignored } sem efeito (conflitos resolvidos)
cli-status-no-peers = Ainda sem pares: adicione um com plenum serve --peer URL, na página Sincronização, ou execute plenum sync URL.
cli-status-peer = Par { $url } ({ $source }), último contacto: { $contact }
cli-status-peer-error = a última tentativa falhou: { $detail }
cli-status-pending = { $assembly }: tinha { $events } eventos e { $heads } pontas; { $they }; { $we }
status-never = nunca
status-they-lack = faltam-lhe { $count } dos nossos
status-they-lack-unknown = o que lhe falta saber-se-á na próxima sincronização
status-we-lack-nothing = não nos falta nada do que tinha
status-we-lack = faltam-nos { $count } das suas pontas
peer-source-flag = definido no arranque
peer-source-ui = adicionado por um convocador
peer-source-lan = encontrado na rede local
peer-source-cli = sincronizado pela linha de comandos
ago-seconds = há { $count } s
ago-minutes = há { $count } min
ago-hours = há { $count } h
ago-days = há { $count } d
cli-bench-header = Duas réplicas de { $events } eventos que diferem em { $differ }; enviar todos os ids custaria { $naive } bytes.
cli-bench-line = { $case }, { $mode }: { $rounds } idas e voltas, { $bytes } bytes além dos eventos, { $events } eventos movidos, { $ms } ms
cli-bench-mode-protocol = pontas primeiro, depois reconciliação
cli-bench-mode-negentropy = só reconciliação
cli-bench-case-newest-end = extremo mais recente (um nó que esteve desligado)
cli-bench-case-scattered = espalhados pela história
cli-bench-case-both-newest = os dois lados fizeram eventos separados
cli-bench-case-both-scattered = os dois lados têm eventos espalhados que faltam ao outro
cli-verify-conflicts = { $count ->
    [one] { $count } evento não teve efeito: um conflito entre nós separados, resolvido pelas regras (docs/conflicts.md). O registo continua válido.
   *[other] { $count } eventos não tiveram efeito: conflitos entre nós separados, resolvidos pelas regras (docs/conflicts.md). O registo continua válido.
}
cli-verify-conflict = { $event }: { $reason }
api-error-bad-peer-action = Ação desconhecida sobre um par: espera-se add, remove ou sync.
api-error-not-a-bundle = Este arquivo não é um pacote plenum. Nada foi importado.
api-error-newer-bundle = Este pacote foi escrito por um plenum mais recente. Atualize este nó e tente de novo.
api-error-altered-bundle = Este pacote foi alterado depois de escrito: foi recusado por inteiro, nada foi importado. Peça uma cópia nova.
home-sync = Sincronizar com outros nós, pacotes e pares
sync-title = Sincronização
sync-lead = Este nó guarda uma cópia completa das suas assembleias e troca eventos com outros nós sempre que há uma ligação: uma rede, ou um pacote levado à mão.
sync-node = Id deste nó
sync-assemblies = Assembleias neste nó
sync-col-assembly = Assembleia
sync-col-events = Eventos
sync-col-authors = Autores
sync-col-ignored = Conflitos resolvidos
sync-col-contact = último contacto
sync-peers = Pares
sync-no-peers = Ainda sem pares. Adicione abaixo o endereço de outro nó, ou inicie este nó com plenum serve --peer URL.
sync-approve = Sincronizar automaticamente
sync-now = Sincronizar agora
sync-remove = Esquecer este par
sync-add-peer = Adicionar um par
sync-peer-url = Endereço do outro nó
sync-add = Adicionar
sync-convenors-only = Só um convocador de uma assembleia deste nó pode adicionar, remover ou sincronizar pares; o pedido é assinado no seu dispositivo.
sync-bundles = Pacotes: eventos levados à mão
sync-bundles-explain = Onde nenhuma rede une dois nós, descarregue aqui um pacote, leve-o numa pen USB e carregue-o no outro nó. Importar o mesmo pacote duas vezes não muda nada; um pacote danificado é recusado.
sync-download = Descarregar um pacote de todas as assembleias
sync-upload-file = Ficheiro do pacote
sync-upload = Importar o pacote
js-synced = Sincronizado.
js-sync-failed = A sincronização falhou:
js-bundle-imported = Pacote importado (novos / já cá estavam / recusados):
js-bundle-truncated = O pacote estava cortado; a parte completa foi importada (novos / já cá estavam / recusados):
cli-lan-on = A anunciar este nó na rede local e à escuta de outros (mDNS).
cli-lan-failed = A descoberta na rede local não pôde arrancar ({ $detail }); o nó serve e sincroniza com os pares listados na mesma.
cli-data-in-use = Um nó está a servir { $dir } em { $url }: não veria o que este comando escrevesse. Use a sua página de Sincronização, ou inicie-o com --peer; ou pare-o primeiro.
cli-import-via-node = Um nó está a servir este diretório de dados; o pacote passa por ele ({ $url }).
cli-database-bad-connection = { $detail }: isto não é uma string de conexão do PostgreSQL. Escreva postgres://USUÁRIO:SENHA@HOST/BANCO ou host=HOST dbname=BANCO user=USUÁRIO.
cli-database-unreachable = Não foi possível conectar ao banco de dados PostgreSQL { $database } ({ $detail }). Verifique se o servidor está rodando e se --database ou PLENUM_DATABASE indica o host, o banco, o usuário e a senha corretos.
cli-database-not-plenum = O banco de dados PostgreSQL { $database } não é um banco do plenum: ele contém tabelas que o plenum não criou, e o plenum não grava nada nele. Dê ao plenum um banco vazio só dele (createdb plenum) ou um esquema só dele (options=-csearch_path=plenum).
cli-database-newer = O banco de dados PostgreSQL { $database } foi gravado por uma versão mais nova do plenum (esquema { $found }; esta versão conhece até o { $known }). Nada foi alterado: use o plenum mais novo.
cli-database-failed = Não foi possível preparar o banco de dados PostgreSQL { $database } para o plenum ({ $detail }). O usuário do banco tem permissão para criar tabelas?
