// The integration page: sign in, connect monday (OAuth), pick the workspace, status, disconnect, board mappings.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let tenant = new URLSearchParams(location.search).get('tenant') || sessionStorage.getItem('connections.tenant');

  async function api(method, path, body, type) {
    const init = { method, credentials: 'same-origin', headers: {} };
    if (body !== undefined) {
      init.body = body;
      init.headers['Content-Type'] = type || 'application/json';
    }
    const res = await fetch('/connections/api/v1' + path, init);
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok && res.status !== 422) {
      const err = new Error((json && json.message) || res.statusText);
      err.status = res.status;
      throw err;
    }
    return { status: res.status, json };
  }
  const base = () => '/tenants/' + encodeURIComponent(tenant);
  const text = (el, value) => { el.textContent = value == null || value === '' ? '-' : value; };
  function showError(el, message) { el.hidden = !message; el.textContent = message || ''; }

  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const t = $('tenant').value.trim();
      await api('POST', '/session', JSON.stringify({ tenant: t, token: $('token').value }));
      signedIn(t, $('token').value);
      showError($('signin-error'), null);
      await show();
    } catch (err) {
      showError($('signin-error'), err.message);
    }
  });

  // One sign-in with the Sync History page when the same server serves it: the admin's token opens the tenant's
  // history too (the history page keeps it for this tab), and a token the history page was opened with is tried here.
  function signedIn(t, token) {
    tenant = t;
    sessionStorage.setItem('connections.tenant', t);
    sessionStorage.setItem('history.tenant', t);
    sessionStorage.setItem('history.token', token);
  }

  async function signInFromHistory() {
    const t = sessionStorage.getItem('history.tenant');
    const token = sessionStorage.getItem('history.token');
    if (!t || !token) return false;
    try {
      await api('POST', '/session', JSON.stringify({ tenant: t, token }));
      signedIn(t, token);
      return true;
    } catch (err) {
      return false; // a support token: it does not open this page
    }
  }

  $('signout').addEventListener('click', async () => {
    await api('DELETE', '/session').catch(() => {});
    ['connections.tenant', 'history.tenant', 'history.token'].forEach((k) => sessionStorage.removeItem(k));
    location.assign('/connections/');
  });
  fetch('/history/', { method: 'HEAD' }).then((r) => { $('history-link').hidden = !r.ok; }).catch(() => {});

  async function show() {
    const status = (await api('GET', base() + '/monday')).json;
    $('signin').hidden = true;
    $('signout').hidden = false;
    ['connection', 'mappings', 'audit'].forEach((id) => { $(id).hidden = false; });
    renderStatus(status);
    await Promise.all([loadMappings(), loadAudit()]);
    if (status.state === 'CONNECTED' && status.workspaceId == null) {
      await loadWorkspaces();
    }
  }

  function renderStatus(s) {
    const labels = { CONNECTED: 'Connected', RECONNECT_NEEDED: 'Reconnect needed', DISCONNECTED: 'Disconnected',
      NOT_CONNECTED: 'Not connected' };
    const state = $('state');
    state.textContent = labels[s.state] || s.state;
    state.className = 'badge ' + s.state;
    state.dataset.state = s.state;
    $('reason').textContent = s.reason ? '(' + s.reason + ')' : '';
    text($('account'), s.account ? 'account ' + s.account.accountId + (s.account.accountName ? ' (' + s.account.accountName + ')' : '') : null);
    text($('connected-by'), s.account ? s.account.userName + ' <' + s.account.userEmail + '>' : null);
    text($('workspace'), s.workspaceId == null ? null : s.workspaceName + ' (' + s.workspaceId + ')');
    text($('last-sync'), s.lastSuccessfulSync);
    text($('budget'), s.budget ? s.budget.left.toLocaleString('en') + ' points, resets in ' + s.budget.resetInSeconds + ' s'
      : s.budgetProblem);
    $('connect').textContent = s.state === 'NOT_CONNECTED' ? 'Connect Monday.com' : 'Reconnect Monday.com';
    $('connect').hidden = s.state === 'CONNECTED';
    $('disconnect').hidden = s.state === 'DISCONNECTED' || s.state === 'NOT_CONNECTED';
    const errors = $('errors');
    errors.innerHTML = '';
    (s.recentErrors.length ? s.recentErrors : [null]).forEach((e) => {
      const li = document.createElement('li');
      li.textContent = e ? e.at + ' ' + e.errorCode + ': ' + (e.message || '') + ' (' + e.record + ', board ' + e.boardId
        + (e.historyEntryId ? ', history entry ' + e.historyEntryId : '') + ')' : 'none';
      if (e && e.historyEntryId) {
        li.dataset.entry = e.historyEntryId;
      }
      errors.appendChild(li);
    });
  }

  async function loadWorkspaces() {
    const list = (await api('GET', base() + '/monday/workspaces')).json;
    const select = $('workspace-select');
    select.innerHTML = '';
    list.forEach((w) => {
      const o = document.createElement('option');
      o.value = w.id;
      o.textContent = w.name;
      select.appendChild(o);
    });
    $('workspace-picker').hidden = false;
  }

  async function loadMappings() {
    const m = (await api('GET', base() + '/mappings')).json;
    if ((m.yaml || m.starter) && !$('mapping-yaml').value) {
      $('mapping-yaml').value = m.yaml || m.starter;
    }
    await loadEntities();
  }

  async function loadEntities() {
    const rows = $('entity-rows');
    rows.innerHTML = '';
    (await api('GET', base() + '/mappings/entities')).json.forEach((e) => {
      const tr = document.createElement('tr');
      tr.dataset.entity = e.entity;
      const name = document.createElement('td');
      name.textContent = e.entity;
      const board = document.createElement('td');
      board.className = 'board';
      board.textContent = e.board === 'create' ? 'created by the sync' : e.board ? 'board ' + e.board : '-';
      const buttons = document.createElement('td');
      const create = document.createElement('button');
      create.type = 'button';
      create.className = 'create-board';
      create.textContent = 'Create board automatically';
      create.addEventListener('click', () => act(async () => {
        const r = (await api('POST', base() + '/mappings/entities/' + encodeURIComponent(e.entity) + '/create-board')).json;
        $('mapping-result').textContent = 'Published ' + r.keys.join(', ');
        $('mapping-yaml').value = '';
        await Promise.all([loadMappings(), loadAudit()]);
      }));
      const pick = document.createElement('button');
      pick.type = 'button';
      pick.className = 'pick-board';
      pick.textContent = 'Pick an existing board';
      pick.addEventListener('click', () => act(() => pickBoard(e.entity)));
      buttons.append(create, ' ', pick);
      tr.append(name, board, buttons);
      rows.appendChild(tr);
    });
  }

  async function pickBoard(entity) {
    const select = $('board-select');
    select.innerHTML = '';
    (await api('GET', base() + '/monday/boards')).json.forEach((b) => {
      const o = document.createElement('option');
      o.value = b.id;
      o.textContent = b.name + ' (' + b.id + ')';
      select.appendChild(o);
    });
    $('picker-entity').textContent = entity;
    $('board-picker').dataset.entity = entity;
    $('board-picker').hidden = false;
  }

  $('suggest').addEventListener('click', () => act(async () => {
    const entity = $('board-picker').dataset.entity;
    const s = (await api('POST', base() + '/mappings/entities/' + encodeURIComponent(entity) + '/suggestion',
      JSON.stringify({ boardId: Number($('board-select').value) }))).json;
    $('mapping-yaml').value = s.yaml;
    const pairs = s.pairs.map((p) => p.field + ' -> ' + p.columnTitle + ' (' + p.columnType + ')').join(', ');
    $('suggestion').textContent = 'Suggested for ' + entity + ' on ' + s.boardName + ': ' + (pairs || 'no pair')
      + (s.unmatchedFields.length ? '; no column for ' + s.unmatchedFields.join(', ') : '')
      + '. Check and edit the mapping below, then Publish.';
    $('suggestion').hidden = false;
  }));

  async function loadAudit() {
    const rows = $('audit-rows');
    rows.innerHTML = '';
    (await api('GET', base() + '/audit')).json.forEach((c) => {
      const tr = document.createElement('tr');
      const what = Object.assign({}, c.what);
      delete what.document;
      [c.at, c.who, c.action + ' ' + JSON.stringify(what)].forEach((v) => {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    });
  }

  async function act(fn) {
    try {
      showError($('action-error'), null);
      await fn();
    } catch (err) {
      showError($('action-error'), err.message);
    }
  }

  $('connect').addEventListener('click', () => act(async () => {
    location.assign((await api('POST', base() + '/monday/connect')).json.authorizeUrl);
  }));
  $('disconnect').addEventListener('click', () => act(async () => {
    await api('DELETE', base() + '/monday');
    await show();
  }));
  $('workspace-save').addEventListener('click', () => act(async () => {
    await api('PUT', base() + '/monday/workspace', JSON.stringify({ workspaceId: Number($('workspace-select').value) }));
    $('workspace-picker').hidden = true;
    await show();
  }));

  function renderProblems(result) {
    const list = $('problems');
    list.innerHTML = '';
    (result.problems || []).forEach((p) => {
      const li = document.createElement('li');
      li.className = p.severity;
      const where = ['tenant ' + (p.tenantId || '?'), p.entity && 'entity ' + p.entity, p.field && 'field ' + p.field,
        p.column && 'column ' + p.column].filter(Boolean).join(', ');
      li.textContent = p.severity + ' ' + where + ': ' + p.message;
      list.appendChild(li);
    });
  }
  $('validate').addEventListener('click', () => act(async () => {
    const r = (await api('POST', base() + '/mappings/validate', $('mapping-yaml').value, 'text/plain')).json;
    $('mapping-result').textContent = r.valid ? 'Valid' : 'Not valid';
    renderProblems(r);
  }));
  $('publish').addEventListener('click', () => act(async () => {
    const r = await api('PUT', base() + '/mappings', $('mapping-yaml').value, 'text/plain');
    $('mapping-result').textContent = r.status === 422 ? 'Not published: fix the errors' : 'Published ' + r.json.keys.join(', ');
    renderProblems(r.status === 422 ? r.json : { problems: r.json.warnings });
    await Promise.all([loadAudit(), loadEntities()]);
  }));

  (async () => {
    if (tenant) {
      try {
        await show();
        return;
      } catch (err) {
        if (err.status !== 401) throw err;
      }
    }
    if (await signInFromHistory()) await show();
  })().catch(() => { $('signin').hidden = false; });
})();
