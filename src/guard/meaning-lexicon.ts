// The vocabulary of the meaning-based commitment rules (meaning.ts), by language. Everything here
// runs on normalised text (normalise.ts): lower case, Latin accents dropped ("reembolsó" →
// "reembolso", "ödeme" → "odeme", dotless ı → i), Arabic alef/ta-marbuta variants unified and
// diacritics dropped, Russian ё written е, contractions expanded. Each entry is a regex source
// fragment; meaning.ts wraps a list in Unicode word boundaries.
//
// Languages: English (en), Spanish (es), Portuguese (pt), French (fr), Russian (ru), Turkish (tr),
// Indonesian (id), Arabic (ar) and Hindi written in Latin script (hi).

/** The things the bot may never say have been or will be granted, one list per guard rule. */
export const TOPIC_WORDS = {
  refund: [
    // en
    'refund\\p{L}*', 'reimburs\\p{L}*', 'money[- ]?back', 'money(?![- ]?out)', 'cash(?![- ]?(?:out|back))', '(?:payment|funds|cash|money) back',
    'cash ?back', 'compens\\p{L}*', 'charge ?backs?', 'chargeback\\p{L}*', 'revers(?:al|e|ed|ing) (?:of )?(?:the |your |that |this |a )?(?:duplicate |double |extra |second |wrong )?(?:charge|payment|transaction|chargeback|deduction)',
    '(?:charge|payment|transaction|chargeback) revers\\p{L}*', 'amount', 'restitution', 'discounts?', 'vouchers?', 'coupons?', 'promo codes?', 'free (?:orders?|followers|likes|views|service)', 'goodwill (?:credit|gesture|payment)', 'make (?:it|this|that) up to you',
    '[$€£₹]\\s?\\d[\\d.,]*', '\\d[\\d.,]*\\s?(?:usd|eur|gbp|inr|dollars?|euros?|rupees?|bucks)',
    // es / pt
    'reembols\\p{L}*', 'devoluc\\p{L}*', 'devolv\\p{L}*', 'devuelt\\p{L}*', 'dinero', 'dinheiro', 'compensac\\p{L}*', 'indemniz\\p{L}*', 'indeniz\\p{L}*',
    'reintegr\\p{L}*', 'contracargo\\p{L}*', 'estorn\\p{L}*', 'ressarc\\p{L}*',
    // fr
    'rembours\\p{L}*', 'argent', 'indemnis\\p{L}*', 'dedommag\\p{L}*', 'compenser', 'compensee?s?',
    // ru
    'возврат\\p{L}*', 'верн(?:ем|ут|ули|ул|ула|уть|ется|утся|етс)', 'возвращ\\p{L}*', 'деньг\\p{L}*', 'денег', 'компенс\\p{L}*', 'возмещ\\p{L}*', 'возмест\\p{L}*', 'рефанд\\p{L}*',
    // tr
    'iade\\p{L}*', 'para(?:niz|nizi|n|ni|yi|sini)', 'geri ode\\p{L}*', 'tazminat\\p{L}*', 'telafi\\p{L}*',
    // id
    'pengembalian (?:dana|uang)', '(?:uang|dana) (?:anda|kamu|mu)', 'dikembalikan', 'mengembalikan', 'kompensasi', 'ganti rugi',
    // ar
    '(?:و|ف)?(?:ب|ل)?(?:ال)?استرداد\\p{L}*', '(?:و|ف)?(?:ب|ل)?(?:ال)?استرجاع\\p{L}*', '(?:و|ف)?(?:ب|ل)?(?:ال)?مبلغ\\p{L}*', '(?:و|ف)?(?:ب|ل)?(?:ال)?اموال\\p{L}*', '(?:و|ف)?(?:ب|ل)?(?:ال)?تعويض\\p{L}*',
    'سنعيد\\p{L}*', 'نعيد\\p{L}*', 'سيعاد', 'مسترد\\p{L}*', 'فلوسك',
    // hi
    '(?:paise|paisa|paisay|paiso|paison|rupaye|rupaiye|raqam|rakam)', 'muavza', 'muawza', 'muaavza', 'bharpai', 'bharpaai',
  ],
  refill: [
    // en
    'refill\\p{L}*', 're-fill\\p{L}*', 'top(?:ped|ping|s)? (?:it|them|this|that|those|the (?:followers|likes|views|count)|your (?:followers|likes|views|count)) up',
    'replac(?:e|ed|es|ing|ement)\\p{L}* (?:of )?(?:the |any |all |your |every )?(?:lost|dropped|missing|removed|drops?|followers|likes|views|subscribers)', 'replacements?',
    'restor(?:e|ed|es|ing) (?:the |your |any |all )?(?:lost|dropped|missing|followers|likes|views|subscribers|members|count)', 'replenish\\p{L}*',
    'make up (?:for )?(?:the |any )?(?:drop|drops|loss)', 'cover(?:s|ed|ing)? (?:the |any |all |your |every )?drops?', 'drops? (?:are|is|will be|get|gets|will get) (?:\\p{L}+ )?(?:covered|replaced|refilled|compensated|topped up|restored)',
    '(?:lost|dropped|missing|removed) (?:\\d[\\d,.]* )?(?:followers|likes|views|subscribers|members)', 'protect\\p{L}* (?:against|from) drops?', 'drop protection', 'top(?:s|ped|ping)? up (?:any|the|all|your|every) drops?', '(?:non|no|zero)[- ]drop',
    // es / pt / fr
    'reposic\\p{L}*', 'repondr\\p{L}*', 'rellen\\p{L}*', 'refil', 'reabastec\\p{L}*', 'reapprovisionn\\p{L}*', 'recharg\\p{L}*', 'recarga\\p{L}*',
    // ru
    'рефил\\p{L}*', 'восстанов\\p{L}*', 'восполн\\p{L}*', 'докрут\\p{L}*',
    // tr / id / ar / hi
    'yeniden doldur\\p{L}*', 'takviye\\p{L}*', 'isi ulang', 'pengisian ulang', '(?:ال)?تعبئه', 'اعاده ملء', 'wapas bhar\\p{L}*',
  ],
  commission: [
    'commission\\p{L}*', '(?:referral|affiliate|partner) (?:bonus\\p{L}*|rewards?|earnings?|payments?|income|fees?|money|commission\\p{L}*|cut)',
    'comisi\\p{L}*', 'comiss\\p{L}*', 'комисси\\p{L}*', 'реферальн\\p{L}*', 'партнерск\\p{L}* (?:вознагражд\\p{L}*|выплат\\p{L}*|доход\\p{L}*)', 'вознагражд\\p{L}*',
    'komisyon\\p{L}*', 'referans (?:kazanc\\p{L}*|odul\\p{L}*)', 'komisi', '(?:و|ف)?(?:ب|ل)?(?:ال)?عمول\\p{L}*', 'kamishan',
  ],
  payout: [
    'payouts?', 'pay-outs?', 'withdraw\\p{L}*', 'cash(?:ing|ed)?[- ]?outs?', '(?<=(?:be|get|gets|got|been|getting) )paid', 'earnings', 'affiliate balance', 'pay (?:you|it|this|that)(?: out)?', 'pay out',
    'retiros?', 'ganancias?', 'saques?', 'pagamentos?', 'ganhos', 'pagos?', 'paiements?', 'versements?', 'retraits?', 'gains',
    'выплат\\p{L}*', 'вывод\\p{L}*', 'заработ\\p{L}*', 'odeme\\p{L}*', 'cekim\\p{L}*', 'kazanc\\p{L}*', 'pembayaran', 'penarikan', 'pencairan', 'penghasilan',
    '(?:و|ف)?(?:ب|ل)?(?:ال)?(?:دفع|دفعه|مدفوعات|سحب|ارباح|مستحقات)\\p{L}*', 'bhugtan', 'kamai',
  ],
  credit: [
    'balance', 'credit(?!\\s?cards?)\\p{L}*', 'funds', 'deposit\\p{L}*', 'top[- ]?ups?', 'topped up', 'wallet', 'store credit', 'payment',
    'saldo', 'acredit\\p{L}*', 'abonad\\p{L}*', 'fondos', 'fundos', 'solde', 'fonds', 'depot\\p{L}*', 'cr[eé]dit(?:o|os|e|ee|ado|ada)',
    'баланс\\p{L}*', 'сч[её]т(?:а|у|е)?', 'средств\\p{L}*', 'зачисл\\p{L}*', 'начисл\\p{L}*', 'пополн\\p{L}*', 'депозит\\p{L}*',
    'bakiye\\p{L}*', 'hesab\\p{L}*', 'kredi\\p{L}*', 'yatir\\p{L}*', 'dikreditkan', 'isi saldo',
    '(?:و|ف)?(?:ب|ل)?(?:ال)?(?:رصيد|ايداع|حساب|شحن)\\p{L}*', 'khate', 'khata', 'jama',
  ],
} as const;

