package io.tileserver.cluster;

import io.tileserver.sql.SqlIdentifiers;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SQL that reads a cluster table's rows: id, x, y and the kept attributes in
 * {@link ClusterAttribute} order (NULL for attributes not kept), identifiers quoted. The loader and
 * the change follower read rows with the same select list, so a row decodes the same way for both.
 */
public final class ClusterSql {
  private ClusterSql() {}

  /** {@code SELECT id, ST_X(geom), ST_Y(geom), price, … FROM table}, columns 0..8. */
  public static String select(ClusterColumns columns) {
    return select(columns, List.of());
  }

  /** {@link #select(ClusterColumns)} with more columns (quoted) from 9 on. */
  public static String select(ClusterColumns columns, List<String> extra) {
    String geometry = SqlIdentifiers.quote(columns.geometry());
    return "SELECT " + SqlIdentifiers.quote(columns.id()) + ", ST_X(" + geometry + "), ST_Y(" + geometry + "), "
        + Stream.concat(
                Arrays.stream(ClusterAttribute.values()).map(a -> columns.column(a) == null ? "NULL" : SqlIdentifiers.quote(columns.column(a))),
                extra.stream().map(SqlIdentifiers::quote))
            .collect(Collectors.joining(", "))
        + " FROM " + SqlIdentifiers.quoteQualified(columns.table());
  }
}
