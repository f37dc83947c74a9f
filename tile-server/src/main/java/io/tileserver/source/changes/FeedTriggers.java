package io.tileserver.source.changes;

import io.tileserver.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a table's tile change feed in the catalog: the triggers running {@code notify_changed_boxes}
 * on it, and the channel they send on. The server never installs them itself: a table without a
 * complete feed (all of INSERT, UPDATE, DELETE and TRUNCATE on one channel) is a config error that
 * names the command that installs one.
 */
final class FeedTriggers {
  /** Every enabled notify_changed_boxes trigger on a table of that name (in the given schema, if any). */
  private static final String TRIGGERS = """
      SELECT n.nspname AS schema, c.relname AS name, t.tgtype, t.tgargs
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE p.proname = 'notify_changed_boxes' AND NOT t.tgisinternal AND t.tgenabled <> 'D'
         AND c.relname = $1 AND ($2::text IS NULL OR n.nspname = $2)
       ORDER BY n.nspname, t.tgname""";

  /** pg_trigger.tgtype's event bits. */
  enum Event {
    INSERT(4), DELETE(8), UPDATE(16), TRUNCATE(32);

    final int bit;

    Event(int bit) {
      this.bit = bit;
    }
  }

  /** A table's complete feed. */
  record Feed(String schema, String table, String channel, String geometryColumn) {
    String displayName() {
      return schema + "." + table;
    }
  }

  private final Pool primary;

  FeedTriggers(Pool primary) {
    this.primary = primary;
  }

  /**
   * The feed of {@code table} ({@code name} or {@code schema.name}); fails with a
   * {@link ConfigException} on {@code key} when the table has none, or an incomplete one.
   */
  Future<Feed> feed(String key, String table) {
    int dot = table.indexOf('.');
    String schema = dot < 0 ? null : table.substring(0, dot);
    String name = dot < 0 ? table : table.substring(dot + 1);
    return primary.preparedQuery(TRIGGERS).execute(Tuple.of(name, schema)).map(rows -> {
      Map<String, Map<String, Set<Event>>> eventsByTable = new LinkedHashMap<>();
      Map<String, String> geometryByChannel = new LinkedHashMap<>();
      for (Row row : rows) {
        List<String> args = arguments(row.getBuffer("tgargs"));
        if (args.size() < 2) {
          continue;
        }
        Set<Event> events = eventsByTable
            .computeIfAbsent(row.getString("schema") + '\0' + row.getString("name"), t -> new LinkedHashMap<>())
            .computeIfAbsent(args.get(0), c -> EnumSet.noneOf(Event.class));
        int type = row.getInteger("tgtype");
        for (Event event : Event.values()) {
          if ((type & event.bit) != 0) {
            events.add(event);
          }
        }
        geometryByChannel.put(args.get(0), args.get(1));
      }
      return complete(key, table, eventsByTable, geometryByChannel);
    });
  }

  private static Feed complete(String key, String table, Map<String, Map<String, Set<Event>>> eventsByTable,
      Map<String, String> geometryByChannel) {
    String fix = "; install it with: tile-server changes install " + table
        + " (or run tile-server migrate for the tables sql/changes/010 covers)";
    if (eventsByTable.size() > 1) {
      throw new ConfigException(key + ": \"" + table + "\" has change-feed triggers in several schemas ("
          + String.join(", ", eventsByTable.keySet().stream().map(t -> t.replace('\0', '.')).toList())
          + "); name it as schema.table");
    }
    if (eventsByTable.isEmpty()) {
      throw new ConfigException(key + ": table \"" + table + "\" has no tile change feed (no notify_changed_boxes"
          + " triggers)" + fix);
    }
    Map.Entry<String, Map<String, Set<Event>>> found = eventsByTable.entrySet().iterator().next();
    for (Map.Entry<String, Set<Event>> channel : found.getValue().entrySet()) {
      if (channel.getValue().size() == Event.values().length) {
        String[] qualified = found.getKey().split("\0", 2);
        return new Feed(qualified[0], qualified[1], channel.getKey(),
            geometryByChannel.get(channel.getKey()));
      }
    }
    List<String> partial = new ArrayList<>();
    found.getValue().forEach((channel, events) -> partial.add(channel + " on " + events));
    throw new ConfigException(key + ": the tile change feed of " + found.getKey().replace('\0', '.') + " is incomplete (" + String.join(
        "; ", partial) + "; INSERT, UPDATE, DELETE and TRUNCATE are all needed)" + fix);
  }

  /** tgargs: each argument followed by a NUL byte. */
  private static List<String> arguments(Buffer raw) {
    List<String> args = new ArrayList<>();
    byte[] bytes = raw.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        args.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return args;
  }
}
