package io.tileserver.archive.pmtiles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tileserver.archive.ArchiveMetadata;
import io.tileserver.archive.TileArchive;
import io.tileserver.archive.TileCompression;
import io.tileserver.tile.Bounds;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local PMTiles v3 archive, read with positional {@link FileChannel} reads so that any number of
 * threads read at once. The header, root directory and metadata are read when it opens; leaf
 * directories are decoded on first use and kept in a bounded cache.
 *
 * <p>Written here rather than taken from tileverse-pmtiles 1.3.3: that library brings Jackson 3
 * beside our Jackson 2, zstd-jni's native library, commons-compress/io/lang3/codec, a protobuf-javalite
 * that clashes with our protobuf-java, and its tile-matrix and vector-tile modules (about 11 MB), and
 * hands the metadata back through its own TileJSON binding where we keep the JSON as it is. The
 * format's reading side is two hundred lines.
 */
public final class PmtilesArchive implements TileArchive {
  /** Spec: a reader follows leaf directories at most this deep. */
  private static final int MAX_DEPTH = 4;
  /** Decoded leaves kept, in bytes of entries: a planet archive's hot leaves, not all of them. */
  private static final long LEAF_CACHE_BYTES = 64L << 20;

  private final Path path;
  private final PmtilesHeader header;
  private final long fileSize;
  private final Directory root;
  private final ArchiveMetadata metadata;
  private final Cache<Long, Directory> leaves;
  private volatile FileChannel channel;
  private volatile boolean closed;

  private PmtilesArchive(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    this.fileSize = channel.size();
    this.header = PmtilesHeader.read(read(0, (int) Math.min(fileSize, PmtilesHeader.LENGTH)), path.toString());
    if (header.internalCompression() != PmtilesHeader.COMPRESSION_NONE
        && header.internalCompression() != PmtilesHeader.COMPRESSION_GZIP) {
      throw new IOException(path + " compresses its directories with "
          + internalCompressionName(header.internalCompression())
          + "; this server reads only gzip or uncompressed ones (rewrite it with `pmtiles convert`)");
    }
    this.root = directory(header.rootOffset(), header.rootLength(), "root directory");
    this.metadata = readMetadata();
    this.leaves = Caffeine.newBuilder().maximumWeight(LEAF_CACHE_BYTES)
        .weigher((Long offset, Directory leaf) -> leaf.size() * 24).build();
  }

  /** Opens {@code path}, reading its header, root directory and metadata; an IOException says what is wrong with the file. */
  public static PmtilesArchive open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new PmtilesArchive(path, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public byte[] tile(int z, int x, int y) throws IOException {
    long tileId = TileId.of(z, x, y);
    if (z < header.minZoom() || z > header.maxZoom()) {
      return null;
    }
    Directory directory = root;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      int i = directory.find(tileId);
      if (i < 0) {
        return null;
      }
      if (directory.runLength(i) > 0) {
        if (tileId >= directory.tileId(i) + directory.runLength(i)) {
          return null;
        }
        ByteBuffer bytes = read(section(header.dataOffset(), directory.offset(i), directory.length(i), "tile"),
            directory.length(i));
        return bytes.array();
      }
      directory = leaf(directory.offset(i), directory.length(i));
    }
    throw new IOException(path + " nests leaf directories deeper than " + MAX_DEPTH + " levels");
  }

  @Override
  public ArchiveMetadata metadata() {
    return metadata;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    channel.close();
  }

  private Directory leaf(long offset, int length) throws IOException {
    try {
      return leaves.get(offset, key -> {
        try {
          return directory(section(header.leafOffset(), offset, length, "leaf directory"), length, "leaf directory");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Directory directory(long offset, long length, String what) throws IOException {
    byte[] bytes = internal(offset, length, what);
    try {
      return Directory.deserialize(bytes);
    } catch (IOException e) {
      throw new IOException(path + " has a corrupt " + what + " at byte " + offset + ": " + e.getMessage(), e);
    }
  }

  private ArchiveMetadata readMetadata() throws IOException {
    JsonObject json = new JsonObject();
    if (header.metadataLength() > 0) {
      String text = new String(internal(header.metadataOffset(), header.metadataLength(), "metadata"),
          StandardCharsets.UTF_8);
      try {
        json = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        throw new IOException(path + " has metadata that is not a JSON object: " + e.getMessage(), e);
      }
    }
    if (!json.containsKey("center")) {
      json.put("center", new JsonArray().add(PmtilesHeader.degrees(header.centerLonE7()))
          .add(PmtilesHeader.degrees(header.centerLatE7())).add(header.centerZoom()));
    }
    String format = PmtilesHeader.format(header.tileType());
    if (format == null) {
      format = json.getValue("format") instanceof String named ? named : null;
    }
    if (format == null) {
      throw new IOException(path + " has tile type " + header.tileType()
          + " and no \"format\" in its metadata, so its tiles cannot be served with a content type");
    }
    TileCompression compression = PmtilesHeader.tileCompression(header.tileCompression(), path.toString());
    return new ArchiveMetadata(format, compression, header.minZoom(), header.maxZoom(), bounds(), json);
  }

  /** The header's bounds, or null when they are not a valid box (an archive that left them zero is still served). */
  private Bounds bounds() {
    try {
      return new Bounds(PmtilesHeader.degrees(header.minLonE7()), PmtilesHeader.degrees(header.minLatE7()),
          PmtilesHeader.degrees(header.maxLonE7()), PmtilesHeader.degrees(header.maxLatE7()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A directory or the metadata, decompressed as the header says. */
  private byte[] internal(long offset, long length, String what) throws IOException {
    if (length <= 0 || length > Integer.MAX_VALUE) {
      throw new IOException(path + " gives its " + what + " a length of " + length + " bytes");
    }
    byte[] bytes = read(section(0, offset, length, what), (int) length).array();
    if (header.internalCompression() == PmtilesHeader.COMPRESSION_NONE) {
      return bytes;
    }
    try {
      return TileCompression.GZIP.decode(bytes);
    } catch (IOException e) {
      throw new IOException(path + " has a " + what + " at byte " + offset + " that does not gunzip: "
          + e.getMessage(), e);
    }
  }

  /** The absolute position of {@code length} bytes at {@code offset} within a section, checked against the file's size. */
  private long section(long sectionStart, long offset, long length, String what) throws IOException {
    long start = sectionStart + offset;
    if (offset < 0 || start < 0 || start + length > fileSize) {
      throw new IOException(path + " is truncated or corrupt: its " + what + " at bytes " + start + ".."
          + (start + length) + " lies beyond the file's " + fileSize + " bytes");
    }
    return start;
  }

  private ByteBuffer read(long position, int length) throws IOException {
    while (true) {
      FileChannel current = channel;
      try {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
          if (current.read(buffer, position + buffer.position()) < 0) {
            throw new IOException(path + " ended at byte " + (position + buffer.position()) + " while reading "
                + length + " bytes at " + position);
          }
        }
        return buffer.flip();
      } catch (ClosedByInterruptException e) {
        // An interrupted reader closes the channel for every thread; reopen it for the others.
        reopen(current);
        throw e;
      } catch (ClosedChannelException e) {
        if (closed) {
          throw new IOException(path + " is closed", e);
        }
        reopen(current);
      }
    }
  }

  private synchronized void reopen(FileChannel stale) throws IOException {
    if (channel == stale && !closed) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
  }

  private static String internalCompressionName(int code) {
    return switch (code) {
      case 3 -> "brotli";
      case 4 -> "zstd";
      default -> "compression code " + code;
    };
  }
}
