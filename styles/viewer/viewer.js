// The listings viewer: a MapLibre map on one of this server's styles, a filter form that rewrites the
// tile sources' query parameters, the list of the listings in view with a price histogram, ZIP areas
// shaded by median price, cluster zoom, listing popups, a tile status box, and the whole state in the URL.
import * as maplibregl from './vendor/maplibre-gl.mjs';
import { ListingsPanel } from './results.js';
import { readState, writeState } from './url-state.js';
import { ZIP_SOURCE, drawLegend, rampStops, setZipShading } from './zip-shading.js';

const FILTERS = ['minPrice', 'maxPrice', 'beds', 'baths', 'type', 'status'];
const CLUSTER_LAYERS = ['clusters', 'cluster-count'];
const LISTING_LAYERS = ['listing-dot', 'listing-price', 'property-dot', 'property-price'];
const PICKED = 'picked';
// The listing chosen in the list, ringed above everything else.
const CHOSEN = 'chosen-listing';
// The map opens at this zoom on the densest place (openOnDensest).
const OPEN_ZOOM = 9;
const CANDIDATES = 3;
// A listing picked in the list is shown from this zoom on: cluster-maxzoom, where listings stand alone.
const PICK_ZOOM = 14;
// Tile requests go through this protocol so the page sees each response's X-Cache header and timing.
const PROTOCOL = 'tileserver-tile';
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

const form = document.getElementById('filters');
const zipToggle = document.getElementById('zips');
const sourcePicker = document.getElementById('source');
const message = document.getElementById('message');
const stats = { loaded: 0, hits: 0 };
const catalog = {};
// Style source id → its TileJSON URL without filters.
const tileJsonUrls = {};

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: HTTP ${response.status}`);
  }
  return response.json();
}

/** The source ids of a `…/tiles/a,b.json` URL of this server, or [] for other URLs. */
function servedIds(url) {
  const parsed = new URL(url, location.href);
  const match = parsed.origin === location.origin && parsed.pathname.match(/^\/tiles\/([^/]+)\.json$/);
  return match ? decodeURIComponent(match[1]).split(',') : [];
}

/** Whether TileJSON bounds ([west, south, east, north]) cover every longitude. */
function spansTheWorld(bounds) {
  return !bounds || bounds[2] - bounds[0] >= 360;
}

function showMessage(text) {
  message.textContent = text;
}

function recordTile(response, millis) {
  stats.loaded += 1;
  if ((response.headers.get('X-Cache') || '').toUpperCase().startsWith('HIT')) {
    stats.hits += 1;
  }
  document.getElementById('tiles-loaded').textContent = String(stats.loaded);
  document.getElementById('cache-hits').textContent =
    `${stats.hits} (${Math.round((100 * stats.hits) / stats.loaded)}%)`;
  document.getElementById('last-tile').textContent =
    `${Math.round(millis)} ms at ${new Date().toLocaleTimeString()}`;
}

maplibregl.addProtocol(PROTOCOL, async (params, abortController) => {
  const url = params.url.slice(PROTOCOL.length + 3);
  const started = performance.now();
  const response = await fetch(url, { signal: abortController.signal });
  if (response.status === 204) {
    recordTile(response, performance.now() - started);
    return { data: new ArrayBuffer(0) };
  }
  if (!response.ok) {
    throw new Error(`tile ${url}: HTTP ${response.status}`);
  }
  const data = await response.arrayBuffer();
  recordTile(response, performance.now() - started);
  return { data, cacheControl: response.headers.get('Cache-Control'), expires: response.headers.get('Expires') };
});

function transformRequest(url, resourceType) {
  if (resourceType === 'Tile' && url.startsWith(`${location.origin}/tiles/`)) {
    return { url: `${PROTOCOL}://${url}` };
  }
  return { url };
}

/** Draws a basemap style beneath this server's layers; its labels use this server's glyphs. */
async function withBasemap(style, basemapUrl) {
  const base = await getJson(basemapUrl);
  const sprites = typeof base.sprite === 'string' ? [{ id: 'default', url: base.sprite }] : base.sprite || [];
  const ours = style.layers
    .filter((layer) => layer.type !== 'background')
    .map((layer) => (layer.layout && layer.layout['icon-image'] === 'pill'
      ? { ...layer, layout: { ...layer.layout, 'icon-image': 'tileserver:pill' } }
      : layer));
  return {
    ...base,
    glyphs: style.glyphs,
    sprite: [...sprites, { id: 'tileserver', url: style.sprite }],
    sources: { ...base.sources, ...style.sources },
    layers: [...base.layers, ...ours],
  };
}

