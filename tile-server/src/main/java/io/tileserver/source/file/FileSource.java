package io.tileserver.source.file;

import io.tileserver.filter.FilterSet;
import io.tileserver.mvt.LayerBuilder;
import io.tileserver.mvt.LayerOptions;
import io.tileserver.mvt.TileBuilder;
import io.tileserver.source.Deadline;
import io.tileserver.source.SourceInfo;
import io.tileserver.source.TileSource;
import io.tileserver.source.WorkerLane;
import io.tileserver.tile.TileCoord;
import io.tileserver.tile.WebMercator;
import io.vertx.core.Future;
import org.locationtech.jts.geom.Envelope;

/**
 * Tiles of a GeoJSON or CSV file held in memory ({@link FeatureIndex}): a tile takes the features
 * whose envelope meets it plus its buffer, and our encoder clips them to that square, simplifies
 * them below the source's max zoom (one extent unit, an eighth of a pixel at 4096 over 512 px) and
 * encodes them in one layer. Built on the {@code cluster} lane, as every tile made from memory is.
 */
public final class FileSource implements TileSource {
  /** Douglas–Peucker tolerance in extent units below max zoom: invisible, and halves a coastline's vertices. */
  private static final double SIMPLIFY = 1.0;

  private final SourceInfo info;
  private final FeatureIndex features;
  private final String layer;
  private final LayerOptions options;
  private final WorkerLane lane;

  FileSource(SourceInfo info, FeatureIndex features, String layer, LayerOptions options, WorkerLane lane) {
    this.info = info;
    this.features = features;
    this.layer = layer;
    this.options = options;
    this.lane = lane;
  }

  @Override
  public SourceInfo info() {
    return info;
  }

  @Override
  public boolean inMemory() {
    return true;
  }

  @Override
  public Future<byte[]> getTile(TileCoord coord, FilterSet filters, Deadline deadline) {
    return lane.submit(deadline, () -> encode(coord));
  }

  private byte[] encode(TileCoord coord) {
    Envelope tile = WebMercator.tileBounds(coord.z(), coord.x(), coord.y());
    Envelope area = new Envelope(tile);
    area.expandBy(tile.getWidth() * options.buffer() / options.extent());
    TileBuilder builder = new TileBuilder();
    LayerBuilder out = builder.layer(layer,
        coord.z() < info.maxzoom() ? options.withSimplifyTolerance(SIMPLIFY) : options, tile);
    for (FeatureIndex.Indexed feature : features.query(area)) {
      var next = out.feature(feature.geometry());
      if (feature.id() >= 0) {
        next.id(feature.id());
      }
      next.attrs(feature.properties()).add();
    }
    return builder.encode();
  }
}
