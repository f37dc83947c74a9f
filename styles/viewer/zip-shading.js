// ZIP areas shaded by the median price of the listings inside them (the zip_prices table source), as
// a fill beneath the listings, with a legend. The ramp's stops are the source's price histogram edges
// (fixed per source by the server), so the colours mean the same everywhere and while panning.

export const ZIP_SOURCE = 'zip_prices';
export const ZIP_LAYER = 'zip-price-fill';
const COLOURS = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'];
const FALLBACK_STOPS = [200000, 350000, 500000, 750000, 1200000];

/** Five increasing prices from the histogram's lower edges (10th to 90th percentile of the source). */
export function rampStops(edges) {
  if (!edges || edges.length < COLOURS.length) {
    return FALLBACK_STOPS;
  }
  const picked = [0.1, 0.3, 0.5, 0.7, 0.9].map((q) => edges[Math.min(edges.length - 1, Math.round(q * edges.length))]);
  return picked.every((v, i) => i === 0 || v > picked[i - 1]) ? picked : FALLBACK_STOPS;
}

/** Adds the fill beneath the first of `beneath` that the map has, or removes it. */
export function setZipShading(map, on, stops, beneath) {
  if (map.getLayer(ZIP_LAYER)) {
    map.removeLayer(ZIP_LAYER);
  }
  if (map.getSource(ZIP_SOURCE)) {
    map.removeSource(ZIP_SOURCE);
  }
  if (!on) {
    return;
  }
  map.addSource(ZIP_SOURCE, { type: 'vector', url: `${location.origin}/tiles/${ZIP_SOURCE}.json` });
  const ramp = ['interpolate', ['linear'], ['get', 'median_price']];
  stops.forEach((stop, i) => ramp.push(stop, COLOURS[i]));
  map.addLayer({
    id: ZIP_LAYER,
    type: 'fill',
    source: ZIP_SOURCE,
    'source-layer': ZIP_SOURCE,
    filter: ['has', 'median_price'],
    paint: { 'fill-color': ramp, 'fill-opacity': 0.6, 'fill-outline-color': '#ffffff' },
  }, beneath.find((id) => map.getLayer(id)));
}

/** The legend: a gradient with the first, middle and last stop. */
export function drawLegend(element, stops, money) {
  element.replaceChildren();
  const bar = document.createElement('div');
  bar.className = 'ramp';
  bar.style.background = `linear-gradient(to right, ${COLOURS.join(', ')})`;
  const labels = document.createElement('div');
  labels.className = 'ramp-labels';
  for (const stop of [stops[0], stops[2], stops[4]]) {
    const span = document.createElement('span');
    span.textContent = money(stop);
    labels.append(span);
  }
  element.append(bar, labels);
}
