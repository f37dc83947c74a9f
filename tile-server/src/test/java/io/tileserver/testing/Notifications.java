package io.tileserver.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** What a JDBC connection that LISTENs has heard: notifications are delivered at the writer's commit. */
public final class Notifications {
  /** A quiet spell this long ends a drain: the notifications of a committed statement arrive well within it. */
  private static final int QUIET_MILLIS = 300;

  private Notifications() {}

  /** Every notification heard so far, until none arrives for a moment. */
  public static List<PGNotification> drain(Connection listener) throws SQLException {
    List<PGNotification> out = new ArrayList<>();
    PGConnection pg = listener.unwrap(PGConnection.class);
    PGNotification[] batch;
    while ((batch = pg.getNotifications(QUIET_MILLIS)) != null && batch.length > 0) {
      out.addAll(List.of(batch));
    }
    return out;
  }
}
