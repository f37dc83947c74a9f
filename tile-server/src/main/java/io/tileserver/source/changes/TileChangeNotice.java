package io.tileserver.source.changes;

import io.tileserver.tile.Bounds;
import java.util.ArrayList;
import java.util.List;

/**
 * One notification of the tile change feed (sql/changes/010): {@code b:<ms>:<box>;…} with the
 * boxes a statement's old and new geometries covered, {@code o:<ms>:<count>} when it changed too
 * many rows to list, {@code t:<ms>} when the table was truncated.
 *
 * @param sentAtMillis when the statement ended (the database's clock), for the lag metric
 * @param boxes the changed boxes in WGS84, already rounded outward; empty unless {@link #bump()} is false
 * @param kind 'b' for boxes, 'o' for overflow, 't' for truncation; 'g' for a gap in listening (no payload)
 */
record TileChangeNotice(char kind, long sentAtMillis, List<Bounds> boxes) {
  /** The feed's coordinates are integers in this unit of a degree. */
  private static final double DEGREE = 1e7;

  /** Notifications may have been lost at {@code nowMillis} (the listener reconnected). */
  static TileChangeNotice gap(long nowMillis) {
    return new TileChangeNotice('g', nowMillis, List.of());
  }

  /** Everything of the table may have changed: the followers bump their versions. */
  boolean bump() {
    return kind != 'b';
  }

  /** Why a bump, for the metrics: overflow, truncate or gap. */
  String reason() {
    return switch (kind) {
      case 'o' -> "overflow";
      case 't' -> "truncate";
      case 'g' -> "gap";
      default -> "none";
    };
  }

  /** Parses a payload; throws {@link IllegalArgumentException} naming it when it is not one. */
  static TileChangeNotice parse(String payload) {
    if (payload == null || payload.length() < 3 || payload.charAt(1) != ':' || "bot".indexOf(payload.charAt(0)) < 0) {
      throw notAPayload(payload, null);
    }
    char kind = payload.charAt(0);
    int stampEnd = payload.indexOf(':', 2);
    try {
      long sentAt = Long.parseLong(payload, 2, stampEnd < 0 ? payload.length() : stampEnd, 10);
      if (kind != 'b') {
        return new TileChangeNotice(kind, sentAt, List.of());
      }
      List<Bounds> boxes = new ArrayList<>();
      for (String box : payload.substring(stampEnd + 1).split(";")) {
        String[] c = box.split(",");
        if (c.length != 4) {
          throw notAPayload(payload, null);
        }
        boxes.add(new Bounds(lon(c[0]), lat(c[1]), lon(c[2]), lat(c[3])));
      }
      return new TileChangeNotice(kind, sentAt, List.copyOf(boxes));
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw notAPayload(payload, e);
    }
  }

  /** The trigger widens boxes by one unit, which may reach past the world's edge: clamped back. */
  private static double lon(String units) {
    return Math.max(-180, Math.min(180, Long.parseLong(units) / DEGREE));
  }

  private static double lat(String units) {
    return Math.max(-90, Math.min(90, Long.parseLong(units) / DEGREE));
  }

  private static IllegalArgumentException notAPayload(String payload, Exception cause) {
    String shown = payload == null ? "null" : payload.length() <= 64 ? payload : payload.substring(0, 64) + "…";
    return new IllegalArgumentException("not a tile change-feed payload: " + shown, cause);
  }
}
