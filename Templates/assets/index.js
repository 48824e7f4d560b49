/* ScopeGuide index: filters the connector cards as you type. Plain DOM, no network. */
(function () {
  'use strict';

  var search = document.querySelector('[data-index-search]');
  if (!search) return;
  var entries = Array.prototype.map.call(document.querySelectorAll('[data-index-entry]'), function (el) {
    return { el: el, text: (el.getAttribute('data-index-text') || '').toLowerCase(), guides: el.querySelectorAll('.card__guide').length };
  });
  var empty = document.querySelector('[data-index-empty]');
  var count = document.querySelector('[data-index-count]');
  var initialCount = count ? count.textContent : '';
  var totalGuides = entries.reduce(function (n, e) { return n + e.guides; }, 0);

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function filter() {
    // Every word typed must occur in the entry's text, in any order.
    var terms = search.value.toLowerCase().split(/\s+/).filter(function (t) { return t !== ''; });
    var shown = 0;
    var guides = 0;
    entries.forEach(function (entry) {
      var match = terms.every(function (t) { return entry.text.indexOf(t) !== -1; });
      if (entry.el.hidden !== !match) entry.el.hidden = !match;
      if (match) { shown++; guides += entry.guides; }
    });
    if (empty) empty.hidden = shown !== 0;
    if (count) {
      count.textContent = terms.length === 0 ? initialCount
        : shown + ' of ' + plural(entries.length, 'connector') + ' · ' + guides + ' of ' + plural(totalGuides, 'guide');
    }
  }

  search.addEventListener('input', filter);
  if (search.value !== '') filter();
})();
