// The secret shapes redact.ts looks for besides card numbers and plain tokens: credentials with a
// well-known shape (vendor-prefixed keys, JWTs, private keys, AWS secrets, keys written in spaced
// groups) and what a visitor says is secret (a password in any of the languages visitors write
// in, a login/password pair, a card's CVV, a 2FA code or PIN, a wallet's seed phrase). Each
// finder reads the normalised view (redact-view.ts) and returns spans in it; redact.ts decides
// what wins where two overlap. Every pattern is linear: a literal or a look-behind pins where a
// match may start, and nothing after it can backtrack across the text.
import type { SecretType } from './vocabulary.js';
import { overlaps, type Span } from './entities/span.js';

export interface FoundSecret extends Span {
  type: SecretType;
}

/** The marker redaction leaves; never a value of its own. */
const MARKER = '[redacted]';

function found(type: SecretType, start: number, value: string): FoundSecret {
  return { type, start, end: start + value.length };
}

/**
 * Every match of a global regex, from the start. String.prototype.matchAll copies the regex on
 * each call, which costs more than the search itself on a short message; these run on every one.
 */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  return out;
}

/** Where capture group `group` of `m` starts (the value is its last occurrence in the match). */
function groupStart(m: RegExpMatchArray, group: number): number {
  const value = m[group] ?? '';
  return (m.index ?? 0) + m[0].lastIndexOf(value);
}

// ---------------------------------------------------------------------------------------------
// Credentials with a shape of their own: secrets wherever they stand, links included (a URL that
// carries a GitHub token is a leaked token).

const VENDOR_PREFIXED = [
  String.raw`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}`, // Stripe secret and restricted keys
  String.raw`whsec_[A-Za-z0-9+/=]{16,}`, // Stripe webhook secrets
  String.raw`sk-(?:proj|svcacct|admin|ant-(?:api|admin)\d\d)-[A-Za-z0-9_-]{16,}`, // OpenAI project/service, Anthropic
  String.raw`gh[pousr]_[A-Za-z0-9]{20,}`, // GitHub tokens
  String.raw`github_pat_[A-Za-z0-9_]{20,}`,
  String.raw`xox[abposre]-[A-Za-z0-9-]{10,}`, // Slack tokens
  String.raw`xapp-[A-Za-z0-9-]{10,}`,
  String.raw`glpat-[A-Za-z0-9_-]{16,}`, // GitLab
  String.raw`npm_[A-Za-z0-9]{30,}`,
  String.raw`hf_[A-Za-z0-9]{30,}`, // Hugging Face
  String.raw`AIza[A-Za-z0-9_-]{30,}`, // Google API keys
  String.raw`(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}`, // AWS access key IDs
  String.raw`p[av]_(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])[A-Za-z0-9_-]{24,}`, // Parley's own visitor and agent tokens
  String.raw`SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`, // SendGrid
  String.raw`\d{8,10}:AA[A-Za-z0-9_-]{30,}`, // Telegram bot tokens
];
const VENDOR_TOKEN = new RegExp(String.raw`(?<![A-Za-z0-9_-])(?:${VENDOR_PREFIXED.join('|')})[A-Za-z0-9_-]*`, 'g');
/** JSON Web Tokens: header and payload (both base64url JSON, so both start "eyJ"), signature if any. */
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g;
/** A PEM private key, to its END line or, pasted in part, to the end of the message. */
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g;

/** Every vendor-prefixed key holds a run of 14 such characters; most messages have none. */
const LONG_RUN = /[A-Za-z0-9_-]{14}/;

export function findShapedCredentials(text: string): FoundSecret[] {
  const out: FoundSecret[] = [];
  for (const re of LONG_RUN.test(text) ? [PRIVATE_KEY, JWT, VENDOR_TOKEN] : [PRIVATE_KEY]) {
    for (const m of execAll(re, text)) out.push(found('api_key', m.index ?? 0, m[0]));
  }
  return out;
}

