package io.tileserver.archive.pmtiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Tiles as they arrive, in any order: their bytes appended to a spool file, and per tile only its id,
 * spool position, length and a 128-bit content hash in primitive arrays (36 bytes a tile, so millions
 * of tiles fit in memory while their bytes stay on disk). {@link #layout} then orders them for a
 * clustered archive. Adding is synchronized; the hash is taken before the lock.
 */
final class TileSpool implements AutoCloseable {
  private final FileChannel file;
  private long fileLength;
  private int count;
  private long[] tileIds = new long[1024];
  private long[] positions = new long[1024];
  private int[] lengths = new int[1024];
  private long[] hashHigh = new long[1024];
  private long[] hashLow = new long[1024];

  TileSpool(Path spool) throws IOException {
    this.file = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  void add(long tileId, byte[] bytes) throws IOException {
    ByteBuffer hash = ByteBuffer.wrap(sha256(bytes));
    synchronized (this) {
      if (count == tileIds.length) {
        grow();
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        file.write(buffer, fileLength + buffer.position());
      }
      tileIds[count] = tileId;
      positions[count] = fileLength;
      lengths[count] = bytes.length;
      hashHigh[count] = hash.getLong();
      hashLow[count] = hash.getLong();
      fileLength += bytes.length;
      count++;
    }
  }

  /**
   * The archive's tile entries and the order in which to copy spooled tiles into its data section.
   * Tiles with equal hashes share the bytes of the one with the lowest tile id (which comes first in
   * tile id order, so it is already placed); consecutive tile ids with the same bytes become one run.
   */
  synchronized Layout layout() {
    Integer[] byId = new Integer[count];
    Arrays.setAll(byId, i -> i);
    // A copy shares the boxed indices, so the second order costs a reference a tile, not an object.
    Integer[] byContent = byId.clone();
    Arrays.sort(byId, Comparator.comparingLong(i -> tileIds[i]));
    Arrays.sort(byContent, Comparator.<Integer>comparingLong(i -> hashHigh[i]).thenComparingLong(i -> hashLow[i])
        .thenComparingLong(i -> tileIds[i]));
    int[] canonical = new int[count];
    for (int k = 0, first = 0; k < count; k++) {
      int i = byContent[k];
      if (k == 0 || hashHigh[i] != hashHigh[first] || hashLow[i] != hashLow[first]) {
        first = i;
      }
      canonical[i] = first;
    }

    long[] dataOffsets = new long[count];
    int[] copyOrder = new int[count];
    int contents = 0;
    long dataLength = 0;
    Entries entries = new Entries();
    for (Integer boxed : byId) {
      int i = boxed;
      int source = canonical[i];
      if (source == i) {
        dataOffsets[i] = dataLength;
        dataLength += lengths[i];
        copyOrder[contents++] = i;
      }
      entries.add(tileIds[i], dataOffsets[source], lengths[source]);
    }
    return new Layout(entries.toDirectory(), Arrays.copyOf(copyOrder, contents), count, dataLength);
  }

  /** Copies spooled tile {@code index} to the end of {@code out}. */
  void copy(int index, WritableByteChannel out) throws IOException {
    long done = 0;
    while (done < lengths[index]) {
      done += file.transferTo(positions[index] + done, lengths[index] - done, out);
    }
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** What {@link #layout} decided: entries, spool indices in data order, and the header's counts. */
  record Layout(Directory entries, int[] copyOrder, long addressedTiles, long dataLength) {
    long tileContents() {
      return copyOrder.length;
    }
  }

  private void grow() {
    int size = tileIds.length * 2;
    tileIds = Arrays.copyOf(tileIds, size);
    positions = Arrays.copyOf(positions, size);
    lengths = Arrays.copyOf(lengths, size);
    hashHigh = Arrays.copyOf(hashHigh, size);
    hashLow = Arrays.copyOf(hashLow, size);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Tile entries in id order, merging a tile into the previous entry's run when it follows it with the same bytes. */
  private static final class Entries {
    private int size;
    private long[] tileIds = new long[1024];
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int[] runLengths = new int[1024];

    void add(long tileId, long offset, int length) {
      int last = size - 1;
      if (last >= 0 && offsets[last] == offset && tileIds[last] + runLengths[last] == tileId
          && runLengths[last] < Integer.MAX_VALUE) {
        runLengths[last]++;
        return;
      }
      if (size == tileIds.length) {
        tileIds = Arrays.copyOf(tileIds, size * 2);
        offsets = Arrays.copyOf(offsets, size * 2);
        lengths = Arrays.copyOf(lengths, size * 2);
        runLengths = Arrays.copyOf(runLengths, size * 2);
      }
      tileIds[size] = tileId;
      offsets[size] = offset;
      lengths[size] = length;
      runLengths[size] = 1;
      size++;
    }

    Directory toDirectory() {
      return new Directory(Arrays.copyOf(tileIds, size), Arrays.copyOf(offsets, size), Arrays.copyOf(lengths, size),
          Arrays.copyOf(runLengths, size));
    }
  }
}
