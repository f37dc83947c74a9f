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
  // What the given layers draw: features per layer, clusters and the listings they hold, and single
  // listings. A feature in two tiles' buffers is counted once (cluster ids name places, listing ids rows).
  const summarize = (layers) => page.evaluate((ids) => {
    const present = ids.filter((id) => window.map.getLayer(id));
    const summary = { counts: {}, clusters: 0, pointCount: 0, listings: 0 };
    present.forEach((id) => { summary.counts[id] = 0; });
    const seen = new Set();
    for (const feature of window.map.queryRenderedFeatures({ layers: present })) {
      const cluster = feature.properties.point_count !== undefined;
      const key = `${feature.layer.id}/${cluster ? 'cluster' : 'listing'}/${feature.id}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      summary.counts[feature.layer.id] += 1;
      if (cluster) {
        summary.clusters += 1;
        summary.pointCount += feature.properties.point_count;
      } else {
        summary.listings += 1;
      }
    }
    return summary;
  }, layers);
  // A feature of the layers that stands alone on screen, clear of the panel and the edges: the first
  // one whose 8 px neighbourhood holds nothing else of those layers (a cluster's own label aside).
  const findAlone = (layers) => page.evaluate((ids) => {
    const map = window.map;
    const present = ids.filter((id) => map.getLayer(id));
    const canvas = map.getCanvas().getBoundingClientRect();
    const panel = document.getElementById('panel').getBoundingClientRect();
    const key = (f) => `${f.properties.point_count !== undefined ? 'cluster' : 'listing'}/${f.id}`;
    for (const feature of map.queryRenderedFeatures({ layers: present })) {
      const p = map.project(feature.geometry.coordinates);
      const onScreen = p.x > 40 && p.y > 40 && p.x < canvas.width - 40 && p.y < canvas.height - 40;
      const underPanel = p.x + canvas.left <= panel.right + 40 && p.y + canvas.top <= panel.bottom + 40;
      if (!onScreen || underPanel) {
        continue;
      }
      const near = map.queryRenderedFeatures([[p.x - 8, p.y - 8], [p.x + 8, p.y + 8]]);
      const listingsNear = near.filter((f) => f.source === feature.source);
      if (listingsNear.every((f) => key(f) === key(feature))) {
        return { x: p.x + canvas.left, y: p.y + canvas.top, id: feature.id, properties: feature.properties };
      }
    }
    return null;
  }, layers);

  await page.goto(`${plan.baseUrl}/`);
  await page.waitForFunction(() => typeof window.map?.loaded === 'function');
  await idle();
  report.opened = await page.evaluate(() => {
    const c = window.map.getCenter();
    const style = window.map.getStyle();
    return { center: [c.lng, c.lat], zoom: window.map.getZoom(), layers: style.layers.map((l) => l.id),
      sources: Object.keys(style.sources) };
  });
  await page.screenshot({ path: `${plan.screenshots}/opened.png` });

  for (const view of plan.cases) {
    await jumpAndWait(plan.center, view.zoom);
    report.cases.push({ name: view.name, zoom: view.zoom, ...(await summarize(view.layers)) });
    await page.screenshot({ path: `${plan.screenshots}/${view.name}.png` });
  }

  // Click a listing that stands alone, then read the popup.
  await jumpAndWait(plan.center, plan.clickZoom);
  const listing = await findAlone(plan.listingLayers);
  report.click = { target: listing && { ...listing.properties, id: listing.id } };
  if (listing) {
    await page.mouse.click(listing.x, listing.y);
    const popup = page.locator('.maplibregl-popup');
    await popup.waitFor();
    report.click.popupText = await popup.innerText();
    await page.screenshot({ path: `${plan.screenshots}/popup.png` });
    await page.keyboard.press('Escape');
    await popup.waitFor({ state: 'detached' });
  }

  // The filter form, used as a person would: pick "4+" in "Min beds".
  const layers = [...plan.clusterLayers, ...plan.listingLayers];
  await jumpAndWait(plan.center, plan.filterZoom);
  const before = await summarize(layers);
  await page.screenshot({ path: `${plan.screenshots}/before-filter.png` });
  const requestsBefore = tileUrls.length;
  await page.getByLabel('Min beds').selectOption('4');
  await page.waitForEvent('request', { predicate: (r) => r.url().includes('beds=4') });
  await idle();
  report.filter = {
    before,
    after: await summarize(layers),
    tileUrlsAfter: tileUrls.slice(requestsBefore),
    status: await page.locator('#status-box').innerText(),
  };
  await page.screenshot({ path: `${plan.screenshots}/beds-4.png` });

  // Click a cluster of the filtered map: the viewer asks the cluster endpoint, with the filter, for
  // the zoom at which it splits and eases there.
  const cluster = await findAlone(plan.clusterLayers);
  report.clusterClick = { target: cluster && { ...cluster.properties, id: cluster.id } };
  if (cluster) {
    const zoomBefore = await page.evaluate(() => window.map.getZoom());
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname.includes('/clusters/'));
    await page.mouse.click(cluster.x, cluster.y);
    const response = await answered;
    const expansion = await response.json();
    await page.waitForFunction((z) => !window.map.isMoving() && window.map.getZoom() !== z, zoomBefore);
    await idle();
    report.clusterClick = {
      ...report.clusterClick,
      zoomBefore,
      endpoint: response.url(),
      expansion,
      zoomAfter: await page.evaluate(() => window.map.getZoom()),
      after: await summarize(layers),
    };
    await page.screenshot({ path: `${plan.screenshots}/cluster-click.png` });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