export type TopicId = keyof typeof TOPIC_WORDS;

/** A topic word right before one of these names a process, not an outcome ("refund request", "iade talebi"). */
export const PROCESS_AFTER = [
  'requests?', 'questions?', 'tickets?', 'case', 'enquiry', 'inquiry', 'polic(?:y|ies)', 'rules?', 'window', 'period', 'eligibility', 'status', 'forms?', 'process',
  'options?', 'terms', 'conditions', 'details', 'team', 'department', 'desk', 'references?', 'records?', 'methods?', 'providers?', 'pages?', 'history', 'ids?', 'section',
  'articles?', 'flags?', 'actions?', 'endpoint', 'links?', 'settings', 'system', 'gateway', 'proof', 'receipt', 'address', 'network', 'amount', 'currency', 'limit', 'minimum',
  'talebi\\p{L}*', 'politika\\p{L}*', 'kural\\p{L}*', 'сумм\\p{L}*',
];
/** A topic word right after one of these names a process ("solicitud de reembolso", "запрос на возврат"). */
export const PROCESS_BEFORE = [
  'solicitud(?:es)? de', 'politica de', 'pedido de', 'pedidos de', 'solicitac\\p{L}* de', 'demande(?:s)? de', 'politique de', 'regles de', 'reglas de', 'regras de',
  'запрос\\p{L}* на', 'заявк\\p{L}* на', 'политик\\p{L}*', 'правил\\p{L}*', 'permintaan', 'kebijakan', 'aturan', 'pengajuan', '(?:ال)?طلب\\p{L}*', 'سياسه', 'قواعد',
  'ask(?:ing|ed)? for(?: a| an| the| your)?', 'request(?:ing|ed)?(?: a| an| the| your)?', 'apply(?:ing)? for(?: a| an| the)?', 'claim(?:ing)?(?: a| an| the)?',
];

