/* Parley agent console. Plain ES2020, no build, runs under `script-src 'self'; style-src 'self'`.
 * Everything a visitor (or the bot) wrote is put on the page with textContent, never as HTML:
 * visitors are anonymous, and agents' browsers are the prize for a stored-XSS attempt. */
(() => {
  'use strict';
  const TOKEN_KEY = 'parley.agentToken'; // sessionStorage: gone when the tab closes
  const NAME_KEY = 'parley.agentName';
  const ALERTS_KEY = 'parley.alerts'; // localStorage: 'off' silences this browser; on by default
  const POLL_MS = 5000;
  const LABELS = { user: 'Visitor', bot: 'Parley (bot)', system: 'System' };

  const $ = (id) => document.getElementById(id);
  const ui = {
    session: $('session'), live: $('live'), agentName: $('agent-name'), signOut: $('sign-out'),
    signIn: $('sign-in'), signInForm: $('sign-in-form'), token: $('token'), signInError: $('sign-in-error'),
    app: $('app'), queued: $('queued'), assigned: $('assigned'), queuedCount: $('queued-count'), assignedCount: $('assigned-count'),
    empty: $('empty'), detail: $('detail'), title: $('chat-title'), sub: $('chat-sub'), badge: $('status-badge'),
    claim: $('claim'), actionError: $('action-error'), transcript: $('transcript'),
    replyForm: $('reply-form'), reply: $('reply'), send: $('send'), replyHint: $('reply-hint'),
    packet: $('packet'), resolveForm: $('resolve-form'), note: $('note'), resolve: $('resolve'), announce: $('announce'),
    alerts: $('alerts'),
  };

  let token = sessionStorage.getItem(TOKEN_KEY);
  let me = sessionStorage.getItem(NAME_KEY); // learned from /v1/agents/me, or from our first successful claim
  let shownAs = null; // our display name, the name visitors see (null: they see `me`)
  const handoffs = new Map(); // id -> Handoff (queued and assigned, plus the open one)
  const unread = new Set(); // handoff ids with visitor messages we have not looked at
  let openId = null;
  let seen = new Set(); // message ids shown in the open transcript
  let es = null;
  let pollTimer = null;

  /** Element builder: string children become text nodes, so nothing here can ever parse HTML. */
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v != null && v !== false) el.setAttribute(k, v === true ? '' : v);
    for (const kid of kids) if (kid != null && kid !== false) el.append(kid);
    return el;
  }
  const humanize = (s) => (s == null || s === '' ? '—'
    : String(s).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase()));
  function ago(iso) {
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (!isFinite(s)) return '';
    if (s < 60) return 'just now';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ago';
    return new Date(iso).toLocaleDateString();
  }
  const when = (iso) => h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso));
  const mine = (hd) => !!me && hd.assignee === me;

  // ---- HTTP ----
  class ApiError extends Error {}
  async function api(method, path, body) {
    const headers = { accept: 'application/json', authorization: 'Bearer ' + token };
    if (body) headers['content-type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' });
    } catch {
      throw Object.assign(new ApiError('Cannot reach the Parley server. Check your connection.'), { status: 0 });
    }
    const data = await res.json().catch(() => null);
    if (res.status === 401 && path !== '/v1/agents/me') { signOut('Your token is no longer accepted (it may have been revoked). Sign in again.'); }
    if (!res.ok) {
      const msg = (data && data.error && data.error.message) || `Request failed (HTTP ${res.status}).`;
      throw Object.assign(new ApiError(msg), { status: res.status });
    }
    return data;
  }

  // ---- session ----
  async function signIn(candidate) {
    token = candidate;
    ui.signInError.textContent = '';
    try {
      await api('GET', '/v1/handoffs?status=queued'); // the cheapest call that proves the token
    } catch (err) {
      token = null;
      ui.signInError.textContent = err.status === 401 ? 'That token was not accepted.' : err.message;
      ui.token.focus();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    renderAlerts();
    ui.signIn.hidden = true;
    ui.app.hidden = false;
    ui.session.hidden = false;
    await whoAmI();
    await refreshQueue();
    connect();
    const first = ui.queued.querySelector('button') || ui.assigned.querySelector('button');
    if (first) first.focus();
  }

  /** Optional endpoint: without it we learn our name from the first claim we win. */
  async function whoAmI() {
    try {
      const data = await api('GET', '/v1/agents/me');
      const name = data && (data.agent ? data.agent.name : data.name);
      if (name) { me = name; sessionStorage.setItem(NAME_KEY, me); }
      shownAs = (data && data.agent && data.agent.displayName) || null;
    } catch { /* not provided by this server */ }
    ui.agentName.textContent = me ? 'Signed in as ' + me + (shownAs ? ` · visitors see “${shownAs}”` : '') : 'Signed in';
  }

  function signOut(message) {
    token = null; me = null; shownAs = null;
    sessionStorage.removeItem(TOKEN_KEY); sessionStorage.removeItem(NAME_KEY);
    if (es) { es.close(); es = null; }
    stopPolling();
    handoffs.clear(); unread.clear(); openId = null;
    ui.queued.replaceChildren(); ui.assigned.replaceChildren();
    ui.detail.hidden = true; ui.empty.hidden = false; ui.resolveForm.hidden = true;
    ui.app.hidden = true; ui.session.hidden = true; ui.signIn.hidden = false;
    ui.token.value = '';
    ui.signInError.textContent = message || '';
    document.title = 'Parley agent console';
    ui.token.focus();
  }

  // ---- alerts: a sound, and a desktop notification while the console is not in view ----
  let audio = null; // made on a click: browsers let a page play sound only after a gesture
  const alertsOn = () => localStorage.getItem(ALERTS_KEY) !== 'off';
  const canNotify = () => typeof Notification === 'function' && Notification.permission === 'granted';
  function renderAlerts() {
    const on = alertsOn();
    ui.alerts.setAttribute('aria-pressed', String(on));
    ui.alerts.textContent = on ? (canNotify() ? 'Alerts on' : 'Sound on') : 'Alerts off';
    ui.alerts.title = on ? 'Click to silence new-visitor alerts in this browser' : 'Click to hear and see new-visitor alerts';
  }
  function wakeAudio() {
    if (!audio && typeof AudioContext === 'function') audio = new AudioContext();
    if (audio && audio.state === 'suspended') audio.resume().catch(() => {});
  }
  function chime() {
    if (!audio || audio.state !== 'running') return;
    const at = audio.currentTime;
    [880, 1320].forEach((hz, i) => {
      const tone = audio.createOscillator(); const gain = audio.createGain();
      tone.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, at + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.2, at + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + i * 0.18 + 0.16);
      tone.connect(gain).connect(audio.destination);
      tone.start(at + i * 0.18); tone.stop(at + i * 0.18 + 0.17);
    });
  }
  /** One alert per event; `tag` folds repeated ones about the same handoff into one notification. */
  function alertAgent(title, body, handoffId) {
    say(title + (body ? ': ' + body : ''));
    if (!alertsOn()) return;
    chime();
    if (!canNotify() || (!document.hidden && document.hasFocus())) return;
    const note = new Notification(title, { body, tag: 'parley-' + handoffId });
    note.onclick = () => { window.focus(); openHandoff(handoffId); note.close(); };
  }
  /** Called from a click: the browser asks the agent once whether the console may show notifications. */
  async function askToNotify() {
    wakeAudio();
    if (alertsOn() && typeof Notification === 'function' && Notification.permission === 'default') {
      await Notification.requestPermission().catch(() => {});
    }
    renderAlerts();
  }
  ui.alerts.addEventListener('click', () => {
    if (alertsOn()) localStorage.setItem(ALERTS_KEY, 'off'); else localStorage.removeItem(ALERTS_KEY);
    askToNotify();
  });

  // ---- queue ----
  async function refreshQueue() {
    const [q, a] = await Promise.all([api('GET', '/v1/handoffs?status=queued'), api('GET', '/v1/handoffs?status=assigned')]);
    for (const [id, hd] of handoffs) if (id !== openId && (hd.status === 'queued' || hd.status === 'assigned')) handoffs.delete(id);
    for (const hd of [...q.handoffs, ...a.handoffs]) handoffs.set(hd.id, hd);
    renderQueue();
  }

  function renderQueue() {
    // Rebuilding the list would drop keyboard focus; remember which item had it.
    const focused = document.activeElement && document.activeElement.closest('.item') ? document.activeElement.dataset.id : null;
    const all = [...handoffs.values()].sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt));
    const queued = all.filter((x) => x.status === 'queued');
    const assigned = all.filter((x) => x.status === 'assigned');
    ui.queued.replaceChildren(...(queued.length ? queued.map(queueItem) : [h('li', { class: 'none' }, 'Nobody is waiting.')]));
    ui.assigned.replaceChildren(...(assigned.length ? assigned.map(queueItem) : [h('li', { class: 'none' }, 'Nothing in progress.')]));
    ui.queuedCount.textContent = queued.length;
    ui.assignedCount.textContent = assigned.length;
    document.title = (queued.length ? `(${queued.length}) ` : '') + 'Parley agent console';
    if (focused) { const again = ui.app.querySelector(`.item[data-id="${CSS.escape(focused)}"]`); if (again) again.focus(); }
  }

  function queueItem(hd) {
    const who = hd.status === 'assigned' ? (mine(hd) ? 'You' : hd.assignee || 'Someone') : null;
    const btn = h('button', { type: 'button', class: 'item', 'data-id': hd.id, 'data-conversation-id': hd.conversationId, 'aria-current': hd.id === openId ? 'true' : null },
      h('span', { class: 'row' }, h('strong', {}, humanize(hd.reason)), when(hd.createdAt)),
      h('span', { class: 'meta' }, [humanize(hd.role), humanize(hd.intent)].join(' · '), who && h('span', { class: 'owner' }, ' · ' + who)),
      hd.summary ? h('span', { class: 'summary' }, String(hd.summary)) : null,
      unread.has(hd.id) ? h('span', { class: 'new', 'aria-label': 'new messages' }, 'new') : null);
    btn.addEventListener('click', () => openHandoff(hd.id));
    return h('li', {}, btn);
  }

  // ---- one handoff ----
  async function openHandoff(id) {
    if (id !== openId) ui.actionError.textContent = ''; // a refresh of the same one keeps its error visible
    let data;
    try { data = await api('GET', '/v1/handoffs/' + encodeURIComponent(id)); } catch (err) { ui.actionError.textContent = err.message; return; }
    if (openId !== id) { seen = new Set(); ui.transcript.replaceChildren(); ui.reply.value = ''; ui.note.value = ''; }
    openId = id;
    unread.delete(id);
    handoffs.set(id, data.handoff);
    ui.empty.hidden = true;
    ui.detail.hidden = false;
    data.messages.forEach(addMessage);
    renderHandoff();
    renderQueue();
  }

  /** Header, actions and packet for the open handoff; called again on every change to it. */
  function renderHandoff() {
    const hd = handoffs.get(openId);
    if (!hd) return;
    ui.title.textContent = humanize(hd.reason);
    ui.sub.replaceChildren(`${humanize(hd.role)} · ${humanize(hd.intent)} · asked `, when(hd.createdAt));
    ui.badge.textContent = hd.status === 'assigned' ? (mine(hd) ? 'Assigned to you' : 'Assigned to ' + (hd.assignee || 'another agent')) : humanize(hd.status);
    ui.badge.dataset.status = hd.status;
    const canClaim = hd.status === 'queued' || (hd.status === 'assigned' && !me); // unknown identity: it may be ours
    const canAct = hd.status === 'assigned' && (mine(hd) || !me); // unknown identity: let the server decide
    ui.claim.hidden = !canClaim;
    ui.reply.disabled = ui.send.disabled = !canAct;
    const hints = {
      queued: 'Claim this conversation to reply. The bot stays silent while you hold it.',
      assigned: 'Another agent holds this conversation.',
      resolved: 'This conversation is resolved; the bot answers the visitor again.',
    };
    ui.replyHint.textContent = canAct ? 'Enter sends · Shift+Enter for a new line'
      : hints[hd.status] || `This handoff is ${humanize(hd.status).toLowerCase()}; there is nothing to reply to.`;
    ui.resolveForm.hidden = !canAct;
    renderPacket(hd);
  }

  // Shown in their own sections; anything else the backend adds appears under "More" as plain text.
  const KNOWN = new Set(['id', 'conversationId', 'status', 'reason', 'summary', 'role', 'intent', 'collected', 'assignee', 'createdAt', 'packet']);
  const OUTCOMES = { shown: 'shown to the visitor', not_verified: 'ownership not verified', locked_out: 'locked out after failed checks', panel_unavailable: 'panel unavailable', ownership_unavailable: 'ownership check unavailable' };
  function renderPacket(hd) {
    const rows = [
      ['Reason', humanize(hd.reason)], ['Role', humanize(hd.role)], ['Intent', humanize(hd.intent)],
      ['Asked', new Date(hd.createdAt).toLocaleString()], ['Assignee', hd.assignee || 'nobody yet'], ['Conversation', hd.conversationId],
    ];
    const collected = Object.entries(hd.collected || {});
    const packet = hd.packet || {};
    const facts = (packet.panelFacts || []).map((f) => h('li', {},
      `Order ${f.orderId}: ${OUTCOMES[f.outcome] || humanize(f.outcome)}`,
      f.status ? `, status "${f.status}"` : '', f.remains != null ? `, remains ${f.remains}` : '', f.startCount != null ? `, start count ${f.startCount}` : '',
      ' (fetched ', h('time', { datetime: f.fetchedAt }, new Date(f.fetchedAt).toLocaleString()), ')'));
    const blocked = (packet.blockedDrafts || []).map((b) => h('li', {}, h('strong', {}, (b.rules || []).join(', ')), ': ', String(b.draft)));
    const extra = Object.entries(hd).filter(([k, v]) => !KNOWN.has(k) && v != null && v !== '');
    ui.packet.replaceChildren(
      h('h3', {}, 'Summary'),
      h('p', { class: 'summary-text' }, hd.summary ? String(hd.summary) : 'No summary.'),
      h('h3', {}, 'Identifiers'),
      collected.length ? dl(collected.map(([k, v]) => [humanize(k), v])) : h('p', { class: 'muted' }, 'None collected.'),
      ...(facts.length ? [h('h3', {}, 'Panel facts'), h('ul', { class: 'facts' }, ...facts)] : []),
      ...(blocked.length ? [h('h3', {}, 'Blocked bot drafts'), h('ul', { class: 'facts' }, ...blocked)] : []),
      h('h3', {}, 'Handoff'),
      dl(rows),
      ...(extra.length ? [h('h3', {}, 'More'), dl(extra.map(([k, v]) => [humanize(k), v]))] : []));
  }
  function dl(pairs) {
    const list = h('dl', {});
    for (const [k, v] of pairs) list.append(h('dt', {}, k), h('dd', {}, value(v)));
    return list;
  }
  /** Plain objects become nested lists (panel facts, fetchedAt…); anything else deeper is shown as JSON text. */
  function value(v) {
    if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(v)) return new Date(v).toLocaleString(); // e.g. when facts were fetched
    if (v === null || typeof v !== 'object') return String(v);
    if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.join(', ');
    if (!Array.isArray(v)) return dl(Object.entries(v).map(([k, x]) => [humanize(k), x]));
    return h('pre', {}, JSON.stringify(v, null, 2));
  }

  function addMessage(m) {
    if (!m || !m.id || seen.has(m.id)) return; // SSE, polling and POST answers overlap
    seen.add(m.id);
    const login = m.agent || m.agentName || 'Agent';
    // The login says who it was; the visitor saw the name it was shown as, when that differs.
    const who = m.from === 'agent' ? (m.agentShownAs && m.agentShownAs !== login ? `${login} (as ${m.agentShownAs})` : login) : LABELS[m.from] || humanize(m.from);
    const t = m.createdAt ? h('time', { datetime: m.createdAt }, new Date(m.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })) : null;
    const el = h('div', { class: 'msg ' + m.from, 'data-from': m.from, 'data-id': m.id },
      h('span', { class: 'who' }, who, t ? ' · ' : null, t), h('p', {}, String(m.text)));
    const stick = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 40;
    ui.transcript.append(el);
    if (stick) ui.transcript.scrollTop = ui.transcript.scrollHeight; // don't yank the agent away from older messages
  }

  // ---- actions ----
  async function act(button, fn) {
    ui.actionError.textContent = '';
    button.disabled = true;
    try { await fn(); } catch (err) {
      ui.actionError.textContent = err.message;
      if (err.status === 409) openHandoff(openId).catch(() => {}); // someone else won: show who
    } finally { button.disabled = false; renderHandoff(); }
  }

  ui.claim.addEventListener('click', () => act(ui.claim, async () => {
    const { handoff } = await api('POST', `/v1/handoffs/${encodeURIComponent(openId)}/claim`);
    if (handoff.assignee && !me) { me = handoff.assignee; sessionStorage.setItem(NAME_KEY, me); ui.agentName.textContent = 'Signed in as ' + me; }
    handoffs.set(handoff.id, handoff);
    renderQueue();
    renderHandoff();
    ui.reply.focus();
  }));

  ui.replyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = ui.reply.value.trim();
    if (!text || ui.send.disabled) return;
    act(ui.send, async () => {
      const { message } = await api('POST', `/v1/handoffs/${encodeURIComponent(openId)}/messages`, { text });
      ui.reply.value = '';
      addMessage(message);
    }).then(() => ui.reply.focus());
  });
  ui.reply.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); ui.replyForm.requestSubmit(); }
  });

  ui.resolveForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const note = ui.note.value.trim();
    act(ui.resolve, async () => {
      const { handoff } = await api('POST', `/v1/handoffs/${encodeURIComponent(openId)}/resolve`, note ? { note } : {});
      handoffs.set(handoff.id, handoff);
      ui.note.value = '';
      renderQueue();
      say('Resolved. The bot answers this visitor again.');
    });
  });

  // ---- live updates: SSE first, polling every 5 s while it is down ----
  function connect() {
    if (es || typeof EventSource !== 'function') { if (!es) startPolling(); return; }
    es = new EventSource('/v1/handoffs/events?token=' + encodeURIComponent(token)); // EventSource can't send headers
    es.addEventListener('handoff', (e) => { const hd = parse(e.data); if (hd) onHandoff(hd); });
    es.addEventListener('message', (e) => { const d = parse(e.data); if (d) onMessage(d.handoffId, d.message); });
    es.onopen = () => { setLive('live'); stopPolling(); tick(); }; // catch up on anything missed while away
    es.onerror = () => {
      setLive('polling');
      startPolling();
      if (es && es.readyState === EventSource.CLOSED) { es = null; setTimeout(() => { if (token) connect(); }, 15000); }
    };
  }
  function parse(s) { try { return JSON.parse(s); } catch { return null; } }

  function onHandoff(hd) {
    const before = handoffs.get(hd.id);
    if (hd.status === 'queued' || hd.status === 'assigned' || hd.id === openId) handoffs.set(hd.id, hd);
    else handoffs.delete(hd.id);
    if (!before && hd.status === 'queued') alertAgent('A visitor is waiting', humanize(hd.reason), hd.id);
    renderQueue();
    if (hd.id === openId) renderHandoff();
  }
  function onMessage(handoffId, m) {
    const hd = handoffs.get(handoffId);
    // A visitor writing to a conversation a person holds (ours, or any while we do not know who we are).
    const watching = handoffId === openId && !document.hidden && document.hasFocus();
    if (m && m.from === 'user' && hd && hd.status === 'assigned' && (mine(hd) || !me) && !watching) {
      alertAgent('New message from a visitor', String(m.text).slice(0, 120), handoffId);
    }
    if (handoffId === openId) return addMessage(m);
    if (m && m.from === 'user' && hd) { unread.add(handoffId); renderQueue(); }
  }

  function startPolling() { if (!pollTimer) pollTimer = setInterval(tick, POLL_MS); }
  function stopPolling() { clearInterval(pollTimer); pollTimer = null; }
  async function tick() {
    if (!token) return;
    try {
      await refreshQueue();
      if (openId) {
        const data = await api('GET', '/v1/handoffs/' + encodeURIComponent(openId));
        handoffs.set(openId, data.handoff);
        data.messages.forEach(addMessage);
        renderHandoff();
      }
    } catch { if (token) setLive('off'); }
  }
  function setLive(state) {
    ui.live.dataset.state = state;
    ui.live.textContent = state === 'live' ? 'Live' : state === 'polling' ? 'Reconnecting · checking every 5 s' : 'Offline';
  }
  function say(text) { ui.announce.textContent = text; }

  // ---- start ----
  ui.signInForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const t = ui.token.value.trim();
    if (!t) { ui.signInError.textContent = 'Enter your agent token.'; ui.token.focus(); return; }
    askToNotify(); // the sign-in click is the gesture that lets alerts make a sound and ask for notifications
    signIn(t);
  });
  ui.signOut.addEventListener('click', () => signOut());
  document.addEventListener('pointerdown', wakeAudio); // after a reload the next click re-enables the sound
  setInterval(() => { if (token) { renderQueue(); if (openId) renderHandoff(); } }, 30000); // keep "5 min ago" honest
  if (token) signIn(token); else ui.token.focus();
})();
