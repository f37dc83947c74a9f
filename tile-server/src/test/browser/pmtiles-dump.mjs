// Reads a local PMTiles archive with the reference reader (the npm `pmtiles` package) and prints as
// JSON its header, its metadata, the number of leaf directories, and two views of the tiles:
// - "stored": every addressed tile "z/x/y" with the SHA-256 (hex) of its bytes as stored, found by
//   walking the root and leaf directories with the package's own parser and turning tile ids into
//   z/x/y with its own Hilbert code;
// - "fetched": about a thousand of them, spread over the archive, fetched by z/x/y through the
//   package's own lookup (PMTiles.getZxy, which also undoes the tile compression), with the SHA-256 of
//   what it returns. Fetching all is left out: a getZxy costs about half a millisecond.
// Usage: node pmtiles-dump.mjs ARCHIVE
import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import { PMTiles, tileIdToZxy } from "pmtiles";

/** The package's FileSource takes a browser File; this Source reads ranges of a local file. */
class LocalFileSource {
  constructor(handle, path) {
    this.handle = handle;
    this.path = path;
  }

  getKey() {
    return this.path;
  }

  async getBytes(offset, length) {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
    return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) };
  }
}

const path = process.argv[2];
const handle = await open(path, "r");
try {
  const source = new LocalFileSource(handle, path);
  const archive = new PMTiles(source);
  const header = await archive.getHeader();
  const metadata = await archive.getMetadata();

  const file = new Uint8Array(await readFile(path));
  const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
  const key = (tileId) => tileIdToZxy(tileId).join("/");
  const stored = {};
  let leaves = 0;
  const walk = async (offset, length) => {
    for (const entry of await archive.cache.getDirectory(source, offset, length, header)) {
      if (entry.runLength === 0) {
        leaves++;
        await walk(header.leafDirectoryOffset + entry.offset, entry.length);
      } else {
        const start = header.tileDataOffset + entry.offset;
        const hash = sha256(file.subarray(start, start + entry.length));
        for (let i = 0; i < entry.runLength; i++) {
          stored[key(entry.tileId + i)] = hash;
        }
      }
    }
  };
  await walk(header.rootDirectoryOffset, header.rootDirectoryLength);

  const keys = Object.keys(stored);
  const step = Math.max(1, Math.floor(keys.length / 1000));
  const fetched = {};
  for (let i = 0; i < keys.length; i += step) {
    const [z, x, y] = keys[i].split("/").map(Number);
    const tile = await archive.getZxy(z, x, y);
    fetched[keys[i]] = sha256(new Uint8Array(tile.data));
  }
  process.stdout.write(JSON.stringify({ header, metadata, leaves, stored, fetched }));
} finally {
  await handle.close();
}