// Decision and process verbs: saying someone will do one of these is not granting anything.
const DECISION_VERB =
  'review|reviews|check|checks|decide|decides|look|looks|consider|considers|assess|assesses|verify|verifies|investigate|examine|evaluate|determine|judge|reply|respond|contact|get back|see|let|pass|passes|forward|escalate|ask|need|needs|help|explain|tell|answer|join|read|note|know|find out|follow up|update|keep you|reach out|be in touch|take a look|work on|talk|discuss|notify|inform|message|email|call|handle|decline|reject|refuse|deny|compare|match|confirm whether|confirm if|try to check|want|have to|must';
const PROCESS_PARTICIPLE =
  'reviewed|checked|decided|declined|rejected|refused|denied|requested|needed|required|asked|listed|shown|described|explained|based|limited|matched|compared|handled|examined|assessed|considered|investigated|verified|evaluated|determined|looked|escalated|forwarded|passed|noted|logged|recorded|flagged|charged|deducted|taken|spent|used|placed|ordered|lowered|reduced|capped|offered|allowed|supported|enabled|disabled|subject|tied|linked|related|calculated|counted|tracked|caused|closed|paused|stuck|delayed|blocked|locked|frozen|suspended|expired|failed|canceled|cancelled|interested|located|supposed|advised|recommended|filled|set out|stated|written|mentioned|possible|available|optional|eligible to request|able|unable|pending|sent to (?:our|the) team|passed on|made by|changed|updated|refreshed|stored|kept|saved|held|reported|displayed';

const ADV =
  '(?:(?:definitely|definately|certainly|surely|absolutely|of course|fully|gladly|happily|then|also|just|immediately|now|quickly|promptly|personally|automatically|totally|completely|still|always|soon|right away|for sure|really|simply|already|successfully|officially|finally|all|both|indeed|once again|again|actually|100%)\\s+){0,3}';

