# plenum — português. As mesmas mensagens que en.ftl (a referência).

## Moldura de cada página
nav-skip = Ir para o conteúdo
nav-breadcrumbs = Onde você está
nav-language = Idioma
nav-sign-in = Entrar
nav-sign-out = Sair
nav-signed-in-as = Conectado como { $name }
footer-signed = Cada decisão aqui é um evento assinado que qualquer pessoa pode verificar com plenum verify.
needs-script = A leitura funciona sem JavaScript, mas para agir ele é necessário: seu celular assina cada ação com a sua própria chave.

## Início
home-title = Assembleias
home-lead = Decidam juntos, abertamente ou por voto secreto, mesmo quando a internet é cortada.
home-join = Ingressar com um código de convite
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
ballot-threshold = Maioria necessária
ballot-deadline = Quando encerrar
ballot-open = Abrir a votação
ballot-closes-at = Encerra em
ballot-quorum-is = Quórum: { $share }
ballot-turnout = { $voted } de { $electorate } votaram
ballot-cast = Seu voto
ballot-you-voted = Você votou: { $choice }. Você pode mudar o seu voto até a votação ser encerrada.
ballot-not-in-electorate = Você ingressou depois que esta votação foi aberta, por isso não está na lista de votantes.
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
threshold-absolute_majority = Maioria absoluta dos membros
deadline-none = Pela coordenação
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
tally-abstain = Abstenções

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
election-nominations-help = Qualquer membro pode indicar candidatos até que a coordenação abra a votação.
election-nominate-member = Um membro da assembleia
election-nominate-name = Ou outra pessoa, pelo nome
election-nominate-submit = Indicar
election-too-few = A votação pode ser aberta quando houver pelo menos tantos candidatos quanto vagas.
election-method = Método de apuração
election-open-freezes = Abrir a votação encerra a lista de candidatos.
rule-stv_scottish = VUT escocês (voto único transferível)
rule-stv_meek = VUT de Meek
rule-stv_wigm = VUT de Gregory ponderado (WIGM)
rule-stv_warren = VUT de Warren
rule-irv = Segundo turno instantâneo (IRV)
rule-schulze = Método de Schulze (Condorcet)
rule-borda = Contagem de Borda
rank-legend = Ordene os candidatos, começando pela sua primeira escolha
rank-you-ranked = Sua ordem de preferência: { $ranking }. Você pode mudá-la até a votação ser encerrada.
rank-you-cast-blank = Você votou em branco. Pode mudar o voto até a votação ser encerrada.
rank-help = Adicione os candidatos na ordem da sua preferência e mova-os com as setas. Você pode deixar candidatos de fora; uma cédula sem ninguém ordenado conta apenas para o quórum.
rank-yours = Sua ordem de preferência
rank-none-yet = Ninguém ordenado ainda.
rank-unranked = Não ordenados
rank-add-short = Adicionar
rank-add = Adicionar { $name } à sua ordem
rank-up = Subir { $name }
rank-down = Descer { $name }
rank-remove = Tirar { $name } da sua ordem
rank-submit = Votar
roll-ranking = Preferências
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
result-quota = Cota
result-exhausted = Esgotados
result-fate-elected = eleito na rodada { $round }
result-fate-excluded = excluído na rodada { $round }
result-events = O que aconteceu em cada rodada
result-tie-lot = Os empates que a regra deixa em aberto são decididos por sorteio: semente { $seed }, ordem { $order }.
result-tie-order = Os empates que a regra deixa em aberto são decididos por esta ordem: { $order }.
result-downloads = Downloads
result-transcript-json = Relatório da apuração (JSON)
result-transcript-csv = Tabela das rodadas (CSV)
result-ballots-blt = Cédulas (BLT)
result-recount = Qualquer pessoa pode recontar as cédulas no próprio computador:
result-recount-command = plenum count ARQUIVO.blt --method { $method }
chart-title = Votos em cada rodada
chart-desc = Uma linha por candidato e uma barra por rodada, { $rounds } rodadas ao todo; uma linha tracejada marca a cota. Eleitos: { $elected }.
chart-bar = { $name }, rodada { $round }: { $votes }
chart-rounds = As rodadas vão da esquerda para a direita; a linha tracejada é a cota.
csv-round = rodada
csv-quota = cota
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
debate-members-only = Só membros da assembleia participam do debate.

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
power-admit = Admissão de membros
invite-title = Convidar membros
invite-explain = Um código de convite permite ingressar pelo próprio celular. Entregue-o pessoalmente ou leia-o em voz alta; quem o tiver pode ingressar até que os usos se esgotem ou o prazo expire.
invite-uses = Quantas pessoas podem ingressar com ele
invite-days = Válido por quantos dias
invite-create = Criar um convite
invite-code-is = O código de convite:
invite-link-is = Ou abra este link no celular:

## Reivindicações
demands-title = Reivindicações aprovadas
demands-none = Nenhuma reivindicação foi aprovada ainda.
demands-adopted = Aprovada

## Registro
record-title = O registro
record-explain = Tudo o que esta assembleia decidiu, como eventos assinados. Baixe o registro e verifique-o no seu próprio computador, sem confiar neste nó.
record-events = Eventos
record-digest = Resumo do estado
record-assembly-id = ID da assembleia
record-download = Baixar o registro
record-verify-how = Para verificá-lo:
record-verify-command = plenum verify ARQUIVO
record-kind = Evento
record-author = Autor
record-time = Hora
record-id = ID
record-ignored = não teve efeito
event-found = Fundou a assembleia
event-invite = Criou um convite
event-join = Ingressou
event-motion = Apresentou uma proposta
event-comment = Comentou
event-open_ballot = Abriu uma votação
event-vote = Votou
event-close_ballot = Encerrou uma votação
event-nominate = Indicou um candidato
event-unknown = Evento desconhecido

