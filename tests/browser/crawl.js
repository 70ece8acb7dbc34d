// crawl.js OUT_DIR — checks the site as a reader's browser would meet it,
// page by page, without a browser:
//
//   - every page is reachable from index.html by following links;
//   - every local link lands: its file exists (a page, or a PDF) and its
//     #fragment is an id of that page (percent-decoded, as browsers do);
//   - ids are unique on a page;
//   - nothing is loaded from outside (no script, image, frame, object, no
//     event attribute, no remote stylesheet, no url() or @import in the CSS);
//   - lang="fr", one <main>, one <h1>, headings that never skip a level, a
//     skip link to the main content.
//
// Prints what it checked; exits 1 at the first kind of failure it found
// (after listing up to 20 of them), 0 when everything holds.
'use strict';
const fs = require('fs');
const path = require('path');

const out = path.resolve(process.argv[2] || 'out');
const failures = [];
const fail = (msg) => failures.push(msg);

function decode(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (m, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (m, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
}

// The start tags of a page with their attributes; quoted values may hold '>'.
function tags(html) {
  const list = [];
  const tagRe = /<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>"'\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g;
  const attrRe = /([^\s=>"'\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;
  let m;
  while ((m = tagRe.exec(html))) {
    const attrs = {};
    let a;
    while ((a = attrRe.exec(m[2] || ''))) {
      attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    }
    list.push({ name: m[1].toLowerCase(), attrs, at: m.index });
  }
  return list;
}

const pages = new Map(); // file name → { tags, ids }
for (const file of fs.readdirSync(out).filter((f) => f.endsWith('.html')).sort()) {
  const html = fs.readFileSync(path.join(out, file), 'utf8');
  const t = tags(html);
  const ids = new Set();
  for (const tag of t) {
    if (tag.attrs.id === undefined) continue;
    if (ids.has(tag.attrs.id)) fail(`${file}: id "${tag.attrs.id}" appears twice`);
    ids.add(tag.attrs.id);
  }
  pages.set(file, { html, tags: t, ids });
}
if (!pages.has('index.html')) fail('no index.html');

const forbidden = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'img', 'video', 'audio',
  'source', 'picture', 'applet', 'base', 'form', 'input', 'svg', 'math', 'style']);
let links = 0;
let external = 0;
const reached = new Set(['index.html']);
const queue = ['index.html'];

function checkPage(file) {
  const page = pages.get(file);
  const t = page.tags;
  const html = t.find((x) => x.name === 'html');
  if (!html || html.attrs.lang !== 'fr') fail(`${file}: <html> has no lang="fr"`);
  if (t.filter((x) => x.name === 'main').length !== 1) fail(`${file}: not exactly one <main>`);
  if (t.filter((x) => x.name === 'h1').length !== 1) fail(`${file}: not exactly one <h1>`);
  for (const landmark of ['header', 'nav', 'footer']) {
    if (!t.some((x) => x.name === landmark)) fail(`${file}: no <${landmark}>`);
  }
  const firstLink = t.find((x) => x.name === 'a');
  if (!firstLink || firstLink.attrs.href !== '#contenu' || !page.ids.has('contenu')) {
    fail(`${file}: the first link is not a skip link to the main content`);
  }
  let level = 0;
  for (const x of t) {
    const h = /^h([1-6])$/.exec(x.name);
    if (!h) continue;
    const n = Number(h[1]);
    if (n > level + 1) fail(`${file}: <h${n}> follows <h${level}> (a heading level is skipped)`);
    level = n;
  }
  for (const x of t) {
    if (forbidden.has(x.name)) fail(`${file}: <${x.name}> loads or runs something`);
    for (const a of Object.keys(x.attrs)) {
      if (a.startsWith('on')) fail(`${file}: <${x.name} ${a}=…> is an event handler`);
      if (a === 'src' || a === 'srcset') fail(`${file}: <${x.name} ${a}> loads a resource`);
    }
    if (x.name === 'link' && (x.attrs.rel !== 'stylesheet' || /^[a-z][a-z0-9+.-]*:/i.test(x.attrs.href || ''))) {
      fail(`${file}: <link rel="${x.attrs.rel}" href="${x.attrs.href}"> is not a local stylesheet`);
    }
    if (x.name === 'link' && !fs.existsSync(path.join(out, x.attrs.href || ''))) {
      fail(`${file}: stylesheet ${x.attrs.href} is missing`);
    }
    if (x.name === 'a' && x.attrs.href !== undefined) checkLink(file, x.attrs.href);
  }
}

function checkLink(file, href) {
  links++;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
    if (!/^(https?|mailto):/i.test(href)) fail(`${file}: link to "${href}" has an unsafe scheme`);
    external++;
    return;
  }
  const hash = href.indexOf('#');
  const target = hash < 0 ? href : href.slice(0, hash);
  let fragment, targetFile;
  try {
    fragment = hash < 0 ? null : decodeURIComponent(href.slice(hash + 1));
    targetFile = target === '' ? file : path.posix.normalize(decodeURIComponent(target));
  } catch (e) {
    fail(`${file}: link "${href}" is not a valid address`);
    return;
  }
  if (!targetFile.endsWith('.html')) {
    if (!fs.existsSync(path.join(out, targetFile))) fail(`${file}: link "${href}" leads to a missing file`);
    return;
  }
  const page = pages.get(targetFile);
  if (!page) {
    fail(`${file}: link "${href}" leads to a missing page`);
    return;
  }
  if (fragment !== null && fragment !== '' && !page.ids.has(fragment)) {
    fail(`${file}: link "${href}" leads to no anchor (no id "${fragment}" in ${targetFile})`);
  }
  if (!reached.has(targetFile)) {
    reached.add(targetFile);
    queue.push(targetFile);
  }
}

while (queue.length) {
  const file = queue.shift();
  if (pages.has(file)) checkPage(file);
}
for (const file of pages.keys()) {
  if (!reached.has(file)) fail(`${file}: no link leads to this page`);
}
for (const css of fs.readdirSync(out).filter((f) => f.endsWith('.css'))) {
  const text = fs.readFileSync(path.join(out, css), 'utf8');
  if (/@import|url\s*\(/i.test(text)) fail(`${css}: loads something (@import or url())`);
}

console.log(`crawl: ${pages.size} pages, ${links} links (${external} to other sites), ${failures.length} problems`);
for (const f of failures.slice(0, 20)) console.log('  ' + f);
if (failures.length > 20) console.log(`  … and ${failures.length - 20} more`);
process.exit(failures.length ? 1 : 0);
