package io.tileserver.source.postgis;

/**
 * A function the catalog shows can serve tiles: {@code f(z, x, y)} or {@code f(z, x, y, query)}.
 *
 * @param queryType {@code json} or {@code jsonb} when the function takes the query, else null
 * @param inFromClause the tile comes back as a row source (a set, or a record of the tile and its
 *     key), read as the first column of the first row; else as the function's one value
 */
record TileFunction(String schema, String name, String queryType, String description, boolean inFromClause) {
  boolean takesQuery() {
    return queryType != null;
  }

  String displayName() {
    return schema + "." + name;
  }
}