// OpenAI's older keys are plain "sk-" and 20+ characters. A slug can look like that
// ("sk-instagram-followers-1000"), so these need mixed case and a digit, and are not looked for
// inside links.
const OPENAI_KEY = /(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])[A-Za-z0-9_-]{20,}/g;
/** "Authorization: Bearer …" pasted from a request. */
const BEARER = /(?<![A-Za-z])bearer\s+((?=[A-Za-z0-9._~+/-]*\d)(?=[A-Za-z0-9._~+/-]*[A-Za-z])[A-Za-z0-9._~+/-]{16,}=*)/gi;
// Base64 secrets: AWS secret access keys are 40 characters of [A-Za-z0-9/+]. Plain base62 tokens
// are BARE_TOKEN's (redact.ts); these are the ones with "/" or "+", which a path or a URL has too,
// so: exactly 40 characters, or longer with a "+" or "=" padding (paths have neither), never
// starting or ending with "/", with both cases and a digit, and never inside a link.
const BASE64_SECRET = /(?<![A-Za-z0-9/+=._-])(?=[A-Za-z0-9/+]*[/+])[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=_-])/g;

export function findLooseCredentials(text: string, links: readonly Span[]): FoundSecret[] {
  const out: FoundSecret[] = [];
  for (const m of execAll(OPENAI_KEY, text)) {
    const s = found('api_key', m.index ?? 0, m[0]);
    if (!overlaps(s, links)) out.push(s);
  }
  for (const m of execAll(BEARER, text)) out.push(found('api_key', groupStart(m, 1), m[1] ?? ''));
  for (const m of execAll(BASE64_SECRET, text)) {
    const value = m[0];
    if (value.startsWith('/') || value.endsWith('/')) continue;
    if (value.length !== 40 && !/[+=]/.test(value)) continue;
    if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/\d/.test(value)) continue;
    const s = found('api_key', m.index ?? 0, value);
    if (!overlaps(s, links)) out.push(s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keys written in groups ("a7f3 e9b2 1c4d 58e6 f0a1 b2c3 d4e5 f607", "XXXXX-XXXXX-XXXXX-XXXXX"):
// groups of one length (4–8) with one separator throughout, most of them mixing letters and
// digits. Alone: four groups and 24 characters at least. After a key word ("api key: ab12 cd34
// ef56"): three groups and 12 characters. Words, order-ID lists (digits only) and tracking
// numbers (mostly digits, varied lengths) never look like this.
const GROUP_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9]{3,8}(?:[ -][A-Za-z0-9]{3,8}){2,}/g;
const GROUP = /[A-Za-z0-9]+/g;
const KEY_WORD_BEFORE = /(?:key|token|secret|api)s?\b[^\n,;!?]{0,16}$/i;
const MIXED = /^(?=.*[A-Za-z])(?=.*\d)/;

export function findGroupedKeys(text: string, avoid: readonly Span[]): FoundSecret[] {
  const out: FoundSecret[] = [];
  for (const m of execAll(GROUP_RUN, text)) {
    const start = m.index ?? 0;
    // A run cut inside a longer word ("abcdefghij…" matched as its first 8 characters) loses that word.
    const glued = /[\w]/.test(text[start + m[0].length] ?? '');
    const groups: { at: number; value: string; sep: string }[] = [];
    for (const g of execAll(GROUP, m[0])) groups.push({ at: start + (g.index ?? 0), value: g[0], sep: m[0][(g.index ?? 0) - 1] ?? '' });
    if (glued) groups.pop();
    for (let i = 0; i < groups.length; ) {
      const first = groups[i];
      if (first === undefined) break;
      const size = first.value.length;
      let j = i + 1;
      while (j < groups.length && groups[j]?.value.length === size && (j === i + 1 || groups[j]?.sep === groups[i + 1]?.sep)) j++;
      // A shorter last group ("…-AB1") belongs to the key.
      const tail = groups[j];
      if (tail !== undefined && tail.value.length < size && j > i + 1 && tail.sep === groups[i + 1]?.sep) j++;
      const window = groups.slice(i, j);
      const saidKey = KEY_WORD_BEFORE.test(text.slice(Math.max(0, first.at - 24), first.at));
      if (size >= 4 && isGroupedKey(window, saidKey)) {
        const last = window[window.length - 1] as { at: number; value: string };
        const s = { type: 'api_key' as const, start: first.at, end: last.at + last.value.length };
        if (!overlaps(s, avoid)) out.push(s);
      }
      i = Math.max(j, i + 1);
    }
  }
  return out;
}

function isGroupedKey(groups: readonly { value: string }[], saidKey: boolean): boolean {
  const chars = groups.reduce((n, g) => n + g.value.length, 0);
  const mixed = groups.filter((g) => MIXED.test(g.value)).length;
  if (mixed * 2 < groups.length) return false;
  return saidKey ? groups.length >= 3 && chars >= 12 : groups.length >= 4 && chars >= 24;
}

// ---------------------------------------------------------------------------------------------
// Passwords, in the languages visitors write in. "password is X", "pass: X", "мой пароль: X",
// "mi contraseña es X", "minha senha é X", "mot de passe : X", "şifrem X", "kata sandi saya: X",
// "كلمة المرور: X", "我的密码是X". The value runs to the next space.
const PASSWORD_WORDS_LATIN = [
  String.raw`pass(?:word|wd|code|phrase)?`, 'pwd', 'pw', // en (and it, id, hi in Latin script, …)
  'contrasena', 'clave', 'senha', 'mot de passe', 'mdp', 'passwort', 'kennwort', // es, pt, fr, de
  String.raw`sifre(?:m|miz|n|si)?`, String.raw`parola(?:m|miz)?`, // tr
  String.raw`kata\s+sandi`, 'sandi', String.raw`kata\s+laluan`, 'wachtwoord', 'haslo', String.raw`mat\s+khau`, // id, ms, nl, pl, vi
];
const PASSWORD_WORDS_OTHER = [
  'contraseña', String.raw`парол(?:ь|я|ю|ем|и)`, String.raw`şifre(?:m|miz|n|si)?`, 'parolamız', 'hasło', String.raw`mật\s+khẩu`,
  String.raw`كلمة\s+(?:المرور|السر)`, 'باسورد', 'الباسورد', // ar
];
/** CJK words have no spaces around them to mark where they end. */
const CJK_PASSWORD_WORDS = '密码|密碼|パスワード|비밀번호';
const COPULA_LATIN = 'is|was|es|era|e|est|ist|war|adalah|ialah|yaitu|dir|hai';
const COPULA_OTHER = 'é|è|это|dır';
const VALUE = String.raw`["'\x60«“]?([^\s"'\x60»”]+)`; // \x60: a backquote
/**
 * "password for the panel: X", "пароль от аккаунта: X", "kata sandi saya: X": "for" or "my" (in any
 * language) and up to two more words, then ":" or "=".
 */
const FOR = String.raw`(?:for|of|to|on|from|my|de|del|da|do|mi|от|для|für|von|pour|du|untuk|dari|için|icin|saya|aku|ku|anda)`;
const LOGIN_WORDS = String.raw`log-?in|username|user|usuario|usuário|utilisateur|benutzer(?:name)?|логин|kullanıcı adı|kullanici adi|akun|account|e-?mail|correo`;

/**
 * The password patterns over a list of words. Plain ASCII text gets the ASCII words only: the
 * same matches (no other word can occur in it), at a fraction of the cost of case-folding the rest.
 */
function passwordPatterns(ascii: boolean) {
  const words = ascii ? PASSWORD_WORDS_LATIN.join('|') : [...PASSWORD_WORDS_LATIN, ...PASSWORD_WORDS_OTHER].join('|');
  const word = String.raw`(?:(?<![\p{L}\p{N}_])(?:${words})(?![\p{L}\p{N}])${ascii ? '' : `|${CJK_PASSWORD_WORDS}`})`;
  const copula = String.raw`(?:(?:${ascii ? COPULA_LATIN : `${COPULA_LATIN}|${COPULA_OTHER}`})(?![\p{L}\p{N}])${ascii ? '' : '|是|は|는|은'})`;
  return {
    /** "password: X", "password = X", "password - X", "password is X", "password X". */
    password: new RegExp(String.raw`${word}\s*(?:(${copula}\s*:?)|([:=]|->|=>|[-–—]))?\s*${VALUE}`, 'giu'),
    passwordFor: new RegExp(String.raw`${word}[ \t]+${FOR}(?:[ \t]+[\p{L}\p{N}_.-]{1,20}){0,2}?[ \t]*[:=][ \t]*${VALUE}`, 'giu'),
    /** "login maria / Secr3tPassw0rd", "user: maria | Passw0rd!", "e-mail a@b.co / hunter22". */
    loginPair: new RegExp(String.raw`(?<![\p{L}\p{N}_/@.])(?:${LOGIN_WORDS})(?:\s*[:=]\s*|\s+)[^\s/|]+\s*[/|]\s*${VALUE}`, 'giu'),
  };
}
const ASCII_PASSWORDS = passwordPatterns(true);
const ALL_PASSWORDS = passwordPatterns(false);
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Values after "password" that are words of the sentence, not a password ("my password is not working"). */
const NOT_A_PASSWORD = new Set([
  // en
  'not', 'wrong', 'incorrect', 'invalid', 'correct', 'right', 'too', 'very', 'still', 'being', 'the', 'a', 'an', 'my',
  'same', 'different', 'short', 'long', 'weak', 'strong', 'ok', 'okay', 'fine', 'working', 'broken', 'reset', 'changed',
  'gone', 'lost', 'forgotten', 'required', 'needed', 'rejected', 'blocked', 'locked', 'empty', 'missing', 'hidden',
  'saved', 'stored', 'in', 'on', 'for', 'that', 'this', 'it', 'what', 'unknown', 'there', 'like', 'also', 'now',
  'definitely', 'accepted', 'expired', 'case', 'sensitive', 'no', 'never', 'always', 'just', 'only', 'updated', 'new',
  'old', 'weird', 'strange', 'fine.', 'reset.', 'failing', 'failed', 'denied', 'asked', 'requested', 'sent', 'did',
  'does', "doesn't", "isn't", "wasn't", 'which', 'where', 'how', 'why', 'when', 'and', 'or', 'but', 'so', 'if', 'i',
  'you', 'we', 'they', 'he', 'she', 'your', 'our', 'their', 'his', 'her', 'its', 'showing', 'shown', 'displayed',
  'protected', 'secure', 'safe', 'compromised', 'leaked', 'stolen', 'hacked', 'set', 'mandatory', 'optional',
  'manager', 'field', 'reset?', 'link', 'email', 'mail', 'page', 'form', 'screen', 'button', 'option', 'change',
  'recovery', 'at', 'to', 'of', 'with', 'by', 'from', 'using', 'via', 'please', 'help', 'again', 'anymore', 'all',
  // es, pt
  'es', 'está', 'esta', 'muy', 'incorrecta', 'incorrecto', 'correcta', 'correcto', 'inválida', 'invalida', 'válida',
  'valida', 'nueva', 'nuevo', 'vieja', 'segura', 'seguro', 'débil', 'debil', 'fuerte', 'la', 'el', 'mi', 'tu', 'su',
  'de', 'que', 'otra', 'igual', 'diferente', 'errónea', 'erronea', 'equivocada', 'bloqueada', 'caducada', 'expirada',
  'olvidada', 'perdida', 'demasiado', 'siempre', 'nunca', 'también', 'tambien', 'para', 'por', 'con', 'en', 'un',
  'una', 'não', 'nao', 'muito', 'incorreta', 'correta', 'nova', 'antiga', 'fraca', 'forte', 'errada', 'minha', 'meu',
  'com', 'em', 'um', 'uma', 'funciona',
  // fr, de
  'pas', 'ne', 'est', 'incorrecte', 'correcte', 'invalide', 'valide', 'nouveau', 'nouvelle', 'ancien', 'ancienne',
  'faux', 'fausse', 'trop', 'très', 'tres', 'le', 'mon', 'ma', 'du', 'bloqué', 'bloquée', 'oublié', 'oubliée',
  'expiré', 'différent', 'pour', 'avec', 'dans', 'une', 'nicht', 'ist', 'falsch', 'richtig', 'ungültig', 'gültig',
  'neu', 'neues', 'alt', 'altes', 'zu', 'sehr', 'das', 'der', 'die', 'mein', 'meine', 'gesperrt', 'vergessen',
  'abgelaufen', 'anders', 'für', 'mit', 'ein', 'eine', 'funktioniert',
  // ru, tr, id
  'не', 'неверный', 'неправильный', 'верный', 'правильный', 'новый', 'старый', 'слишком', 'очень', 'мой', 'это',
  'был', 'забыл', 'заблокирован', 'истек', 'другой', 'для', 'от', 'на', 'подходит', 'работает', 'yanlış',
  'yanlis', 'doğru', 'dogru', 'değil', 'degil', 'yeni', 'eski', 'çok', 'cok', 'benim', 'bir', 've', 'için', 'icin',
  'ile', 'unuttum', 'çalışmıyor', 'salah', 'benar', 'tidak', 'baru', 'lama', 'saya', 'terlalu', 'sangat', 'yang',
  'untuk', 'dan', 'di', 'ke', 'dengan', 'lupa', 'hilang', 'nahi', 'nahin', 'galat', 'mera', 'meri', 'kya',
]);

/**
 * Said without "is" or a colon ("password Secr3t!", "мой пароль qwerty123"), a value must look like
 * one: letters and digits side by side, a symbol other than a hyphen, six digits or more, or
 * camelCase of eight letters or more. "2-step", "reset", "change!" are words of the sentence.
 */
function looksLikePassword(raw: string): boolean {
  const value = raw.replace(/[!?]+$/, '');
  if (value.length < 6 || !/^[\p{L}\p{N}]/u.test(value)) return false;
  return /\p{L}\p{N}|\p{N}\p{L}/u.test(value) || /[^\p{L}\p{N}-]/u.test(value) || /^\d+$/.test(value) || (value.length >= 8 && /\p{Ll}\p{Lu}/u.test(value));
}

function passwordValue(raw: string | undefined): string | undefined {
  const value = raw?.replace(/[.,;:)\]}。，、]+$/u, '');
  if (value === undefined || value.length < 3 || value.startsWith(MARKER.slice(0, 2))) return undefined;
  if (NOT_A_PASSWORD.has(value.toLowerCase())) return undefined;
  // A link or an address after "password" is where to change it, not the password.
  if (/:\/\/|^www\.|@[\w-]+\./i.test(value)) return undefined;
  return value;
}