/** Assertions that something has been or will be granted, by kind. Each kind is one regex. */
export const GRANT_CUES = {
  // "we will refund", "it is going to arrive", "you'll be compensated"; not "an agent will review".
  future: [
    `(?:will|shall|going to|about to|is to be|are to be)\\s+${ADV}(?!(?:${DECISION_VERB}|not|never|be\\s+${ADV}(?:${PROCESS_PARTICIPLE})|be\\s+(?:able|happy|glad)\\s+to\\s+(?:${DECISION_VERB}))(?![\\p{L}]))\\p{L}+`,
    '(?:am|are|is)\\s+(?:now\\s+|already\\s+|currently\\s+|just\\s+)?(?:sending|processing|issuing|transferring|returning|crediting|paying|refunding|releasing|adding|topping|refilling|restoring|replacing|compensating|reimbursing|preparing|arranging|reversing|depositing|approving)',
    // es / pt
    '(?:reembolsar|devolver|acreditar|abonar|pagar|compensar|recibir|enviar|procesar|aprobar|transferir|depositar|liberar|reintegrar|indemnizar|completar|entregar|finalizar|estar|ser|creditar|receber|processar|aprovar|estornar|concluir|terminar|repor|reponer)(?:a|an|as|emos|e|ao|ei)',
    '(?:tendr|obtendr|har|pondr|repondr|saldr|vendr|ter|obter|far)(?:a|an|as|emos|e|ao|ei)', '(?:va|van|vamos|voy|vai|vao|vou)\\s+(?:a\\s+)?(?:ser\\s+)?\\p{L}+(?:ar|er|ir|or|ado|ada|ido|ida)',
    // fr
    '\\p{L}{3,}(?:erons|erez|eront|era|iront|irez|ira|drons|drez|dra|vrons|vrez|vra)', '(?:sera|seront|serez|serons)', '(?:va|vont|allons|vais)\\s+(?:vous\\s+|etre\\s+)?\\p{L}+(?:er|ir|re|e)',
    // ru (perfective present = future; будет/будут + participle)
    '(?:верн|зачисл|начисл|выплат|компенсир|возмест|пополн|восстанов|перевед|отправ|оформ|сдела|достав|заверш|вышл|получ|прид|поступ)\\p{L}*(?:ем|им|ут|ят|ете|ите|ет|ит|ится|ется|утся|ятся)',
    'буд(?:ет|ут|ем)\\s+(?!рассмотр|провер|решен|отклон)\\p{L}+',
    // tr: future -ecek/-acak on any verb
    '\\p{L}+(?<!m[ae]y)(?:ecek|acak)\\p{L}*',
    // id
    'akan\\s+(?:kami\\s+|segera\\s+)?(?!ditinjau|diperiksa|diputuskan|dicek|dipertimbangkan|meninjau|memeriksa|memutuskan|mengecek)\\p{L}+',
    // ar: sa- prefix on the verbs of giving, and sawfa
    'س(?:ي|ت|ن|ا)(?:تم|عيد|عاد|رد|حصل|ستلم|ستر|قوم|صل|رسل|ضيف|عوض|دفع|حول|ودع|كمل|نتهي|ضاف|عطي|منح|صرف|تلقي)\\p{L}*', 'سوف\\s+\\p{L}+',
    // hi
    '(?<!(?:check|review|decide|dekh|jaanch|janch|tay|faisla|verify|confirm|baat) )(?:jayega|jaayega|jayegi|jaayegi|jayenge|jaayenge|jaega|jaegi|jaenge|milega|milegi|milenge|denge|dengey|dunga|doonga|dungi|dega|degi|karenge|karunga|karungi|karega|karegi|hoga|hogi|honge|aayega|aayegi|aayenge|ayega|bhejenge|bhejunga|lautayenge|lautaenge|lautaunga|pahunchega)',
  ],
  // "has been approved", "we have refunded", "your balance was topped up", "fue aprobado".
  done: [
    '(?:went|goes|go|has gone|have gone|will go) through',
    `(?<!(?:to|must|can|could|may|might|will|would|should|shall|not)\\s(?:have\\s|has\\s|be\\s)?)(?:has|have|had|is|are|was|were|been|got|gets|get|becomes|became)\\s+(?:been\\s+|being\\s+)?${ADV}(?!(?:${PROCESS_PARTICIPLE})(?![\\p{L}]))(?:(?!\\p{L}*eed(?![\\p{L}]))\\p{L}+ed|paid|sent|done|made|given|put|set up|back|gone through|sorted|taken care of|owed|due|issued|underway)`,
    '(?:i|we|our team|the team|support|the shop|staff|an agent|the agent|the system|billing|the admin)\\s+(?:have\\s+|has\\s+|had\\s+)?' + ADV + `(?!(?:${PROCESS_PARTICIPLE})(?![\\p{L}]))(?:(?!\\p{L}*eed(?![\\p{L}]))\\p{L}+ed|paid|sent|gave|made|put|did)`,
    // es / pt
    '(?:ha|han|he|hemos|has|fue|fueron|sido|esta|estan|queda|quedo|foi|foram|tem sido|ja|estao)\\s+(?:ya\\s+|ja\\s+)?(?:sido\\s+)?(?!revisad|solicitad|decidid|rechazad|denegad|verificad|analisad|recusad|negad)\\p{L}+(?:ado|ada|ados|adas|ido|ida|idos|idas|uelto|uelta|echo|echa|eito|eita|osto|osta)',
    '(?:reembolsamos|devolvimos|acreditamos|abonamos|pagamos|compensamos|enviamos|procesamos|aprobamos|creditamos|processamos|aprovamos|estornamos|devolvemos|reembolse|devolvi|acredite|pague|envie|procese|aprobe|creditei|paguei|enviei|aprovei)',
    // fr
    '(?:a ete|ont ete|est|sont|a|avons|ai|ont|etre|ete)\\s+(?:deja\\s+|bien\\s+)?(?:approuv|accord|rembours|credit|vers|envoy|trait|valid|effectu|pay|confirm|recharg|compens|indemnis|livr|termin|achev|reintegr|garant|ajout|depos|restitu|rend)(?:e|ee|es|ees|i|ie|is|ies|u|ue|us)',
    // ru
    '(?:вернули|вернул|вернула|одобрили|выплатили|компенсировали|пополнили|восстановили|отправили|оформили|перевели|зачислили|начислили|подтвердили|возместили)',
    '(?:зачислен|начислен|возвращен|одобрен|выплачен|компенсирован|возмещен|пополнен|восстановлен|отправлен|оформлен|переведен|выполнен|гарантирован|подтвержден|согласован|проведен)\\p{L}*',
    // tr: past and evidential on the verbs of giving/approving
    '(?:ed|edil|yap|yapil|onay|gonder|yatir|aktar|tanimla|isle|islen|yukle|tamamla|teslim ed|ode|ver|veril|kabul edil|karsila|telafi ed)\\p{L}*(?<!m[ae])(?:di|du|ti|tu|dik|tik|dim|tim|diniz|tiniz|mis|mus|mistir|mustur)',
    // id
    '(?:sudah|telah|sdh|udah)\\s+(?:kami\\s+)?(?!ditinjau|diperiksa|diputuskan|dicek|ditolak)\\p{L}+', 'di(?:kembalikan|setujui|kreditkan|bayar\\p{L}*|proses|transfer|kirim\\p{L}*|tambahkan|isi|jamin|cairkan|lunasi|ganti|refund)',
    // ar
    '(?:قد\\s+)?(?:تم|تمت)\\s+(?!مراجع|فحص|رفض)\\p{L}+', '(?:وافقنا|اعدنا|ارسلنا|حولنا|اضفنا|دفعنا|عوضنا|استرددنا|ارجعنا|اودعنا)',
    // hi
    '(?:ho gaya|ho gayi|ho gaye|ho gya|ho gyi|ho chuka|ho chuki|ho chuke|kar diya|kar di|kar diye|kar dia|de diya|de di|de diye|bhej diya|bhej di|mil gaya|mil gayi|mil gaye|hua hai|hui hai|kiya hai|kiya gaya|kar chuke|diya gaya|diya hai|gaya hai)',
  ],
  // "is on its way", "is guaranteed", "is yours", "en camino", "в пути".
  state: [
    '(?:is|are|was|were|be|been|stays?|remains?)\\s+' + ADV + '(?:on (?:its|the|their|your) way|underway|coming|ready|yours|due|owed|guaranteed|assured|certain|secured|confirmed|approved|automatic|included|free|covered|complete|in (?:your|the) (?:account|balance|wallet))',
    '(?:\\d+ ?%|free) off', '(?:is|are|will be) (?:on us|on the house|free of charge|at no (?:extra )?cost|taken care of|settled|handled for you)', 'consider (?:it|this|that|them|the \\p{L}+|your \\p{L}+) (?:done|sorted|settled|approved|handled|taken care of|\\p{L}+ed)',
    '(?:sits?|sitting|waiting|available|ready) (?:for you )?(?:in|on) (?:your|the) (?:account|balance|wallet)',
    'on (?:its|their) way', '(?:esta|estan|esta|e|sont|est|уже) (?:listo|lista|listos|pronto|pronta|pret|prete|готов\\p{L}*)', 'hazir', 'sudah siap', 'جاهز', 'tayyar hai', 'en camino', 'a caminho', 'en route', 'в пути', 'yolda', 'dalam perjalanan', 'في الطريق', 'raste mein',
  ],
  // "the charge goes back to your balance", "lands in your account", "back to you".
  movement: [
    '(?:go|goes|going|went|gone|come|comes|coming|came|return|returns|returned|move|moves|moved|flow|flows|land|lands|landed|reach|reaches|reached|arrive|arrives|arrived|be|is|are|was|were|been|sent|added|put|transferred|credited|deposited|paid|back|showing|shows|show up|shows up|showing up|appears|appearing|reflected|visible)\\s+(?:back\\s+|now\\s+|already\\s+)?(?:to|into|onto|on|in)\\s+(?:your|the)\\s+(?:account|balance|card|wallet|paypal|bank|payment method|original payment)',
    'back (?:to|into) (?:you|your)(?![\\p{L}])', 'your way', '(?:come|comes|coming|came|go|goes|going|went) back(?!\\s+(?:from|with|later|again|to (?:us|the chat|this)))', '(?:reach|reaches|reached|hit|hits|hitting) (?:your|the) (?:account|balance|wallet|card)',
    '(?:a|en|em|na|no|sur|dans) (?:su|tu|sua|seu|votre) (?:cuenta|conta|saldo|solde|compte|tarjeta|cartao|carte)', 'на (?:ваш |твой )?(?:баланс|сч[её]т|карту)', '(?:hesabiniza|bakiyenize|kartiniza)', 'ke (?:akun|saldo|rekening|kartu) (?:anda|kamu)', '(?:الى|في) (?:رصيدك|حسابك|بطاقتك)', '(?:aapke|apke) (?:account|khate|balance|wallet) (?:mein|me|main)',
  ],
  // "you'll get your money back", "you are entitled to", "recibirá", "вы получите".
  receipt: [
    '(?:you|u)\\s+(?:will\\s+|shall\\s+|are\\s+|should\\s+|would\\s+|are going to\\s+|can\\s+(?=get|receive|have|keep|earn))?' + ADV + '(?:get|gets|receive|have|keep|see|earn|make|obtain|be getting|getting|receiving|be receiving|be given|be sent|be paid|be owed|be entitled to|entitled to|deserve|qualify for|be eligible for|eligible for|be credited|be compensated|be refunded|be reimbursed)(?![\\p{L}])(?!\\s+(?:not|never|no)(?![\\p{L}]))',
    '(?:recibira|recibiras|recibiran|obtendra|obtendras|tendra|tendras|le llegara|te llegara|recebera|receberao|vai receber|vao receber|tera|obtera|recevrez|recevra|obtiendrez|aurez)',
    '(?:вы\\s+)?получите', 'получишь', 'alacaksiniz', 'alacaksin', 'alirsiniz', '(?:anda|kamu)\\s+(?:akan\\s+)?(?:menerima|mendapat|mendapatkan)', 'ستحصل', 'ستستلم', 'ستسترد', 'ستتلقي', 'تحصل علي',
    '(?:aapko|apko|tumhe|tumko)\\s+(?:\\p{L}+\\s+){0,3}(?:milega|milegi|milenge|mil jayega|mil jaayega|mil jayenge)',
  ],
  // "we owe you", "you are owed", "le debemos", "мы вам должны", "size borcluyuz".
  owed: [
    '(?:owe|owes|owed|owing)(?![\\p{L}])', 'deserve\\p{L}*', 'entitled to', 'due to you', '(?:has|have) (?:a|the) right to', 'qualif(?:y|ies) for',
    '(?:le|te|les|lhe) debemos', 'debemos (?:a usted|le)', 'tienes? derecho', '(?:le|te) corresponde', 'devemos a (?:voce|vc)', 'tem direito', 'vous devons', 'avez droit', 'aura droit',
    '(?:мы\\s+)?(?:вам|тебе)\\s+должны', 'должны (?:вам|тебе)', '(?:вам|тебе)\\s+(?:положен\\p{L}*|полагается)', 'имеете право',
    'borcluyuz', 'borcumuz', 'hak kazandiniz', 'hakkiniz', 'berhutang', 'berhak', 'ندين لك', 'مدينون لك', 'يحق لك', 'من حقك', 'haq hai', 'haqdar', 'karzdar', 'qarzdar', 'dena banta',
  ],
  // "I guarantee", "rest assured", "always succeeds", "garantizado", "гарантируем".
  certain: [
    'guarantee\\p{L}*', 'promise\\p{L}*', 'assure\\p{L}*', 'assuring', 'rest assured', '100 ?%', 'one hundred percent', 'automatic\\p{L}*', 'instant\\p{L}*', 'every time', 'without fail',
    'never fails?', 'always (?:succeeds?|works?|goes through|gets? approved)', 'for sure', 'count on', '(?:i am|we are) (?:sure|certain|confident)',
    'garantiz\\p{L}*', 'garanti\\p{L}*', 'aseguro', 'prometo', 'prometemos', 'tranquil[oa]s?', 'por supuesto', 'sin duda', 'com certeza', 'certamente', 'pode ter certeza', 'assure\\p{L}*', 'soyez assure\\p{L}*',
    'rassurez-vous', 'promets', 'promettons', 'bien sur', 'certainement', 'automatique\\p{L}*', 'instantan\\p{L}*', 'imediat\\p{L}*', 'inmediat\\p{L}*', 'immediat\\p{L}*', 'al instante', 'na hora',
    'гарант\\p{L}*', 'обеща\\p{L}*', 'уверяю', 'будьте уверены', 'можете быть уверены', 'обязательно', 'автоматически', 'мгновенно',
    'garanti\\p{L}*', 'emin olabilirsiniz', 'emin olun', 'soz veriyor\\p{L}*', 'kesinlikle', 'mutlaka', 'otomatik\\p{L}*', 'aninda',
    'dijamin', 'jaminan', 'garansi', 'pasti', 'tenang saja', 'berjanji', 'janji', 'otomatis', 'instan',
    'نضمن', 'اضمن', 'مضمون\\p{L}*', 'اعدك', 'نعدك', 'اؤكد لك', 'نؤكد لك', 'كن مطمئنا', 'اطمئن', 'بالتاكيد', 'حتما', 'تلقائيا', 'فورا', 'علي الفور',
    'pakka', 'pakki', 'vada', 'waada', 'wada', 'zaroor', 'zarur', 'befikr', 'befikar', 'nishchint',
  ],
  // Timing and schedules: "every Monday", "within 24 hours", "tomorrow", "cada lunes", "завтра".
  time: [
    // A time word is matched on the word itself, its lead-in as a look-behind: "every" and "in"
    // start too many ordinary words to be where a match is tried (see word-list.ts).
    '(?<=(?:every|each) )(?:day|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|weekend|morning|evening|hour)', 'weekly', 'daily', 'monthly', 'biweekly',
    '(?<=on )(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekdays)', '(?<=once a )(?:week|month|day)', '(?<=twice a )(?:week|month)', 'tomorrow', 'tonight', 'today', '(?<!as )soon(?! as)', 'shortly',
    'right away', 'straight away', 'immediately', 'asap', 'within', '(?<=by )(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the end)', '(?<=next )(?:week|month|monday|tuesday|wednesday|thursday|friday)',
    '(?<=in (?:\\d+|a|an|a few|few|two|three|several|a couple of) (?:business )?)(?:minutes?|hours?|days?|weeks?)',
    'cada (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|semana|mes|dia)', 'todos los (?:lunes|martes|miercoles|jueves|viernes|sabados|domingos|dias|meses)', 'semanal\\p{L}*', 'mensual\\p{L}*', 'manana', 'hoy',
    'toda (?:segunda|terca|quarta|quinta|sexta|semana)(?:-feira)?', 'todo (?:sabado|domingo|dia|mes)', 'amanha', 'hoje', 'ate (?:segunda|terca|quarta|quinta|sexta|sabado|domingo|amanha)',
    '(?<=(?:en|em) (?:\\d+|unas?|pocas?|dos|tres|poucas|algumas|duas) )(?:horas?|dias?|minutos?|semanas?)', 'dentro de', 'dentro del?',
    'chaque (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|semaine|mois|jour)', 'tous les (?:lundis|mardis|mercredis|jeudis|vendredis|samedis|dimanches|jours|mois)', 'hebdomadaire\\p{L}*', 'demain', "aujourd'hui",
    "d'ici (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|\\d+)", 'sous \\d+ (?:heures?|jours?)', 'dans (?:\\d+|quelques|deux|trois) (?:heures?|jours?|minutes?)',
    'завтра', 'сегодня', 'каждый (?:понедельник|вторник|четверг|день|месяц)', 'каждую (?:неделю|среду|пятницу|субботу)', 'по (?:понедельникам|вторникам|средам|четвергам|пятницам)', 'еженедельн\\p{L}*', 'ежедневн\\p{L}*', 'ежемесячн\\p{L}*',
    'в течение', 'через (?:\\d+|пару|несколько|час|день|неделю)', 'к (?:понедельнику|пятнице|завтра|вечеру|утру)',
    'yarin', 'bugun', '(?<=her )(?:pazartesi|sali|carsamba|persembe|cuma|cumartesi|pazar|gun|hafta|ay)', 'haftalik', 'gunluk', 'aylik', '\\d+ (?:saat|gun|dakika|hafta) icinde', '(?:pazartesi|cuma|yarin|aksam)\\p{L}* kadar',
    'besok', 'hari ini', '(?:setiap|tiap) (?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|hari|bulan)', 'mingguan', 'dalam (?:\\d+|beberapa|satu|dua) (?:jam|hari|menit|minggu)', 'segera',
    'غدا', 'اليوم', 'كل (?:يوم )?(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد|الاثنين|الجمعه|اسبوع|شهر|يوم)', 'اسبوعيا', 'يوميا', 'شهريا', 'خلال', 'بحلول',
    'kal tak', 'aaj', '(?<=har )(?:somvar|mangalvar|budhvar|guruvar|shukravar|shanivar|ravivar|monday|friday|hafte|din|mahine)', '\\d+ (?:ghante|ghanton|din|dino|minute|hafte) (?:mein|me|main|tak|ke andar)', 'jaldi', 'turant',
  ],
  // First-person offers and present acts: "I can refund that", "let me top it up", "we refund all orders".
  offer: [
    `(?:(?:i|we)\\s+(?:can|could|am able to|are able to|would be (?:happy|glad) to|am (?:happy|glad) to|are (?:happy|glad) to)|let me|let us|allow me to)\\s+${ADV}(?!(?:${DECISION_VERB}|not|never)(?![\\p{L}]))\\p{L}+`,
    '(?:we|the shop|our team|support)\\s+(?:always\\s+|automatically\\s+|also\\s+)?(?:refunds?|pays?|credits?|compensates?|refills?|tops? up|returns?|sends?|gives?|covers?|replaces?|adds?|reimburses?|releases?|transfers?)(?![\\p{L}])',
    '(?:te|le|les|lhe) (?:devolvemos|reembolsamos|pagamos|acreditamos)', 'nous vous (?:remboursons|versons|rembourserons)', '(?:мы\\s+)?(?:вам\\s+)?(?:возвращаем|выплачиваем|компенсируем|зачисляем)',
    'iade ediyoruz', 'odiyoruz', 'kami (?:kembalikan|bayar|transfer|kreditkan|ganti)', 'نعيد لك', 'hum (?:aapko\\s+)?(?:refund|paise|paisa)\\s+(?:\\p{L}+\\s+)?(?:de|dete|karte|bhej)',
  ],
  // Announcements with no verb: "Refund approved!", "Reembolso aprobado", "Возврат одобрен".
  announce: [
    '(?:approved|granted|confirmed|issued|done|sent|processed|accepted|completed|credited|secured|guaranteed|authori[sz]ed|released|aprobad\\p{L}*|concedid\\p{L}*|confirmad\\p{L}*|acreditad\\p{L}*|aprovad\\p{L}*|creditad\\p{L}*|accorde\\p{L}*|approuve\\p{L}*|valide\\p{L}*|одобрен\\p{L}*|подтвержден\\p{L}*|onaylandi|onaylanmistir|disetujui|diterima|تمت الموافقه|موافق عليه|approve ho gaya|approve hua|approve kar diya|mil gaya)',
  ],
} as const;

