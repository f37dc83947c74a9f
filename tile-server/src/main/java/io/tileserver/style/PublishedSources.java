package io.tileserver.style;

import java.util.Optional;
import java.util.Set;

/** What this server publishes, as rewriting a packaged style needs to know it. */
@FunctionalInterface
public interface PublishedSources {
  /** Whether a source id is served here. */
  boolean isPublished(String id);

  /**
   * The first published source able to play {@code role} ({@code cluster}: listings clusters;
   * {@code polygons}: areas to fill) that is none of {@code taken}; empty when none is or by default.
   */
  default Optional<StandIn> standIn(String role, Set<String> taken) {
    return Optional.empty();
  }

  /** A published source taking a style source's place, and the layer its tiles carry. */
  record StandIn(String id, String layer) {}
}
