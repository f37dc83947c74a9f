package io.tileserver.archive.mbtiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Tile bytes and plain JDBC access for the MBTiles tests, made without the code under test. */
final class TestTiles {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private TestTiles() {}

  /** A gzip-compressed stand-in for a vector tile, distinct per {@code label}. */
  static byte[] gzip(String label) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(("\u001a\u0005layer" + label).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Bytes that start as a PNG does, distinct per {@code label}. */
  static byte[] png(String label) {
    byte[] text = label.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[PNG_SIGNATURE.length + text.length];
    System.arraycopy(PNG_SIGNATURE, 0, bytes, 0, PNG_SIGNATURE.length);
    System.arraycopy(text, 0, bytes, PNG_SIGNATURE.length, text.length);
    return bytes;
  }

  /** Martin's tile id: the MD5 of the bytes in upper-case hex. */
  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A plain read-write JDBC connection to {@code file}, for building or checking fixtures by SQL. */
  static Connection sql(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