export type CueKind = keyof typeof GRANT_CUES;

/** Negators, in every language above. A cue they precede in its clause is not asserted. */
export const NEGATORS = [
  'not', 'never', 'no', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'unable', 'refuse', 'decline', 'cannot',
  'nunca', 'jamas', 'ni', 'sin', 'ningun', 'ninguna', 'ninguno', 'nao', 'nem', 'nenhum', 'nenhuma', 'sem', 'pas', 'jamais', 'aucun', 'aucune', 'sans', 'rien', 'nullement',
  'не', 'нет', 'ни', 'никогда', 'без', 'нельзя', 'degil', 'yok', 'asla', 'hic', 'hayir', 'tidak', 'tak', 'bukan', 'belum', 'tanpa', 'jangan', 'enggak', 'nggak', 'gak',
  'لا', 'لن', 'لم', 'ليس', 'ليست', 'لسنا', 'غير', 'بدون', 'دون', 'nahi', 'nahin', 'nhi', 'nai', 'mat',
];
/** Turkish negates inside the verb: "iade edilmeyecek", "yapilmadi", "alamazsiniz". */
export const TURKISH_NEGATIVE_VERB = '\\p{L}{2,}(?:m[ae]y[ae]c[ae]k|m[ae]d[iu]|m[ae]mis|m[ae]z|m[iu]yor|[ae]m[ae]m|[ae]m[ae]y[iu]z)(?:tir|tur|sin|sun|siniz|sunuz|iz|uz|ler|lar|m|n|k|niz|nuz|um|uz)?';

