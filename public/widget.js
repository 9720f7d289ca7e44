/* Parley help-site widget. Embed with one tag:
 *   <script src="https://support.example/widget.js" defer></script>
 * Its look and words are data- attributes on that tag (docs/widget.md, "Theming and words").
 * Plain ES2020, no framework, no build step. All text goes in through text nodes, never innerHTML. */
(() => {
  'use strict';
  const me = document.currentScript; // only set while this file first runs, so read it now
  const attrs = (me && me.dataset) || {};
  const BASE = (attrs.parleyUrl || (me && me.src ? new URL(me.src).origin : location.origin)).replace(/\/+$/, '');
  const KEY = 'parley:' + BASE; // one saved conversation per Parley server
  const MAX = 2000; // the server counts code points; so do we

  // ---- settings: each is checked, and a value that fails is ignored (with a console warning) ----
  /** Every string the widget shows of its own; `data-text-<key in kebab-case>` replaces one. {x} are filled in. */
  const TEXT = {
    statusBot: 'Automated assistant · ask for a person any time',
    statusAway: 'Automated assistant · our team is back {reopens}',
    statusQueued: 'Waiting for a support agent…',
    statusAgent: 'A support agent is with you',
    openLabel: 'Open support chat',
    openLabelNew: 'Open support chat (new message)',
    closeLabel: 'Close support chat',
    closeButton: 'Close chat',
    conversationLabel: 'Conversation',
    suggestionsLabel: 'Suggested replies',
    messageLabel: 'Message',
    placeholder: 'Type your message…',
    send: 'Send',
    formLabel: 'Send a message',
    hint: 'Enter sends · Shift+Enter for a new line · never share passwords or API keys',
    botLabel: '{bot} (bot)',
    agentLabel: '{name} · Support agent',
    agentLabelUnnamed: 'Support agent',
    you: 'You',
    notice: 'Notice',
    typing: '{bot} is typing…',
    sending: 'Sending…',
    offline: 'You are offline. Check your connection and try again.',
    unreachable: 'Could not reach support. Check your connection and try again.',
    httpError: 'Something went wrong (HTTP {status}).',
    slowDown: 'Slow down a little: {message}',
    tooLong: 'Messages can be at most {max} characters.',
    ended: 'That conversation has ended. Send your message again to start a new one.',
    retry: 'Not sent · Retry',
  };
  const kebab = (name) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const ignored = (name, why) => console.warn(`Parley widget: data-${kebab(name)} ignored (${why}); using the default`);
  /** A text setting: 1-`max` characters, no control characters; else the default. Shown as text only. */
  function textSetting(name, fallback, max) {
    if (attrs[name] == null) return fallback;
    const value = String(attrs[name]).trim();
    if (value && [...value].length <= max && !/\p{Cc}/u.test(value)) return value;
    ignored(name, `1-${max} characters of plain text`);
    return fallback;
  }
  /** The colour setting: #rgb or #rrggbb only, so a value can never be more CSS than a colour. */
  function colourSetting(name) {
    const value = attrs[name] == null ? '' : String(attrs[name]).trim();
    if (/^#(?:[0-9a-f]{3}){1,2}$/i.test(value)) return value.length === 4 ? '#' + [...value.slice(1)].map((c) => c + c).join('') : value;
    if (value) ignored(name, 'a colour is #rgb or #rrggbb');
    return null;
  }
  function choiceSetting(name, choices) {
    const value = attrs[name];
    if (value == null || choices.includes(value)) return value == null ? choices[0] : value;
    ignored(name, 'one of ' + choices.join(', '));
    return choices[0];
  }
  const T = {};
  const textName = (key) => 'text' + key[0].toUpperCase() + key.slice(1);
  for (const [key, fallback] of Object.entries(TEXT)) T[key] = textSetting(textName(key), fallback, 200);
  const TEXT_NAMES = Object.keys(TEXT).map(textName);
  for (const name of Object.keys(attrs)) if (/^text[A-Z]/.test(name) && !TEXT_NAMES.includes(name)) ignored(name, 'no such string');
  const TITLE = textSetting('title', 'Support chat', 80);
  const BOT = textSetting('botName', 'Parley', 40);
  const LAUNCHER = textSetting('launcherText', 'Chat with us', 40);
  const ACCENT = colourSetting('accent');
  const POSITION = choiceSetting('position', ['bottom-right', 'bottom-left']);
  /** A string with its {placeholders} filled in (still text: it only ever goes into text nodes). */
  const say = (text, values = {}) => text.replace(/\{(\w+)\}/g, (all, k) => (Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : all));
  const STATUS = { none: T.statusBot, queued: T.statusQueued, assigned: T.statusAgent, resolved: T.statusBot };

  /** The accent and the colours that must go with it to stay readable (WCAG contrast, 4.5:1 for text). */
  function accentColours(hex) {
    const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const css = (c) => '#' + c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
    const mix = (to, share) => css(rgb.map((v, i) => v + (to[i] - v) * share));
    const lum = (c) => { const l = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]; };
    const contrast = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const DARK = [15, 23, 42]; // the widget's body text, #0f172a
    const onAccent = contrast(rgb, [255, 255, 255]) >= contrast(rgb, DARK) ? '#ffffff' : css(DARK);
    const strong = mix([0, 0, 0], 0.15);
    return {
      '--parley-accent': hex,
      '--parley-accent-strong': strong, // hover
      '--parley-close-hover': strong,
      '--parley-on-accent': onAccent,
      '--parley-on-accent-soft': onAccent,
      '--parley-accent-text': contrast(rgb, [255, 255, 255]) >= 4.5 ? hex : css(DARK), // the accent as text on white
      '--parley-accent-tint': mix([255, 255, 255], 0.92),
    };
  }

  const CSS = `
:host{all:initial;--parley-accent:#3730a3;--parley-accent-strong:#312e81;--parley-close-hover:#4338ca;--parley-on-accent:#fff;--parley-on-accent-soft:#e0e7ff;--parley-accent-text:#3730a3;--parley-accent-tint:#eef2ff}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;border:0;border-radius:999px;padding:12px 18px;background:var(--parley-accent);color:var(--parley-on-accent);font-size:15px;font-weight:600;cursor:pointer;box-shadow:0 6px 20px rgba(15,23,42,.25)}
.launcher:hover{background:var(--parley-accent-strong)}
.launcher svg{width:20px;height:20px;fill:currentColor}
.dot{width:10px;height:10px;border-radius:50%;background:#fbbf24;border:2px solid #fff}
.panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:380px;height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;color:#0f172a;border-radius:14px;overflow:hidden;box-shadow:0 16px 48px rgba(15,23,42,.3);border:1px solid #cbd5e1;font-size:15px;line-height:1.45}
.panel[hidden],[hidden]{display:none}
header{display:flex;align-items:center;gap:10px;padding:14px 12px 14px 16px;background:var(--parley-accent);color:var(--parley-on-accent)}
header div{flex:1;min-width:0}
h2{margin:0;font-size:16px}
.sub{margin:2px 0 0;font-size:13px;color:var(--parley-on-accent-soft)}
.close{border:0;background:transparent;color:var(--parley-on-accent);font-size:24px;line-height:1;width:36px;height:36px;border-radius:8px;cursor:pointer}
.close:hover{background:var(--parley-close-hover)}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px;background:#f8fafc}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;background:#fff;border:1px solid #e2e8f0;align-self:flex-start}
.msg p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.who{display:block;font-size:12px;font-weight:600;color:#475569;margin-bottom:2px}
.user{align-self:flex-end;background:var(--parley-accent);border-color:var(--parley-accent);color:var(--parley-on-accent);border-bottom-right-radius:4px}
.user .who{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.bot{border-bottom-left-radius:4px}
.agent{background:#ecfdf5;border-color:#6ee7b7;border-bottom-left-radius:4px}
.agent .who{color:#065f46}
.system{align-self:center;max-width:92%;background:none;border:0;padding:2px 8px;text-align:center;font-style:italic;font-size:13px;color:#475569}
.system .who{display:none}
.pending{opacity:.75}
.failed{outline:2px solid #b91c1c}
.retry{margin-top:6px;border:0;border-radius:6px;padding:3px 10px;background:#fff;color:#b91c1c;font-weight:600;cursor:pointer}
.qr{display:flex;flex-wrap:wrap;gap:6px;padding:8px 14px 0;background:#f8fafc}
.qr button{border:1px solid var(--parley-accent);background:#fff;color:var(--parley-accent-text);border-radius:999px;padding:6px 12px;font-size:14px;cursor:pointer}
.qr button:hover{background:var(--parley-accent-tint)}
.note{min-height:20px;margin:0;padding:4px 14px;font-size:13px;color:#475569;background:#f8fafc}
.note.err{color:#b91c1c;font-weight:600}
form{display:flex;gap:8px;align-items:flex-end;padding:10px 12px;border-top:1px solid #e2e8f0}
textarea{flex:1;resize:none;min-height:42px;max-height:120px;padding:10px;border:1px solid #64748b;border-radius:10px;font-size:15px;color:#0f172a;background:#fff}
.send{border:0;border-radius:10px;padding:0 16px;height:42px;background:var(--parley-accent);color:var(--parley-on-accent);font-weight:600;font-size:15px;cursor:pointer}
.send:disabled{background:#64748b;cursor:default}
.hint{margin:0;padding:0 12px 8px;font-size:12px;color:#475569}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
header :focus-visible,.launcher:focus-visible{outline-color:#fbbf24}
.left{right:auto;left:20px}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}.panel.left{left:0}.panel:not([hidden])~.launcher{display:none}}`;

  /** Tiny element builder: strings become text nodes, so visitor/agent text can never become markup. */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    for (const kid of kids) if (kid != null) el.append(kid); // append(string) makes a text node
    return el;
  }

  // ---- DOM (inside a shadow root so the host page's CSS can't reach in, nor ours out) ----
  const host = h('div', { id: 'parley-widget' });
  // Through the CSSOM, one validated colour per property: no style text is ever parsed from a setting.
  if (ACCENT) for (const [name, value] of Object.entries(accentColours(ACCENT))) host.style.setProperty(name, value);
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet(); // constructed sheets are not blocked by a strict style-src CSP
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h('style', {}, CSS));

  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  icon.append(document.createElementNS('http://www.w3.org/2000/svg', 'path'));
  icon.firstChild.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
  const dot = h('span', { class: 'dot', hidden: '' });
  const side = POSITION === 'bottom-left' ? ' left' : '';
  const launcher = h('button', { type: 'button', class: 'launcher' + side, 'aria-expanded': 'false', 'aria-controls': 'parley-panel', 'aria-label': T.openLabel }, icon, LAUNCHER, dot);
  const sub = h('p', { class: 'sub', id: 'parley-sub' }, STATUS.none);
  const closeBtn = h('button', { type: 'button', class: 'close', 'aria-label': T.closeButton }, '×');
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': T.conversationLabel, tabindex: '0' });
  const qr = h('div', { class: 'qr', role: 'group', 'aria-label': T.suggestionsLabel, hidden: '' });
  const note = h('p', { class: 'note', role: 'status' });
  const input = h('textarea', { rows: '1', 'aria-label': T.messageLabel, placeholder: T.placeholder, autocomplete: 'off' });
  const sendBtn = h('button', { type: 'submit', class: 'send' }, T.send);
  const form = h('form', { 'aria-label': T.formLabel }, input, sendBtn);
  const panel = h('section', { class: 'panel' + side, id: 'parley-panel', role: 'dialog', 'aria-labelledby': 'parley-title', 'aria-describedby': 'parley-sub', hidden: '' },
    h('header', {}, h('div', {}, h('h2', { id: 'parley-title' }, TITLE), sub), closeBtn),
    log, qr, note, form,
    h('p', { class: 'hint' }, T.hint));
  root.append(panel, launcher);

  // ---- state ----
  let conv = load(); // {id, token} or null
  let handoff = 'none';
  let away = null; // while the shop's team is away (business hours): when it is back, from the open's answer
  let busy = false;
  let es = null;
  let dropped = false;
  const seen = new Set(); // message ids already shown
  let unconfirmed = []; // our own sent messages whose server copy we have not seen yet

  function load() {
    try { const c = JSON.parse(localStorage.getItem(KEY) || 'null'); return c && c.id && c.token ? c : null; } catch { return null; }
  }
  function save(c) { conv = c; try { c ? localStorage.setItem(KEY, JSON.stringify(c)) : localStorage.removeItem(KEY); } catch { /* private mode: keep it in memory */ } }

  /** Forget a conversation the server no longer accepts (401/404) and start clean. */
  function forget() {
    save(null);
    if (es) { es.close(); es = null; }
    seen.clear(); unconfirmed = []; log.replaceChildren(); showQuickReplies([]); setState({ handoff: 'none' });
  }

  // ---- HTTP ----
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const offlineText = () => navigator.onLine === false ? T.offline : T.unreachable;

  /** fetch + JSON + the contract's error body. `retries` only covers network failures. */
  async function api(method, path, body, retries = 0) {
    const headers = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (conv) headers.authorization = 'Bearer ' + conv.token;
    let res;
    for (let attempt = 0; ; attempt++) {
      try { res = await fetch(BASE + path, { method, headers, body: body ? JSON.stringify(body) : undefined }); break; } catch {
        if (attempt >= retries) throw Object.assign(new Error(offlineText()), { offline: true });
        await sleep(1000);
      }
    }
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const msg = (data && data.error && data.error.message) || say(T.httpError, { status: res.status });
      throw Object.assign(new Error(res.status === 429 ? say(T.slowDown, { message: msg }) : msg), { status: res.status });
    }
    return data;
  }

  let creating = null; // one creation at a time, even if the visitor types before the first one answers
  function ensureConversation() {
    if (conv) return Promise.resolve(true);
    return (creating = creating || create().finally(() => { creating = null; }));
  }
  async function create() {
    try {
      const page = location.origin + location.pathname; // no query string: it may hold someone's tokens
      const data = await api('POST', '/v1/conversations', { metadata: { page } });
      save({ id: data.conversation.id, token: data.token });
      away = data.team && data.team.open === false && typeof data.team.reopens === 'string' ? data.team.reopens : null;
      data.messages.forEach(addMessage); setState(data.state); listen();
      return true;
    } catch (err) { notify(err.message, true); return false; }
  }

  /** Re-read the transcript: after a reload, and after the live stream dropped (we may have missed messages). */
  async function resync() {
    if (!conv) return;
    try {
      const data = await api('GET', '/v1/conversations/' + encodeURIComponent(conv.id));
      data.messages.forEach(addMessage); setState(data.state);
    } catch (err) {
      if (err.status === 401 || err.status === 404) forget();
      else throw err;
    }
  }

  // ---- live updates (SSE; EventSource can't send headers, so the token rides in the query) ----
  function listen() {
    if (es || !conv || typeof EventSource !== 'function') return;
    const url = `${BASE}/v1/conversations/${encodeURIComponent(conv.id)}/events?token=${encodeURIComponent(conv.token)}`;
    es = new EventSource(url);
    es.onmessage = (e) => { const m = parse(e.data); if (m) addMessage(m); };
    es.addEventListener('state', (e) => { const s = parse(e.data); if (s) setState(s); });
    es.onopen = () => { if (dropped) { dropped = false; resync().catch(() => {}); } };
    es.onerror = () => {
      dropped = true;
      if (es && es.readyState === EventSource.CLOSED) { // the browser gave up; try again ourselves
        es = null;
        setTimeout(() => resync().then(listen, listen), 5000);
      }
    };
  }
  function parse(s) { try { return JSON.parse(s); } catch { return null; } }

  // ---- rendering ----
  function label(m) {
    if (m.from === 'bot') return say(T.botLabel, { bot: BOT });
    const name = m.agent || m.agentName; // the agent's display name, when the server sends it
    if (m.from === 'agent') return name ? say(T.agentLabel, { name }) : T.agentLabelUnnamed;
    if (m.from === 'user') return T.you;
    return T.notice;
  }

  function bubble(m, text) {
    const el = h('div', { class: 'msg ' + m.from, 'data-from': m.from }, h('span', { class: 'who' }, label(m)), h('p', {}, text));
    log.append(el);
    log.scrollTop = log.scrollHeight;
    return el;
  }

  function addMessage(m) {
    if (!m || !m.id || seen.has(m.id)) return; // the POST answer and the stream may both carry it
    seen.add(m.id);
    if (m.from === 'user' && adopt(m)) return;
    bubble(m, String(m.text)).dataset.id = m.id;
    if (m.from !== 'user') showQuickReplies(m.quickReplies || []);
    if (panel.hidden && m.from !== 'user') { dot.hidden = false; launcher.setAttribute('aria-label', T.openLabelNew); }
  }

  /** Match the server's copy of one of our own messages to the bubble we already show.
   * The server may have redacted a secret, so show its text. */
  function adopt(m) {
    const i = unconfirmed.findIndex((u) => u.cid === m.clientMessageId || u.text === m.text || /\[redacted\]/.test(m.text));
    if (i < 0) return false;
    const [u] = unconfirmed.splice(i, 1);
    u.el.dataset.id = m.id;
    u.el.querySelector('p').textContent = m.text;
    return true;
  }

  function showQuickReplies(list) {
    qr.replaceChildren(...list.map((t) => {
      const b = h('button', { type: 'button' }, String(t));
      b.addEventListener('click', () => send(String(t)));
      return b;
    }));
    qr.hidden = list.length === 0;
  }

  function setState(s) {
    if (!s) return;
    handoff = s.handoff || 'none';
    const bot = away ? say(T.statusAway, { reopens: away }) : STATUS.none;
    sub.textContent = handoff === 'queued' || handoff === 'assigned' ? STATUS[handoff] : bot;
  }

  function notify(text, isError) {
    note.textContent = text || '';
    note.classList.toggle('err', !!isError);
    note.setAttribute('role', isError ? 'alert' : 'status');
  }

  function setBusy(on) {
    busy = on;
    sendBtn.disabled = on;
    if (on) notify(handoff === 'assigned' || handoff === 'queued' ? T.sending : say(T.typing, { bot: BOT }));
    else if (!note.classList.contains('err')) notify('');
  }

  // ---- sending ----
  async function send(raw) {
    const text = raw.trim();
    if (!text || busy) return;
    if ([...text].length > MAX) return notify(say(T.tooLong, { max: MAX }), true);
    if (!(await ensureConversation())) return;
    input.value = '';
    showQuickReplies([]);
    const u = { cid: crypto.randomUUID(), text, el: bubble({ from: 'user' }, text) }; // the id makes a retry idempotent
    u.el.classList.add('pending');
    unconfirmed.push(u); // before the POST: the stream may echo it before the POST answers
    await deliver(u);
  }

  async function deliver(u) {
    notify('');
    setBusy(true);
    u.el.classList.remove('failed');
    const old = u.el.querySelector('.retry');
    if (old) old.remove();
    try {
      const data = await api('POST', `/v1/conversations/${encodeURIComponent(conv.id)}/messages`, { text: u.text, clientMessageId: u.cid }, 1);
      u.el.classList.remove('pending');
      setBusy(false);
      data.messages.forEach(addMessage); setState(data.state);
    } catch (err) {
      setBusy(false);
      if (err.status === 401 || err.status === 404) { forget(); return notify(T.ended, true); }
      u.el.classList.replace('pending', 'failed');
      const retry = h('button', { type: 'button', class: 'retry' }, T.retry);
      retry.addEventListener('click', () => deliver(u));
      u.el.append(retry);
      notify(err.message, true);
    }
  }

  // ---- open / close ----
  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', T.closeLabel);
    dot.hidden = true;
    try { sessionStorage.setItem(KEY + ':open', '1'); } catch { /* ignore */ }
    input.focus();
    log.scrollTop = log.scrollHeight;
    if (navigator.onLine === false) notify(offlineText(), true);
    ensureConversation();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', T.openLabel);
    try { sessionStorage.removeItem(KEY + ':open'); } catch { /* ignore */ }
    launcher.focus(); // return focus to where the dialog was opened from
  }

  launcher.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeBtn.addEventListener('click', close);
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); close(); } });
  form.addEventListener('submit', (e) => { e.preventDefault(); send(input.value); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(input.value); }
  });
  input.addEventListener('input', () => { input.style.height = 'auto'; input.style.height = Math.min(input.scrollHeight, 120) + 'px'; });
  window.addEventListener('offline', () => notify(offlineText(), true));
  window.addEventListener('online', () => { notify(''); resync().catch(() => {}); });
  // Any element on the host page with data-parley-open opens the chat (no page script needed).
  document.addEventListener('click', (e) => { if (e.target instanceof Element && e.target.closest('[data-parley-open]')) { e.preventDefault(); open(); } });

  function start() {
    document.body.append(host);
    if (conv) resync().then(listen, () => listen()); // bring back the conversation across reloads
    let wasOpen = false;
    try { wasOpen = sessionStorage.getItem(KEY + ':open') === '1'; } catch { /* ignore */ }
    if (wasOpen || attrs.open === 'true') open();
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
  window.Parley = { open, close };
})();
