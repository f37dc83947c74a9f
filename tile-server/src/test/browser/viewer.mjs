// Drives the viewer in Debian's chromium and reports what it saw as JSON on stdout; the Java test
// (ViewerBrowserTest) makes the assertions. Usage: node viewer.mjs <plan.json>, where the plan gives
// the server's base URL, the screenshot folder, the place to look at and the cases to check.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const WAIT_MS = 45_000;
const FLAGS = ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Every launch gets a new temporary profile from Playwright, so no state carries between runs.
const browser = await chromium.launch({ executablePath: plan.chromium, headless: true, args: FLAGS, timeout: WAIT_MS });
const report = { consoleErrors: [], httpErrors: [], cases: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 720 } });
  page.setDefaultTimeout(WAIT_MS);
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      report.consoleErrors.push(msg.text());
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      report.httpErrors.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('pageerror', (error) => report.consoleErrors.push(`page error: ${error.message}`));
  const tileUrls = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.match(/^\/tiles\/.+\/\d+\/\d+\/\d+/)) {
      tileUrls.push(request.url());
    }
  });

  const idle = () => page.evaluate(() => new Promise((resolve) => {
    if (window.map.loaded() && window.map.areTilesLoaded()) {
      resolve();
    } else {
      window.map.once('idle', () => resolve());
    }
  }));
  const jumpAndWait = (center, zoom) => page.evaluate(([c, z]) => new Promise((resolve) => {
    window.map.once('idle', () => resolve());
    window.map.jumpTo({ center: c, zoom: z });
  }), [center, zoom]);
  const countRendered = (layers) => page.evaluate((ids) => {
    const present = ids.filter((id) => window.map.getLayer(id));
    const counts = {};
    for (const id of present) {
      counts[id] = window.map.queryRenderedFeatures({ layers: [id] }).length;
    }
    return counts;
  }, layers);

  await page.goto(`${plan.baseUrl}/`);
  await page.waitForFunction(() => typeof window.map?.loaded === 'function');
  await idle();
  report.opened = await page.evaluate(() => {
    const c = window.map.getCenter();
    return { center: [c.lng, c.lat], zoom: window.map.getZoom(), layers: window.map.getStyle().layers.map((l) => l.id) };
  });
  await page.screenshot({ path: `${plan.screenshots}/opened.png` });

  for (const view of plan.cases) {
    await jumpAndWait(plan.center, view.zoom);
    report.cases.push({ name: view.name, counts: await countRendered(view.layers) });
    await page.screenshot({ path: `${plan.screenshots}/${view.name}.png` });
  }

  // Click a listing that stands alone (no other listing within 8 px), then read the popup.
  await jumpAndWait(plan.center, plan.clickZoom);
  const target = await page.evaluate((layers) => {
    const map = window.map;
    const present = layers.filter((id) => map.getLayer(id));
    const canvas = map.getCanvas().getBoundingClientRect();
    const panel = document.getElementById('panel').getBoundingClientRect();
    for (const feature of map.queryRenderedFeatures({ layers: present })) {
      const p = map.project(feature.geometry.coordinates);
      const onScreen = p.x > 30 && p.y > 30 && p.x < canvas.width - 30 && p.y < canvas.height - 30;
      const underPanel = p.x + canvas.left <= panel.right + 20 && p.y + canvas.top <= panel.bottom + 10;
      if (!onScreen || underPanel) {
        continue;
      }
      const near = map.queryRenderedFeatures([[p.x - 8, p.y - 8], [p.x + 8, p.y + 8]], { layers: present });
      if (near.every((f) => f.id === feature.id)) {
        return { x: p.x + canvas.left, y: p.y + canvas.top, price: feature.properties.price, id: feature.id };
      }
    }
    return null;
  }, plan.listingLayers);
  report.click = { target };
  if (target) {
    await page.mouse.click(target.x, target.y);
    const popup = page.locator('.maplibregl-popup');
    await popup.waitFor();
    report.click.popupText = await popup.innerText();
    await page.screenshot({ path: `${plan.screenshots}/popup.png` });
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
  }

  // The filter form, used as a person would: pick "4+" in "Min beds".
  await jumpAndWait(plan.center, plan.filterZoom);
  const before = await countRendered(plan.listingLayers);
  await page.screenshot({ path: `${plan.screenshots}/before-filter.png` });
  const requestsBefore = tileUrls.length;
  await page.getByLabel('Min beds').selectOption('4');
  await page.waitForEvent('request', { predicate: (r) => r.url().includes('beds=4') });
  await idle();
  report.filter = {
    before,
    after: await countRendered(plan.listingLayers),
    tileUrlsAfter: tileUrls.slice(requestsBefore),
    status: await page.locator('#status-box').innerText(),
  };
  await page.screenshot({ path: `${plan.screenshots}/beds-4.png` });
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