/** Conditions and attributions in the facts' own terms (see meaning.ts for where each applies). */
export const EXCUSES = {
  // "under the panel's rules", "per the shop's refund policy", "según las reglas", "согласно правилам".
  rules: [
    '(?:under|per|according to|in line with|following|in accordance with|as set out in|as stated in|by|within)\\s+(?:the\\s+)?(?:panel\'?s?|shop\'?s?|its|their|our|these|those|the)?\\s*(?:own\\s+)?(?:refund\\s+|refill\\s+|affiliate\\s+|cancellation\\s+|payout\\s+)?(?:rules?|polic(?:y|ies)|terms)',
    'segun (?:las |la |sus )?(?:reglas|politica|normas|condiciones)', 'de acordo com (?:as |a )?(?:regras|politica)', 'conforme (?:as |a )?(?:regras|politica)', 'selon (?:les |la )?(?:regles|politique)', 'conformement aux regles',
    'согласно правилам', 'по правилам', 'kurallar\\p{L}* gore', 'politika\\p{L}* gore', 'sesuai (?:dengan )?(?:aturan|kebijakan|ketentuan)', '(?:وفقا|طبقا) ل\\p{L}*', 'حسب (?:ال)?(?:قواعد|سياسه)', 'بموجب',
    '(?:rules?|policy|niyam) ke (?:hisaab|hisab|mutabik|anusar)',
  ],
  // The panel's own statuses and the panel as the actor: "for Partial and Canceled orders", "the panel itself returns".
  panel: [
    '(?:for|when|if|once|after|on|with)\\s+(?:\\p{L}+\\s+){0,4}?(?:partial|canceled|cancelled|refunded|completed)',
    // The panel's own bookkeeping: an order's charge going back to the account balance.
    'charge(?: for [\\p{L} ]{1,40}?)?\\s+(?:goes|go|went|gone|returns|returned|moves|moved|comes|came|(?:is|was|has been|have been) (?:returned|moved|put))\\s+(?:back\\s+)?to\\s+(?:your|the)\\s+(?:account\\s+)?balance', '(?:partial|canceled|cancelled|refunded|completed) orders?',
    '(?:order|it|this one)(?: \\S+)? (?:is|was|shows(?: as)?|has the status) (?:now )?"?(?:refunded|canceled|cancelled|completed|partial)',
    'the panel(?: itself| by itself)?\\s+(?:\\p{L}+\\s+)?(?:returns?|moves?|does|shows?|reports?|lists?|says|displays?|lowers?|gives?)', 'by the panel', 'panel does this', 'the panel\'s rules',
  ],
  // A decision still to come: "if approved", "once our team confirms", "only after the network has confirmed it".
  deferral: [
    '(?:if|once|when|after|only after|only once|provided|as long as|unless|until|subject to|pending|whether)\\s+(?:\\p{L}+\\s+){0,6}?(?:approv\\p{L}*|accept\\p{L}*|eligible|qualif\\p{L}*|review\\p{L}*|decid\\p{L}*|staff|our team|an agent|a person|the shop|the network)',
    '(?:si|se|caso|cuando|quando|une fois|lorsque|если|eger|jika|kalau|apabila|bila|اذا|في حال|agar)\\s+(?:\\p{L}+\\s+){0,6}?(?:aprob\\p{L}*|aprov\\p{L}*|approuv\\p{L}*|accept\\p{L}*|elegible|eligivel|eligible|одобр\\p{L}*|onay\\p{L}*|disetujui|موافق\\p{L}*|approve)',
    // tr: "onaylanirsa" (if approved), "kabul edilirse" (if accepted), "uygunsa" (if eligible)
    '(?:onaylan|kabul edil|uygun|incelen)\\p{L}*(?:sa|se)',
  ],
  // Modal hedges right before the claim: "may be added", "can pay for", "pode", "может", "mungkin".
  hedge: [
    'may', 'might', 'could', 'perhaps', 'maybe', 'possibly', 'can', 'puede', 'podria', 'pode', 'poderia', 'peut', 'pourrait', 'pourrez', 'может', 'могут', 'возможно',
    'olabilir', 'mungkin', 'bisa jadi', 'ربما', 'قد', 'ho sakta', 'ho sakti', 'shayad',
  ],
} as const;

/** A time expression followed by one of these is a rule period ("within 30 days of completion"), not a deadline. */
export const RULE_PERIOD = [
  'window', 'period', 'of completion', 'after completion', 'since completion', 'from completion', 'after (?:it|the order|your order) (?:was |is )?completed', 'ago', 'of (?:the|your) (?:order|purchase)',
];

/** Words that end a clause: a negator across one of these governs another verb. */
export const CLAUSE_BREAKS = [
  'but', 'however', 'although', 'though', 'yet', 'and', 'so', 'then', 'otherwise', 'instead', 'whereas', 'while', 'plus',
  'pero', 'mais', 'но', 'ama', 'fakat', 'tapi', 'namun', 'لكن', 'ولكن', 'lekin', 'magar',
];
