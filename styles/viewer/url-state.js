// The page's query string holds what a person would share: the view (map=zoom/lat/lng, as MapLibre's
// own hash writes it), the filters, the list's sort and the ZIP shading. Reloading the link restores them.

const VIEW = 'map';
const SORT = 'sort';
const ZIPS = 'zips';

/** What the URL says: {view: {center, zoom} | null, filters: {name: value}, sort, zips}. */
export function readState(filterNames) {
  const params = new URLSearchParams(location.search);
  const parts = (params.get(VIEW) || '').split('/').map(Number);
  const view = parts.length === 3 && parts.every(Number.isFinite) && Math.abs(parts[1]) <= 90
    ? { center: [parts[2], parts[1]], zoom: parts[0] } : null;
  const filters = {};
  for (const name of filterNames) {
    if (params.get(name)) {
      filters[name] = params.get(name);
    }
  }
  return { view, filters, sort: params.get(SORT) || '', zips: params.get(ZIPS) === '1' };
}

/** Rewrites the URL in place (no history entry per pan) keeping parameters it does not own, like style. */
export function writeState(map, filterNames, { filters, sort, zips }) {
  const params = new URLSearchParams(location.search);
  const center = map.getCenter();
  params.set(VIEW, `${map.getZoom().toFixed(2)}/${center.lat.toFixed(5)}/${center.lng.toFixed(5)}`);
  for (const name of filterNames) {
    if (filters[name]) {
      params.set(name, filters[name]);
    } else {
      params.delete(name);
    }
  }
  if (sort) {
    params.set(SORT, sort);
  } else {
    params.delete(SORT);
  }
  if (zips) {
    params.set(ZIPS, '1');
  } else {
    params.delete(ZIPS);
  }
  history.replaceState(null, '', `${location.pathname}?${params.toString().replaceAll('%2F', '/')}`);
}
