package io.tileserver.http;

import io.tileserver.source.SourceInfo;
import io.tileserver.source.SourceRegistry;
import io.tileserver.source.TileSource;
import io.tileserver.source.file.FileSources;
import io.tileserver.style.PublishedSources;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's sources as a style rewrite sees them: a cluster source can stand in for a style's
 * listings, a file of polygons for its areas (the first of each, in the registry's order).
 */
record RegistryStandIns(SourceRegistry sources) implements PublishedSources {
  @Override
  public boolean isPublished(String id) {
    return sources.find(id).isPresent();
  }

  @Override
  public Optional<StandIn> standIn(String role, Set<String> taken) {
    return sources.all().stream()
        .map(TileSource::info)
        .filter(info -> !taken.contains(info.id()) && plays(role, info) && !info.layers().isEmpty())
        .findFirst()
        .map(info -> new StandIn(info.id(), info.layers().get(0).id()));
  }

  private static boolean plays(String role, SourceInfo info) {
    return switch (role) {
      case "cluster" -> info.kind().equals("cluster");
      case "polygons" -> "polygon".equals(info.tileJson().getString(FileSources.GEOMETRY));
      default -> false;
    };
  }
}