export function findPasswords(text: string, links: readonly Span[]): FoundSecret[] {
  const out: FoundSecret[] = [];
  const { password, passwordFor, loginPair } = ASCII_ONLY.test(text) ? ASCII_PASSWORDS : ALL_PASSWORDS;
  for (const m of execAll(passwordFor, text)) {
    const value = passwordValue(m[1]);
    if (value !== undefined) out.push(found('password', groupStart(m, 1), value));
  }
  for (const m of execAll(password, text)) {
    const value = passwordValue(m[3]);
    if (value === undefined) continue;
    // "pass" alone is also a verb ("pass 100000 likes to …"): only "pass: X" and "pass is X" count.
    const separated = m[1] !== undefined || m[2] !== undefined;
    if (separated || (looksLikePassword(value) && !/^pass(?!\p{L})/iu.test(m[0]))) out.push(found('password', groupStart(m, 3), value));
  }
  if (!text.includes('/') && !text.includes('|')) return out;
  for (const m of execAll(loginPair, text)) {
    const value = passwordValue(m[1]);
    if (value === undefined || !looksLikePassword(value)) continue;
    const s = found('password', groupStart(m, 1), value);
    // "instagram.com/username/Reel2024" is a path, not a login and its password.
    if (!overlaps(s, links)) out.push(s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Codes: a card's CVV (card data, so `card_number`), and one-time codes and PINs (`password`: they
// open an account). Only after a word that says what the number is: "code 4829113" alone is an
// order-ish number, never a secret.
const CVV = /(?<![\p{L}\p{N}_])(?:cvv2?|cvc2?|cvn|csc|cav2|security code|card code|card verification(?: code| value)?|c[oó]digo de seguridad|c[oó]digo de seguran[cç]a|код cvv|cvv[- ]?код|cryptogramme)(?:\s+(?:code|number|no\.?|#))?\s*(?:(?:is|was|es|é|est)(?![\p{L}])|[:=#-])?\s*:?\s*(\d{3,4})(?![\d])/giu;
const ONE_TIME_CODE = new RegExp(String.raw`(?<![\p{L}\p{N}_])(?:${[
  String.raw`(?:2fa|mfa|otp|totp|tfa)(?:\s+(?:code|pin))?`,
  String.raw`(?:two[- ]?factor|2[- ]?step|two[- ]?step|one[- ]?time|verification|authenticator|authentication|auth|sms|log-?in|sign[- ]?in|security|backup|recovery|confirmation|access)\s+(?:code|pin|passcode)`,
  String.raw`pin(?:\s?code)?`,
  String.raw`c[oó]digo\s+(?:de\s+)?(?:verificaci[oó]n|verifica[cç][aã]o|seguridad|seguran[cç]a|acceso|acesso|sms|2fa|confirmaci[oó]n|confirma[cç][aã]o)`,
  String.raw`code\s+(?:de\s+)?(?:v[ée]rification|confirmation|s[ée]curit[ée]|sms)`,
  String.raw`код(?:а|ом)?\s+(?:подтверждения|из\s+смс|из\s+sms|2fa|доступа|безопасности|верификации)`,
  String.raw`(?:doğrulama|dogrulama|onay)\s+kodu`,
  String.raw`kode\s+(?:verifikasi|otp|keamanan|akses)`,
].join('|')})\s*(?:(?:is|was|es|é|est|ist|adalah)(?![\p{L}])|[:=#-])?\s*:?\s*(\d{3}[ -]\d{3}|\d{4,8})(?![\d])`, 'giu');

/** Every code is three digits or more. */
const THREE_DIGITS = /\d{3}/;

export function findCodes(text: string): FoundSecret[] {
  const out: FoundSecret[] = [];
  if (!THREE_DIGITS.test(text)) return out;
  for (const m of execAll(CVV, text)) out.push(found('card_number', groupStart(m, 1), m[1] ?? ''));
  for (const m of execAll(ONE_TIME_CODE, text)) out.push(found('password', groupStart(m, 1), m[1] ?? ''));
  return out;
}

// ---------------------------------------------------------------------------------------------
// A wallet's seed phrase after the words that name it: 12–24 lower-case words (BIP39 words are
// 3–8 letters), numbered or not. A bare seed phrase is twelve ordinary words: not caught.
const SEED_PHRASE = /(?<![\p{L}])(?:seed|recovery|mnemonic|secret|backup|wallet)[\s-]+(?:phrase|words?|sentence)s?\s*(?:(?:is|are|was)(?![\p{L}])|[:=-])?\s*:?\s*((?:\d{1,2}[.)]?\s*)?[a-z]{3,8}(?:[\s,;]+(?:\d{1,2}[.)]?\s*)?[a-z]{3,8}){11,23})/giu;

const SEED_WORD = /seed|recovery|mnemonic|secret|backup|wallet/i;

export function findSeedPhrases(text: string): FoundSecret[] {
  if (!SEED_WORD.test(text)) return [];
  return execAll(SEED_PHRASE, text).map((m) => found('password', groupStart(m, 1), m[1] ?? ''));
}
