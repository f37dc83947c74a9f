package io.tileserver.http;

import io.tileserver.cluster.ListingSearch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a viewport search page: URL-safe base64 of a format byte, the last
 * listing's rank and id (the keyset position, {@link ListingSearch.After}) and 8 bytes of a SHA-256
 * of the query it belongs to (source, bbox, filters, sort), so a cursor sent with other parameters
 * is refused rather than silently paging another result.
 */
final class SearchCursor {
  private static final byte FORMAT = 1;
  private static final int LENGTH = 1 + 8 + 8 + 8;
  private static final String HINT = "send the cursor of the previous page with the same bbox, filters and sort,"
      + " or leave it out for the first page";

  private SearchCursor() {}

  static String encode(ListingSearch.After after, String query) {
    ByteBuffer bytes = ByteBuffer.allocate(LENGTH).put(FORMAT).putLong(after.rank()).putLong(after.id())
        .putLong(fingerprint(query));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** The position a cursor names; a 400 when it is malformed or was made for another query. */
  static ListingSearch.After decode(String cursor, String query) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != LENGTH || raw[0] != FORMAT) {
      throw ApiError.badRequest("cursor '" + ApiError.abbreviate(cursor) + "' is not a cursor of this server", HINT);
    }
    ByteBuffer bytes = ByteBuffer.wrap(raw, 1, LENGTH - 1);
    long rank = bytes.getLong();
    long id = bytes.getLong();
    if (bytes.getLong() != fingerprint(query)) {
      throw ApiError.badRequest("cursor was made for another bbox, filters or sort", HINT);
    }
    return new ListingSearch.After(rank, id);
  }

  static long fingerprint(String query) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
