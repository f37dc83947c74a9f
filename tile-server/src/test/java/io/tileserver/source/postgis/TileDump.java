package io.tileserver.source.postgis;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * A readable text form of an MVT tile, decoded by the reference Java decoder (mapbox-vector-tile-java):
 * layers by name with their extent; features sorted by id, then geometry; each with its geometry as
 * WKT in tile coordinates and its attributes sorted by key with their decoded Java type.
 */
final class TileDump {
  /** The decoder puts the feature id into the attribute map under this key. */
  static final String ID_KEY = "\u0000id";

  private TileDump() {}

  static JtsMvt decode(byte[] tile) {
    try {
      return MvtReader.loadMvt(new ByteArrayInputStream(tile), new GeometryFactory(),
          new TagKeyValueMapConverter(false, ID_KEY), MvtReader.RING_CLASSIFIER_V2_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int featureCount(byte[] tile) {
    return decode(tile).getLayers().stream().mapToInt(l -> l.getGeometries().size()).sum();
  }

  static String dump(byte[] tile) {
    if (tile.length == 0) {
      return "empty tile\n";
    }
    StringBuilder out = new StringBuilder();
    List<JtsLayer> layers = new ArrayList<>(decode(tile).getLayers());
    layers.sort(Comparator.comparing(JtsLayer::getName));
    for (JtsLayer layer : layers) {
      out.append("layer ").append(layer.getName()).append(" extent ").append(layer.getExtent())
          .append(" features ").append(layer.getGeometries().size()).append('\n');
      List<String> features = new ArrayList<>();
      for (Geometry geometry : layer.getGeometries()) {
        features.add(feature(geometry));
      }
      features.sort(Comparator.comparing(TileDump::sortKey).thenComparing(Comparator.naturalOrder()));
      features.forEach(out::append);
    }
    return out.toString();
  }

  private static String feature(Geometry geometry) {
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = new TreeMap<>((Map<String, Object>) geometry.getUserData());
    Object id = attributes.remove(ID_KEY);
    StringBuilder s = new StringBuilder("  feature id=").append(id == null ? "none" : id)
        .append(' ').append(geometry.getGeometryType()).append('\n')
        .append("    ").append(geometry.toText()).append('\n');
    attributes.forEach((key, value) -> s.append("    ").append(key).append(" = ").append(value)
        .append(" (").append(value.getClass().getSimpleName()).append(")\n"));
    return s.toString();
  }

  /** Features sort by numeric id (ids of different widths stay in numeric order). */
  private static String sortKey(String feature) {
    String id = feature.substring("  feature id=".length(), feature.indexOf(' ', "  feature id=".length()));
    return id.equals("none") ? "~" : String.format("%020d", Long.parseLong(id));
  }
}
