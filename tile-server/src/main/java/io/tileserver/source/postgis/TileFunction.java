package io.tileserver.source.postgis;

/**
 * A function the catalog shows can serve tiles: {@code f(z, x, y)} or {@code f(z, x, y, query)}.
 *
 * @param queryType {@code json} or {@code jsonb} when the function takes the query, else null
 */
record TileFunction(String schema, String name, String queryType, String description) {
  boolean takesQuery() {
    return queryType != null;
  }

  String displayName() {
    return schema + "." + name;
  }
}
