// The list beside the map: the listings in view from /api/{source}/listings (sorted, a page at a time
// with the API's cursor), the count and median price from /api/{source}/stats, and the stats'
// price histogram under the price filter. It follows the map, debounced, and drops stale answers.

const PAGE_SIZE = 20;
const DEBOUNCE_MS = 250;
const MERCATOR_LAT = 85.05112878;

/** The map's view as the API's bbox: longitudes wrapped into -180..180 (west east of east crosses the antimeridian). */
export function viewBbox(map) {
  const bounds = map.getBounds();
  let west = bounds.getWest();
  let east = bounds.getEast();
  if (east - west >= 360) {
    west = -180;
    east = 180;
  } else {
    west = ((((west + 180) % 360) + 360) % 360) - 180;
    east = ((((east + 180) % 360) + 360) % 360) - 180;
  }
  const south = Math.max(-MERCATOR_LAT, bounds.getSouth());
  const north = Math.min(MERCATOR_LAT, bounds.getNorth());
  return [west, south, east, north].map((v) => v.toFixed(6)).join(',');
}

/** The list panel, its summary line and the histogram, for one cluster source. */
export class ListingsPanel {
  constructor({ map, source, filterQuery, money, onPick, onStats }) {
    Object.assign(this, { map, source, filterQuery, money, onPick, onStats });
    this.list = document.getElementById('results-list');
    this.summary = document.getElementById('results-summary');
    this.sortPicker = document.getElementById('sort');
    this.previous = document.getElementById('page-previous');
    this.next = document.getElementById('page-next');
    this.pageLabel = document.getElementById('page-label');
    this.histogram = document.getElementById('price-histogram');
    this.cursors = [null];
    this.picked = null;
    this.timer = null;
    this.controller = null;
    this.previous.addEventListener('click', () => this.turn(-1));
    this.next.addEventListener('click', () => this.turn(1));
    this.sortPicker.addEventListener('change', () => this.refresh());
  }

  get sort() {
    return this.sortPicker.value;
  }

  /** Reloads from the first page after the map settles or a filter changes. */
  refresh() {
    clearTimeout(this.timer);
    // What the list is waiting for, readable by tests: 'pending' until the request is made.
    this.list.dataset.requested = 'pending';
    this.timer = setTimeout(() => {
      this.cursors = [null];
      this.load(true);
    }, DEBOUNCE_MS);
  }

  turn(step) {
    if (step > 0 && this.nextCursor) {
      this.cursors.push(this.nextCursor);
    } else if (step < 0 && this.cursors.length > 1) {
      this.cursors.pop();
    } else {
      return;
    }
    this.load(false);
  }

  async load(withStats) {
    if (this.controller) {
      this.controller.abort();
    }
    this.controller = new AbortController();
    const { signal } = this.controller;
    const query = new URLSearchParams(this.filterQuery());
    query.set('bbox', viewBbox(this.map));
    const statsUrl = `api/${encodeURIComponent(this.source)}/stats?${query}`;
    query.set('sort', this.sort);
    query.set('limit', String(PAGE_SIZE));
    const cursor = this.cursors[this.cursors.length - 1];
    if (cursor) {
      query.set('cursor', cursor);
    }
    const listingsUrl = `api/${encodeURIComponent(this.source)}/listings?${query}`;
    this.list.dataset.requested = listingsUrl;
    try {
      const [page, stats] = await Promise.all([
        fetchJson(listingsUrl, signal),
        withStats ? fetchJson(statsUrl, signal) : Promise.resolve(null),
      ]);
      if (stats) {
        this.showStats(stats);
        this.histogram.dataset.shown = statsUrl;
      }
      this.showPage(page);
      this.list.dataset.shown = listingsUrl;
    } catch (error) {
      if (error.name !== 'AbortError') {
        this.summary.textContent = `The list could not load: ${error.message}`;
      }
    }
  }