## Entrar, iniciar sessão, fundar
join-title = Ingressar numa assembleia
join-lead = Digite o código de convite que você recebeu. Seu celular cria a sua própria chave; não é preciso e-mail nem número de telefone.
join-code = Código de convite
join-code-help = 16 letras e números, como 7K2M-9QXD-H4TB-0RNC. Hífens e maiúsculas ou minúsculas não importam.
join-name = Seu nome na assembleia
join-key = Sua chave neste nó
join-key-help = Sua chave é cifrada com a sua frase-senha neste celular antes de ser guardada no nó, para você poder entrar por outro celular. O nó não consegue abri-la.
join-submit = Ingressar
signin-title = Entrar
signin-lead = Abra a sua chave com a sua frase-senha. Ela é aberta neste aparelho; a frase-senha nunca sai dele.
signin-handle = Nome de acesso
signin-passphrase = Frase-senha
signin-submit = Entrar
signin-no-key = Ainda não tem chave? Ingresse com um código de convite.
passphrase-help = Pelo menos 10 caracteres. Algumas palavras sem relação entre si são fáceis de lembrar e difíceis de adivinhar. Se você a perder, ninguém poderá recuperar a sua chave.
found-title = Fundar uma assembleia
found-lead = Você será o primeiro membro e fará parte da coordenação; todos verão isso no registro.
found-name = Nome da assembleia
found-description = Para que serve
found-parent = Parte de uma assembleia maior
found-parent-none = Nenhuma
found-admission = Quem pode convidar novos membros
admission-convenors = A coordenação
admission-members = Qualquer membro
found-your-name = Seu nome na assembleia
found-bootstrap = Como fundador(a), você tem os poderes de coordenar a assembleia e de admitir membros. Eles ficam escritos no evento de fundação.
found-submit = Fundar a assembleia

## Erros nas páginas
error-back-home = Voltar às assembleias
error-not-found-title = Página não encontrada
error-not-found = Não há nada neste endereço.
error-no-assembly-title = Assembleia inexistente
error-no-assembly = Este nó não tem nenhuma assembleia com este identificador. Ela pode estar em outro nó que ainda não sincronizou.
error-no-motion-title = Proposta inexistente
error-no-motion = Esta assembleia não tem nenhuma proposta com este identificador.
error-founding-closed-title = Não é possível fundar aqui
error-founding-closed = Quem opera este nó não permite novas assembleias aqui.
error-no-count-title = Sem apuração
error-no-count = Esta proposta não tem votação por ordem de preferência para apurar.
error-not-counted-title = Ainda não apurada
error-not-counted = A apuração é feita quando a votação é encerrada, se houver quórum.
error-uncountable-title = A apuração falhou
error-uncountable = Não foi possível apurar estas cédulas. O registro está intacto; avise quem opera o nó.

## Erros da API
api-error-no-assembly = Este nó não tem nenhuma assembleia com este identificador.
api-error-bad-key = Isso não é uma chave: esperam-se 64 dígitos hexadecimais.
api-error-no-invite = Não existe convite com este código neste nó. Verifique o código ou peça um novo.
api-error-bad-handle = Um nome de acesso deve ter de 1 a 80 caracteres, sem caracteres de controle.
api-error-bad-sealed-key = A chave cifrada não está no formato esperado.
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
rejection-bad-text = O campo “{ $field }” não pode estar vazio, deve ter no máximo { $max } caracteres e nenhum caractere de controle.
rejection-unknown-invite = Este convite não existe nesta assembleia.
rejection-invite-expired = Este convite expirou. Peça um novo.
rejection-invite-used-up = Este convite já foi usado o número máximo de vezes. Peça um novo.
rejection-bad-invite-proof = O código de convite está errado. Verifique-o e tente de novo.
rejection-duplicate-invite = Já existe um convite com este código.
rejection-out-of-range = O valor do campo “{ $field }” está fora dos limites.
rejection-unknown-motion = Não existe essa proposta nesta assembleia.
rejection-unknown-comment = Não existe esse comentário nesta proposta.
rejection-unknown-ballot = Não existe essa votação nesta assembleia.
rejection-ballot-exists = Esta proposta já tem uma votação.
rejection-ballot-closed = Esta votação está encerrada.
rejection-not-in-electorate = Você não está na lista de votantes desta votação: ela foi fixada quando a votação foi aberta.
rejection-wrong-mark = Este voto não corresponde ao método da votação.
rejection-unknown-kind = Este tipo de evento ({ $kind }) é desconhecido para esta versão do plenum. Atualize o plenum.
rejection-unexpected-kind = Um evento do tipo { $kind } não é esperado aqui.
rejection-stale = A assembleia avançou enquanto isto era assinado. Tente de novo.
rejection-not-an-election = Só se podem indicar candidatos numa eleição.
rejection-nominations-closed = A votação está aberta: não se podem indicar mais candidatos.
rejection-duplicate-candidate = Este candidato já está na lista.
rejection-candidate-not-a-member = Um candidato indicado pela chave deve ser membro da assembleia.
rejection-method-does-not-fit = Este método não serve para esta proposta: eleições usam ordem de preferência; as outras propostas são votadas com sim ou não.
rejection-candidates-changed = A lista de candidatos mudou: tem { $expected }, a cédula tinha { $got }. Recarregue a página e abra a votação de novo.
rejection-too-few-candidates = Há menos candidatos ({ $candidates }) do que vagas ({ $seats }). Indique mais primeiro.
rejection-bad-ranking = A ordem cita um candidato que não está na cédula, ou o mesmo candidato duas vezes.

## Mensagens do script da página
js-working = Assinando no seu aparelho…
js-recorded = Registrado.
js-vote-recorded = Seu voto foi registrado.
js-network = Não foi possível alcançar o nó. Verifique o Wi-Fi e tente de novo.
js-sign-in-first = Entre primeiro.
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
field-founder_name = nome do(a) fundador(a)
field-title = título
field-text = texto
field-uses = número de usos
field-expires = validade
field-quorum = quórum
field-closes_at = hora de encerramento
field-seats = número de vagas
field-candidates = número de candidatos
field-candidate = nome do candidato
field-threshold = maioria necessária

