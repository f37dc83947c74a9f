package io.tileserver.http;

import io.vertx.core.MultiMap;
import java.util.List;

/**
 * The {@code v} query parameter: the sources' data version, which TileJSON writes into tile URLs so
 * a CDN can keep those URLs forever. It is not a filter (it selects no features) and is reserved:
 * no source may declare a filter named {@code v}. Absent is fine; present, it must be one unsigned
 * decimal number.
 */
final class VersionParam {
  static final String NAME = "v";

  private VersionParam() {}

  /** The requested version, or null when the request names none. */
  static Long parse(MultiMap query) {
    List<String> values = query.getAll(NAME);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiError.badRequest("v is given " + values.size() + " times", "give the data version once, as TileJSON does");
    }
    String text = values.get(0);
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ApiError.badRequest("v must be a data version (digits only), was '"
          + (text.length() <= 32 ? text : text.substring(0, 32) + "…") + "'",
          "use the tile URLs of TileJSON (/tiles/{ids}.json), or leave v out");
    }
    return Long.parseLong(text);
  }
}
