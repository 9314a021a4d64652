(function () {
  'use strict';
  var table = document.getElementById('jobs');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var find = document.getElementById('q');
  var status = document.getElementById('st');
  var shown = document.getElementById('shown');
  var pending = 0;

  function filter() {
    pending = 0;
    var text = find.value.trim().toLowerCase();
    var wanted = status.value;
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!wanted || r.getAttribute('data-status') === wanted)
          && (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    }
    shown.textContent = n.toLocaleString('en-US');
  }

  function later() {
    if (!pending) { pending = window.setTimeout(filter, 120); }
  }

  // Failures first, as the page lists them.
  var RANK = { failed: 0, timed_out: 1, cancelled: 2, invalid: 3, duplicate: 4, completed: 5 };

  function value(row, column, how) {
    var cell = row.cells[column];
    if (how === 'n') { return Number(cell.getAttribute('data-v') || cell.textContent) || 0; }
    if (how === 's') { var r = RANK[cell.textContent]; return r === undefined ? 9 : r; }
    return cell.textContent.toLowerCase();
  }

  function sortBy(th) {
    var column = th.cellIndex;
    var how = th.getAttribute('data-sort');
    var up = !th.classList.contains('asc');
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) { heads[i].classList.remove('asc', 'desc'); }
    th.classList.add(up ? 'asc' : 'desc');
    var keyed = rows.map(function (r, i) { return [value(r, column, how), i, r]; });
    keyed.sort(function (a, b) {
      var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
      return up ? c : -c;
    });
    rows = keyed.map(function (k) { return k[2]; });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { fragment.appendChild(r); });
    body.appendChild(fragment);
  }

  find.addEventListener('input', later);
  status.addEventListener('change', filter);
  table.tHead.addEventListener('click', function (e) {
    var th = e.target.closest('th[data-sort]');
    if (th) { sortBy(th); }
  });
  // For the browser check: the page is ready, and how long after navigation began.
  document.documentElement.setAttribute('data-ready', String(Math.round(performance.now())));
})();
