import path from 'node:path';
import type { Finding } from './project';
import type { RouteMap } from './route-map';
import { DEFENSE_COLUMNS, DEFENSE_TITLES, unparsedLine } from './route-map';

/** JSON that can sit inside a `<script>` element: no `</script>`, no HTML comment openers. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; }
h1 { font-size: 1.3rem; margin: 0 0 .5rem; }
.controls { display: flex; gap: 1rem; align-items: center; margin: .75rem 0; flex-wrap: wrap; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d8dee4; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.method { font-weight: 600; font-family: ui-monospace, monospace; }
td.path, td.location { font-family: ui-monospace, monospace; }
td.missing, span.missing { color: #b42318; background: #fef3f2; font-weight: 600; }
td.present { color: #1a7f37; }
td.weak, span.weak { color: #9a6700; background: #fff8c5; font-weight: 600; }
td.na { color: #6e7781; }
#findings td.message { max-width: 60rem; }
.unmounted { color: #6e7781; }
#status { color: #57606a; }
.unparsed { color: #b42318; font-weight: 600; }
`;

/** Renders the rows from the embedded data; sorting and the filters work on that data. */
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('route-data').textContent);
  var kinds = data.kinds;
  var state = { missing: '', query: '', sort: 'path', dir: 1 };
  var body = document.querySelector('#routes tbody');
  var select = document.getElementById('missing');
  var search = document.getElementById('search');
  var status = document.getElementById('status');

  function cellText(route, key) {
    if (key === 'method' || key === 'path') return route[key];
    if (key === 'location') return route.file + ':' + String(route.line).padStart(6, '0');
    if (route.defenses[key].length === 0) return key in route.notApplicable ? '~n/a' : '';
    return route.defenses[key].map(function (d) { return d.name; }).join(', ');
  }
  function isMissing(route, kind) {
    return route.defenses[kind].length === 0 && !(kind in route.notApplicable);
  }
  function visible(route) {
    if (state.missing && !isMissing(route, state.missing)) return false;
    if (state.query) {
      var text = (route.method + ' ' + route.path + ' ' + route.file).toLowerCase();
      if (text.indexOf(state.query.toLowerCase()) < 0) return false;
    }
    return true;
  }
  function render() {
    var routes = data.routes.slice().sort(function (a, b) {
      var x = cellText(a, state.sort), y = cellText(b, state.sort);
      return x < y ? -state.dir : x > y ? state.dir : 0;
    });
    body.textContent = '';
    var shown = 0;
    routes.forEach(function (route) {
      var tr = document.createElement('tr');
      tr.className = 'route' + (route.mounted ? '' : ' unmounted');
      tr.setAttribute('data-method', route.method);
      tr.setAttribute('data-path', route.path);
      var cells = [['method', route.method], ['path', route.path], ['location', route.file + ':' + route.line]];
      cells.forEach(function (c) {
        var td = document.createElement('td');
        td.className = c[0];
        td.textContent = c[1];
        tr.appendChild(td);
      });
      kinds.forEach(function (kind) {
        var td = document.createElement('td');
        var entries = route.defenses[kind];
        td.setAttribute('data-kind', kind);
        var weakened = entries.filter(function (d) { return d.weakened; });
        if (entries.length === 0 && kind in route.notApplicable) {
          td.className = 'na';
          td.textContent = 'n/a';
          td.title = 'Does not apply: ' + route.notApplicable[kind];
        } else if (entries.length === 0) {
          td.className = 'missing';
          td.textContent = 'missing';
        } else {
          td.className = weakened.length > 0 ? 'weak' : 'present';
          td.textContent = entries.map(function (d) {
            return d.weakened ? d.name + ' (weakened: ' + d.weakened.join(', ') + ')' : d.name;
          }).join(', ');
          td.title = entries.map(function (d) {
            return d.name + ' at ' + d.file + ':' + d.line + (d.reason ? ' (' + d.reason + ')' : '') + (d.weakened ? ', with ' + d.weakened.join(', ') : '');
          }).join('\\n');
        }
        tr.appendChild(td);
      });
      if (visible(route)) shown++;
      else tr.hidden = true;
      body.appendChild(tr);
    });
    document.querySelectorAll('#routes th').forEach(function (th) {
      th.setAttribute('aria-sort', th.getAttribute('data-key') === state.sort ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    status.textContent = 'Showing ' + shown + ' of ' + data.routes.length + ' routes' + (state.missing ? ' missing ' + state.missing : '') + '.';
    document.body.setAttribute('data-shown', String(shown));
    document.body.setAttribute('data-ready', 'true');
  }
  function writeHash() {
    var parts = [];
    if (state.missing) parts.push('missing=' + encodeURIComponent(state.missing));
    if (state.query) parts.push('q=' + encodeURIComponent(state.query));
    if (state.sort !== 'path' || state.dir !== 1) parts.push('sort=' + (state.dir < 0 ? '-' : '') + state.sort);
    history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
  }
  function readHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var missing = params.get('missing') || '';
    state.missing = kinds.indexOf(missing) >= 0 ? missing : '';
    state.query = params.get('q') || '';
    var sort = params.get('sort') || 'path';
    state.dir = sort.charAt(0) === '-' ? -1 : 1;
    sort = sort.replace(/^-/, '');
    state.sort = ['method', 'path', 'location'].concat(kinds).indexOf(sort) >= 0 ? sort : 'path';
    select.value = state.missing;
    search.value = state.query;
  }
  select.addEventListener('change', function () { state.missing = select.value; writeHash(); render(); });
  search.addEventListener('input', function () { state.query = search.value; writeHash(); render(); });
  document.querySelectorAll('#routes th').forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      state.dir = state.sort === key ? -state.dir : 1;
      state.sort = key;
      writeHash();
      render();
    });
  });
  window.addEventListener('hashchange', function () { readHash(); render(); });
  readHash();
  render();
})();
`;

/**
 * The audit's findings as a static section of the page, in file and line order; null (the page
 * says so) when the map was written with `--routes`, which runs no rules.
 */
export function findingsHtml(findings: readonly Finding[] | null, root: string): string {
  if (findings === null) {
    return '<section id="findings"><h2>Findings</h2><p>Not on this page: <code>--routes</code> maps the routes without running the rules. Run the audit without <code>--routes</code> to list the findings here.</p></section>\n';
  }
  if (findings.length === 0) return '<section id="findings"><h2>Findings (0)</h2><p>No findings.</p></section>\n';
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const sorted = [...findings].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  const rows = sorted
    .map(
      (finding) =>
        `<tr class="rule-finding" data-rule="${escapeHtml(finding.ruleId.replace(/^express-security\//, ''))}">` +
        `<td>${escapeHtml(finding.ruleId.replace(/^express-security\//, ''))}${finding.projectLevel ? ' <span class="project-level">(project-level)</span>' : ''}</td>` +
        `<td class="location">${escapeHtml(`${relative(finding.file)}:${finding.line}:${finding.column}`)}</td>` +
        `<td class="message">${escapeHtml(finding.message)}</td></tr>`,
    )
    .join('\n');
  return `<section id="findings">
<h2>Findings (${findings.length})</h2>
<table class="findings"><thead><tr><th scope="col">Rule</th><th scope="col">Location</th><th scope="col">Message</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>
`;
}

/** The route map as one self-contained page: no external assets, sortable, filterable by missing defense. */
export function routeMapHtml(map: RouteMap, title: string, sections = ''): string {
  const data = { kinds: DEFENSE_COLUMNS, routes: map.routes };
  const headers = [
    ['method', 'Method'],
    ['path', 'Path'],
    ['location', 'Location'],
    ...DEFENSE_COLUMNS.map((kind) => [kind, DEFENSE_TITLES[kind]]),
  ]
    .map(([key, text]) => `<th data-key="${key}" scope="col" aria-sort="none"><button type="button">${text}</button></th>`)
    .join('');
  const options = DEFENSE_COLUMNS.map((kind) => `<option value="${kind}">${DEFENSE_TITLES[kind]} (${map.missing[kind]})</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Route map: ${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Express route map: ${escapeHtml(title)}</h1>
<p>Every route of the project with its full mounted path and the middleware that provides each defense. ${map.routes.length} route(s).
<span class="missing">missing</span>: no middleware in the route's chain provides it; <span class="weak">weakened</span>: present with protections switched off; n/a: it does not apply to the route (hover the cell for why). Click a column's header, or focus it and press Enter, to sort.</p>
${map.unparsed.length > 0 ? `<p class="unparsed" role="alert">${escapeHtml(unparsedLine(map))}</p>\n` : ''}<div class="controls">
<label>Missing defense <select id="missing"><option value="">any (show all)</option>${options}</select></label>
<label>Search <input id="search" type="search" placeholder="method, path or file"></label>
<span id="status"></span>
</div>
<table id="routes">
<thead><tr>${headers}</tr></thead>
<tbody></tbody>
</table>
${sections}<noscript><p>This page needs JavaScript to show the routes; use <code>--routes --format json</code> for the data.</p></noscript>
<script type="application/json" id="route-data">${scriptSafeJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
