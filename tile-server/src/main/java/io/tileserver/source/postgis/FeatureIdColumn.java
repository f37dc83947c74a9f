package io.tileserver.source.postgis;

import io.tileserver.config.ServerConfig.AutoPublishConfig;
import io.tileserver.config.ServerConfig.DatabaseConfig;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which column of a table source is its MVT feature id when the source names no {@code id-column}.
 * Martin's way by default: an auto-published table takes the first of
 * {@code database.auto-publish.id-columns} it has as an integer column, and every other table has no
 * feature id, all its columns being properties. {@code database.id-from-primary-key} restores this
 * server's earlier rule for the tables left without one: the single-column integer primary key,
 * else an integer column named {@code id}.
 */
final class FeatureIdColumn {
  private static final Logger LOGGER = LoggerFactory.getLogger(FeatureIdColumn.class);
  /** The column types {@code ST_AsMVT} takes as a feature id. */
  static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8");

  private final List<String> candidates;
  private final boolean fromPrimaryKey;

  FeatureIdColumn(List<String> candidates, boolean fromPrimaryKey) {
    this.candidates = List.copyOf(candidates);
    this.fromPrimaryKey = fromPrimaryKey;
  }

  /** The rule of {@code database} and its {@code auto-publish} section (null when absent). */
  static FeatureIdColumn of(DatabaseConfig database, AutoPublishConfig autoPublish) {
    return new FeatureIdColumn(autoPublish == null ? List.of() : autoPublish.idColumns(), database.idFromPrimaryKey());
  }

  /** A configured source without {@code id-column}: Martin takes none; the switch takes the primary key. */
  String configured(GeometryRelation relation) {
    if (!fromPrimaryKey) {
      return null;
    }
    if (relation.primaryKey() != null) {
      return relation.primaryKey();
    }
    return relation.column("id").filter(c -> INTEGER_TYPES.contains(c.type())).map(GeometryRelation.Column::name)
        .orElse(null);
  }

  /** An auto-published table: the first candidate it has, else what {@link #configured} takes. */
  String discovered(String sourceId, GeometryRelation relation) {
    for (String candidate : candidates) {
      GeometryRelation.Column column = match(sourceId, relation, candidate);
      if (column == null) {
        continue;
      }
      if (INTEGER_TYPES.contains(column.type())) {
        return column.name();
      }
      LOGGER.warn("source {}: column \"{}\" of {} is {}, not an integer; it cannot be the feature id", sourceId,
          column.name(), relation.displayName(), column.type());
    }
    if (!candidates.isEmpty() && !fromPrimaryKey) {
      LOGGER.info("source {}: {} has no integer column named {}; its features have no id", sourceId,
          relation.displayName(), String.join(", ", candidates));
    }
    return configured(relation);
  }

  /**
   * The column named {@code candidate}, else the only one whose name differs from it in case alone,
   * as Martin matches; null when there is none, or several (that is logged).
   */
  private static GeometryRelation.Column match(String sourceId, GeometryRelation relation, String candidate) {
    GeometryRelation.Column exact = relation.column(candidate).orElse(null);
    if (exact != null) {
      return exact;
    }
    String folded = candidate.toLowerCase(Locale.ROOT);
    List<GeometryRelation.Column> similar = relation.columns().stream()
        .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(folded)).toList();
    if (similar.size() > 1) {
      LOGGER.warn("source {}: id column \"{}\" matches several columns of {} ({}); none is used", sourceId,
          candidate, relation.displayName(), String.join(", ", similar.stream().map(GeometryRelation.Column::name)
              .toList()));
      return null;
    }
    return similar.isEmpty() ? null : similar.get(0);
  }
}