function filterValues() {
  const values = {};
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value !== '') {
      values[name] = value;
    }
  }
  return values;
}

/** The query string of the filters that the server sources `ids` declare ('' when none apply). */
function filterQuery(ids, values) {
  const declared = new Set(ids.flatMap((id) => Object.keys((catalog[id] || {}).filters || {})));
  const query = new URLSearchParams(Object.entries(values).filter(([name]) => declared.has(name)));
  return query.size === 0 ? '' : `?${query}`;
}

/** The TileJSON URL of a style source with the filters its server sources declare. */
function filteredUrl(url, values) {
  return `${url}${filterQuery(servedIds(url), values)}`;
}

function applyFilters() {
  if (!form.checkValidity()) {
    form.reportValidity();
    return;
  }
  const values = filterValues();
  if (values.minPrice && values.maxPrice && Number(values.minPrice) > Number(values.maxPrice)) {
    showMessage('Min price is above max price: nothing would match.');
    return;
  }
  showMessage('');
  for (const [id, url] of Object.entries(tileJsonUrls)) {
    const source = map.getSource(id);
    const next = filteredUrl(url, values);
    if (source && source.url !== next) {
      source.setUrl(next);
    }
  }
  saveState();
  if (panel) {
    panel.refresh();
  }
}

function saveState() {
  writeState(map, FILTERS, { filters: filterValues(), sort: panel ? panel.sort : '', zips: zipToggle.checked });
}

/** The filters in effect, as the list source's query string. */
function listQuery() {
  return filterQuery([listSource], filterValues()).slice(1);
}

/** Rings the listing and flies to it. */
function pickListing(listing) {
  map.getSource(CHOSEN).setData({ type: 'Feature', id: listing.id, properties: {},
    geometry: { type: 'Point', coordinates: [listing.lon, listing.lat] } });
  map.flyTo({ center: [listing.lon, listing.lat], zoom: Math.max(map.getZoom(), PICK_ZOOM), ...easeOptions() });
}