  showStats(stats) {
    this.stats = stats;
    const median = stats.price ? `, median ${this.money(stats.price.median)}` : '';
    this.summary.textContent = `${stats.count.toLocaleString('en-US')} ${stats.count === 1 ? 'home' : 'homes'} in view${median}`;
    this.drawHistogram();
    this.onStats(stats);
  }

  showPage(page) {
    this.nextCursor = page.next;
    this.list.replaceChildren(...page.listings.map((listing) => this.row(listing)));
    const first = (this.cursors.length - 1) * PAGE_SIZE;
    this.pageLabel.textContent = page.listings.length === 0
      ? 'No listings here'
      : `${(first + 1).toLocaleString('en-US')}–${(first + page.listings.length).toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')}`;
    this.previous.disabled = this.cursors.length <= 1;
    this.next.disabled = !page.next;
    this.list.scrollTop = 0;
  }

  row(listing) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'listing-row';
    button.dataset.id = String(listing.id);
    button.setAttribute('aria-pressed', String(listing.id === this.picked));
    const price = document.createElement('span');
    price.className = 'row-price';
    price.textContent = listing.price == null ? 'Price not listed' : this.money(listing.price);
    const facts = document.createElement('span');
    facts.className = 'row-facts';
    facts.textContent = [
      listing.bedrooms != null ? `${listing.bedrooms} bd` : null,
      listing.bathrooms != null ? `${listing.bathrooms} ba` : null,
      listing.sqft != null ? `${listing.sqft.toLocaleString('en-US')} sqft` : null,
    ].filter(Boolean).join(' · ');
    const kind = document.createElement('span');
    kind.className = `row-kind status-${listing.status}`;
    kind.textContent = [listing.type, listing.status].filter(Boolean).join(', ');
    button.append(price, facts, kind);
    button.addEventListener('click', () => {
      this.picked = listing.id;
      for (const other of this.list.querySelectorAll('.listing-row')) {
        other.setAttribute('aria-pressed', String(other === button));
      }
      this.onPick(listing);
    });
    item.append(button);
    return item;
  }

  /** Equal-width bars (the buckets hold equal shares of the source), those within the price filter marked. */
  drawHistogram() {
    const { edges, counts } = (this.stats && this.stats.histogram) || { edges: [], counts: [] };
    const svg = this.histogram;
    const width = 236;
    const height = 48;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.replaceChildren();
    const highest = Math.max(1, ...counts);
    const filters = Object.fromEntries(new URLSearchParams(this.filterQuery()));
    const low = filters.minPrice ? Number(filters.minPrice) : -Infinity;
    const high = filters.maxPrice ? Number(filters.maxPrice) : Infinity;
    const step = width / Math.max(1, counts.length);
    counts.forEach((count, i) => {
      const upper = i + 1 < edges.length ? edges[i + 1] : Infinity;
      const bar = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      const h = count === 0 ? 0 : Math.max(1, (count / highest) * (height - 2));
      bar.setAttribute('x', (i * step + 0.5).toFixed(1));
      bar.setAttribute('y', (height - h).toFixed(1));
      bar.setAttribute('width', Math.max(1, step - 1).toFixed(1));
      bar.setAttribute('height', h.toFixed(1));
      bar.setAttribute('class', upper > low && edges[i] <= high ? 'in-range' : 'out-of-range');
      bar.dataset.count = String(count);
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = `${this.money(edges[i])}${Number.isFinite(upper) ? `–${this.money(upper)}` : ' and up'}: ${count.toLocaleString('en-US')}`;
      bar.append(title);
      svg.append(bar);
    });
    svg.setAttribute('aria-label', `Price histogram of the ${this.stats ? this.stats.count : 0} listings in view, ${counts.length} buckets`);
  }
}

async function fetchJson(url, signal) {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    throw new Error(`${url.split('?')[0]}: HTTP ${response.status}`);
  }
  return response.json();
}
