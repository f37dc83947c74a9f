// Rebuilds basemap.geojson from the npm packages world-atlas 2.0.2 (Natural Earth 1:50m admin-0
// countries) and us-atlas 3.0.1 (US Census cartographic state boundaries, 1:10m), both public-domain
// data: npm install world-atlas@2.0.2 us-atlas@3.0.1 topojson-client@3.1.0, then
// node make-basemap.mjs node_modules > basemap.geojson
import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';

const modules = process.argv[2] || 'node_modules';
// Three decimals (about 100 m) is finer than the 1:50m source (about 1 km a vertex), and keeps the
// file small; vertices that round onto their neighbour are dropped.
const round = (value) => Math.round(value * 1e3) / 1e3;
const roundLine = (line) => line.map((p) => [round(p[0]), round(p[1])])
  .filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
// A ring that rounding left with fewer than four positions is no ring: it goes, and a polygon whose
// outer ring went goes with it.
const roundPolygon = (rings) => {
  const kept = rings.map(roundLine);
  return kept[0].length < 4 ? null : kept.filter((ring) => ring.length >= 4);
};
const roundGeometry = ({ type, coordinates }) => (type === 'Polygon'
  ? { type, coordinates: roundPolygon(coordinates) }
  : { type, coordinates: coordinates.map(roundPolygon).filter((p) => p) });

function features(file, object, kind) {
  const topology = JSON.parse(readFileSync(`${modules}/${file}`, 'utf8'));
  return feature(topology, topology.objects[object]).features
    .filter((f) => f.geometry)
    .map((f) => ({
      type: 'Feature',
      properties: { kind, name: f.properties.name },
      geometry: roundGeometry(f.geometry),
    }));
}

const all = [
  ...features('world-atlas/countries-50m.json', 'countries', 'country'),
  ...features('us-atlas/states-10m.json', 'states', 'state'),
];
process.stdout.write(`{"type":"FeatureCollection","features":[\n${all.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`);
