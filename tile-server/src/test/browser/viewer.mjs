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
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
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
    const results = document.getElementById('results').getBoundingClientRect();
    const key = (f) => `${f.properties.point_count !== undefined ? 'cluster' : 'listing'}/${f.id}`;
    for (const feature of map.queryRenderedFeatures({ layers: present })) {
      const p = map.project(feature.geometry.coordinates);
      const onScreen = p.x > 40 && p.y > 40 && p.x < canvas.width - 40 && p.y < canvas.height - 40;
      const underPanel = (p.x + canvas.left <= panel.right + 40 && p.y + canvas.top <= panel.bottom + 40)
        || (p.x + canvas.left >= results.left - 40 && p.y + canvas.top <= results.bottom + 40);
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

  // The list panel once it shows the answers to the current view: its rows, summary, histogram bars,
  // and the API answers they came from.
  const listShown = async () => {
    await page.waitForFunction(() => {
      const list = document.getElementById('results-list');
      return list.dataset.requested && list.dataset.requested !== 'pending' && list.dataset.shown === list.dataset.requested
        && list.querySelectorAll('.listing-row').length > 0;
    });
    return page.evaluate(() => ({
      ids: [...document.querySelectorAll('#results-list .listing-row')].map((b) => Number(b.dataset.id)),
      prices: [...document.querySelectorAll('#results-list .row-price')].map((e) => e.textContent),
      summary: document.getElementById('results-summary').textContent,
      pageLabel: document.getElementById('page-label').textContent,
      bars: [...document.querySelectorAll('#price-histogram rect')].map((r) => Number(r.dataset.count)),
      barHeights: [...document.querySelectorAll('#price-histogram rect')].map((r) => Number(r.getAttribute('height'))),
      bounds: window.map.getBounds().toArray(),
      listings: document.querySelector('#results-list').dataset.shown,
      stats: document.getElementById('price-histogram').dataset.shown,
    }));
  };
  const viewState = () => page.evaluate(() => {
    const c = window.map.getCenter();
    const form = document.getElementById('filters');
    return { center: [c.lng, c.lat], zoom: window.map.getZoom(),
      filters: Object.fromEntries(['minPrice', 'maxPrice', 'beds', 'baths', 'type', 'status'].map((n) => [n, form.elements[n].value])),
      sort: document.getElementById('sort').value, zips: document.getElementById('zips').checked,
      zipLayer: Boolean(window.map.getLayer('zip-price-fill')) };
  });

  await page.goto(`${plan.baseUrl}/`);
  await page.waitForFunction(() => window.viewerReady !== undefined && typeof window.map?.loaded === 'function');
  await page.evaluate(() => window.viewerReady);
  await idle();
  report.opened = await page.evaluate(() => {
    const c = window.map.getCenter();
    const style = window.map.getStyle();
    return { center: [c.lng, c.lat], zoom: window.map.getZoom(), bounds: window.map.getBounds().toArray(),
      layers: style.layers.map((l) => l.id), sources: Object.keys(style.sources) };
  });
  report.list = await listShown();
  await page.screenshot({ path: `${plan.screenshots}/opened.png` });

  for (const view of plan.cases) {
    await jumpAndWait(plan.center, view.zoom);
    report.cases.push({ name: view.name, zoom: view.zoom, ...(await summarize(view.layers)) });
    await page.screenshot({ path: `${plan.screenshots}/${view.name}.png` });
  }

  // Every rendered cluster circle, deduplicated by cluster id: its screen position and drawn radius
  // (circle-radius plus stroke), evaluated here from the style's step expression on point_count.
  report.circles = [];
  for (const zoom of plan.overlapZooms || []) {
    await jumpAndWait(plan.center, zoom);
    const circles = await page.evaluate(() => {
      const map = window.map;
      const radius = map.getPaintProperty('clusters', 'circle-radius');
      const stroke = map.getPaintProperty('clusters', 'circle-stroke-width') || 0;
      const evaluate = (count) => {
        if (typeof radius === 'number') {
          return radius;
        }
        let value = radius[2];
        for (let i = 3; i < radius.length; i += 2) {
          if (count >= radius[i]) {
            value = radius[i + 1];
          }
        }
        return value;
      };
      const byId = new Map();
      for (const f of map.queryRenderedFeatures({ layers: ['clusters'] })) {
        const p = map.project(f.geometry.coordinates);
        byId.set(f.id, { id: f.id, x: p.x, y: p.y, r: evaluate(f.properties.point_count) + stroke,
          count: f.properties.point_count });
      }
      return [...byId.values()];
    });
    report.circles.push({ zoom, circles });
    if (zoom === 4) {
      await page.screenshot({ path: `${plan.screenshots}/clusters-z4-no-overlap.png` });
    }
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

  if (plan.zipCenter) {
    await productSteps();
  }

  // The list: a click on a row flies the map to that listing; sort by price and the next page; the
  // ZIP shading; the URL reopened in a fresh page.
  async function productSteps() {
    // Back where the map opened (the densest place): a click on a row there flies into a busy street.
    await jumpAndWait(report.opened.center, report.opened.zoom);
    const shown = await listShown();
    const row = page.locator('#results-list .listing-row').nth(2);
    const rowId = Number(await row.getAttribute('data-id'));
    const shownPage = await (await page.request.get(`${plan.baseUrl}/${shown.listings}`)).json();
    const picked = shownPage.listings.find((l) => l.id === rowId);
    const centreBefore = await page.evaluate(() => window.map.getCenter().toArray());
    await row.click();
    // Read before the map settles: the list then reloads for the new view.
    const pressed = await row.getAttribute('aria-pressed');
    await page.waitForFunction(([lon, lat]) => !window.map.isMoving()
      && Math.abs(window.map.getCenter().lng - lon) < 1e-5 && Math.abs(window.map.getCenter().lat - lat) < 1e-5,
      [picked.lon, picked.lat]);
    await idle();
    report.rowClick = {
      listing: picked,
      centreBefore,
      centreAfter: await page.evaluate(() => window.map.getCenter().toArray()),
      zoomAfter: await page.evaluate(() => window.map.getZoom()),
      chosen: await page.evaluate(() => window.map.querySourceFeatures('chosen-listing').map((f) => f.geometry.coordinates)),
      pressed,
    };
    await page.screenshot({ path: `${plan.screenshots}/list-click.png` });

    await jumpAndWait(plan.center, plan.filterZoom);
    await page.getByLabel('Sort by').selectOption('price');
    await page.waitForFunction(() => document.querySelector('#results-list').dataset.requested?.includes('sort=price'));
    report.sorted = await listShown();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForFunction(() => document.querySelector('#results-list').dataset.requested?.includes('cursor='));
    report.nextPage = await listShown();

    // ZIP areas shaded by median price, where the repository's ZIP polygons are.
    await jumpAndWait(plan.zipCenter, plan.zipZoom);
    await page.getByLabel('Shade ZIP areas by median price').check();
    await page.waitForFunction(() => window.map.getLayer('zip-price-fill'));
    await idle();
    report.zips = await page.evaluate(() => {
      const layers = window.map.getStyle().layers.map((l) => l.id);
      return { layers, shaded: window.map.queryRenderedFeatures({ layers: ['zip-price-fill'] }).length,
        legend: document.getElementById('zip-legend').innerText };
    });
    await listShown();
    await page.screenshot({ path: `${plan.screenshots}/zip-shading.png` });

    // The URL: what this page shows, reopened in a fresh page from its link.
    report.url = { href: page.url(), before: await viewState() };
    const again = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    again.setDefaultTimeout(WAIT_MS);
    again.on('pageerror', (error) => report.consoleErrors.push(`page error (reopened): ${error.message}`));
    await again.goto(report.url.href);
    await again.waitForFunction(() => window.viewerReady !== undefined && typeof window.map?.loaded === 'function');
    await again.evaluate(() => window.viewerReady);
    report.url.after = await again.evaluate(() => {
      const c = window.map.getCenter();
      const form = document.getElementById('filters');
      return { center: [c.lng, c.lat], zoom: window.map.getZoom(),
        filters: Object.fromEntries(['minPrice', 'maxPrice', 'beds', 'baths', 'type', 'status'].map((n) => [n, form.elements[n].value])),
        sort: document.getElementById('sort').value, zips: document.getElementById('zips').checked,
        zipLayer: Boolean(window.map.getLayer('zip-price-fill')) };
    });
    await again.close();
  }
} catch (error) {
  // What was seen up to the failure, for the test's message.
  process.stderr.write(`${JSON.stringify({ ...report, cases: undefined, circles: undefined, list: undefined }).slice(0, 4000)}\n`);
  throw error;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
