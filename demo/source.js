// Page furniture, not the kit: puts the source of every `[data-source]` element beside it, cut
// from this very page's HTML file, so it cannot drift from what runs. The dev server hands out the
// file as written at ?view=source (what it serves as the page has its inline scripts compiled).
// Rendered as text (spans with textContent), never as markup.

const WIDE = matchMedia('(min-width: 64rem)');

/** The element whose opening tag starts at `start`, up to its end tag (same tag name, nesting counted). */
function elementAt(html, start) {
  const name = /^<([\w-]+)/.exec(html.slice(start))[1];
  const tags = new RegExp(`<(/?)${name}\\b[^>]*>`, 'g');
  tags.lastIndex = start;
  let depth = 0;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (!depth) return { open: html.slice(start, html.indexOf('>', start) + 1), end: m.index + m[0].length, closeStart: m.index };
  }
  throw new Error(`no end tag for <${name}> at ${start}`);
}

function dedent(text) {
  const lines = text.replace(/^\s*\n|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

const lineOf = (html, index) => html.slice(0, index).split('\n').length;

// ------------------------------------------------------------------ highlighting

function span(parent, cls, text) {
  if (!text) return;
  if (!cls) return parent.append(text);
  const el = document.createElement('span');
  el.className = cls;
  el.textContent = text;
  parent.append(el);
}

/** Text with {{placeholders}} picked out. */
function withPlaceholders(parent, cls, text) {
  let last = 0;
  for (const m of text.matchAll(/\{\{[^}]*\}\}/g)) {
    span(parent, cls, text.slice(last, m.index));
    span(parent, 'c-ph', m[0]);
    last = m.index + m[0].length;
  }
  span(parent, cls, text.slice(last));
}

function highlightTag(parent, tag) {
  const [, open, name] = /^(<\/?)([\w-]+)/.exec(tag);
  span(parent, 'c-punct', open);
  span(parent, name.startsWith('stomp-') ? 'c-kit' : 'c-tag', name);
  const attrs = /(\s+)([^\s=>/]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+))?/y;
  let pos = (attrs.lastIndex = open.length + name.length);
  for (let m = attrs.exec(tag); m; m = attrs.exec(tag)) {
    span(parent, '', m[1]);
    span(parent, 'c-attr', m[2]);
    if (m[3]) {
      span(parent, 'c-punct', m[3]);
      withPlaceholders(parent, 'c-value', m[4]);
    }
    pos = attrs.lastIndex;
  }
  span(parent, 'c-punct', tag.slice(pos));
}

function highlightScript(parent, code) {
  const TOKEN = /(\/\/.*)|(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\b(const|let|if|else|return|new|await|async|function|of|for)\b/g;
  let last = 0;
  for (const m of code.matchAll(TOKEN)) {
    span(parent, '', code.slice(last, m.index));
    span(parent, m[1] ? 'c-comment' : m[2] ? 'c-value' : 'c-keyword', m[0]);
    last = m.index + m[0].length;
  }
  span(parent, '', code.slice(last));
}

function highlight(parent, html) {
  const TOKEN = /<!--[\s\S]*?-->|<\/?[a-zA-Z][\w-]*(?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*\/?>/g;
  let last = 0;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    withPlaceholders(parent, '', html.slice(last, m.index));
    if (m[0].startsWith('<!--')) span(parent, 'c-comment', m[0]);
    else highlightTag(parent, m[0]);
    last = TOKEN.lastIndex;
    if (/^<script\b/.test(m[0])) {
      const end = html.indexOf('</script>', last);
      highlightScript(parent, html.slice(last, end));
      TOKEN.lastIndex = last = end;
    }
  }
  withPlaceholders(parent, '', html.slice(last));
}

// ------------------------------------------------------------------ the code views

function codeView(html, live) {
  const tagStart = html.lastIndexOf('<', html.indexOf(`data-source="${live.dataset.source}"`));
  const { open, closeStart } = elementAt(html, tagStart);
  const innerStart = tagStart + open.length;
  const from = lineOf(html, innerStart) + 1;
  const to = lineOf(html, closeStart) - 1;

  const details = document.createElement('details');
  details.className = 'source';
  details.open = WIDE.matches;
  const summary = document.createElement('summary');
  summary.innerHTML = '<span class="when-closed">Show the HTML</span><span class="when-open">HTML</span> <span class="where"></span>';
  summary.querySelector('.where').textContent = `${file}, lines ${from}–${to}`;
  const pre = document.createElement('pre');
  pre.tabIndex = 0; // it scrolls: reachable by keyboard
  pre.setAttribute('aria-label', `Source of “${live.closest('section').querySelector('h2').textContent}”`);
  const code = document.createElement('code');
  highlight(code, dedent(html.slice(innerStart, closeStart)));
  pre.append(code);
  details.append(summary, pre);
  return details;
}

// This page's file: demo/index.html (served at /demo/ too) or one of demo/examples/.
const page = new URL(location.pathname.endsWith('/') ? 'index.html' : location.pathname, location.href);
const file = page.pathname.slice(1);
const html = await fetch(`${page}?view=source`)
  .then((r) => (r.ok && !r.headers.get('content-type')?.includes('html') ? r : fetch(page)))
  .then((r) => r.text());
for (const live of document.querySelectorAll('[data-source]')) live.after(codeView(html, live));
