package io.tileserver.source.changes;

import io.tileserver.config.ConfigException;
import io.tileserver.config.ServerConfig;
import io.tileserver.config.SourceConfig;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sources follow which change-feed channels: table sources with {@code changes: notify}
 * follow their own table, function sources the tables of their {@code depends-on}. Resolved against
 * the catalog at start, so a missing feed fails the config before anything is served.
 */
public final class FollowPlan {
  private final Map<String, Set<FollowingSource>> byChannel;

  private FollowPlan(Map<String, Set<FollowingSource>> byChannel) {
    this.byChannel = byChannel;
  }

  /** Follows nothing: a server without a database. */
  public static FollowPlan none() {
    return new FollowPlan(Map.of());
  }

  /** Finds every followed table's feed through {@code primary}; fails with a {@link ConfigException}. */
  public static Future<FollowPlan> resolve(Pool primary, ServerConfig config, SourceRegistry registry) {
    FeedTriggers triggers = new FeedTriggers(primary);
    Map<String, Set<FollowingSource>> byChannel = new LinkedHashMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, SourceConfig> entry : config.sources().entrySet()) {
      String id = entry.getKey();
      SourceConfig source = entry.getValue();
      if (!source.followsChanges()) {
        continue;
      }
      boolean own = source.changes().equals("notify");
      String key = "sources." + id + (own ? ".changes" : ".depends-on");
      SourceInfo info = registry.find(id).map(s -> s.info())
          .orElseThrow(() -> new ConfigException(key + ": source " + id + " is not being served"));
      FollowingSource following = new FollowingSource(id, info.minzoom(), info.maxzoom(),
          (double) source.buffer() / source.extent());
      List<String> tables = own ? List.of(ownTable(id, source)) : source.dependsOn();
      for (String table : tables) {
        chain = chain.compose(v -> triggers.feed(key, table)).map(feed -> {
          if (own && source.geometryColumn() != null && !source.geometryColumn().equals(feed.geometryColumn())) {
            throw new ConfigException(key + ": the change feed of " + feed.displayName() + " reports column "
                + feed.geometryColumn() + ", the source draws " + source.geometryColumn()
                + "; reinstall it with: tile-server changes install " + table + " --geometry "
                + source.geometryColumn());
          }
          byChannel.computeIfAbsent(feed.channel(), c -> new LinkedHashSet<>()).add(following);
          return null;
        });
      }
    }
    return chain.map(v -> new FollowPlan(byChannel));
  }

  private static String ownTable(String id, SourceConfig source) {
    String table = source.table() != null ? source.table() : id;
    return source.schema() != null ? source.schema() + "." + table : table;
  }

  boolean isEmpty() {
    return byChannel.isEmpty();
  }

  /** The channels to LISTEN on, each with the sources that follow it. */
  Map<String, Set<FollowingSource>> channels() {
    return byChannel;
  }
}