## A linha de comando
cli-error = erro: { $detail }
cli-cannot-open-data = não é possível abrir o diretório de dados { $dir }
cli-cannot-listen = não é possível escutar em { $address } (outro nó já está rodando ali?)
cli-serving = o plenum está servindo { $count ->
    [one] { $count } assembleia
   *[other] { $count } assembleias
}.
cli-serving-lan = Os celulares desta rede podem abrir { $url }
cli-serving-local = Abra { $url } num navegador.
cli-stop = Pressione Ctrl+C para parar.
cli-stopped = Encerrado. Tudo o que foi confirmado está guardado.
cli-demo-ready = A assembleia de demonstração está pronta. Entre como um de seus membros:
cli-demo-person = { $name }: nome de acesso { $handle }, frase-senha { $passphrase }
cli-no-data = { $dir } não contém dados do plenum.
cli-nothing-to-export = Não há nada para exportar.
cli-cannot-write = não é possível gravar { $file }
cli-cannot-read = não é possível ler { $file }
cli-exported = { $count } eventos gravados em { $file }.
cli-verifying = Verificando assinaturas e regras…
cli-verify-valid = O registro é válido: todas as assinaturas, ligações, sequências e regras se confirmam.
cli-verify-invalid = O registro NÃO é válido. Primeiro problema, no evento { $event }: { $reason }
cli-verify-invalid-record = O registro NÃO é válido. Primeiro problema: { $reason }
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
count-unknown-method = método desconhecido “{ $method }”; métodos conhecidos: { $known }
count-case-needs-method = { $file }: o método do caso, “{ $method }”, designa vários métodos: use --method
count-bad-option = --option “{ $option }”: esperava-se CHAVE=VALOR
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
count-quota = Cota: { $quota }
count-exhausted = Esgotados: { $exhausted }
count-state-elected = eleito
count-state-excluded = excluído
count-event-elected = Eleito: { $candidate } ({ $why })
count-why-quota = atingiu a cota
count-why-remaining-seats = restam tantos candidatos quanto vagas
count-why-highest = mais votado
count-event-excluded = Excluído: { $candidate } ({ $why })
count-why-lowest = menos votado
count-why-sure-loser = não tem como alcançar
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
count-consent-carried = Aprovada: objeções: { $objections }; seriam necessárias { $limit } para bloquear
count-consent-not-carried = Não aprovada: objeções: { $objections }; bastam { $limit } para bloquear
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
sync-error-unreachable = Não foi possível alcançar o outro nó ({ $detail }). Verifique se ele está funcionando e na mesma rede; nada foi alterado.
sync-error-status = O outro nó recusou a sincronização (HTTP { $detail }). É um nó plenum de uma versão compatível?
sync-error-protocol = As respostas do outro nó não seguem o protocolo de sincronização ({ $detail }). O que já foi guardado continua guardado; tente de novo ou atualize o plenum.
api-error-bad-sync = Este nó não entende este pedido de sincronização. Nada foi alterado.
cli-sync-nothing = Este nó ainda não tem nenhuma assembleia. Indique uma com --assembly ID para obtê-la do outro nó.
cli-sync-not-remembered = não é possível registrar o contato com o outro nó na lista de vizinhos deste nó
cli-sync-done = { $assembly }: sincronizada.
cli-sync-not-served = { $assembly }: o outro nó não serve esta assembleia; nada foi trocado.
cli-sync-failed = { $assembly }: a sincronização parou ({ $detail }). O que foi guardado continua guardado; tente de novo.
cli-sync-summary = Recebidos { $received } eventos novos, enviados { $sent }, em { $rounds } idas e voltas ({ $bytes } bytes de protocolo além dos eventos).
cli-sync-refused = { $count ->
    [one] O outro nó enviou { $count } evento que este nó recusou (não guardado):
   *[other] O outro nó enviou { $count } eventos que este nó recusou (não guardados):
}
cli-no-such-assembly = Este nó não tem a assembleia { $assembly }.
cli-heads-written = As pontas deste nó foram gravadas em { $file }. Leve o arquivo ao outro nó e execute: plenum bundle export --since { $file } --out ARQUIVO
cli-importing = Verificando e importando o pacote…
cli-import-refused = O pacote foi recusado por inteiro; nada foi importado: { $reason }
cli-import-truncated = O pacote está cortado: só os seus primeiros { $count } eventos completos foram lidos e importados. Copie-o de novo para obter o resto.
cli-imported = { $stored ->
    [one] Importado 1 evento novo
   *[other] Importados { $stored } eventos novos
}; já estavam aqui: { $held }; recusados: { $refused }.
cli-import-waiting = { $count } eventos dependem de eventos que este nó não tem e não foram importados: importe primeiro o pacote de onde vieram, ou sincronize.
cli-status-node = Nó { $node }
cli-status-events = { $events } eventos de { $authors } autores; { $ignored } sem efeito (conflitos resolvidos)
cli-status-no-peers = Ainda não há nós vizinhos: adicione um com plenum serve --peer URL, na página Sincronização, ou execute plenum sync URL.
cli-status-peer = Vizinho { $url } ({ $source }), último contato: { $contact }
cli-status-peer-error = a última tentativa falhou: { $detail }
cli-status-pending = { $assembly }: tinha { $events } eventos e { $heads } pontas; { $they }; { $we }
status-never = nunca
status-they-lack = ele não tem { $count } dos nossos
status-they-lack-unknown = o que falta a ele será conhecido na próxima sincronização
status-we-lack-nothing = temos tudo o que ele tinha
status-we-lack = não temos { $count } das pontas dele
peer-source-flag = definido na inicialização
peer-source-ui = adicionado pela coordenação
peer-source-lan = encontrado na rede local
peer-source-cli = sincronizado pela linha de comando
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
    [one] { $count } evento não teve efeito: um conflito entre nós separados, resolvido pelas regras (docs/conflicts.md). O registro continua válido.
   *[other] { $count } eventos não tiveram efeito: conflitos entre nós separados, resolvidos pelas regras (docs/conflicts.md). O registro continua válido.
}
cli-verify-conflict = { $event }: { $reason }
api-error-bad-peer-action = Ação desconhecida sobre um nó vizinho: espera-se add, remove ou sync.
api-error-not-a-bundle = Este arquivo não é um pacote plenum. Nada foi importado.
api-error-newer-bundle = Este pacote foi escrito por um plenum mais recente. Atualize este nó e tente de novo.
api-error-altered-bundle = Este pacote foi alterado depois de escrito: foi recusado por inteiro, nada foi importado. Peça uma cópia nova.
home-sync = Sincronizar com outros nós: vizinhos e pacotes
sync-title = Sincronização
sync-lead = Este nó guarda uma cópia completa das suas assembleias e troca eventos com outros nós sempre que há uma conexão: uma rede ou um pacote levado à mão.
sync-node = ID deste nó
sync-assemblies = Assembleias neste nó
sync-col-assembly = Assembleia
sync-col-events = Eventos
sync-col-authors = Autores
sync-col-ignored = Conflitos resolvidos
sync-col-contact = último contato
sync-peers = Nós vizinhos
sync-no-peers = Ainda não há nós vizinhos. Adicione abaixo o endereço de outro nó ou inicie este nó com plenum serve --peer URL.
sync-approve = Sincronizar automaticamente
sync-now = Sincronizar agora
sync-remove = Esquecer este nó
sync-add-peer = Adicionar um nó vizinho
sync-peer-url = Endereço do outro nó
sync-add = Adicionar
sync-convenors-only = Só alguém da coordenação de uma assembleia deste nó pode adicionar, remover ou sincronizar nós vizinhos; o pedido é assinado no aparelho dessa pessoa.
sync-bundles = Pacotes: eventos levados à mão
sync-bundles-explain = Onde nenhuma rede liga dois nós, baixe aqui um pacote, leve-o num pen drive e envie-o no outro nó. Importar o mesmo pacote duas vezes não muda nada; um pacote danificado é recusado.
sync-download = Baixar um pacote de todas as assembleias
sync-upload-file = Arquivo do pacote
sync-upload = Importar o pacote
js-synced = Sincronizado.
js-sync-failed = A sincronização falhou:
cli-database-bad-connection = { $detail }: isto não é uma string de conexão do PostgreSQL. Escreva postgres://USUÁRIO:SENHA@HOST/BANCO ou host=HOST dbname=BANCO user=USUÁRIO.
cli-database-unreachable = Não foi possível conectar ao banco de dados PostgreSQL { $database } ({ $detail }). Verifique se o servidor está rodando e se --database ou PLENUM_DATABASE indica o host, o banco, o usuário e a senha corretos.
cli-database-not-plenum = O banco de dados PostgreSQL { $database } não é um banco do plenum: ele contém tabelas que o plenum não criou, e o plenum não grava nada nele. Dê ao plenum um banco vazio só dele (createdb plenum) ou um esquema só dele (options=-csearch_path=plenum).
cli-database-newer = O banco de dados PostgreSQL { $database } foi gravado por uma versão mais nova do plenum (esquema { $found }; esta versão conhece até o { $known }). Nada foi alterado: use o plenum mais novo.
cli-database-failed = Não foi possível preparar o banco de dados PostgreSQL { $database } para o plenum ({ $detail }). O usuário do banco tem permissão para criar tabelas?
js-bundle-imported = Pacote importado (novos / já estavam aqui / recusados):
js-bundle-truncated = O pacote estava cortado; a parte completa foi importada (novos / já estavam aqui / recusados):
cli-lan-on = Anunciando este nó na rede local e procurando outros (mDNS).
cli-lan-failed = A descoberta na rede local não pôde iniciar ({ $detail }); mesmo assim, o nó continua servindo e sincronizando com os vizinhos listados.
cli-data-in-use = Um nó está servindo { $dir } em { $url }: ele não veria o que este comando gravasse. Use a página Sincronização dele, ou inicie-o com --peer; ou pare-o primeiro.
cli-import-via-node = Um nó está servindo este diretório de dados; o pacote passa por ele ({ $url }).

