// Reads a local PMTiles archive with the reference reader (the npm `pmtiles` package) and prints as
// JSON its header, its metadata, and every addressed tile "z/x/y" with the SHA-256 (hex) of the
// bytes the package returns for it (tile compression undone, as the package does).
// The tile list comes from walking the root and leaf directories with the package's own parser and
// turning tile ids into z/x/y with its own Hilbert code; each tile is then fetched by z/x/y.
// Usage: node pmtiles-dump.mjs ARCHIVE
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
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

  const tileIds = [];
  let leaves = 0;
  const walk = async (offset, length) => {
    for (const entry of await archive.cache.getDirectory(source, offset, length, header)) {
      if (entry.runLength === 0) {
        leaves++;
        await walk(header.leafDirectoryOffset + entry.offset, entry.length);
      } else {
        for (let i = 0; i < entry.runLength; i++) {
          tileIds.push(entry.tileId + i);
        }
      }
    }
  };
  await walk(header.rootDirectoryOffset, header.rootDirectoryLength);

  const tiles = {};
  for (const tileId of tileIds) {
    const [z, x, y] = tileIdToZxy(tileId);
    const tile = await archive.getZxy(z, x, y);
    tiles[`${z}/${x}/${y}`] = createHash("sha256").update(new Uint8Array(tile.data)).digest("hex");
  }
  process.stdout.write(JSON.stringify({ header, metadata, leaves, tiles }));
} finally {
  await handle.close();
}
