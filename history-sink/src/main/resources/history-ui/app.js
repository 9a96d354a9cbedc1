// The Sync History page: plain JavaScript over the history API (no external code).
(function () {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const session = {
    get tenant() { return sessionStorage.getItem('history.tenant'); },
    get token() { return sessionStorage.getItem('history.token'); },
    set(tenant, token) { sessionStorage.setItem('history.tenant', tenant); sessionStorage.setItem('history.token', token); },
    clear() { sessionStorage.removeItem('history.tenant'); sessionStorage.removeItem('history.token'); }
  };
  let current = null; // {entityType, recordId, next}

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v; else if (k.startsWith('data-')) node.setAttribute(k, v);
      else if (k === 'onclick') node.addEventListener('click', v); else node[k] = v;
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }

  async function api(method, path, body) {
    const response = await fetch('/api/v1' + path, {
      method,
      headers: Object.assign({ 'Authorization': 'Bearer ' + session.token },
        body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const data = response.headers.get('Content-Type') && response.headers.get('Content-Type').includes('json')
      ? await response.json() : null;
    if (!response.ok) {
      const error = new Error(data && data.message ? data.message : 'HTTP ' + response.status);
      error.status = response.status;
      error.code = data && data.error;
      throw error;
    }
    return data;
  }

  const tenantPath = () => '/tenants/' + encodeURIComponent(session.tenant);

  async function login(event) {
    event.preventDefault();
    const tenant = $('#tenant').value.trim();
    const token = $('#token').value.trim();
    session.set(tenant, token);
    try {
      await api('GET', tenantPath() + '/counts');
      show();
    } catch (e) {
      session.clear();
      $('#login-error').textContent = e.message;
    }
  }

  function show() {
    const loggedIn = !!session.token;
    $('#login-view').hidden = loggedIn;
    $('#app-view').hidden = !loggedIn;
    $('#logout').hidden = !loggedIn;
    $('#who').textContent = loggedIn ? 'Tenant ' + session.tenant : '';
    if (loggedIn) refreshCounts();
  }

  async function refreshCounts() {
    try {
      const counts = await api('GET', tenantPath() + '/counts');
      $('#counts').textContent = Object.entries(counts).map(([k, v]) => k + ': ' + v).join(' · ');
    } catch (e) { $('#counts').textContent = e.message; }
  }

  async function search(event) {
    event.preventDefault();
    const q = $('#q').value.trim();
    const list = $('#matches');
    list.replaceChildren();
    try {
      const matches = await api('GET', tenantPath() + '/records?q=' + encodeURIComponent(q));
      if (matches.length === 0) list.append(el('p', { class: 'error' }, 'No record found for "' + q + '"'));
      matches.forEach((m) => list.append(el('li', {
        class: 'match', 'data-record': m.recordId,
        onclick: () => openRecord(m.entityType, m.recordId)
      }, m.entityType + ' ' + m.recordId + (m.itemId ? ' (monday item ' + m.itemId + ')' : '') + ' — last ' + m.lastStatus)));
      if (matches.length === 1) openRecord(matches[0].entityType, matches[0].recordId);
    } catch (e) { list.append(el('p', { class: 'error' }, e.message)); }
  }

  async function openRecord(entityType, recordId, cursor) {
    if (!cursor) {
      current = { entityType, recordId, next: null };
      $('#timeline').replaceChildren();
      $('#record-title').textContent = entityType + ' ' + recordId;
    }
    const path = tenantPath() + '/records/' + encodeURIComponent(entityType) + '/' + encodeURIComponent(recordId)
      + '/history?limit=20' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    try {
      const page = await api('GET', path);
      page.items.forEach((entry) => $('#timeline').append(entryView(entry)));
      current.next = page.next;
      $('#more').hidden = !page.next;
    } catch (e) { $('#timeline').append(el('li', { class: 'error' }, e.message)); }
  }

  const arrow = (d) => d === 'COEFFECTION_TO_MONDAY' ? 'Coeffection → monday'
    : d === 'MONDAY_TO_COEFFECTION' ? 'monday → Coeffection' : d;
  const actor = (a) => !a ? 'unknown' : (a.name || a.email || a.id || a.kind) + (a.kind === 'USER' ? '' : ' (' + a.kind.toLowerCase() + ')');

  function entryView(e) {
    const rows = e.fields.map((f) => el('tr', {},
      el('td', {}, f.field), el('td', { class: 'before' }, f.before == null ? '(empty)' : f.before),
      el('td', {}, '→'), el('td', { class: 'after' }, f.after == null ? '(empty)' : f.after),
      el('td', { class: 'meta' }, f.rule || ''), el('td', { class: 'meta' }, f.status || '')));
    const node = el('li', { class: 'entry', 'data-status': e.status, 'data-entry': e.entryId },
      el('div', { class: 'head' },
        el('span', { class: 'status' }, e.status),
        el('span', {}, arrow(e.direction)),
        el('span', { class: 'meta' }, new Date(e.occurredAt).toLocaleString()),
        el('span', { class: 'meta' }, 'rule: ' + (e.rule || '—')),
        el('span', { class: 'meta' }, 'by ' + actor(e.triggeredBy) + (e.triggerEventId ? ' · event ' + e.triggerEventId : ''))),
      rows.length ? el('table', { class: 'fields' }, el('tbody', {}, rows)) : '');
    if (e.errorMessage) {
      const failed = e.commands.find((c) => c.status === 'FAILED' && c.errorCode);
      const codes = [failed ? failed.errorCode : null, e.errorCode].filter((c, i, all) => c && all.indexOf(c) === i);
      node.append(el('p', { class: 'error-message' }, 'monday: ' + e.errorMessage,
        codes.length ? ' [' + codes.join(', ') + ']' : '', e.requestId ? ' · request ' + e.requestId : ''));
    }
    e.commands.filter((c) => c.status !== 'SUCCEEDED' || c.refusedColumns.length).forEach((c) => node.append(
      el('p', { class: 'meta' }, 'command ' + c.commandId + ': ' + (c.status === 'PENDING'
        ? 'sent, waiting for its outcome' : c.status + ' after ' + c.attempts + ' attempt(s)'))));
    const outcome = el('span', { class: 'retry-outcome' });
    e.retries.forEach((r) => { outcome.textContent = 'Retry ' + r.status.toLowerCase(); });
    if (['FAILED', 'RETRIED', 'RECONNECT_NEEDED'].includes(e.status) || e.fields.some((f) => f.status === 'FAILED')) {
      node.append(el('div', {}, el('button', { class: 'retry', onclick: () => retry(e.entryId, outcome) }, 'Retry'), outcome));
    }
    return node;
  }

  async function retry(entryId, outcome) {
    try {
      const answer = await api('POST', tenantPath() + '/entries/' + encodeURIComponent(entryId) + '/retry');
      outcome.textContent = answer.alreadyRequested
        ? 'Already retried: ' + answer.status.toLowerCase() : 'Retry asked for…';
      outcome.dataset.requestId = answer.requestId;
      if (answer.status === 'PENDING') follow(entryId, answer.requestId, outcome, 0);
    } catch (e) { outcome.textContent = e.message; }
  }

  async function follow(entryId, requestId, outcome, round) {
    if (round > 60) return;
    const entry = await api('GET', tenantPath() + '/entries/' + encodeURIComponent(entryId)).catch(() => null);
    const r = entry && entry.retries.find((x) => x.requestId === requestId);
    if (r && r.status !== 'PENDING') {
      outcome.textContent = 'Retry ' + r.status.toLowerCase() + (r.errorMessage ? ': ' + r.errorMessage : '');
      outcome.dataset.status = r.status;
      refreshCounts();
      return;
    }
    setTimeout(() => follow(entryId, requestId, outcome, round + 1), 1000);
  }

  function letterFilter() {
    const f = {};
    if ($('#dl-error-code').value.trim()) f.errorCode = $('#dl-error-code').value.trim();
    if ($('#dl-record').value.trim()) f.record = $('#dl-record').value.trim();
    if ($('#dl-since').value.trim()) f.since = $('#dl-since').value.trim();
    return f;
  }

  async function listLetters(event) {
    if (event) event.preventDefault();
    const f = letterFilter();
    const query = Object.entries(f).map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');
    const body = $('#dl-table tbody');
    body.replaceChildren();
    try {
      const page = await api('GET', tenantPath() + '/dead-letters?limit=200' + (query ? '&' + query : ''));
      page.items.forEach((d) => body.append(el('tr', { class: 'dead-letter', 'data-id': d.deadLetterId },
        el('td', {}, new Date(d.occurredAt).toLocaleString()),
        el('td', {}, d.errorType + (d.errorCode ? ' / ' + d.errorCode : '')),
        el('td', {}, d.mondayMessage || d.reason),
        el('td', {}, d.recordKey || ''),
        el('td', { class: 'meta' }, d.sourceTopic + (d.replayable ? '' : ' (not replayable)')),
        el('td', {}, d.replays.join(', ')))));
    } catch (e) { $('#dl-summary').textContent = e.message; }
  }

  function replayRequestId() {
    const f = letterFilter();
    return 'ui:' + Object.entries(f).map(([k, v]) => k + '=' + v).join('&') + ':' + sessionStorage.getItem('history.started');
  }

  async function dryRun() {
    try {
      const s = await api('POST', tenantPath() + '/dead-letters/replay', Object.assign({ dryRun: true }, letterFilter()));
      $('#dl-summary').textContent = 'Dry run: ' + s.matched + ' dead letter(s) — '
        + Object.entries(s.byErrorType).map(([k, v]) => v + ' ' + k).join(', ')
        + (s.notReplayable ? '; ' + s.notReplayable + ' cannot be replayed' : '');
      $('#dl-replay').disabled = s.matched === 0;
    } catch (e) { $('#dl-summary').textContent = e.message; }
  }

  async function replay() {
    try {
      const s = await api('POST', tenantPath() + '/dead-letters/replay',
        Object.assign({ dryRun: false, requestId: replayRequestId() }, letterFilter()));
      $('#dl-summary').textContent = 'Replayed ' + s.replayed + ' (already replayed: ' + s.alreadyReplayed + ')';
      $('#dl-replay').disabled = true;
      setTimeout(listLetters, 1500);
    } catch (e) { $('#dl-summary').textContent = e.message; }
  }

  async function loadReview() {
    const list = $('#review-list');
    list.replaceChildren();
    try {
      const page = await api('GET', tenantPath() + '/review-queue');
      if (page.items.length === 0) list.append(el('p', { class: 'empty' }, 'Nothing waits for review.'));
      page.items.forEach((e) => list.append(reviewView(e)));
    } catch (e) { list.append(el('p', { class: 'error' }, e.message)); }
  }

  // A proposed match: both sides field by field, the candidates, and the two decisions.
  function reviewView(e) {
    const answer = el('span', { class: 'retry-outcome' });
    const buttons = [];
    const decide = (approve) => {
      buttons.forEach((b) => { b.disabled = true; });
      api('POST', tenantPath() + '/review-queue/' + encodeURIComponent(e.entryId) + (approve ? '/approve' : '/reject'))
        .then((a) => { answer.textContent = a.message; refreshCounts(); })
        .catch((err) => { answer.textContent = err.message; buttons.forEach((b) => { b.disabled = false; }); });
    };
    const rows = e.fields.map((f) => el('tr', {}, el('td', {}, f.field),
      el('td', { class: 'on-monday' }, f.before == null ? '(empty)' : f.before),
      el('td', { class: 'on-record' }, f.after == null ? '(empty)' : f.after)));
    buttons.push(el('button', { class: 'approve', onclick: () => decide(true) },
      'Approve: link to item ' + (e.itemId || '?')));
    buttons.push(el('button', { class: 'reject', onclick: () => decide(false) }, 'Reject: give it an item of its own'));
    return el('li', { class: 'entry review', 'data-status': e.status, 'data-entry': e.entryId, 'data-record': e.recordId },
      el('div', { class: 'head' },
        el('span', { class: 'status' }, e.status),
        el('span', {}, e.entityType + ' ' + e.recordId + ' ↔ monday item ' + (e.itemId || '?')),
        el('span', { class: 'meta' }, 'rule: ' + (e.rule || '—')),
        el('span', { class: 'meta' }, new Date(e.occurredAt).toLocaleString())),
      el('table', { class: 'fields' }, el('thead', {}, el('tr', {}, el('th', {}, 'Field'),
        el('th', {}, 'On the monday item'), el('th', {}, 'In the Coeffection record'))), el('tbody', {}, rows)),
      el('p', { class: 'candidates' }, e.errorMessage || ''),
      el('div', {}, buttons[0], ' ', buttons[1], ' ', answer));
  }

  function tab(name) {
    document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.tab === name));
    document.querySelectorAll('.panel').forEach((p) => { p.hidden = p.id !== name; });
    if (name === 'dead-letters') listLetters();
    if (name === 'review') loadReview();
  }

  if (!sessionStorage.getItem('history.started')) sessionStorage.setItem('history.started', String(Date.now()));
  $('#login-form').addEventListener('submit', login);
  // one sign-in with the integration page when the same server serves it: log out of both
  $('#logout').addEventListener('click', () => {
    session.clear();
    fetch('/connections/api/v1/session', { method: 'DELETE' }).catch(() => {});
    show();
  });
  fetch('/connections/', { method: 'HEAD' }).then((r) => { $('#integration-link').hidden = !r.ok; }).catch(() => {});
  $('#search-form').addEventListener('submit', search);
  $('#more').addEventListener('click', () => current && current.next && openRecord(current.entityType, current.recordId, current.next));
  $('#dl-form').addEventListener('submit', listLetters);
  $('#dl-dry-run').addEventListener('click', dryRun);
  $('#dl-replay').addEventListener('click', replay);
  document.querySelectorAll('.tab').forEach((t) => t.addEventListener('click', () => tab(t.dataset.tab)));
  show();
}());