## O arquivo de configuração
cli-config-unreadable = não é possível ler o arquivo de configuração { $file }: { $detail }
cli-config-malformed = o arquivo de configuração { $file } não é válido: { $detail }
cli-config-unknown = o arquivo de configuração { $file } define “{ $key }” para “{ $command }”, que não tem essa opção (veja plenum { $command } --help)
## Secret ballots
status-awaiting-count = Em apuração
field-max = escolhas permitidas por votante
secret-badge = Voto secreto
secret-open-check = Voto secreto: cada voto é cifrado no próprio celular de quem vota
secret-trustees = Guardiões da chave: criam a chave juntos e decifram só o total
secret-threshold = Quantos guardiões da chave são necessários para decifrar o total
secret-explain = Cada voto é cifrado no próprio aparelho de quem vota. Ninguém — nem este nó, nem a coordenação — pode ler um voto. Só o total é decifrado, por { $threshold } dos { $trustees } guardiões da chave juntos.
secret-ceremony-title = Criação da chave
secret-phase-commit = Passo 1 de 3: cada guardião da chave fixa uma chave própria.
secret-phase-deal = Passo 2 de 3: cada guardião da chave reparte partes da sua chave entre os demais.
secret-phase-check = Passo 3 de 3: cada guardião da chave confere as partes que recebeu.
secret-phase-failed = A criação da chave falhou: poucos guardiões da chave participaram corretamente. Alguém da coordenação pode abrir a votação de novo.
secret-trustee-done = feito
secret-trustee-waiting = aguardando
secret-trustee-out = não participa
secret-step-commit = Fixar minha chave
secret-step-deal = Repartir minhas partes
secret-step-check = Conferir minhas partes
secret-convenor-skip = Seguir sem esperar
secret-vote-legend = Seu voto secreto
secret-cast = Votar em segredo
secret-audit = Conferir meu aparelho
secret-audit-explain = “Conferir meu aparelho” cifra sua escolha e depois abre essa cédula aqui em vez de depositá-la, para mostrar que este celular cifra exatamente o que você escolheu. A cédula conferida é descartada: depois, vote de novo.
secret-tracker = Código de rastreio da sua cédula
secret-tracker-help = Guarde-o. Quando a urna for lacrada, procure-o na lista de cédulas apuradas.
secret-no-running-count = Nenhum resultado parcial é mostrado durante a votação: os votos ficam cifrados até os guardiões da chave decifrarem o total.
secret-seal = Lacrar a urna
secret-seal-confirm = Lacrar a urna? Depois disso nenhum voto será aceito.
secret-sealed = A urna foi lacrada com { $ballots ->
    [one] { $ballots } cédula
   *[other] { $ballots } cédulas
}. Guardiões da chave que já decifraram o total: { $done } de { $threshold } necessários.
secret-decrypt = Decifrar com minha parte
secret-verify-title = Verifique por conta própria
secret-ballot-list = Lista de cédulas apuradas
secret-download-record = Baixar o registro completo
secret-verify-command = Depois, em qualquer computador, sem internet:
secret-ballots-title = Cédulas apuradas
secret-ballots-intro = A urna foi lacrada com estas cédulas. Cada uma é conhecida só pelo seu código de rastreio: procure o seu.
secret-ballots-none = A urna ainda não foi lacrada.
secret-in-list = Seu código de rastreio está na lista de cédulas apuradas.
js-audit-ok = Conferência aprovada. A cédula cifrada por este celular contém:
js-audit-failed = Conferência FALHOU: este aparelho não cifrou a sua escolha. Não use este aparelho para votar.
js-secret-cast = Seu voto secreto foi registrado. Seu código de rastreio:
js-ceremony-done = Seu passo na criação da chave foi registrado.
js-decrypted = Sua parte da decifração foi registrada.
js-blank = uma cédula em branco (abstenção)
js-error-bad-election = Os dados da votação não podem ser lidos. Recarregue a página.
js-error-bad-choice = Essa escolha não cabe nesta cédula.
js-error-not-a-trustee = Você não está entre os guardiões da chave desta votação, ou a criação da chave seguiu sem você.
rejection-not-secret = Esta votação não é por voto secreto.
rejection-bad-trustees = Os guardiões da chave devem ser membros, cada um indicado uma vez, e o número necessário deve estar entre 1 e o total deles.
rejection-not-a-trustee = Só os guardiões da chave desta votação podem fazer isto, cada um por si.
rejection-secret-message-unreadable = A mensagem da criação da chave ou da decifração não pode ser lida.
rejection-ceremony-step-not-yet = A criação da chave ainda não chegou a este passo.
rejection-ceremony-step-over = A criação da chave já passou deste passo.
rejection-already-done = Este guardião da chave já fez este passo.
rejection-too-few-trustees = Menos guardiões da chave do que o necessário fizeram este passo: a criação da chave não pode seguir.
rejection-ceremony-not-ready = Os guardiões da chave ainda não criaram a chave da votação: a votação não começou.
rejection-ballot-unreadable = A cédula cifrada não pode ser lida, ou não corresponde às perguntas desta votação.
rejection-ballot-other-election = A cédula cifrada foi feita para outra votação.
rejection-ballot-bad-point = A cédula cifrada contém um valor inválido.
rejection-ballot-bad-proof = As provas da cédula cifrada não valem para quem a enviou: é cópia da cédula de outra pessoa, ou esconde mais de uma escolha.
rejection-already-sealed = A urna já está lacrada.
rejection-seal-mismatch = Chegaram votos depois que o lacre foi preparado. Recarregue a página e lacre a urna de novo.
rejection-seal-tally-wrong = O total cifrado do lacre não é a soma das cédulas lacradas.
rejection-not-sealed = A urna ainda não foi lacrada.
rejection-bad-partial-decryption = Esta parte da decifração não prova que foi feita pelo guardião da chave que a enviou.
cli-result-awaiting_count = em apuração
cli-verifying-ballots = Verificando as cédulas cifradas
cli-verify-secret = { $title }: voto secreto, { $ballots ->
    [one] { $ballots } cédula
   *[other] { $ballots } cédulas
}, { $threshold } de { $trustees } guardiões da chave necessários para decifrar; todas as provas verificadas: { $verified ->
    [yes] sim
   *[other] não
}
cli-simulating = Criando membros e suas cédulas cifradas
cli-simulate-sealing = Lacrando e decifrando
cli-simulate-bad-args = Use --voters com pelo menos 1, --answers com pelo menos 2, --threshold entre 1 e o valor de --trustees, --trustees não maior que --voters, e --abstain-share entre 0 e 1.
cli-simulated = { $count } eventos ({ $voters } cédulas) gravados em { $file }
secret-failure-unreadable = voto secreto: a cédula apurada { $tracker } não pode ser lida
secret-failure-seal-digest = voto secreto: o lacre não corresponde às cédulas que o registro conta
secret-failure-seal-tally = voto secreto: o total cifrado do lacre não é a soma das cédulas lacradas
secret-failure-setup = voto secreto: a configuração da votação é inválida
secret-failure-ceremony = voto secreto: a criação da chave é inválida ({ $detail })
secret-failure-electorate = voto secreto: o membro { $member } votou fora da lista de votantes, ou duas vezes
secret-failure-duplicate = voto secreto: a cédula { $tracker } é contada duas vezes
secret-failure-not-sealed = voto secreto: a cédula { $tracker } é contada, mas foi adicionada depois do lacre
secret-failure-missing = voto secreto: a cédula lacrada { $tracker } foi removida do registro
secret-failure-weight = voto secreto: a cédula { $tracker } foi lacrada com um peso errado
secret-failure-ballot = voto secreto: a cédula { $tracker } do membro { $member } é inválida ({ $detail })
secret-failure-decryption = voto secreto: o total não pode ser decifrado ({ $detail })
secret-failure-result = voto secreto: o resultado publicado não é a decifração do total
js-choice-yes = Sim
js-choice-no = Não
js-error-audit-failed = A conferência falhou: este aparelho não cifrou a sua escolha. Não use este aparelho para votar.
event-dkg_commit = Fixou a sua chave
event-dkg_deal = Repartiu partes da sua chave
event-dkg_check = Conferiu as partes da chave recebidas
event-ceremony = Avançou a criação da chave
event-seal = Lacrou a urna
event-decrypt = Decifrou sua parte do total
secret-verify-file = plenum verify { $file }

