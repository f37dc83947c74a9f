// Decodes vector tiles with the JavaScript reference decoder (@mapbox/vector-tile) and prints
// them as JSON, so the Java tests can compare what a MapLibre-style client reads with what the
// Java encoder meant to write. Usage: node decode.mjs tile1.mvt [tile2.mvt ...]
import { readFileSync } from 'node:fs';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';

const tiles = {};
for (const path of process.argv.slice(2)) {
  const tile = new VectorTile(new PbfReader(readFileSync(path)));
  const layers = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      features.push({
        id: feature.id ?? null,
        type: feature.type,
        properties: feature.properties,
        geometry: feature.loadGeometry().map((part) => part.map((p) => [p.x, p.y])),
      });
    }
    layers[name] = { version: layer.version, extent: layer.extent, features };
  }
  tiles[path] = layers;
}
process.stdout.write(JSON.stringify(tiles));
