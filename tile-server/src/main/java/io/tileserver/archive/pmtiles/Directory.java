package io.tileserver.archive.pmtiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A PMTiles v3 directory: entries in ascending tile id order, each a run of {@code runLength} tiles
 * that share the bytes at {@code offset} (relative to the tile data section), or, with run length 0,
 * a leaf directory at {@code offset} (relative to the leaf section). Held as parallel primitive
 * arrays: a leaf of thousands of entries costs a few bytes per entry instead of an object each.
 */
final class Directory {
  private final long[] tileIds;
  private final long[] offsets;
  private final int[] lengths;
  private final int[] runLengths;

  Directory(long[] tileIds, long[] offsets, int[] lengths, int[] runLengths) {
    this.tileIds = tileIds;
    this.offsets = offsets;
    this.lengths = lengths;
    this.runLengths = runLengths;
  }

  int size() {
    return tileIds.length;
  }

  long tileId(int i) {
    return tileIds[i];
  }

  long offset(int i) {
    return offsets[i];
  }

  int length(int i) {
    return lengths[i];
  }

  int runLength(int i) {
    return runLengths[i];
  }

  /** The entry that may hold {@code tileId}: the last one starting at or before it, or -1 when none does. */
  int find(long tileId) {
    int found = Arrays.binarySearch(tileIds, tileId);
    return found >= 0 ? found : -found - 2;
  }

  /**
   * Entries {@code from..to-1} in the spec's serialization, before internal compression: the count,
   * then columns of tile id deltas, run lengths, lengths and offsets, where an offset right after the
   * previous entry's bytes is written as 0 and any other as offset + 1.
   */
  byte[] serialize(int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) * 6 + 8);
    Varints.write(out, to - from);
    long lastId = 0;
    for (int i = from; i < to; i++) {
      Varints.write(out, tileIds[i] - lastId);
      lastId = tileIds[i];
    }
    for (int i = from; i < to; i++) {
      Varints.write(out, runLengths[i]);
    }
    for (int i = from; i < to; i++) {
      Varints.write(out, lengths[i]);
    }
    for (int i = from; i < to; i++) {
      boolean follows = i > from && offsets[i] == offsets[i - 1] + lengths[i - 1];
      Varints.write(out, follows ? 0 : offsets[i] + 1);
    }
    return out.toByteArray();
  }

  /** Reads a serialized directory (already decompressed); malformed bytes give an IOException saying what is wrong. */
  static Directory deserialize(byte[] bytes) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long count = Varints.read(in);
    // Every entry takes at least four bytes, so a count beyond that is corruption, not a huge allocation.
    if (count < 1 || count > bytes.length / 4) {
      throw new IOException("a directory says it has " + count + " entries in " + bytes.length + " bytes");
    }
    int n = (int) count;
    long[] tileIds = new long[n];
    long[] offsets = new long[n];
    int[] lengths = new int[n];
    int[] runLengths = new int[n];
    long lastId = 0;
    for (int i = 0; i < n; i++) {
      lastId += Varints.read(in);
      tileIds[i] = lastId;
    }
    for (int i = 0; i < n; i++) {
      runLengths[i] = uint32(Varints.read(in), "run length");
    }
    for (int i = 0; i < n; i++) {
      lengths[i] = uint32(Varints.read(in), "length");
      if (lengths[i] == 0) {
        throw new IOException("directory entry " + i + " has length 0");
      }
    }
    for (int i = 0; i < n; i++) {
      long value = Varints.read(in);
      offsets[i] = value == 0 && i > 0 ? offsets[i - 1] + lengths[i - 1] : value - 1;
      if (offsets[i] < 0) {
        throw new IOException("directory entry " + i + " has no offset");
      }
    }
    return new Directory(tileIds, offsets, lengths, runLengths);
  }

  private static int uint32(long value, String what) throws IOException {
    // Tiles and leaves are read into one array, so a length must fit in a Java int as well as in uint32.
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IOException("a directory entry's " + what + " is " + Long.toUnsignedString(value));
    }
    return (int) value;
  }
}