## plenum trustee: a parte dos guardiões da chave num voto secreto, pelo terminal
cli-trustee-title = { $title }: voto secreto; são necessários { $threshold } dos { $trustees } guardiões da chave para decifrar o total
cli-trustee-phase-commit = Criação da chave, passo 1 de 3: cada guardião da chave fixa uma chave própria.
cli-trustee-phase-deal = Criação da chave, passo 2 de 3: cada guardião da chave reparte partes da sua chave entre os demais.
cli-trustee-phase-check = Criação da chave, passo 3 de 3: cada guardião da chave confere as partes que recebeu.
cli-trustee-phase-ready = Criação da chave concluída: a chave da votação está pronta.
cli-trustee-phase-failed = A criação da chave falhou: poucos guardiões da chave participaram corretamente. Alguém da coordenação pode abrir a votação de novo.
cli-trustee-heading = Guardiões da chave:
cli-trustee-col-commit = fixação
cli-trustee-col-deal = partes
cli-trustee-col-check = conferência
cli-trustee-col-decrypt = decifração
cli-trustee-legend = ✓ feito   · ainda não   – não participa
cli-trustee-box-open = A urna está aberta: { $count ->
    [one] { $count } cédula depositada até agora.
   *[other] { $count } cédulas depositadas até agora.
}
cli-trustee-box-sealed = A urna foi lacrada com { $ballots } cédulas. Partes da decifração registradas: { $done } das { $threshold } necessárias.
cli-trustee-result = { $title }: o resultado
cli-trustee-chosen = { $name }: { $votes }
cli-trustee-chosen-seat = { $name }: { $votes } — eleito(a)
cli-trustee-you = Você está entre os guardiões da chave desta votação: nº { $number } de { $trustees }.
cli-trustee-not-yours = A chave { $key } não pertence a nenhum dos guardiões da chave desta votação.
cli-trustee-next-commit = Seu próximo passo: fixar sua chave. Execute: plenum trustee step { $url }
cli-trustee-next-deal = Seu próximo passo: repartir suas partes com os outros guardiões da chave. Execute: plenum trustee step { $url }
cli-trustee-next-check = Seu próximo passo: conferir as partes que recebeu. Execute: plenum trustee step { $url }
cli-trustee-next-decrypt = Seu próximo passo: decifrar sua parte do total. Execute: plenum trustee step { $url }
cli-trustee-waiting-commit = Nada a fazer agora: você já fixou sua chave; aguardando os outros guardiões da chave ({ $done } de { $expected } já fixaram).
cli-trustee-waiting-deal = Nada a fazer agora: você já repartiu suas partes; aguardando os outros guardiões da chave ({ $done } de { $expected } já repartiram).
cli-trustee-waiting-check = Nada a fazer agora: você já conferiu suas partes; aguardando os outros guardiões da chave ({ $done } de { $expected } já conferiram).
cli-trustee-idle-not-a-trustee = Nada a fazer: sua chave não pertence a nenhum dos guardiões da chave desta votação.
cli-trustee-idle-out = Nada a fazer: a criação da chave seguiu sem você (você não tinha fixado sua chave quando alguém da coordenação encerrou esse passo), então você não tem parte da chave desta votação.
cli-trustee-idle-failed = Nada a fazer: a criação da chave falhou. Alguém da coordenação pode abrir a votação de novo.
cli-trustee-idle-not-sealed = Nada a fazer ainda: os membros estão votando. Você decifra sua parte do total depois que alguém da coordenação lacrar a urna.
cli-trustee-idle-decrypted = Nada mais a fazer: sua parte da decifração está no registro.
cli-trustee-did-commit = Sua chave foi fixada (evento { $event }).
cli-trustee-did-deal = Suas partes foram repartidas com os outros guardiões da chave (evento { $event }).
cli-trustee-did-check = As partes que você recebeu foram conferidas: todas estão corretas (evento { $event }).
cli-trustee-did-check-complaints = As partes que você recebeu foram conferidas: { $count ->
    [one] { $count } está errada;
   *[other] { $count } estão erradas;
} sua reclamação está no registro (evento { $event }).
cli-trustee-did-decrypt = Sua parte do total foi decifrada (evento { $event }).
cli-trustee-watching = Acompanhando { $url }: cada passo é dado quando chega a sua vez, até sua parte da decifração ficar registrada. Ctrl+C interrompe.
cli-trustee-refused = O nó recusou seu passo: { $reason }
cli-trustee-step-failed = Sua chave não consegue dar este passo ({ $detail }). Nada foi enviado.
cli-trustee-who = Diga quem você é: --handle NOME (seu nome de acesso no nó) ou --key ARQUIVO.
cli-trustee-no-handle = O nó não guarda nenhuma chave com o nome de acesso “{ $handle }”.
cli-trustee-passphrase-prompt = Frase-senha de “{ $handle }”:
cli-trustee-no-passphrase = Falta a frase-senha de “{ $handle }”: execute isto num terminal, ou informe-a com --passphrase-file ARQUIVO ou PLENUM_PASSPHRASE.
cli-trustee-wrong-passphrase = Frase-senha errada para “{ $handle }”. Nada foi assinado.
cli-trustee-bad-vault = A chave guardada como “{ $handle }” não pode ser aberta ({ $detail }).
cli-trustee-bad-key-file = { $file } não contém uma chave de membro: deve conter os 64 dígitos hexadecimais da semente da chave.
cli-trustee-bad-url = “{ $url }” não é o endereço de uma proposta. Informe a página da proposta, como http://10.0.0.2:8080/a/ASSEMBLY/m/MOTION, ou o endereço do nó com --assembly ID --motion ID.
cli-trustee-unreachable = Não foi possível alcançar o nó ({ $detail }). Verifique o endereço e se o nó está funcionando; nada foi assinado.
cli-trustee-node-error = O nó respondeu com um erro (HTTP { $status }): { $detail }
cli-trustee-bad-record = O registro enviado pelo nó não é válido ({ $detail }). Nada foi assinado.
cli-trustee-no-assembly = O nó não tem a assembleia { $assembly }.
cli-trustee-no-motion = A assembleia não tem a proposta { $motion }.
cli-trustee-no-ballot = Nenhuma votação foi aberta sobre esta proposta ainda.
cli-trustee-not-secret = A votação desta proposta não é por voto secreto: não tem guardiões da chave.
cli-trustee-box-wrong = Nada foi decifrado: a urna lacrada não confere. { $reason } Decifrá-la poderia revelar como os membros votaram. Avise a assembleia.