function addChosenLayer() {
  map.addSource(CHOSEN, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({ id: CHOSEN, type: 'circle', source: CHOSEN, paint: {
    'circle-radius': 11, 'circle-opacity': 0, 'circle-stroke-width': 3, 'circle-stroke-color': '#bf8700' } });
}

/** The first statistics bring the source's price edges: a shading drawn before them takes their stops. */
function reshadeWithEdges() {
  if (zipToggle.checked && !shadedWithEdges) {
    shadeZips();
  }
}

function shadeZips() {
  shadedWithEdges = Boolean(panel && panel.stats);
  const stops = rampStops(shadedWithEdges ? panel.stats.histogram.edges : null);
  setZipShading(map, zipToggle.checked, stops, [...CLUSTER_LAYERS, ...LISTING_LAYERS]);
  const legend = document.getElementById('zip-legend');
  if (zipToggle.checked) {
    drawLegend(legend, stops, (v) => money.format(v));
  } else {
    legend.replaceChildren();
  }
  saveState();
}

/** Resolves once the map has drawn everything it asked for. */
function settled() {
  return new Promise((resolve) => {
    if (map.loaded() && map.areTilesLoaded()) {
      resolve();
    } else {
      map.once('idle', () => resolve());
    }
  });
}

/** The clusters drawn now, biggest first, each once (a cluster in two tiles' buffers is one place). */
function clustersBySize(layer) {
  const byId = new Map(map.queryRenderedFeatures({ layers: [layer] }).map((f) => [f.id, f]));
  return [...byId.values()].sort((a, b) => b.properties.point_count - a.properties.point_count);
}

/**
 * Opens on the densest place of the data whatever its extent (a cluster source's TileJSON centre is
 * the middle of its bounds, which for listings across a country is nowhere in particular). From the
 * bounds' view, each of the CANDIDATES biggest clusters is looked at three zooms closer; the map opens
 * at OPEN_ZOOM on the biggest cluster seen there. Looking at several keeps a cell that merely happens
 * to hold two nearby towns from winning over the biggest single place.
 */
async function openOnDensest() {
  const [layer] = CLUSTER_LAYERS.filter((id) => map.getLayer(id));
  await settled();
  if (!layer) {
    return;
  }
  const closer = Math.min(OPEN_ZOOM, Math.floor(map.getZoom()) + 3);
  let best = null;
  for (const candidate of clustersBySize(layer).slice(0, CANDIDATES)) {
    map.jumpTo({ center: candidate.geometry.coordinates, zoom: closer });
    await settled();
    const [biggest] = clustersBySize(layer);
    if (biggest && (!best || biggest.properties.point_count > best.properties.point_count)) {
      best = biggest;
    }
  }
  if (best) {
    map.jumpTo({ center: best.geometry.coordinates, zoom: OPEN_ZOOM });
  }
  await settled();
}

/** Disables the fields no source of this server declares, and says so. */
function offerDeclaredFilters() {
  const declared = new Set(Object.values(catalog).flatMap((entry) => Object.keys(entry.filters || {})));
  for (const name of FILTERS) {
    const field = form.elements[name];
    field.disabled = !declared.has(name);
    field.title = field.disabled ? 'No source of this server offers this filter' : '';
  }
}

function easeOptions() {
  return reducedMotion.matches ? { duration: 0 } : { duration: 600 };
}

async function zoomToCluster(feature) {
  const center = feature.geometry.coordinates;
  const source = map.getSource(feature.source);
  const [id] = servedIds(tileJsonUrls[feature.source] || source.url || '');
  // Cluster ids name places; the filters of the tiles the cluster came from say which listings it holds.
  const inEffect = source.url ? Object.fromEntries(new URL(source.url, location.href).searchParams) : {};
  const query = filterQuery([id], inEffect);
  try {
    const expansion = await getJson(`tiles/${encodeURIComponent(id)}/clusters/${feature.properties.cluster_id}${query}`);
    map.easeTo({ center, zoom: expansion.expansion_zoom, ...easeOptions() });
  } catch (error) {
    // A source without the cluster endpoint: zooming in two levels still splits the cluster.
    map.easeTo({ center, zoom: Math.min(map.getMaxZoom(), map.getZoom() + 2), ...easeOptions() });
  }
}

function showListing(feature, lngLat) {
  const properties = feature.properties;
  const content = document.createElement('div');
  content.className = 'listing-popup';
  const price = document.createElement('p');
  price.className = 'price';
  price.textContent = properties.price === undefined ? 'Price not listed' : money.format(properties.price);
  content.append(price);
  const table = document.createElement('table');
  for (const [key, value] of Object.entries(properties)) {
    if (key === 'price') {
      continue;
    }
    const row = table.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = key.replaceAll('_', ' ');
    row.append(th);
    row.insertCell().textContent = String(value);
  }
  content.append(table);
  if (openPopup) {
    openPopup.remove();
  }
  openPopup = new maplibregl.Popup({ maxWidth: '280px', focusAfterOpen: true })
    .setLngLat(lngLat)
    .setDOMContent(content)
    .addTo(map);
}

function interactiveLayers() {
  const picked = (map.getStyle().layers || []).filter((layer) => layer.source === PICKED).map((layer) => layer.id);
  return [...CLUSTER_LAYERS, ...LISTING_LAYERS, ...picked].filter((id) => map.getLayer(id));
}

function onClick(event) {
  const [feature] = map.queryRenderedFeatures(event.point, { layers: interactiveLayers() });
  if (!feature) {
    return;
  }
  if (feature.properties.point_count !== undefined) {
    zoomToCluster(feature);
  } else {
    showListing(feature, feature.geometry.type === 'Point' ? feature.geometry.coordinates : event.lngLat);
  }
}

function fillSourcePicker() {
  for (const [id, entry] of Object.entries(catalog)) {
    const option = document.createElement('option');
    option.value = id;
    option.textContent = entry.description ? `${id} – ${entry.description}` : id;
    sourcePicker.append(option);
  }
}

function pickSource() {
  for (const layer of map.getStyle().layers.filter((l) => l.source === PICKED)) {
    map.removeLayer(layer.id);
  }
  if (map.getSource(PICKED)) {
    map.removeSource(PICKED);
  }
  delete tileJsonUrls[PICKED];
  const id = sourcePicker.value;
  if (!id) {
    return;
  }
  const entry = catalog[id];
  tileJsonUrls[PICKED] = `${location.origin}/tiles/${encodeURIComponent(id)}.json`;
  map.addSource(PICKED, { type: 'vector', url: filteredUrl(tileJsonUrls[PICKED], filterValues()) });
  for (const layer of entry.layers) {
    const common = { source: PICKED, 'source-layer': layer };
    map.addLayer({ ...common, id: `${PICKED}-${layer}-fill`, type: 'fill',
      filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#8e44ad', 'fill-opacity': 0.2 } });
    map.addLayer({ ...common, id: `${PICKED}-${layer}-line`, type: 'line',
      filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#8e44ad', 'line-width': 1.5 } });
    map.addLayer({ ...common, id: `${PICKED}-${layer}-point`, type: 'circle',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-color': '#8e44ad', 'circle-radius': 4, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } });
  }
  const [west, south, east, north] = entry.bounds;
  map.fitBounds([[west, south], [east, north]], { padding: 40, animate: !reducedMotion.matches });
}

function wirePanel() {
  form.addEventListener('change', applyFilters);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  form.addEventListener('reset', () => setTimeout(applyFilters));
  zipToggle.addEventListener('change', shadeZips);
  if (catalog[ZIP_SOURCE]) {
    zipToggle.disabled = false;
    zipToggle.title = '';
  }
  sourcePicker.addEventListener('change', pickSource);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && openPopup) {
      openPopup.remove();
      openPopup = null;
    }
  });
  const toggle = document.getElementById('panel-toggle');
  toggle.addEventListener('click', () => {
    const expanded = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!expanded));
    toggle.textContent = expanded ? 'Show filters' : 'Hide filters';
    document.getElementById('panel').classList.toggle('collapsed', expanded);
  });
}

let map;
let openPopup = null;
let panel = null;
let shadedWithEdges = false;
// The cluster source the list and the statistics come from: the style's first source of kind cluster.
let listSource = null;

async function start() {
  const styleName = new URLSearchParams(location.search).get('style')
    || document.querySelector('meta[name="tileserver-style"]').content;
  const [packaged, served] = await Promise.all([getJson(`styles/${encodeURIComponent(styleName)}.json`), getJson('catalog')]);
  Object.assign(catalog, served.tiles);
  const basemap = packaged.metadata && packaged.metadata['tileserver:basemap'];
  const style = basemap ? await withBasemap(packaged, basemap) : packaged;
  for (const [id, source] of Object.entries(style.sources)) {
    if (source.url && servedIds(source.url).length > 0) {
      tileJsonUrls[id] = source.url;
    }
  }
  const state = readState(FILTERS);
  for (const [name, value] of Object.entries(state.filters)) {
    form.elements[name].value = value;
  }
  for (const [id, url] of Object.entries(tileJsonUrls)) {
    style.sources[id] = { ...style.sources[id], url: filteredUrl(url, filterValues()) };
  }
  listSource = Object.values(tileJsonUrls).flatMap(servedIds).find((id) => (catalog[id] || {}).kind === 'cluster') || null;
  // A shared link opens where it was; otherwise the map starts on the first source's TileJSON view
  // (its bounds) and openOnDensest zooms in from there.
  const [first] = Object.values(tileJsonUrls);
  const tileJson = first && !state.view ? await getJson(first) : null;
  const [lng, lat, zoom] = state.view ? [...state.view.center, state.view.zoom]
    : tileJson && tileJson.center && !spansTheWorld(tileJson.bounds) ? tileJson.center : [...style.center, style.zoom];
  map = new maplibregl.Map({ container: 'listing-map', style, center: [lng, lat], zoom, transformRequest });
  window.map = map;
  map.addControl(new maplibregl.NavigationControl(), 'bottom-right');
  map.on('error', (event) => {
    const text = event.error && event.error.message ? event.error.message : String(event.error);
    showMessage(text);
    console.error(`map error: ${text}`);
  });
  map.on('click', onClick);
  map.on('mousemove', (event) => {
    const hit = map.queryRenderedFeatures(event.point, { layers: interactiveLayers() }).length > 0;
    map.getCanvas().style.cursor = hit ? 'pointer' : '';
  });
  offerDeclaredFilters();
  fillSourcePicker();
  wirePanel();
  await new Promise((resolve) => (map.loaded() ? resolve() : map.once('load', resolve)));
  addChosenLayer();
  if (state.view) {
    await settled();
  } else {
    await openOnDensest();
  }
  if (listSource) {
    panel = new ListingsPanel({ map, source: listSource, filterQuery: listQuery, money: (v) => money.format(v),
      onPick: pickListing, onStats: reshadeWithEdges });
    if (state.sort) {
      panel.sortPicker.value = state.sort;
    }
    panel.sortPicker.addEventListener('change', saveState);
    map.on('moveend', () => panel.refresh());
    panel.refresh();
  } else {
    document.getElementById('results').hidden = true;
  }
  zipToggle.checked = state.zips && !zipToggle.disabled;
  if (zipToggle.checked) {
    shadeZips();
  }
  map.on('moveend', saveState);
  saveState();
}

// Tests and people at the console wait on this: the map has opened on its first view.
window.viewerReady = start().catch((error) => {
  showMessage(`The map could not start: ${error.message}`);
  console.error(error);
});
