/* ScopeGuide selector: applies the selection contract (docs/selection-rules.md, rules 0–7) in the page.
 *
 * It mirrors Sources/ScopeGuideCore/Selection.swift and GuideURL.swift; the browser parity
 * tests (Tests/python/test_browser_parity.py) compare it with `scopeguide render` and
 * `scopeguide url`. Plain DOM, no network, works from file://. Data only ever reaches the
 * page through textContent, value and attributes, never through HTML parsing.
 */
(function () {
  'use strict';

  var SEPARATORS = { space: ' ', comma: ',', semicolon: ';', pipe: '|', newline: '\n' };
  var DEFAULT_SEPARATOR = 'space';

  var root = document.querySelector('[data-guide-scopes-selector]');
  if (!root || root.hasAttribute('data-guide-static')) return;
  var catalogElement = root.querySelector('script[data-guide-catalog]');
  if (!catalogElement) return;
  var catalog;
  try {
    catalog = JSON.parse(catalogElement.textContent);
  } catch (error) {
    return; // Without a catalog the page stays the full, unfiltered guide.
  }

  // ---- Catalog indices (built once; every change works on integer arrays) ----

  var scopeNames = catalog.scopes.map(function (s) { return s.name; });
  var scopeIndex = new Map();
  scopeNames.forEach(function (name, i) { scopeIndex.set(name, i); });
  var grants = catalog.scopes.map(function (s) {
    return (s.grants || []).map(function (g) { return scopeIndex.get(g); })
      .filter(function (i) { return i !== undefined; });
  });

  // Each scope's closure (itself first, then what it grants) and whether another scope
  // includes it: the tables rule 0's search works on (Catalog.closurePositions, isIncluded).
  var closures = grants.map(function (list, i) { return [i].concat(list); });
  // Scopes whose granting needs an administrator (rule 2's `admin-consent` condition).
  var needsConsent = catalog.scopes.map(function (s) { return s.adminConsent === true; });
  var isIncluded = new Uint8Array(scopeNames.length);
  var includersOf = scopeNames.map(function (_, i) { return [i]; });
  grants.forEach(function (list, t) {
    list.forEach(function (g) { isIncluded[g] = 1; includersOf[g].push(t); });
  });

  // An alternative's scopes as sorted, distinct catalog positions (unknown names dropped).
  function positions(names) {
    var seen = new Uint8Array(scopeNames.length);
    var out = [];
    names.forEach(function (n) {
      var i = scopeIndex.get(n);
      if (i !== undefined && !seen[i]) { seen[i] = 1; out.push(i); }
    });
    return out.sort(function (x, y) { return x - y; });
  }

  var actionIndex = new Map();
  var hasAlternatives = false;
  var actions = catalog.actions.map(function (a, i) {
    actionIndex.set(a.id, i);
    var written = a.anyOf || [a.scopes];
    if (written.length > 1) hasAlternatives = true;
    var names = [];
    written.forEach(function (alt) { names = names.concat(alt); });
    return {
      id: a.id,
      label: a.label,
      written: written,
      alternatives: written.map(positions),
      dominated: null,
      search: (a.label + '\n' + a.id + '\n' + names.join('\n')).toLowerCase(),
      checkbox: null,
      row: null,
      scopesEl: null,
      consentEl: null,
      alternativesEl: null
    };
  });

  // Whether each alternative holds an earlier one of the same action (Catalog.holdsEarlierAlternative),
  // and whether one of its scopes includes another (Catalog.alternativeIncludes).
  actions.forEach(function (a) {
    a.includes = a.alternatives.map(function (alt) {
      return alt.some(function (s) { return grants[s].length > 0; });
    });
    a.dominated = a.alternatives.map(function (alt, k) {
      return a.alternatives.slice(0, k).some(function (earlier) {
        return earlier.every(function (s) { return alt.indexOf(s) !== -1; });
      });
    });
  });

  // ---- Rule 0: the choice among alternatives (ScopeChoice.swift, step for step) ----

  var NODE_BUDGET = 5000;
  var LEAST = 'least-privilege', FEWEST = 'fewest-scopes';

  function choose(isSelected, strategy) {
    var least = strategy === LEAST;
    var n = scopeNames.length;
    var holders = new Int32Array(n), covering = new Int32Array(n), includers = new Int32Array(n);
    var sizeR = 0, sizeClosure = 0, sizeMinimal = 0, nodes = 0, stopped = false;
    var marks = new Int32Array(n), stamp = 0;
    function add(alt) {
      for (var i = 0; i < alt.length; i++) {
        var s = alt[i];
        holders[s]++;
        if (holders[s] !== 1) continue;
        sizeR++;
        if (includers[s] === 0) sizeMinimal++;
        var c = closures[s];
        for (var j = 0; j < c.length; j++) {
          var x = c[j];
          if (++covering[x] === 1) sizeClosure++;
          if (x === s) continue;
          if (includers[x] === 0 && holders[x] > 0) sizeMinimal--;
          includers[x]++;
        }
      }
    }
    function remove(alt) {
      for (var i = 0; i < alt.length; i++) {
        var s = alt[i];
        holders[s]--;
        if (holders[s] !== 0) continue;
        sizeR--;
        if (includers[s] === 0) sizeMinimal--;
        var c = closures[s];
        for (var j = 0; j < c.length; j++) {
          var x = c[j];
          if (--covering[x] === 0) sizeClosure--;
          if (x === s) continue;
          includers[x]--;
          if (includers[x] === 0 && holders[x] > 0) sizeMinimal++;
        }
      }
    }
    function insideR(alt) {
      for (var i = 0; i < alt.length; i++) if (holders[alt[i]] === 0) return false;
      return true;
    }
    function leafKey() { return least ? [sizeClosure, sizeR] : [sizeMinimal, sizeClosure]; }
    function less(x, y) { return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]); }
    // Fewest scopes' lower bound (ScopeChoice.independentScopes).
    function independentScopes() {
      stamp++;
      var count = 0;
      for (var pass = 0; pass < 2; pass++) {
        for (var s = 0; s < n; s++) {
          if (!holders[s] || isIncluded[s] !== pass) continue;
          var inc = includersOf[s], free = true;
          for (var i = 0; i < inc.length && free; i++) if (marks[inc[i]] === stamp) free = false;
          if (!free) continue;
          count++;
          for (var j = 0; j < inc.length; j++) marks[inc[j]] = stamp;
        }
      }
      return count;
    }
    function cannotBeat(key, depth) {
      if (least) return sizeClosure > key[0] || (sizeClosure === key[0] && sizeR >= key[1]);
      var bound = independentScopes();
      if (bound > key[0] || (bound === key[0] && sizeClosure >= key[1])) return true;
      return bound === 1 && key[0] === 1 && !oneScopeCanBeat(key[1], depth);
    }
    // ScopeChoice.oneScopeCanBeat: a scope m whose closure holds R and an alternative of every
    // open action after `depth`, with a closure smaller than the best's.
    function oneScopeCanBeat(bestClosure, depth) {
      var first = -1;
      for (var s = 0; s < n && first < 0; s++) if (holders[s]) first = s;
      if (first < 0) return true;
      var candidates = includersOf[first];
      for (var c = 0; c < candidates.length; c++) {
        var m = candidates[c], closure = closures[m];
        if (closure.length >= bestClosure) continue;
        stamp++;
        for (var i = 0; i < closure.length; i++) marks[closure[i]] = stamp;
        var ok = true;
        for (var t = 0; t < n && ok; t++) if (holders[t] && marks[t] !== stamp) ok = false;
        for (var d = depth + 1; d < open.length && ok; d++) {
          var alts = actions[open[d]].alternatives, some = false;
          for (var k = 0; k < alts.length && !some; k++) {
            var all = true;
            for (var j = 0; j < alts[k].length && all; j++) if (marks[alts[k][j]] !== stamp) all = false;
            some = all;
          }
          ok = some;
        }
        if (ok) return true;
      }
      return false;
    }

    var alternative = new Int32Array(actions.length).fill(-1);
    var open = [];
    for (var a = 0; a < actions.length; a++) {
      if (!isSelected[a]) continue;
      if (actions[a].alternatives.length === 1) {
        alternative[a] = 0;
        add(actions[a].alternatives[0]);
      } else {
        open.push(a);
      }
    }
    var count = open.length;
    var best = null;
    var next = new Int32Array(count), added = new Int32Array(count).fill(-1), insideSeen = new Uint8Array(count);
    // ScopeChoice.isSkipped.
    function skipped(a, k, seen) {
      if (!a.dominated[k] && !seen) return false;
      return least || !a.includes[k];
    }
    var depth = count === 0 ? -1 : 0;
    while (depth >= 0) {
      if (depth === count) {
        var key = leafKey();
        if (best === null || less(key, best.key)) best = { key: key, choice: Array.prototype.slice.call(added) };
        depth--;
        continue;
      }
      var action = actions[open[depth]], alts = action.alternatives;
      if (added[depth] >= 0) {
        remove(alts[added[depth]]);
        added[depth] = -1;
      }
      var k = next[depth];
      while (k < alts.length && skipped(action, k, insideSeen[depth])) k++;
      if (k === alts.length || (best !== null && nodes >= NODE_BUDGET)) {
        if (k < alts.length) stopped = true;
        next[depth] = 0;
        insideSeen[depth] = 0;
        depth--;
        continue;
      }
      next[depth] = k + 1;
      if (insideR(alts[k])) insideSeen[depth] = 1;
      nodes++;
      add(alts[k]);
      added[depth] = k;
      if (best !== null && cannotBeat(best.key, depth)) continue;
      depth++;
    }
    open.forEach(function (a, i) { alternative[a] = best.choice[i]; });
    var inR = new Uint8Array(n);
    for (var b = 0; b < actions.length; b++) {
      if (alternative[b] < 0) continue;
      actions[b].alternatives[alternative[b]].forEach(function (s) { inR[s] = 1; });
    }
    return { alternative: alternative, inR: inR, proven: !stopped };
  }

  // Splits a comma-joined scope attribute ("" = empty list) into catalog indices.
  // Unknown names can never be in R, so they are dropped; `always` remembers emptiness.
  function parseScopeList(text) {
    var names = (text || '').split(',').filter(function (s) { return s !== ''; });
    var indices = [];
    names.forEach(function (n) {
      var i = scopeIndex.get(n);
      if (i !== undefined) indices.push(i);
    });
    return { always: names.length === 0, indices: indices };
  }

  // A section's or step's condition: its scope list, and whether it says `when: admin-consent`.
  function parseCondition(el) {
    var condition = parseScopeList(el.getAttribute('data-guide-scopes'));
    condition.adminConsent = el.getAttribute('data-guide-when') === 'admin-consent';
    return condition;
  }

  function closestRow(el) {
    var node = el.parentNode;
    while (node && node !== root) {
      if (node.nodeType === 1 && node.hasAttribute('data-guide-action-row')) return node;
      node = node.parentNode;
    }
    return el.parentNode;
  }

  var checkboxes = root.querySelectorAll('input[data-guide-action]');
  for (var c = 0; c < checkboxes.length; c++) {
    var i = actionIndex.get(checkboxes[c].getAttribute('data-guide-action'));
    if (i === undefined) continue;
    actions[i].checkbox = checkboxes[c];
    actions[i].row = closestRow(checkboxes[c]);
    actions[i].scopesEl = actions[i].row.querySelector('.action-row__scopes');
    actions[i].consentEl = actions[i].row.querySelector('[data-guide-action-consent]');
  }
  var alternativeLists = root.querySelectorAll('[data-guide-action-alternatives]');
  for (var d = 0; d < alternativeLists.length; d++) {
    var ai = actionIndex.get(alternativeLists[d].getAttribute('data-guide-action-alternatives'));
    if (ai !== undefined) actions[ai].alternativesEl = alternativeLists[d];
  }

  // Sections and steps of the guide, with their conditions, numbers, scope lists and badges.
  var sections = Array.prototype.map.call(document.querySelectorAll('[data-guide-section]'), function (el) {
    var steps = Array.prototype.map.call(el.querySelectorAll('[data-guide-step]'), function (stepEl) {
      var badgeEl = stepEl.querySelector('[data-guide-actions-badge]');
      var badge = null;
      if (badgeEl) {
        var badgeScopes = parseScopeList(badgeEl.getAttribute('data-guide-actions-badge-scopes')).indices;
        var inBadge = new Uint8Array(scopeNames.length);
        badgeScopes.forEach(function (s) { inBadge[s] = 1; });
        // Rule 4 candidates: the actions with some alternative holding a badge scope. A chosen
        // alternative lies inside R, so an action in A qualifies iff its chosen alternative
        // holds a badge scope. Pre-sorted by label (stable, UTF-16 like Swift's
        // sortedLikeJavaScript); filtering keeps the order.
        var candidates = [];
        actions.forEach(function (a, ai) {
          if (a.alternatives.some(function (alt) { return alt.some(function (s) { return inBadge[s] === 1; }); })) candidates.push(ai);
        });
        candidates.sort(function (x, y) {
          var lx = actions[x].label, ly = actions[y].label;
          return lx < ly ? -1 : lx > ly ? 1 : x - y;
        });
        badge = {
          el: badgeEl,
          inBadge: inBadge,
          labelsEl: badgeEl.querySelector('[data-guide-actions-badge-labels]'),
          candidates: candidates,
          text: null
        };
      }
      var listEl = stepEl.querySelector('[data-guide-display-scopes]');
      var items = Array.prototype.map.call(stepEl.querySelectorAll('[data-guide-display-scope]'), function (li) {
        var s = scopeIndex.get(li.getAttribute('data-guide-display-scope'));
        return { el: li, scope: s === undefined ? -1 : s };
      });
      return {
        el: stepEl,
        condition: parseCondition(stepEl),
        numberEl: stepEl.querySelector('[data-guide-step-number]'),
        listEl: listEl,
        items: items,
        badge: badge
      };
    });
    return { el: el, condition: parseCondition(el), steps: steps };
  });

  var els = {
    search: root.querySelector('[data-guide-action-search]'),
    selectAll: root.querySelector('[data-guide-select-all]'),
    clear: root.querySelector('[data-guide-clear]'),
    noResults: root.querySelector('[data-guide-no-results]'),
    count: root.querySelector('[data-guide-selected-count]'),
    url: root.querySelector('[data-guide-url]'),
    copyURL: root.querySelector('[data-guide-copy-url]'),
    output: root.querySelector('[data-guide-scopes-output]'),
    separator: root.querySelector('[data-guide-scope-delimiter]'),
    strategy: root.querySelector('[data-guide-strategy]'),
    unproven: root.querySelector('[data-guide-unproven]'),
    reasons: root.querySelector('[data-guide-scope-reasons-list]'),
    minimal: root.querySelector('[data-guide-minimal]'),
    copyScopes: root.querySelector('[data-guide-copy-scopes]'),
    notice: root.querySelector('[data-guide-notice]'),
    noticeIDs: root.querySelector('[data-guide-notice-ids]'),
    status: root.querySelector('[data-guide-status]')
  };

  // ---- State ----

  var selected = new Uint8Array(actions.length);
  var separator = DEFAULT_SEPARATOR;
  var strategy = LEAST;
  var minimal = els.minimal ? els.minimal.defaultChecked : false;

  // ---- URL (GuideURL.swift) ----

  function decode(text) {
    try {
      return decodeURIComponent(text);
    } catch (error) {
      return text; // Malformed escapes stay raw and surface as unknown ids (rule 7).
    }
  }

  // Returns { ids: null | [string], separator, strategy } like GuideURL.parse.
  function parseQuery(search) {
    var result = { ids: null, separator: DEFAULT_SEPARATOR, strategy: LEAST };
    var query = search.charAt(0) === '?' ? search.slice(1) : search;
    query.split('&').forEach(function (pair) {
      if (pair === '') return;
      var eq = pair.indexOf('=');
      var key = decode(eq < 0 ? pair : pair.slice(0, eq));
      var value = eq < 0 ? '' : pair.slice(eq + 1);
      if (key === 'actions') {
        result.ids = value.split(',').filter(function (t) { return t !== ''; }).map(decode);
      } else if (key === 'sep') {
        var sep = decode(value);
        result.separator = Object.prototype.hasOwnProperty.call(SEPARATORS, sep) ? sep : DEFAULT_SEPARATOR;
      } else if (key === 'grant') {
        result.strategy = decode(value) === 'fewest' ? FEWEST : LEAST;
      }
    });
    return result;
  }

  function queryString(count) {
    var parts = [];
    if (count !== actions.length) {
      var ids = [];
      for (var i = 0; i < actions.length; i++) if (selected[i]) ids.push(encodeURIComponent(actions[i].id));
      parts.push('actions=' + ids.join(','));
    }
    if (separator !== DEFAULT_SEPARATOR) parts.push('sep=' + separator);
    if (strategy === FEWEST) parts.push('grant=fewest');
    return parts.join('&');
  }

  var baseURL = catalog.baseURL + '/' + encodeURIComponent(catalog.connector) + '/' +
    encodeURIComponent(catalog.guide) + '/';

  // ---- Rendering ----

  function setHidden(el, hidden) {
    if (el && el.hidden !== hidden) el.hidden = hidden;
  }

  function setText(el, text) {
    if (el && el.textContent !== text) el.textContent = text;
  }

  // Rule 2 (Selection.satisfies(_:whenAdminConsent:)): `admin-consent` holds iff a scope of R
  // needs an administrator's consent; a scope list holds iff it is empty or meets R.
  function satisfies(condition, inR) {
    if (condition.adminConsent) {
      var any = false;
      for (var c = 0; c < scopeNames.length && !any; c++) if (inR[c] && needsConsent[c]) any = true;
      if (!any) return false;
    }
    if (condition.always) return true;
    for (var i = 0; i < condition.indices.length; i++) if (inR[condition.indices[i]]) return true;
    return false;
  }

  function update(options) {
    var count = 0;
    for (var a = 0; a < actions.length; a++) if (selected[a]) count++;
    // Rule 0: the alternative each selected action uses, and R.
    var choice = choose(selected, strategy);
    var inR = choice.inR;
    if (hasAlternatives) showChoice(choice);

    // Rules 2–4: sections, steps, numbers, per-step scopes and badges.
    sections.forEach(function (section) {
      var sectionVisible = satisfies(section.condition, inR);
      var number = 0;
      section.steps.forEach(function (step) {
        var visible = sectionVisible && satisfies(step.condition, inR);
        setHidden(step.el, !visible);
        if (!visible) return;
        number++;
        setText(step.numberEl, String(number));
        var shown = 0;
        step.items.forEach(function (item) {
          var on = item.scope >= 0 && inR[item.scope] === 1;
          if (on) shown++;
          setHidden(item.el, !on);
        });
        if (step.listEl) setHidden(step.listEl, shown === 0);
        if (step.badge) {
          var labels = [];
          step.badge.candidates.forEach(function (ai) {
            var k = choice.alternative[ai];
            if (k >= 0 && actions[ai].alternatives[k].some(function (s) { return step.badge.inBadge[s] === 1; })) {
              labels.push(actions[ai].label);
            }
          });
          var text = labels.join(', ');
          if (step.badge.text !== text) {
            step.badge.text = text;
            setText(step.badge.labelsEl, text);
          }
          setHidden(step.badge.el, labels.length === 0);
        }
      });
      // A section whose steps are all hidden is hidden; one without steps follows its condition.
      setHidden(section.el, !sectionVisible || (section.steps.length > 0 && number === 0));
    });

    // Rules 5 and 6: the scope box.
    var implied = new Uint8Array(scopeNames.length);
    if (minimal) {
      for (var s = 0; s < scopeNames.length; s++) {
        if (!inR[s]) continue;
        for (var g = 0; g < grants[s].length; g++) implied[grants[s][g]] = 1;
      }
    }
    var names = [];
    for (var r = 0; r < scopeNames.length; r++) if (inR[r] && !implied[r]) names.push(scopeNames[r]);
    setText(els.output, names.join(SEPARATORS[separator]));
    setText(els.count, String(count));

    var query = queryString(count);
    var url = baseURL + (query ? '?' + query : '');
    if (els.url && els.url.value !== url) els.url.value = url;
    if (options && options.pushURL) scheduleHistory(query);
    showGrant();
  }

  // Catalogs with alternatives: each row's scopes under the choice (the first alternative for
  // an unselected action), why each scope of R is there, and whether the choice is proven.
  function showChoice(choice) {
    actions.forEach(function (a, i) {
      var k = choice.alternative[i];
      setText(a.scopesEl, a.written[k < 0 ? 0 : k].join(' '));
      if (a.consentEl) {
        setHidden(a.consentEl, !a.alternatives[k < 0 ? 0 : k].some(function (s) { return needsConsent[s]; }));
      }
    });
    setHidden(els.unproven, choice.proven);
    if (!els.reasons) return;
    var items = [];
    for (var s = 0; s < scopeNames.length; s++) {
      if (!choice.inR[s]) continue;
      var labels = [];
      actions.forEach(function (a, i) {
        var k = choice.alternative[i];
        if (k >= 0 && a.alternatives[k].indexOf(s) !== -1) labels.push(a.label);
      });
      items.push({ name: scopeNames[s], labels: labels.join(', '), consent: needsConsent[s] });
    }
    var key = JSON.stringify(items);
    if (els.reasons.getAttribute('data-key') === key) return;
    els.reasons.setAttribute('data-key', key);
    while (els.reasons.firstChild) els.reasons.removeChild(els.reasons.firstChild);
    items.forEach(function (item) {
      var li = document.createElement('li');
      var code = document.createElement('code');
      code.textContent = item.name;
      li.appendChild(code);
      if (item.consent) {
        li.appendChild(document.createTextNode(' '));
        li.appendChild(consentBadge());
      }
      li.appendChild(document.createTextNode(': ' + item.labels));
      els.reasons.appendChild(li);
    });
  }

  // history.replaceState costs several milliseconds (more from file://) and browsers throttle
  // bursts of it, so a run of quick changes writes the page's own URL once, just after.
  var historyQuery = null;
  var historyTimer = 0;
  function flushHistory() {
    historyTimer = 0;
    var query = historyQuery;
    historyQuery = null;
    if (query === null) return;
    try {
      history.replaceState(history.state, '', location.pathname + (query ? '?' + query : '') + location.hash);
    } catch (error) {
      // Some browsers refuse history updates on file:// pages; the URL field still works.
    }
  }
  function scheduleHistory(query) {
    historyQuery = query;
    if (!historyTimer) historyTimer = setTimeout(flushHistory, 40);
  }

  function changed() { update({ pushURL: true }); }

  function syncCheckboxes() {
    for (var i = 0; i < actions.length; i++) {
      var box = actions[i].checkbox;
      if (box && box.checked !== (selected[i] === 1)) box.checked = selected[i] === 1;
    }
  }

  // ---- Search ----

  function filterRows() {
    var terms = (els.search ? els.search.value : '').toLowerCase().trim();
    var matches = 0;
    for (var i = 0; i < actions.length; i++) {
      var match = terms === '' || actions[i].search.indexOf(terms) !== -1;
      if (match) matches++;
      if (actions[i].row) setHidden(actions[i].row, !match);
      if (actions[i].alternativesEl) setHidden(actions[i].alternativesEl, !match);
    }
    setHidden(els.noResults, matches !== 0);
  }

  // ---- Copy ----

  function announce(message) {
    if (!els.status) return;
    // Clearing first makes screen readers repeat an identical message.
    els.status.textContent = '';
    setTimeout(function () { els.status.textContent = message; }, 30);
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    area.style.position = 'fixed';
    area.style.top = '0';
    area.style.left = '-9999px';
    area.style.opacity = '0';
    document.body.appendChild(area);
    var active = document.activeElement;
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (error) {
      ok = false;
    }
    document.body.removeChild(area);
    if (active && typeof active.focus === 'function') active.focus();
    return ok;
  }

  function copy(text, button, what) {
    function done(ok) {
      if (ok) {
        button.setAttribute('data-copied', text);
        announce('Copied ' + what);
      } else {
        announce('Copy failed: select the text and copy it by hand');
      }
    }
    if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
      navigator.clipboard.writeText(text).then(function () { done(true); },
        function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  // ---- Checking a grant (GrantCheck.swift; docs/selection-rules.md, "Checking a grant") ----
  // The pasted text stays in this page: it is never sent, stored, or put in the URL. A token
  // is decoded here (base64url, UTF-8, JSON); its signature is not checked.

  var GRANT_MAX = 65536;
  var GRANT_SEPARATORS = /[ ,;|\n\r\t]+/;

  function consentBadge() {
    var badge = document.createElement('span');
    badge.className = 'consent-badge';
    badge.setAttribute('data-admin-consent', '');
    badge.title = 'Granting this scope needs an administrator';
    badge.textContent = 'Admin consent';
    var hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ' required';
    badge.appendChild(hidden);
    return badge;
  }

  function splitGrant(text) {
    var out = [], seen = new Set();
    text.split(GRANT_SEPARATORS).forEach(function (name) {
      if (name !== '' && !seen.has(name)) { seen.add(name); out.push(name); }
    });
    return out;
  }

  function strippedToken(text) {
    var s = text.replace(/^[ \n\r\t]+|[ \n\r\t]+$/g, '');
    if (s.length > 7 && /^bearer /i.test(s)) s = s.slice(7).replace(/^[ \n\r\t]+/, '');
    return s;
  }

  function GrantFailure(message) { this.message = message; }

  function base64URL(text) {
    var t = text.replace(/=+$/, '');
    if (t.length % 4 === 1) return null;
    var out = new Uint8Array(Math.floor(t.length * 3 / 4));
    var buffer = 0, bits = 0, n = 0;
    for (var i = 0; i < t.length; i++) {
      var c = t.charCodeAt(i), v;
      if (c >= 65 && c <= 90) v = c - 65;
      else if (c >= 97 && c <= 122) v = c - 97 + 26;
      else if (c >= 48 && c <= 57) v = c - 48 + 52;
      else if (c === 45) v = 62;
      else if (c === 95) v = 63;
      else return null;
      buffer = ((buffer << 6) | v) & 0xFFFFFF;
      bits += 6;
      if (bits >= 8) { bits -= 8; out[n++] = (buffer >> bits) & 0xFF; }
    }
    return out.subarray(0, n);
  }

  // JSON as GrantCheck.swift's MiniJSON reads it: UTF-8 (a BOM is not skipped), strict JSON,
  // every value nested less than 64 deep.
  function parseJSON(bytes) {
    var value;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
    } catch (error) {
      return undefined;
    }
    var stack = [[value, 0]];
    while (stack.length) {
      var top = stack.pop();
      if (top[1] >= 64) return undefined;
      if (top[0] !== null && typeof top[0] === 'object') {
        var children = Array.isArray(top[0]) ? top[0] : Object.keys(top[0]).map(function (k) { return top[0][k]; });
        for (var i = 0; i < children.length; i++) stack.push([children[i], top[1] + 1]);
      }
    }
    return value;
  }

  function isObject(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }

  function decodeToken(text) {
    if (text.length > GRANT_MAX) throw new GrantFailure(tooLong(text.length));
    var token = strippedToken(text);
    if (token === '') throw new GrantFailure('Nothing to check: paste granted scopes or an access token.');
    var parts = token.split('.');
    if (parts.length === 5) throw new GrantFailure('This is an encrypted token (JWE, five parts); it cannot be read without the key.');
    if (parts.length !== 3) {
      throw new GrantFailure('This is not a complete JWT: it has ' + parts.length + ' part' + (parts.length === 1 ? '' : 's') +
        ' separated by dots, not 3 (truncated?).');
    }
    var header = base64URL(parts[0]);
    if (header === null) throw new GrantFailure("The token's header is not valid base64url.");
    if (!isObject(parseJSON(header))) throw new GrantFailure("The token's header is not a JSON object.");
    var payloadBytes = base64URL(parts[1]);
    if (payloadBytes === null) throw new GrantFailure("The token's payload is not valid base64url.");
    var payload = parseJSON(payloadBytes);
    if (!isObject(payload)) throw new GrantFailure("The token's payload is not a JSON object.");
    var scopes = [], seen = new Set(), found = [];
    ['scp', 'scope', 'roles'].forEach(function (name) {
      if (!Object.prototype.hasOwnProperty.call(payload, name)) return;
      var value = payload[name], names = [];
      if (typeof value === 'string') {
        names = splitGrant(value);
      } else if (Array.isArray(value)) {
        value.forEach(function (item) {
          if (typeof item !== 'string') throw new GrantFailure("The token's " + name + ' claim is not a string or a list of strings.');
          names = names.concat(splitGrant(item));
        });
      } else {
        throw new GrantFailure("The token's " + name + ' claim is not a string or a list of strings.');
      }
      found.push(name);
      names.forEach(function (s) { if (!seen.has(s)) { seen.add(s); scopes.push(s); } });
    });
    if (found.length === 0) throw new GrantFailure('The token has no scp, scope or roles claim.');
    return { scopes: scopes, claims: found };
  }

  function tooLong(n) { return 'The input is too long (' + n + ' characters; the limit is ' + GRANT_MAX + ').'; }

  // GrantInput.parse: a token when the text (trimmed, without `Bearer `) starts with eyJ.
  function parseGrant(text) {
    if (text.length > GRANT_MAX) throw new GrantFailure(tooLong(text.length));
    if (strippedToken(text).slice(0, 3) === 'eyJ') return decodeToken(text);
    var scopes = splitGrant(text);
    if (scopes.length === 0) throw new GrantFailure('Nothing to check: paste granted scopes or an access token.');
    return { scopes: scopes, claims: [] };
  }

  function closureMarks(marks) {
    var out = new Uint8Array(scopeNames.length);
    for (var s = 0; s < marks.length; s++) {
      if (!marks[s]) continue;
      for (var j = 0; j < closures[s].length; j++) out[closures[s][j]] = 1;
    }
    return out;
  }

  // GrantCheck.init: covered and missing actions (each with its alternative of fewest scopes
  // outside closure(G), ties to author order), the scopes to add, and the unneeded grants.
  function checkGrant(names) {
    var n = scopeNames.length;
    var inGranted = new Uint8Array(n), unknown = [];
    names.forEach(function (name) {
      var i = scopeIndex.get(name);
      if (i !== undefined) inGranted[i] = 1;
      else if (unknown.indexOf(name) === -1) unknown.push(name);
    });
    var closure = closureMarks(inGranted);
    var target = new Uint8Array(n), toAdd = new Uint8Array(n);
    var covered = [], missing = [];
    for (var a = 0; a < actions.length; a++) {
      if (!selected[a]) continue;
      var alts = actions[a].alternatives, best = 0, bestCount = Infinity;
      for (var k = 0; k < alts.length; k++) {
        var count = alts[k].filter(function (s) { return !closure[s]; }).length;
        if (count < bestCount) { best = k; bestCount = count; }
      }
      alts[best].forEach(function (s) { target[s] = 1; });
      if (bestCount === 0) {
        covered.push(a);
      } else {
        var add = alts[best].filter(function (s) { return !closure[s]; });
        add.forEach(function (s) { toAdd[s] = 1; });
        missing.push({ action: a, alternative: alts[best].map(function (s) { return scopeNames[s]; }),
          add: add.map(function (s) { return scopeNames[s]; }) });
      }
    }
    var kept = Uint8Array.from(inGranted);
    var order = [];
    for (var g = 0; g < n; g++) if (inGranted[g]) order.push(g);
    order.sort(function (x, y) {
      var cx = closures[x].length, cy = closures[y].length;
      return cx !== cy ? cy - cx : y - x;
    });
    order.forEach(function (g) {
      kept[g] = 0;
      var without = closureMarks(kept);
      for (var s = 0; s < n; s++) if (target[s] && closure[s] && !without[s]) { kept[g] = 1; return; }
    });
    var granted = [], unneeded = [], add = [];
    for (var s = 0; s < n; s++) {
      if (inGranted[s]) granted.push(scopeNames[s]);
      if (inGranted[s] && !kept[s]) unneeded.push(scopeNames[s]);
      if (toAdd[s]) add.push(scopeNames[s]);
    }
    return { granted: granted, unknown: unknown, covered: covered, missing: missing, toAdd: add, unneeded: unneeded };
  }

  var grantEls = {
    input: root.querySelector('[data-guide-grant-input]'),
    clear: root.querySelector('[data-guide-grant-clear]'),
    error: root.querySelector('[data-guide-grant-error]'),
    result: root.querySelector('[data-guide-grant-result]'),
    summary: root.querySelector('[data-guide-grant-summary]'),
    covered: root.querySelector('[data-guide-grant-covered]'),
    missing: root.querySelector('[data-guide-grant-missing]'),
    addLine: root.querySelector('[data-guide-grant-add-line]'),
    add: root.querySelector('[data-guide-grant-add]'),
    unneeded: root.querySelector('[data-guide-grant-unneeded]'),
    unknownBlock: root.querySelector('[data-guide-grant-unknown-block]'),
    unknown: root.querySelector('[data-guide-grant-unknown]')
  };

  function clearList(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  function codeItem(name, attribute) {
    var li = document.createElement('li');
    li.setAttribute(attribute, name);
    var code = document.createElement('code');
    code.textContent = name;
    li.appendChild(code);
    var i = scopeIndex.get(name);
    if (i !== undefined && needsConsent[i]) { li.appendChild(document.createTextNode(' ')); li.appendChild(consentBadge()); }
    return li;
  }

  function noneItem() {
    var li = document.createElement('li');
    li.className = 'grant-check__none';
    li.textContent = 'none';
    return li;
  }

  function showGrant() {
    if (!grantEls.input || !grantEls.result) return;
    var text = grantEls.input.value;
    var input = null, failure = null;
    if (text.replace(/[ ,;|\n\r\t]+/g, '') !== '' || text.length > GRANT_MAX) {
      try {
        input = parseGrant(text);
      } catch (error) {
        failure = error instanceof GrantFailure ? error.message : 'This input could not be read.';
      }
    }
    setText(grantEls.error, failure || '');
    setHidden(grantEls.error, failure === null);
    setHidden(grantEls.result, input === null);
    if (input === null) return;
    var result = checkGrant(input.scopes);
    var count = 0;
    for (var a = 0; a < actions.length; a++) if (selected[a]) count++;
    var from = input.claims.length ? ' from the token\u2019s ' + input.claims.join(', ') + ' claim' +
      (input.claims.length === 1 ? '' : 's') + ' (signature not checked)' : '';
    setText(grantEls.summary, input.scopes.length + ' granted scope' + (input.scopes.length === 1 ? '' : 's') + from +
      ': ' + result.covered.length + ' of ' + count + ' selected actions covered.');
    grantEls.result.setAttribute('data-covers-all', result.missing.length === 0 ? 'true' : 'false');
    clearList(grantEls.covered);
    result.covered.forEach(function (a) {
      var li = document.createElement('li');
      li.setAttribute('data-action', actions[a].id);
      li.textContent = actions[a].label;
      grantEls.covered.appendChild(li);
    });
    if (!result.covered.length) grantEls.covered.appendChild(noneItem());
    clearList(grantEls.missing);
    result.missing.forEach(function (m) {
      var li = document.createElement('li');
      li.setAttribute('data-action', actions[m.action].id);
      li.setAttribute('data-add', m.add.join(' '));
      li.appendChild(document.createTextNode(actions[m.action].label + ': add '));
      m.add.forEach(function (name, i) {
        if (i > 0) li.appendChild(document.createTextNode(' '));
        var code = document.createElement('code');
        code.textContent = name;
        li.appendChild(code);
        var si = scopeIndex.get(name);
        if (needsConsent[si]) { li.appendChild(document.createTextNode(' ')); li.appendChild(consentBadge()); }
      });
      grantEls.missing.appendChild(li);
    });
    if (!result.missing.length) grantEls.missing.appendChild(noneItem());
    setText(grantEls.add, result.toAdd.join(' '));
    setHidden(grantEls.addLine, result.toAdd.length === 0);
    clearList(grantEls.unneeded);
    result.unneeded.forEach(function (name) { grantEls.unneeded.appendChild(codeItem(name, 'data-scope')); });
    if (!result.unneeded.length) grantEls.unneeded.appendChild(noneItem());
    clearList(grantEls.unknown);
    result.unknown.forEach(function (name) { grantEls.unknown.appendChild(codeItem(name, 'data-scope')); });
    setHidden(grantEls.unknownBlock, result.unknown.length === 0);
  }

  if (grantEls.input) {
    var grantTimer = 0;
    grantEls.input.addEventListener('input', function () {
      if (grantTimer) clearTimeout(grantTimer);
      grantTimer = setTimeout(function () { grantTimer = 0; showGrant(); }, 60);
    });
  }
  if (grantEls.clear && grantEls.input) grantEls.clear.addEventListener('click', function () {
    grantEls.input.value = '';
    showGrant();
    grantEls.input.focus();
  });

  // ---- Wiring ----

  root.addEventListener('change', function (event) {
    var target = event.target;
    if (target.hasAttribute('data-guide-action')) {
      var i = actionIndex.get(target.getAttribute('data-guide-action'));
      if (i === undefined) return;
      selected[i] = target.checked ? 1 : 0;
      changed();
    } else if (target === els.separator) {
      separator = Object.prototype.hasOwnProperty.call(SEPARATORS, target.value) ? target.value : DEFAULT_SEPARATOR;
      changed();
    } else if (target === els.strategy) {
      strategy = target.value === FEWEST ? FEWEST : LEAST;
      changed();
    } else if (target === els.minimal) {
      minimal = target.checked;
      changed();
    } else if (target === grantEls.input) {
      showGrant();
    }
  });

  if (els.search) els.search.addEventListener('input', filterRows);

  if (els.selectAll) els.selectAll.addEventListener('click', function () {
    selected.fill(1);
    syncCheckboxes();
    changed();
  });

  if (els.clear) els.clear.addEventListener('click', function () {
    selected.fill(0);
    syncCheckboxes();
    changed();
  });

  if (els.copyURL) els.copyURL.addEventListener('click', function () {
    copy(els.url.value, els.copyURL, 'the guide URL');
  });

  if (els.copyScopes) els.copyScopes.addEventListener('click', function () {
    copy(els.output.textContent, els.copyScopes, 'the selected scopes');
  });

  document.addEventListener('click', function (event) {
    var node = event.target;
    while (node && node.nodeType === 1) {
      if (node.tagName === 'BUTTON' && node.hasAttribute('data-copy')) {
        var text = node.getAttribute('data-copy');
        copy(text, node, text);
        return;
      }
      node = node.parentNode;
    }
  });

  // ---- Initial state from the page's own URL (rules 1 and 7) ----

  var initial = parseQuery(location.search);
  var unknown = [];
  if (initial.ids === null) {
    selected.fill(1);
  } else {
    initial.ids.forEach(function (id) {
      var i = actionIndex.get(id);
      if (i !== undefined) selected[i] = 1;
      else if (unknown.indexOf(id) === -1) unknown.push(id);
    });
  }
  separator = initial.separator;
  if (els.separator) els.separator.value = separator;
  strategy = initial.strategy;
  if (els.strategy) els.strategy.value = strategy;
  if (els.minimal) els.minimal.checked = minimal;
  if (unknown.length > 0 && els.notice) {
    setText(els.noticeIDs, unknown.join(', '));
    els.notice.hidden = false;
  }
  syncCheckboxes();
  filterRows();
  update({ pushURL: false });
  root.setAttribute('data-guide-ready', '');
})();