## plenum --help: each command's summary and each flag's help (crates/plenum/src/help.rs).
## The id is the command's path and the flag's long name: help-bundle-export--out. Flag names,
## value names (FILE, URL, KEY=VALUE) and examples stay as they are.
-help-data = O diretório de dados do nó (criado se não existir)
-help-database = Guardar os dados do nó neste banco de dados PostgreSQL em vez do diretório de dados: uma URL (postgres://USER:PASSWORD@HOST/DATABASE) ou host=HOST dbname=DATABASE user=USER
-help-url = A página da proposta, como o navegador a mostra (http://HOST:PORT/a/ASSEMBLY/m/MOTION), ou o endereço do nó com --assembly e --motion
-help-assembly = O ID da assembleia, quando URL é só o endereço do nó
-help-motion = O ID da proposta, quando URL não a indica
-help-handle = Seu nome de acesso no nó: sua chave, guardada lá cifrada com sua frase-senha, é baixada e aberta aqui. A frase-senha é pedida no terminal, sem aparecer na tela
-help-key = Um arquivo com sua chave de membro: os 64 dígitos hexadecimais da semente dela
-help-passphrase-file = Ler a frase-senha da primeira linha deste arquivo em vez de perguntar (para scripts; PLENUM_PASSPHRASE faz o mesmo)
help-plenum = O nó do plenum e a ferramenta de linha de comando: serve, export, verify, count
help-plenum--lang = Idioma das mensagens: en, pt, ru ou kk (padrão: o do sistema)
help-serve = Executar um nó: a interface web e a API para os celulares desta rede
help-serve--data = { -help-data }
help-serve--database = { -help-database }
help-serve--listen = Endereço em que escutar; 0.0.0.0:8080 atende todos os celulares da rede local
help-serve--demo = Criar (uma vez) uma assembleia de demonstração com membros, propostas, debate e votações para experimentar
help-serve--no-founding = Não deixar visitantes fundarem novas assembleias neste nó
help-serve--peer = Outro nó com o qual se manter sincronizado, como http://10.0.0.2:8080 (pode repetir)
help-serve--sync-interval = Segundos entre duas sincronizações com um nó vizinho alcançável
help-serve--lan = Anunciar este nó na rede local (mDNS) e listar como vizinhos os nós encontrados nela
help-serve--lan-sync = Também sincronizar automaticamente com os nós encontrados na rede local (implica --lan)
help-sync = Sincronizar agora com outro nó: as assembleias que os dois servem, ou as indicadas
help-sync--peer = O endereço do outro nó, como http://10.0.0.2:8080
help-sync--assembly = Sincronizar só esta assembleia (pode repetir); pode ser uma que este nó ainda não tem
help-sync--data = { -help-data }
help-sync--database = { -help-database }
help-bundle = Levar eventos de um nó a outro à mão: export, import, heads
help-bundle-export = Gravar eventos num arquivo de pacote, para outro nó
help-bundle-export--out = O arquivo de pacote a gravar
help-bundle-export--assembly = Exportar só esta assembleia (pode repetir); todas, se ausente
help-bundle-export--since = Um pacote gravado pelo outro nó (plenum bundle heads, ou qualquer exportação dele): só são gravados os eventos que faltavam a ele naquele momento
help-bundle-export--data = { -help-data }
help-bundle-export--database = { -help-database }
help-bundle-heads = Gravar só as pontas deste nó, para que outro nó exporte o que falta a este
help-bundle-heads--out = O arquivo a gravar
help-bundle-heads--data = { -help-data }
help-bundle-heads--database = { -help-database }
help-bundle-import = Verificar os eventos de um pacote e guardar os que são válidos
help-bundle-import--file = O arquivo de pacote
help-bundle-import--data = { -help-data }
help-bundle-import--database = { -help-database }
help-status = Mostrar o resumo do estado e os eventos de cada assembleia, e o último contato com cada nó vizinho e o que está pendente
help-status--data = { -help-data }
help-status--database = { -help-database }
help-export = Gravar o registro de uma assembleia, ou de todas, num arquivo de pacote
help-export--data = { -help-data }
help-export--database = { -help-database }
help-export--assembly = A assembleia a exportar (seu ID); todas, se ausente
help-export--out = O arquivo de pacote a gravar
help-verify = Verificar um registro sem conexão: cada assinatura, ligação, sequência e regra; mostrar os resultados
help-verify--file = O registro: um arquivo de pacote, como o grava plenum export ou baixado de um nó
help-verify--json = Mostrar o relatório em JSON
help-count = Apurar cédulas (BLT ou um caso JSON) por qualquer método, rodada por rodada
help-count--ballots = As cédulas: um arquivo BLT, ou um caso JSON (.json ou .json.gz)
help-count--method = Como apurar (veja a lista abaixo). Um caso JSON indica seu próprio método
help-count--seats = Vagas a preencher (em vez das do arquivo)
help-count--option = Uma opção do método, KEY=VALUE, com os nomes da própria fonte (arithmetic=fixed, precision=9, omega=6, overvoteRule=alwaysSkipToNextRank, tie=lot, seed=42, ...). Pode repetir
help-count--json = Mostrar o relatório da apuração em JSON
help-count-methods = Métodos
help-count-method-plurality = vence quem tem mais primeiras preferências
help-count-method-approval = vence quem tem mais aprovações (todo candidato ordenado na cédula conta como aprovado)
help-count-method-score = vence a maior soma de notas (opção max=N)
help-count-method-borda = contagem de Borda: n-1 pontos pela primeira preferência, até 0
help-count-method-majority-judgment = vence a maior nota mediana; empates pelo critério de Balinski-Laraki
help-count-method-consent = aprovada, a menos que as objeções cheguem ao número fixado (opção objections=N)
help-count-method-schulze = vencedor de Condorcet pelo método de Schulze (votos vencedores), com a matriz de confrontos diretos
help-count-method-irv = segundo turno instantâneo, com as opções do RCTab; com várias vagas, bottoms-up e sequencial
help-count-method-stv-scottish = STV escocês (regras de 2007 para as eleições locais)
help-count-method-stv-wigm = STV pelo método de Gregory inclusivo ponderado (WIGM)
help-count-method-stv-wigm-prf = WIGM de referência da PR Foundation (também stv-wigm-prf-batch)
help-count-method-stv-meek = STV de Meek
help-count-method-stv-meek-prf = Meek de referência da PR Foundation
help-count-method-stv-warren = STV de Warren
help-count-options =
    Opções do STV: arithmetic=fixed|guarded|rational, precision=N, guard=N, display=N, omega=N,
    defeat_batch=none|zero|safe, integer_quota=true|false. Opções do IRV: as chaves de regra do RCTab
    (overvoteRule, maxSkippedRanksAllowed, maxRankingsAllowed, batchElimination,
    continueUntilTwoCandidatesRemain, winnerElectionMode, decimalPlacesForVoteArithmetic,
    minimumVoteThreshold, tiebreakMode, randomSeed, ...). Todo método: tie=lot|candidate-order,
    seed=N (a semente do sorteio; por padrão, um resumo das cédulas), tie_order=3,1,2.
    Códigos de saída: 0 apurado, 2 entrada inválida, 1 outra falha.
help-bench = Medir: plenum bench sync
help-bench-sync = Reconciliar duas réplicas que diferem um pouco e relatar o custo
help-bench-sync--events = Eventos em cada réplica
help-bench-sync--differ = Eventos em que as réplicas diferem
help-election = Voto secreto: simular uma votação inteira, para testes, demonstrações e benchmarks
help-election-simulate = Gravar o registro completo de uma votação por voto secreto com N cédulas válidas aleatórias
help-election-simulate--voters = Quantos membros votam
help-election-simulate--answers = Quantas respostas a pergunta tem: 2 é uma proposta de sim ou não (a cédula em branco é abstenção); mais é a eleição de um(a) delegado(a) por voto secreto entre esse número de candidatos
help-election-simulate--trustees = Quantos guardiões da chave a guardam
help-election-simulate--threshold = Quantos guardiões da chave são necessários para decifrar
help-election-simulate--abstain-share = A parcela de votantes que entregam a cédula em branco (de 0 a 1)
help-election-simulate--seed = Uma semente para as escolhas aleatórias e as chaves, para obter o mesmo registro toda vez
help-election-simulate--out = O arquivo de pacote a gravar
help-trustee = O papel dos guardiões da chave num voto secreto, a partir deste terminal: a criação da chave e a decifração
help-trustee-status = Mostrar em que pé estão a criação da chave e a decifração de um voto secreto, e qual é o seu próximo passo
help-trustee-status--url = { -help-url }
help-trustee-status--assembly = { -help-assembly }
help-trustee-status--motion = { -help-motion }
help-trustee-status--handle = { -help-handle }
help-trustee-status--key = { -help-key }
help-trustee-status--passphrase-file = { -help-passphrase-file }
help-trustee-step = Dar o passo que cabe a você agora: fixar a chave, repartir as partes, conferir as partes ou, com a urna lacrada, decifrar
help-trustee-step--url = { -help-url }
help-trustee-step--assembly = { -help-assembly }
help-trustee-step--motion = { -help-motion }
help-trustee-step--handle = { -help-handle }
help-trustee-step--key = { -help-key }
help-trustee-step--passphrase-file = { -help-passphrase-file }
help-trustee-step--watch = Continuar acompanhando e dar cada passo quando chegar a hora, até que sua parte da decifração esteja no registro
help-trustee-step--interval = Com --watch: a espera máxima, em segundos, entre duas consultas ao registro (as atualizações ao vivo do nó costumam chegar antes)
help-clap-usage = Uso
help-clap-commands = Comandos
help-clap-arguments = Argumentos
help-clap-options = Opções
help-clap-help = Mostrar a ajuda
help-clap-help-short = Mostrar a ajuda (mais detalhes com “--help”)
help-clap-help-long = Mostrar a ajuda (um resumo com “-h”)
help-clap-version = Mostrar a versão
help-clap-help-command = Mostrar esta mensagem ou a ajuda do(s) comando(s) indicado(s)
help-clap-help-subcommand = Mostrar a ajuda do(s) comando(s)
help-clap-env = variável de ambiente
help-clap-default = padrão
