// The browser side of `transcrub review`: shows the server's state (the
// input's lines and the changes transcrub made or proposed) and sends the
// reviewer's decisions back. The server owns every decision; this page only
// renders what /api/state returns and re-renders from each answer, so it
// never has to guess what an accept did to the other items.
(function () {
  'use strict';

  // Every request must carry the session token (the server refuses others).
  const TOKEN = new URLSearchParams(location.search).get('token') || '';

  const STATUS_SYMBOL = {
    applied: '✎', suggested: '?', accepted: '✓', rejected: '✗', superseded: '⊘',
  };
  // The order rules appear in the filter: what a reviewer decides most first.
  const RULE_ORDER = [
    'dictionary', 'fuzzy', 'fuzzy_suggestion', 'suspect_suggestion', 'drop_line',
    'artifact', 'suspect_artifact', 'loop', 'phrase_loop', 'loop_suggestion',
    'phrase_loop_suggestion', 'whitespace', 'blank_line', 'unicode_nfc',
  ];
  const RULE_LABEL = { unicode_nfc: 'Unicode normalisation', drop_line: 'dropped line' };
  const PENDING = new Set(['applied', 'suggested']);
  // Columns count characters (Unicode scalar values, as Rust does), while
  // JavaScript strings index UTF-16 units: only lines with a surrogate pair
  // need the slow conversion.
  const SURROGATE = /[\uD800-\uDFFF]/;
  const ROW_TEXT_MAX = 80;
  // Lines are grouped so that the browser can skip drawing the groups off
  // screen (content-visibility). One group per line costs more than it
  // saves: Chromium checks each group's visibility on every frame.
  const CHUNK_LINES = 50;

  const $ = (id) => document.getElementById(id);
  const ui = {
    body: document.body,
    inputName: $('input-name'), format: $('format'), summary: $('summary'), counts: $('counts'),
    ruleFilters: $('rule-filters'), pendingOnly: $('pending-only'),
    undo: $('undo'), save: $('save'), done: $('done'), helpButton: $('help-button'),
    transcript: $('transcript'), mediaBox: $('media-box'), playerSlot: $('player-slot'),
    mediaName: $('media-name'), mediaTime: $('media-time'), cueText: $('cue-text'),
    details: $('details'), items: $('items'), itemsCount: $('items-count'),
    status: $('status'), help: $('help'),
  };

  let state = null;
  let selectedId = null;
  let finished = false;
  // Decisions made since the last save, so the header can say so: the
  // server only writes files on Save.
  let unsaved = false;
  const hiddenRules = new Set();
  // Per state: id -> item, id -> list row, id -> highlight elements.
  let byId = new Map();
  let rowById = new Map();
  const rowSigs = new WeakMap();
  let marksById = new Map();
  // The transcript's line elements and what each shows, so a new state only
  // rebuilds the lines whose items changed (a decision touches a few lines
  // of thousands).
  let lineEls = [];
  let lineSigs = [];
  let shownLines = null;
  let player = null;
  let mediaUrl = null;
  let trackUrl = null;

  // ---- helpers -------------------------------------------------------------

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function ruleLabel(rule) {
    return RULE_LABEL[rule] || rule.replace(/_/g, ' ');
  }

  function isPending(item) {
    return item.reviewable && PENDING.has(item.status);
  }

  // Shows what is invisible in a one-line summary: line breaks, and the
  // spaces a whitespace fix is about.
  function visible(text) {
    if (text === '') return '';
    if (text.trim() === '') return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r?\n/g, '⏎');
    return text.replace(/\r?\n/g, ' ⏎ ');
  }

  function clip(text, max) {
    const chars = Array.from(text);
    return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : text;
  }

  function formatTime(ms) {
    if (ms === null || ms === undefined) return '';
    const total = Math.max(0, Math.round(ms));
    const h = Math.floor(total / 3600000);
    const m = Math.floor(total / 60000) % 60;
    const s = Math.floor(total / 1000) % 60;
    const frac = String(total % 1000).padStart(3, '0');
    const mm = h ? String(m).padStart(2, '0') : String(m);
    return (h ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0') + '.' + frac;
  }

  function basename(path) {
    return String(path || '').split(/[\\/]/).pop();
  }

  // 1-based character column -> UTF-16 index into `line`, clamped to it.
  function indexOfColumn(line, column) {
    const target = Math.max(0, column - 1);
    if (!SURROGATE.test(line)) return Math.min(target, line.length);
    let i = 0;
    for (let n = 0; n < target && i < line.length; n++) {
      i += line.codePointAt(i) > 0xffff ? 2 : 1;
    }
    return i;
  }

  function say(text, kind) {
    ui.status.textContent = text;
    ui.status.dataset.kind = kind || 'info';
  }

  // ---- talking to the server ----------------------------------------------

  class ServerError extends Error {}

  async function api(name, body) {
    const url = '/api/' + name + '?token=' + encodeURIComponent(TOKEN);
    const init = { cache: 'no-store' };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (_) {
      throw new ServerError('cannot reach the review server: is transcrub review still running?');
    }
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (!response.ok) {
      throw new ServerError(data && data.error ? data.error : 'the server answered ' + response.status);
    }
    return data;
  }

  // Decisions are queued, not dropped, while a request is in flight: a
  // reviewer typing `a a a` means three items, and a `j` typed meanwhile must
  // apply after the selection the first answer moves to.
  let chain = null;
  let inFlight = 0;

  function perform(action) {
    if (finished) return;
    const result = chain ? chain.then(action) : action();
    if (result && typeof result.then === 'function') track(result);
  }

  function track(promise) {
    inFlight++;
    ui.body.dataset.busy = '1';
    ui.body.setAttribute('aria-busy', 'true');
    chain = promise
      .catch((err) => {
        if (err instanceof ServerError) say('⚠ ' + err.message, 'error');
        else throw err;
      })
      .finally(() => {
        if (--inFlight === 0) {
          chain = null;
          delete ui.body.dataset.busy;
          ui.body.removeAttribute('aria-busy');
        }
      });
  }

  // ---- transcript ----------------------------------------------------------

  // Where an item's `before` is in the input: a list of pieces
  // {line, start, end} in UTF-16 indexes (several when `before` spans lines),
  // or null when it is not where the item says (JSON input, whose columns
  // point into escaped text): then the whole line is marked instead.
  function locate(item, lines) {
    const first = item.line - 1;
    if (first < 0 || first >= lines.length) return null;
    const start = indexOfColumn(lines[first], item.column);
    if (item.end_line !== null && item.end_line !== undefined &&
        item.end_column !== null && item.end_column !== undefined) {
      // The server knows the span: trust it rather than compare texts.
      const last = Math.min(Math.max(item.end_line - 1, first), lines.length - 1);
      const pieces = [];
      for (let n = first; n <= last; n++) {
        const from = n === first ? start : 0;
        const to = n === last ? indexOfColumn(lines[n], item.end_column) : lines[n].length;
        pieces.push({ line: n, start: from, end: Math.max(from, to) });
      }
      return pieces;
    }
    const parts = item.before.split(/\r?\n/);
    if (first + parts.length > lines.length) return null;
    if (parts.length === 1) {
      const line = lines[first];
      if (item.before !== '' && line.substr(start, item.before.length) !== item.before) return null;
      return [{ line: first, start, end: Math.min(line.length, start + item.before.length) }];
    }
    const pieces = [];
    for (let k = 0; k < parts.length; k++) {
      const n = first + k;
      const line = lines[n];
      const part = parts[k];
      const from = k === 0 ? start : 0;
      const fits = k === 0 ? line.startsWith(part, from)
        : k < parts.length - 1 ? line === part : line.startsWith(part);
      if (!fits) return null;
      pieces.push({ line: n, start: from, end: from + part.length });
    }
    return pieces;
  }

  // line index -> {spans: [{item, start, end, last}], whole: [item]}
  function layout(s) {
    const perLine = new Map();
    const entry = (n) => {
      let e = perLine.get(n);
      if (!e) perLine.set(n, (e = { spans: [], whole: [] }));
      return e;
    };
    for (const item of s.items) {
      const pieces = locate(item, s.lines);
      if (!pieces) {
        const n = Math.min(Math.max(item.line - 1, 0), s.lines.length - 1);
        if (n >= 0) entry(n).whole.push(item);
        continue;
      }
      pieces.forEach((p, k) => {
        entry(p.line).spans.push({ item, start: p.start, end: p.end, last: k === pieces.length - 1 });
      });
    }
    for (const e of perLine.values()) {
      e.spans.sort((a, b) => a.start - b.start || b.end - a.end || a.item.id - b.item.id);
      // Overlapping spans cannot nest cleanly in the text: the later one
      // becomes a whole-line note, which still shows and selects it.
      let reach = -1;
      e.spans = e.spans.filter((sp) => {
        if (sp.start < reach) {
          if (!e.whole.includes(sp.item)) e.whole.push(sp.item);
          return false;
        }
        reach = Math.max(reach, sp.end);
        return true;
      });
    }
    return perLine;
  }

  function signature(entry) {
    if (!entry) return '';
    const part = (it) => [it.id, it.status, it.rule, it.before, it.after].join('\u0001');
    return entry.spans.map((sp) => part(sp.item) + '@' + sp.start + '-' + sp.end + (sp.last ? '$' : ''))
      .concat(entry.whole.map((it) => part(it) + '@line'))
      .join('\u0002');
  }

  function mark(className, text) {
    return el('span', 'mark ' + className, text);
  }

  // One highlight: the text of the span, drawn by group and status so that
  // it reads without colour (strike-through, underline, symbols, words).
  function highlight(item, original, last) {
    const h = el('span', 'hl g-' + item.group + ' s-' + item.status + (isPending(item) ? ' pending' : ''));
    h.dataset.id = item.id;
    h.title = STATUS_SYMBOL[item.status] + ' ' + item.status + ' · ' + ruleLabel(item.rule) +
      (item.reviewable ? ' · click to review' : '');
    const removal = item.group === 'removal';
    const st = item.status;
    if (original === '') {
      // Nothing to strike (a blank line removed, a character inserted).
      h.classList.add('empty');
      const what = item.rule === 'blank_line' ? '¶ blank line removed'
        : item.after ? '‸ ' + visible(item.after) : '‸ ' + ruleLabel(item.rule);
      h.append(mark('note', what));
      return h;
    }
    if (st === 'applied' || st === 'accepted') {
      h.append(el('del', null, original));
      if (last && !removal && item.after !== '') h.append(el('ins', null, item.after));
    } else if (st === 'suggested') {
      h.append(el('span', removal ? 'dotted' : 'under', original));
      if (last) h.append(mark('note', removal ? '? remove' : '→ ' + visible(item.after)));
    } else if (st === 'rejected') {
      h.append(el('span', removal ? 'dotted' : 'plain', original));
      if (last) h.append(mark('kept', '✗ kept'));
    } else {
      h.append(el('span', 'plain', original));
    }
    if (last && st === 'accepted') h.append(mark('ok', '✓'));
    if (last && st === 'superseded') h.append(mark('gone', '⊘'));
    return h;
  }

  // A note at the end of a line for an item that could not be placed in it.
  function lineNote(item) {
    const n = el('span', 'hl line-note g-' + item.group + ' s-' + item.status + (isPending(item) ? ' pending' : ''));
    n.dataset.id = item.id;
    n.title = item.status + ' · ' + ruleLabel(item.rule) + ' (somewhere on this line)';
    n.append(el('span', 'sym', STATUS_SYMBOL[item.status] || '•'));
    n.append(el(item.status === 'applied' || item.status === 'accepted' ? 'del' : 'span', 'was', clip(visible(item.before), 60)));
    n.append(document.createTextNode(' → '));
    n.append(el('span', 'now', item.after === '' ? '(removed)' : clip(visible(item.after), 60)));
    return n;
  }

  function renderLine(n, text, entry) {
    const line = lineEls[n];
    line.textContent = '';
    line.classList.toggle('has-items', !!entry);
    line.classList.toggle('whole', !!(entry && entry.whole.length));
    if (!entry) {
      line.textContent = text;
      return;
    }
    if (!entry.spans.length && entry.whole.length === 1 && text !== '') {
      // The item is somewhere on this line: the line itself is its mark.
      const item = entry.whole[0];
      const h = el('span', 'hl whole-line g-' + item.group + ' s-' + item.status + (isPending(item) ? ' pending' : ''), text);
      h.dataset.id = item.id;
      line.append(h, ' ', lineNote(item));
      return;
    }
    let pos = 0;
    for (const sp of entry.spans) {
      if (sp.start > pos) line.append(text.slice(pos, sp.start));
      line.append(highlight(sp.item, text.slice(sp.start, sp.end), sp.last));
      pos = Math.max(pos, sp.end);
    }
    if (pos < text.length) line.append(text.slice(pos));
    for (const item of entry.whole) line.append(' ', lineNote(item));
  }

  function renderTranscript(s) {
    const same = shownLines && shownLines.length === s.lines.length &&
      s.lines.every((line, n) => line === shownLines[n]);
    if (!same) {
      // New input text (first state, or the server reloaded): build it all.
      shownLines = s.lines;
      // Cue numbers and timings of subtitle files are not speech: drawn
      // quieter, the text to review stands out.
      const cued = s.format === 'srt' || s.format === 'vtt';
      const frag = document.createDocumentFragment();
      let chunk = null;
      lineEls = s.lines.map((text, n) => {
        if (n % CHUNK_LINES === 0) frag.append((chunk = el('div', 'chunk')));
        const line = el('div', cued && (/-->/.test(text) || /^\d+$/.test(text)) ? 'ln cue-meta' : 'ln');
        line.dataset.n = n + 1;
        chunk.append(line);
        return line;
      });
      lineSigs = s.lines.map(() => null);
      ui.transcript.textContent = '';
      ui.transcript.style.setProperty('--digits', String(String(s.lines.length).length));
      ui.transcript.append(frag);
    }
    const perLine = layout(s);
    for (let n = 0; n < s.lines.length; n++) {
      const entry = perLine.get(n);
      const sig = signature(entry);
      if (sig !== lineSigs[n]) {
        renderLine(n, s.lines[n], entry);
        lineSigs[n] = sig;
      }
    }
    marksById = new Map();
    for (const m of ui.transcript.querySelectorAll('[data-id]')) {
      const id = Number(m.dataset.id);
      if (!marksById.has(id)) marksById.set(id, []);
      marksById.get(id).push(m);
    }
  }

  // ---- header, filters, list ----------------------------------------------

  function counts(s) {
    let pending = 0, accepted = 0, rejected = 0;
    for (const item of s.items) {
      if (item.status === 'accepted') accepted++;
      else if (item.status === 'rejected') rejected++;
      else if (isPending(item)) pending++;
    }
    return { pending, accepted, rejected };
  }

  function renderHeader(s) {
    const name = basename(s.input);
    document.title = name + ' · transcrub review';
    ui.inputName.textContent = name;
    ui.inputName.title = s.input + (s.output ? ' → saves to ' + s.output : '');
    ui.format.textContent = s.format || '';
    ui.summary.textContent = s.summary || '';
    const c = counts(s);
    ui.counts.textContent = '';
    const count = (n, label, cls) => {
      const b = el('span', 'count ' + cls);
      b.append(el('strong', null, String(n)), ' ' + label);
      return b;
    };
    ui.counts.append(count(c.pending, 'pending', 'c-pending'), count(c.accepted, 'accepted', 'c-accepted'),
      count(c.rejected, 'rejected', 'c-rejected'));
    if (unsaved) ui.counts.append(el('span', 'unsaved', '● not saved'));
    else if (s.saved) ui.counts.append(el('span', 'saved', '✓ saved'));
    ui.undo.disabled = finished || !s.undo;
    renderFilters(s);
  }

  function renderFilters(s) {
    const perRule = new Map();
    for (const item of s.items) perRule.set(item.rule, (perRule.get(item.rule) || 0) + 1);
    const rules = [...perRule.keys()].sort((a, b) => {
      const ia = RULE_ORDER.indexOf(a), ib = RULE_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    });
    const key = rules.map((r) => r + ':' + perRule.get(r)).join(',');
    if (ui.ruleFilters.dataset.key === key) return;
    ui.ruleFilters.dataset.key = key;
    ui.ruleFilters.textContent = '';
    for (const rule of rules) {
      const label = el('label', 'rule-filter');
      const box = el('input');
      box.type = 'checkbox';
      box.dataset.rule = rule;
      box.checked = !hiddenRules.has(rule);
      box.disabled = finished;
      label.append(box, ' ' + ruleLabel(rule) + ' ', el('span', 'n', String(perRule.get(rule))));
      ui.ruleFilters.append(label);
    }
  }

  function shown(item) {
    return !hiddenRules.has(item.rule) && (!ui.pendingOnly.checked || isPending(item));
  }

  function rowChange(item) {
    const span = el('span', 'chg');
    if (item.rule === 'blank_line') {
      span.append(el('span', 'was', 'blank line'), ' → ', el('span', 'now removed', '(removed)'));
      return span;
    }
    const before = clip(visible(item.before), ROW_TEXT_MAX) || '(nothing)';
    if (item.after === '') span.append(el('span', 'was', before), ' → ', el('span', 'now removed', '(removed)'));
    else span.append(el('span', 'was', before), ' → ', el('span', 'now', clip(visible(item.after), ROW_TEXT_MAX)));
    return span;
  }

  function rowSignature(item) {
    return [item.status, item.reviewable, item.rule, item.before, item.after, item.line, item.column,
      item.start_ms].join('\u0001');
  }

  function renderRow(item) {
    const row = el('li', 'row s-' + item.status + (item.reviewable ? '' : ' auto'));
    row.id = 'item-' + item.id;
    row.setAttribute('role', 'option');
    row.setAttribute('aria-selected', 'false');
    row.dataset.id = item.id;
    row.dataset.status = item.status;
    const sym = el('span', 'sym', STATUS_SYMBOL[item.status] || '•');
    sym.setAttribute('aria-hidden', 'true');
    const where = el('span', 'where', item.start_ms !== null && item.start_ms !== undefined
      ? formatTime(item.start_ms).replace(/\.\d+$/, '') : String(item.line));
    where.title = 'line ' + item.line + ', column ' + item.column;
    row.append(sym, el('span', 'vh', item.status + ': '), el('span', 'rule', ruleLabel(item.rule)),
      rowChange(item), where);
    row.title = item.status + ' · ' + ruleLabel(item.rule) + ' · line ' + item.line;
    return row;
  }

  // Rows whose item did not change are kept, and only the differences are
  // put into the list: a decision changes a few rows of hundreds.
  function renderList(s) {
    const old = rowById;
    rowById = new Map();
    const rows = s.items.map((item) => {
      const sig = rowSignature(item);
      let row = old.get(item.id);
      if (!row || rowSigs.get(row) !== sig) {
        row = renderRow(item);
        rowSigs.set(row, sig);
      }
      rowById.set(item.id, row);
      return row;
    });
    let cursor = ui.items.firstChild;
    for (const row of rows) {
      if (cursor === row) cursor = cursor.nextSibling;
      else ui.items.insertBefore(row, cursor);
    }
    while (cursor) {
      const stale = cursor;
      cursor = cursor.nextSibling;
      stale.remove();
    }
    applyFilter();
  }

  function applyFilter() {
    if (!state) return;
    let n = 0;
    for (const item of state.items) {
      const show = shown(item);
      rowById.get(item.id).hidden = !show;
      if (show) n++;
    }
    ui.items.dataset.shown = n;
    ui.itemsCount.textContent = n === state.items.length ? '(' + n + ')' : '(' + n + ' of ' + state.items.length + ')';
  }

  function visibleItems() {
    return state ? state.items.filter(shown) : [];
  }

  // ---- selection and details ----------------------------------------------

  function selectedItem() {
    return selectedId === null ? null : byId.get(selectedId) || null;
  }

  // The server's order of items: by place in the input.
  function textOrder(a, b) {
    return a.line - b.line || a.column - b.column;
  }

  // `scroll` may be false, or name the one pane that needs no scrolling
  // (the one the reviewer just clicked in).
  function select(id, { scroll = true, seek = true } = {}) {
    const previous = selectedId;
    if (previous !== null) {
      const row = rowById.get(previous);
      if (row) {
        row.classList.remove('selected');
        row.setAttribute('aria-selected', 'false');
      }
      for (const m of marksById.get(previous) || []) m.classList.remove('sel');
    }
    selectedId = id;
    const item = selectedItem();
    if (!item) {
      ui.items.removeAttribute('aria-activedescendant');
      renderDetails(null);
      return;
    }
    const row = rowById.get(id);
    row.classList.add('selected');
    row.setAttribute('aria-selected', 'true');
    ui.items.setAttribute('aria-activedescendant', row.id);
    const marks = marksById.get(id) || [];
    for (const m of marks) m.classList.add('sel');
    renderDetails(item);
    if (scroll) {
      const reveal = () => {
        if (selectedId !== id) return;
        if (!row.hidden && scroll !== 'list') scrollIntoMiddle(ui.items, row, 0.15);
        if (marks.length && scroll !== 'text') scrollIntoMiddle(ui.transcript, marks[0], 0.2);
      };
      reveal();
      // Lines never shown yet had an estimated height; once drawn they may
      // have pushed the mark away, so look again after the next frame.
      requestAnimationFrame(() => requestAnimationFrame(reveal));
    }
    if (seek && player && item.start_ms !== null && item.start_ms !== undefined) {
      player.currentTime = item.start_ms / 1000;
    }
  }

  // Centres the mark when it is out of the pane's middle part, and leaves
  // the pane still otherwise: jumping on every j press is tiring to read.
  function scrollIntoMiddle(pane, target, edge) {
    const p = pane.getBoundingClientRect();
    const t = target.getBoundingClientRect();
    const margin = p.height * edge;
    if (t.top >= p.top + margin && t.bottom <= p.bottom - margin) return;
    pane.scrollTop += t.top - p.top - (p.height - Math.min(t.height, p.height)) / 2;
  }

  function move(step) {
    const list = visibleItems();
    if (!list.length) return say('No change matches the filter.');
    const current = selectedItem();
    let index;
    if (!current) index = step > 0 ? 0 : list.length - 1;
    else {
      const at = list.findIndex((it) => it.id === current.id);
      if (at >= 0) index = at + step;
      else {
        // The selection is filtered out: go to its neighbour in text order.
        const after = list.findIndex((it) => textOrder(it, current) > 0);
        index = step > 0 ? (after < 0 ? list.length : after) : (after < 0 ? list.length : after) - 1;
      }
    }
    if (index < 0) return say('This is the first change.');
    if (index >= list.length) return say('This is the last change.');
    select(list[index].id);
  }

  function field(dl, label, value, className) {
    if (value === null || value === undefined || value === '') return;
    dl.append(el('dt', null, label));
    const dd = el('dd', className || null);
    if (value instanceof Node) dd.append(value);
    else dd.textContent = value;
    dl.append(dd);
  }

  function effects(item) {
    const applied = item.status === 'applied' || item.status === 'accepted';
    const removal = item.group === 'removal';
    return {
      accept: item.accept_effect || (applied ? 'keeps this change'
        : removal ? 'removes this text' : 'makes this change'),
      reject: item.reject_effect || (applied ? 'restores the original text here'
        : 'leaves the text as it is'),
    };
  }

  function renderDetails(item) {
    const d = ui.details;
    d.textContent = '';
    if (!item) {
      d.append(el('p', 'empty', state && state.items.length ? 'No change selected.' : 'transcrub changed nothing in this file.'));
      return;
    }
    const list = visibleItems();
    const at = list.findIndex((it) => it.id === item.id);
    const head = el('div', 'details-head');
    const badge = el('span', 'badge s-' + item.status);
    badge.append(el('span', 'sym', STATUS_SYMBOL[item.status] || '•'), ' ' + item.status);
    head.append(badge, el('span', 'rule-name', ruleLabel(item.rule)),
      el('span', 'position', at >= 0 ? (at + 1) + ' of ' + list.length : 'hidden by the filter'));
    d.append(head);

    const change = el('p', 'change');
    if (item.rule === 'blank_line') change.append(el('span', 'was', 'a blank line'), ' → ', el('span', 'now', 'removed'));
    else {
      const made = item.status === 'applied' || item.status === 'accepted';
      change.append(el(made ? 'del' : 'span', 'was', visible(item.before) || '(nothing)'), ' → ',
        item.after === '' ? el('span', 'now removed', '(removed)') : el('ins', 'now', visible(item.after)));
    }
    d.append(change);

    const dl = el('dl', 'facts');
    field(dl, 'Where', 'line ' + item.line + ', column ' + item.column +
      (item.end_line ? ' to line ' + item.end_line + ', column ' + item.end_column : ''));
    if (item.start_ms !== null && item.start_ms !== undefined) {
      field(dl, 'Time', formatTime(item.start_ms) + (item.end_ms !== null && item.end_ms !== undefined ? ' – ' + formatTime(item.end_ms) : ''));
    }
    field(dl, 'Term', item.term && item.term !== item.after ? item.term : null);
    field(dl, 'Score', item.score !== null && item.score !== undefined ? String(item.score) : null);
    field(dl, 'Evidence', item.evidence);
    if (item.reviewable) {
      const e = effects(item);
      field(dl, 'Accept', e.accept, 'effect');
      field(dl, 'Reject', e.reject, 'effect');
    } else {
      field(dl, 'Review', notReviewable(item), 'effect');
    }
    d.append(dl);

    const buttons = el('div', 'decide');
    const accept = el('button', 'accept');
    accept.type = 'button';
    accept.id = 'accept';
    accept.append('✓ Accept ', el('kbd', null, 'a'));
    const reject = el('button', 'reject');
    reject.type = 'button';
    reject.id = 'reject';
    reject.append('✗ Reject ', el('kbd', null, 'r'));
    accept.disabled = reject.disabled = finished || !item.reviewable;
    accept.addEventListener('click', () => perform(() => decide('accept')));
    reject.addEventListener('click', () => perform(() => decide('reject')));
    buttons.append(accept, reject);
    if (player && item.start_ms !== null && item.start_ms !== undefined) {
      const play = el('button', 'play');
      play.type = 'button';
      play.append('▶ Play ', el('kbd', null, 'p'));
      play.addEventListener('click', () => perform(playPause));
      buttons.append(play);
    }
    d.append(buttons);
  }

  function notReviewable(item) {
    if (item.status === 'superseded') return 'superseded: no longer proposed, so there is nothing to decide';
    if (item.group === 'spacing') return 'a spacing fix, applied without review';
    return 'nothing to decide on this change';
  }

  // ---- applying a state ----------------------------------------------------

  // Renders a state from the server. `next` picks the selection afterwards
  // (an id, or a function of the new state); by default it stays on the same
  // id, or the nearest change after it when that id is gone or filtered out.
  function applyState(s, next) {
    const old = state;
    // The input's lines come with the first state only: they never change,
    // and an hour of speech is megabytes to send again after each decision.
    if (!s.lines && old) s.lines = old.lines;
    state = s;
    byId = new Map(s.items.map((it) => [it.id, it]));
    renderHeader(s);
    renderMedia(s);
    renderTranscript(s);
    renderList(s);

    let id = typeof next === 'function' ? next(s, old) : next;
    if (id === undefined || id === null || !byId.has(id) || !shown(byId.get(id))) {
      id = nearestVisible(old && selectedId !== null ? (old.items.find((it) => it.id === selectedId) || null) : null);
    }
    // Re-selecting the same item must not seek again: the reviewer may be
    // listening further on in the cue.
    const same = id === selectedId;
    for (const m of document.querySelectorAll('#transcript .sel, #items .selected')) {
      m.classList.remove('sel', 'selected');
      m.setAttribute('aria-selected', 'false');
    }
    selectedId = null;
    select(id, { scroll: !same, seek: !same });
  }

  function nearestVisible(anchor) {
    const list = visibleItems();
    if (!list.length) return null;
    if (anchor) {
      const still = list.find((it) => it.id === anchor.id);
      if (still) return still.id;
      const after = list.find((it) => textOrder(it, anchor) >= 0);
      return (after || list[list.length - 1]).id;
    }
    const pending = list.find(isPending);
    return (pending || list[0]).id;
  }

  function describe(item) {
    if (item.rule === 'blank_line') return 'blank line';
    const b = clip(visible(item.before), 40);
    return item.after === '' ? '“' + b + '” removed' : '“' + b + '” → “' + clip(visible(item.after), 40) + '”';
  }

  function withServerMessage(text, s) {
    return s.message ? text + ' ' + s.message : text;
  }

  function decide(verdict) {
    const item = selectedItem();
    if (!item) return say('No change selected.');
    if (!item.reviewable) return say('Cannot ' + verdict + ' this change: ' + notReviewable(item) + '.');
    const oldIds = new Set(state.items.map((it) => it.id));
    return api('decide', { id: item.id, verdict }).then((s) => {
      unsaved = true;
      applyState(s, (ns) => nextReviewable(ns, item));
      const fresh = s.items.filter((it) => !oldIds.has(it.id)).length;
      let text = (verdict === 'accept' ? '✓ Accepted ' : '✗ Rejected ') + describe(item) + '.';
      if (fresh) text += ' ' + fresh + (fresh === 1 ? ' new item.' : ' new items.');
      say(withServerMessage(text, s), 'done');
    });
  }

  // After a decision: the next reviewable change in the filtered list, after
  // the decided one in text order (it may have left the list, e.g. under
  // "pending only").
  function nextReviewable(s, decided) {
    const list = s.items.filter(shown);
    const at = list.findIndex((it) => it.id === decided.id);
    const rest = at >= 0 ? list.slice(at + 1) : list.filter((it) => textOrder(it, decided) > 0 ||
      (textOrder(it, decided) === 0 && it.id > decided.id));
    const next = rest.find((it) => it.reviewable);
    if (next) return next.id;
    return at >= 0 ? decided.id : null;
  }

  function undo() {
    if (!state.undo) return say('Nothing to undo.');
    const decidedBefore = new Map(state.items.filter((it) => it.status === 'accepted' || it.status === 'rejected')
      .map((it) => [it.id, it]));
    return api('undo', {}).then((s) => {
      // The undone decision is the item that is no longer decided: select
      // it so the reviewer sees what came back.
      const back = s.items.find((it) => decidedBefore.has(it.id) && it.status !== decidedBefore.get(it.id).status);
      unsaved = true;
      applyState(s, back ? back.id : undefined);
      say(withServerMessage(back ? '↶ Undid the decision on ' + describe(back) + '.' : '↶ Undone.', s), 'done');
    });
  }

  function save() {
    return api('save', {}).then((s) => {
      unsaved = false;
      applyState(s);
      const saved = s.saved || {};
      let text = 'Saved ' + (saved.files && saved.files.length ? saved.files.join(', ') : s.output) + '.';
      if (saved.log) text += ' Review log: ' + saved.log + '.';
      say(withServerMessage(text, s), 'done');
    });
  }

  // The server refuses Done while decisions are unsaved and says so; a
  // second Done after that leaves without saving.
  let leaveUnsaved = false;

  function done() {
    return api('done', { discard: leaveUnsaved }).catch((err) => {
      leaveUnsaved = true;
      throw err;
    }).then(() => {
      finished = true;
      ui.body.dataset.finished = '1';
      if (player) player.pause();
      for (const c of document.querySelectorAll('button, input')) c.disabled = true;
      ui.help.close();
      say('Review finished; you can close this tab.', 'done');
    });
  }

  // ---- media ---------------------------------------------------------------

  function renderMedia(s) {
    const media = s.media;
    if (!media) {
      if (player) {
        player.remove();
        player = null;
        mediaUrl = trackUrl = null;
      }
      ui.mediaBox.hidden = true;
      showMediaTime();
      return;
    }
    const tag = media.kind === 'video' ? 'video' : 'audio';
    if (!player || player.localName !== tag || mediaUrl !== media.url) {
      if (player) player.remove();
      player = document.createElement(tag);
      player.id = 'player';
      player.controls = true;
      player.preload = 'auto';
      player.src = media.url;
      mediaUrl = media.url;
      trackUrl = null;
      for (const type of ['timeupdate', 'seeked', 'loadedmetadata', 'emptied']) {
        player.addEventListener(type, showMediaTime);
      }
      player.addEventListener('error', () => {
        say('⚠ Cannot play ' + (media.name || 'the media') + ' in this browser.', 'error');
      });
      ui.playerSlot.append(player);
    }
    ui.mediaBox.hidden = false;
    ui.mediaName.textContent = media.name || '';
    setTrack(s.track);
    showMediaTime();
  }

  // Swaps the subtitles for the text as Save would write it: the server
  // changes the URL after each decision. A new <track> element is the
  // reliable way to make Chromium load it again.
  function setTrack(url) {
    if ((url || null) === trackUrl) return;
    trackUrl = url || null;
    const old = player.querySelector('track');
    const oldMode = old ? old.track.mode : null;
    if (old) old.remove();
    ui.cueText.textContent = '';
    if (!url) return;
    const t = document.createElement('track');
    t.kind = 'subtitles';
    t.label = 'Transcript as it will be saved';
    t.default = true;
    t.src = url;
    player.append(t);
    // Audio has no picture to draw subtitles on: keep them hidden and show
    // the current cue below the player instead.
    if (player.localName === 'audio') t.track.mode = 'hidden';
    else t.track.mode = oldMode === 'disabled' ? 'disabled' : 'showing';
    t.track.addEventListener('cuechange', () => {
      if (player.localName !== 'audio') return;
      const cues = t.track.activeCues ? [...t.track.activeCues] : [];
      ui.cueText.textContent = cues.map((c) => c.text.replace(/<[^>]*>/g, '')).join(' ');
    });
  }

  function showMediaTime() {
    if (!player) {
      ui.mediaTime.textContent = '';
      ui.mediaTime.removeAttribute('data-seconds');
      return;
    }
    const seconds = (player.currentTime || 0).toFixed(3);
    ui.mediaTime.textContent = seconds;
    ui.mediaTime.dataset.seconds = seconds;
  }

  function playPause() {
    if (!player) return say('There is no media for this transcript.');
    if (!player.paused) {
      player.pause();
      return;
    }
    const item = selectedItem();
    if (item && item.start_ms !== null && item.start_ms !== undefined) {
      // Resume where the reviewer paused when still inside the cue;
      // otherwise start the cue again.
      const now = player.currentTime * 1000;
      const end = item.end_ms !== null && item.end_ms !== undefined ? item.end_ms : Infinity;
      if (now < item.start_ms - 1 || now >= end) player.currentTime = item.start_ms / 1000;
    }
    const playing = player.play();
    if (playing) {
      playing.catch((err) => {
        // A pause() before playback started rejects play(): not an error.
        if (err && err.name !== 'AbortError') say('⚠ Cannot play: ' + err.message, 'error');
      });
    }
  }

  // ---- help ----------------------------------------------------------------

  function toggleHelp() {
    if (ui.help.open) ui.help.close();
    else ui.help.showModal();
  }

  // ---- keyboard ------------------------------------------------------------

  function isTextField(t) {
    if (!t || !(t instanceof Element)) return false;
    if (t.isContentEditable) return true;
    if (t.localName === 'textarea' || t.localName === 'select') return true;
    if (t.localName !== 'input') return false;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(t.type);
  }

  // Space and Enter activate a focused button or checkbox, and the media
  // element's own controls take Space and arrows: leave those alone.
  function ownsKey(t, key) {
    if (!(t instanceof Element)) return false;
    const media = t.localName === 'audio' || t.localName === 'video';
    if (key === ' ' || key === 'Enter') {
      return media || ['button', 'input', 'summary', 'a', 'select'].includes(t.localName);
    }
    if (key.startsWith('Arrow')) return media || (t.localName === 'input' && t.type === 'range');
    return false;
  }

  function onKey(e) {
    if (finished || e.isComposing || e.defaultPrevented) return;
    const t = e.target;
    if (isTextField(t)) return;
    if (ui.help.open) {
      if (e.key === '?' || e.key === 'Escape') {
        e.preventDefault();
        ui.help.close();
      }
      return;
    }
    if (ownsKey(t, e.key)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    let action = null;
    if (e.ctrlKey || e.metaKey) {
      if (e.altKey || e.shiftKey) return;
      if (key === 'z') action = undo;
      else if (key === 's') action = save;
    } else if (!e.altKey) {
      switch (key) {
        case 'j': case 'ArrowDown': action = () => move(1); break;
        case 'k': case 'ArrowUp': action = () => move(-1); break;
        case 'a': action = () => decide('accept'); break;
        case 'r': action = () => decide('reject'); break;
        case 'u': action = undo; break;
        case 'p': case ' ': action = playPause; break;
        case 's': action = save; break;
        case '?': action = toggleHelp; break;
        default: break;
      }
    }
    if (!action) return;
    e.preventDefault();
    perform(action);
  }

  // ---- wiring --------------------------------------------------------------

  function onMarkClick(e) {
    const target = e.target instanceof Element ? e.target.closest('[data-id]') : null;
    if (!target || !state || finished) return;
    const id = Number(target.dataset.id);
    const pane = e.currentTarget === ui.items ? 'list' : 'text';
    perform(() => {
      if (!byId.has(id)) return;
      if (!shown(byId.get(id))) say('This change is hidden by the filter.');
      select(id, { scroll: pane });
    });
  }

  function wire() {
    document.addEventListener('keydown', onKey);
    ui.transcript.addEventListener('click', onMarkClick);
    ui.items.addEventListener('click', onMarkClick);
    // After a mouse click on Undo or Save, focus goes back to the list, so
    // that Space plays media again rather than pressing the button twice.
    const thenList = (action) => (e) => {
      perform(action);
      if (e.detail > 0) ui.items.focus({ preventScroll: true });
    };
    ui.undo.addEventListener('click', thenList(undo));
    ui.save.addEventListener('click', thenList(save));
    ui.done.addEventListener('click', () => perform(done));
    ui.helpButton.addEventListener('click', toggleHelp);
    const refilter = () => {
      applyFilter();
      const anchor = selectedItem();
      const id = nearestVisible(anchor);
      if (id !== selectedId) select(id);
      else if (anchor) {
        renderDetails(anchor);
      }
    };
    ui.ruleFilters.addEventListener('change', (e) => {
      const box = e.target;
      if (!box.dataset.rule) return;
      if (box.checked) hiddenRules.delete(box.dataset.rule);
      else hiddenRules.add(box.dataset.rule);
      refilter();
    });
    ui.pendingOnly.addEventListener('change', refilter);
  }

  function start() {
    wire();
    ui.body.dataset.busy = '1';
    api('state')
      .then((s) => {
        applyState(s);
        if (s.message) say(s.message);
        else say(s.items.length ? 'Ready: ' + counts(s).pending + ' changes to review. Press ? for keys.' : 'transcrub changed nothing in this file.');
        ui.body.dataset.ready = '1';
      })
      .catch((err) => {
        say('⚠ Cannot load the review: ' + err.message, 'error');
        if (!(err instanceof ServerError)) throw err;
      })
      .finally(() => delete ui.body.dataset.busy);
  }

  // Read-only views for tests: copies, so a test cannot change what the page holds.
  Object.defineProperty(window, 'transcrubReview', {
    value: Object.freeze({
      selectedId: () => selectedId,
      state: () => (state === null ? null : structuredClone(state)),
    }),
    writable: false,
    configurable: false,
  });

  start();
})();
