// screenshots.js OUT_DIR SHOT_DIR — screenshots of the site's pages at a
// desktop and a phone width, for a person to look at after changing the
// templates (they are not compared automatically).
//
//   node tests/browser/screenshots.js out /tmp/shots
//
// Each PAGE[#FRAGMENT] below gives <page>-<fragment>-<width>.png.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const pages = [
  'index.html', 'tiktok.html', 'tiktok.html#10.2', 'tiktok.html#textes-cites',
  'tiktok.html#glossaire', 'allmycms.html#3.8', 'clauses.html', 'terms.html', 'problems.html',
];
const widths = [[1280, 2000], [390, 1600]];

async function main() {
  const [out, shots] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
  });
  for (const [width, height] of widths) {
    const page = await browser.newPage({ viewport: { width, height } });
    for (const p of pages) {
      const url = 'file://' + path.resolve(out, p.split('#')[0]) + (p.includes('#') ? '#' + p.split('#')[1] : '');
      await page.goto(url);
      const name = p.replace('.html', '').replace('#', '-') + '-' + width + '.png';
      await page.screenshot({ path: path.join(shots, name) });
    }
    await page.close();
  }
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
