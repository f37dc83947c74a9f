package io.tileserver.mvt;

import io.tileserver.tile.WebMercator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.locationtech.jts.geom.Envelope;

/**
 * Assembles a Mapbox Vector Tile (spec 2.1 §4) from layers of JTS features and encodes it to bytes.
 *
 * <p>Layers appear in the order they were first requested, so the same calls always produce the
 * same bytes (the tile cache's {@code ETag} relies on that). Every layer is written with version 2
 * and its extent (§4.1); layers that end up without features are left out, as the spec's fixtures
 * ask of encoders. Input coordinates are either tile coordinates already ({@link #layer(String,
 * LayerOptions)}) or projected EPSG:3857 metres with the tile's bounds ({@link #layer(String,
 * LayerOptions, Envelope)}, see {@link WebMercator#tileBounds}).
 *
 * <pre>{@code
 * TileBuilder tile = new TileBuilder();
 * LayerBuilder clusters = tile.layer("clusters", options);       // input in tile coordinates
 * clusters.feature(point).id(clusterId).attr("cluster", true).attr("point_count", 42).add();
 * byte[] mvt = tile.encode();
 * }</pre>
 *
 * <p>Not thread-safe; build each tile on one thread (an event loop must hand this work to a worker).
 */
public final class TileBuilder {
  /** Field number of {@code Tile.layers}. */
  static final int FIELD_LAYERS = 3;

  private final LinkedHashMap<String, LayerBuilder> layers = new LinkedHashMap<>();

  /** A layer whose input is in tile coordinates, with the default options. */
  public LayerBuilder layer(String name) {
    return layer(name, LayerOptions.DEFAULTS);
  }

  /** A layer whose input is already in tile coordinates (0..extent, y down). */
  public LayerBuilder layer(String name, LayerOptions options) {
    return layer(name, options, TileTransform.IDENTITY);
  }

  /**
   * A layer whose input is in a projected, y-up coordinate system (EPSG:3857) and is mapped so that
   * {@code tileBounds} covers 0..extent.
   */
  public LayerBuilder layer(String name, LayerOptions options, Envelope tileBounds) {
    return layer(name, options, TileTransform.fromBounds(tileBounds, options.extent()));
  }

  /**
   * The layer called {@code name}, created on first use. Layer names are unique within a tile
   * (§4.1), so asking again returns the same layer; asking with other options is an error.
   */
  public LayerBuilder layer(String name, LayerOptions options, TileTransform transform) {
    LayerBuilder existing = layers.get(name);
    if (existing == null) {
      LayerBuilder created = new LayerBuilder(name, options, transform);
      layers.put(name, created);
      return created;
    }
    if (!existing.options().equals(options) || !existing.transform().equals(transform)) {
      throw new IllegalArgumentException(
          "layer '"
              + name
              + "' already exists with "
              + existing.options()
              + " and "
              + existing.transform()
              + "; a tile holds each layer name once");
    }
    return existing;
  }

  /** Whether no layer has a feature; servers answer such tiles with 204 No Content. */
  public boolean isEmpty() {
    for (LayerBuilder layer : layers.values()) {
      if (layer.featureCount() > 0) {
        return false;
      }
    }
    return true;
  }

  /** Encodes the tile; an empty tile is a valid zero-byte message. */
  public byte[] encode() {
    List<LayerBuilder> written = new ArrayList<>(layers.size());
    int total = 0;
    int[] sizes = new int[layers.size()];
    for (LayerBuilder layer : layers.values()) {
      if (layer.featureCount() > 0) {
        int size = layer.encodedSize();
        sizes[written.size()] = size;
        written.add(layer);
        total += ProtobufWriter.lengthDelimitedSize(FIELD_LAYERS, size);
      }
    }
    ProtobufWriter out = new ProtobufWriter(total);
    for (int i = 0; i < written.size(); i++) {
      out.writeTag(FIELD_LAYERS, ProtobufWriter.WIRE_LENGTH_DELIMITED);
      out.writeVarint(sizes[i]);
      written.get(i).writeTo(out);
    }
    if (out.size() != total) {
      throw new IllegalStateException("encoded " + out.size() + " bytes, expected " + total);
    }
    return out.toByteArray();
  }
}
