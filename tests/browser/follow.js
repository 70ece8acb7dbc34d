// follow.js OUT_DIR — the site in a real browser (headless Chromium, with
// JavaScript turned off for the pages, as a reader without it would have):
//
//   - clicking the reference « clause 10.2 » in tiktok.html lands on clause
//     10.2: the URL ends in #10.2, the :target is the clause, it starts with
//     « 10.2 » and is scrolled into view;
//   - its « Référencée par » link leads back to the citing passage;
//   - a defined term shows its definition on keyboard focus and on hover;
//   - on a phone's width no page scrolls sideways;
//   - body text, links and labels have a contrast of at least 4.5:1.
//
// Prints "ok - …" / "not ok - …" lines; exits 1 if any check failed.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const out = path.resolve(process.argv[2] || 'out');
const url = (page, fragment) => 'file://' + path.join(out, page) + (fragment ? '#' + fragment : '');
let failed = 0;
function check(ok, what, detail) {
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}`);
  if (!ok) {
    failed++;
    if (detail !== undefined) console.log('    ' + JSON.stringify(detail));
  }
}

// What the page's :target is, where it stands, and how it begins.  Runs in
// Playwright's own isolated world, which works with the page's scripts off.
async function targetState(page) {
  return page.locator(':target').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      text: el.textContent.replace(/^\s*§\s*/, '').trim().slice(0, 40),
      inView: r.top >= -1 && r.top < window.innerHeight,
    };
  });
}

async function followReference(context) {
  const page = await context.newPage();
  await page.goto(url('tiktok.html'));
  const link = page.locator('a.ref[href="#10.2"]').filter({ hasText: /^clause 10\.2$/i }).first();
  check((await link.count()) === 1, 'tiktok.html has a link « clause 10.2 » to #10.2');
  await link.click();
  await page.waitForFunction(() => location.hash === '#10.2', null, { timeout: 5000 }).catch(() => {});
  const hash = await page.evaluate(() => location.hash);
  check(hash === '#10.2', 'after the click the URL ends in #10.2', hash);
  const t = await targetState(page);
  check(t.id === '10.2', 'the :target is the element of clause 10.2', t);
  check(/^10\.2\b/.test(t.text), 'the target begins with the clause number « 10.2 »', t.text);
  check(t.inView, 'the clause is scrolled into view', t);

  const back = page.locator('[id="10.2"] > .cited-by a').first();
  check((await back.count()) === 1, 'clause 10.2 lists who cites it (« Référencée par »)');
  const href = await back.getAttribute('href');
  await back.click();
  await page.waitForFunction((h) => location.hash === h, href, { timeout: 5000 }).catch(() => {});
  const b = await targetState(page);
  check('#' + b.id === href && b.inView, '« Référencée par » leads back to the citing passage', b);
  await page.close();
}

async function termDefinition(context) {
  const page = await context.newPage();
  await page.goto(url('tiktok.html'));
  const term = page.locator('a.term').first();
  const tip = term.locator('.tip');
  check(!(await tip.isVisible()), 'a term\'s definition is hidden at first');
  await term.focus();
  check(await tip.isVisible(), 'focusing a term with the keyboard shows its definition');
  const text = (await tip.textContent()) || '';
  check(text.length > 20, 'the definition shown is the term\'s', text.slice(0, 60));
  await page.locator('h1').focus().catch(() => {});
  await page.mouse.move(0, 0);
  const other = page.locator('a.term').nth(3);
  await other.hover();
  check(await other.locator('.tip').isVisible(), 'hovering a term shows its definition');
  await page.close();
}

async function phoneWidth(browser) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  for (const p of ['index.html', 'tiktok.html', 'allmycms.html', 'clauses.html', 'terms.html', 'problems.html']) {
    const page = await context.newPage();
    await page.goto(url(p));
    const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    check(w[0] <= w[1], `${p} does not scroll sideways on a 390 px phone`, w);
    await page.close();
  }
  await context.close();
}

// WCAG contrast of the text of the first element matching each selector
// against the background it stands on.
async function contrast(context) {
  const page = await context.newPage();
  const cases = [
    ['tiktok.html', '.text p'], ['tiktok.html', 'a.ref'], ['tiktok.html', '.cited-by'],
    ['tiktok.html', '.toc a'], ['tiktok.html', '.doc-meta'], ['tiktok.html', '.site-nav a'],
    ['tiktok.html', '.entry-meta'], ['index.html', '.counts dt'], ['index.html', '.text-version'],
    ['problems.html', '.badge'], ['problems.html', '.problem-head'],
  ];
  for (const [p, sel] of cases) {
    await page.goto(url(p));
    const r = await page.locator(sel).first().evaluate((el) => {
      const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      let bg = null;
      for (let e = el; e && !bg; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) bg = c.slice(0, 3);
      }
      bg = bg || [255, 255, 255];
      const fg = rgb(getComputedStyle(el).color).slice(0, 3);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05);
    });
    check(r >= 4.5, `${p} ${sel}: contrast ${r.toFixed(1)}:1 (at least 4.5:1)`);
  }
  await page.close();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    await followReference(context);
    await termDefinition(context);
    await contrast(context);
    await context.close();
    await phoneWidth(browser);
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log('not ok - the browser test could not run: ' + e.message);
  process.exit(1);
});
