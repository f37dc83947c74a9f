package io.tileserver.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * L2 keys: short, readable in {@code redis-cli}, and carrying the whole tile identity.
 *
 * <pre>
 * {prefix}t1:{sources}:{z}/{x}/{y}:v{version}:{filters}
 * tiles:t1:properties,zip_areas:14/2624/5721:v3461872954102:beds=3&amp;minPrice=100000
 * </pre>
 *
 * <ul>
 *   <li>{@code t1}: the {@link TileEnvelope} format, so a new format never reads old values;
 *   <li>{@code sources}: the normalized comma list; {@code version}: {@link TileKey#version()}, the
 *       one retirement scheme: a data change gives the tiles it touched (or the whole source) a new
 *       version, and the entries under the old one age out by TTL;
 *   <li>{@code filters}: the canonical filter string, empty when none.
 * </ul>
 *
 * A sources list longer than {@value #MAX_SOURCES} characters or a filter string longer than
 * {@value #MAX_FILTERS} is replaced by
 * {@code #} and the first 128 bits of its SHA-256 in base64url (22 characters); canonical filters
 * and source lists never start with {@code #}, so a hash cannot equal a verbatim value.
 */
final class RedisKeys {
  static final int MAX_SOURCES = 64;
  static final int MAX_FILTERS = 64;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String prefix;

  RedisKeys(String prefix) {
    this.prefix = prefix;
  }

  String tile(TileKey key) {
    return prefix + "t" + TileEnvelope.FORMAT + ":" + shorten(key.sources(), MAX_SOURCES) + ":" + key.coord().z() + "/"
        + key.coord().x() + "/" + key.coord().y() + ":v" + key.version() + ":" + shorten(key.filters(), MAX_FILTERS);
  }

  /** The state of one client's shared rate-limit bucket ({@code limit} is the config key). */
  String rateLimit(String limit, String client) {
    return prefix + "rl:" + limit + ":" + client;
  }

  private static String shorten(String value, int max) {
    return value.length() <= max ? value : "#" + hash(value);
  }

  private static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
