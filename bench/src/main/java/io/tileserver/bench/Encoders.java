package io.tileserver.bench;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.UserDataKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import io.tileserver.mvt.FeatureBuilder;
import io.tileserver.mvt.LayerBuilder;
import io.tileserver.mvt.LayerOptions;
import io.tileserver.mvt.TileBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;

/** The two encoders under test, each used the way its documentation shows. */
final class Encoders {
  static final LayerOptions OPTIONS = LayerOptions.DEFAULTS;

  /**
   * Input in tile coordinates is taken as already clipped, as the cluster source's is: the
   * reference's {@code MvtEncoder.encode} does not clip, so neither do we here.
   */
  static final LayerOptions PRE_CLIPPED = OPTIONS.withClip(false);
  private static final GeometryFactory FACTORY = new GeometryFactory();
  private static final MvtLayerParams PARAMS = new MvtLayerParams(BenchTile.EXTENT);

  private Encoders() {}

  /** Ours: the layer reads attribute columns straight into its tables, no per-feature maps. */
  static byte[] ours(BenchTile tile, boolean mercator) {
    TileBuilder builder = new TileBuilder();
    LayerBuilder layer = mercator
        ? builder.layer(tile.name(), OPTIONS, tile.bounds())
        : builder.layer(tile.name(), PRE_CLIPPED);
    Geometry[] geometries = mercator ? tile.mercatorGeometries() : tile.tileGeometries();
    String[] keys = tile.keys();
    Object[][] columns = tile.columns();
    Object[] ids = columns[0];
    for (int i = 0; i < geometries.length; i++) {
      FeatureBuilder feature = layer.feature(geometries[i]).id((Long) ids[i]);
      for (int a = 1; a < keys.length; a++) {
        feature.attr(keys[a], columns[a][i]);
      }
      feature.add();
    }
    return builder.encode();
  }

  /**
   * Input for the reference encoder: copies of the geometries carrying their attributes (and the
   * id, which {@link UserDataKeyValueMapConverter} reads from the map) as user data. Built once
   * per trial, outside the measured code, which favours the reference.
   */
  static List<Geometry> referenceInput(BenchTile tile, boolean mercator) {
    Geometry[] geometries = mercator ? tile.mercatorGeometries() : tile.tileGeometries();
    List<Geometry> input = new ArrayList<>(geometries.length);
    for (int i = 0; i < geometries.length; i++) {
      Map<String, Object> userData = new LinkedHashMap<>();
      for (int a = 0; a < tile.keys().length; a++) {
        userData.put(tile.keys()[a], tile.columns()[a][i]);
      }
      Geometry copy = geometries[i].copy();
      copy.setUserData(userData);
      input.add(copy);
    }
    return input;
  }

  /**
   * The reference, mapbox-vector-tile-java: {@code JtsAdapter.createTileGeom} clips (JTS
   * intersection with the tile plus buffer), transforms, rounds and simplifies EPSG:3857 input;
   * {@code MvtEncoder.encode} builds the protobuf-java message and serializes it.
   */
  static byte[] reference(BenchTile tile, List<Geometry> input, boolean mercator) {
    List<Geometry> tileGeometries;
    if (mercator) {
      Envelope bounds = tile.bounds();
      double margin = bounds.getWidth() * OPTIONS.buffer() / BenchTile.EXTENT;
      Envelope clip = new Envelope(bounds);
      clip.expandBy(margin);
      Geometry all = FACTORY.createGeometryCollection(input.toArray(Geometry[]::new));
      Geometry result = JtsAdapter.createTileGeom(all, bounds, clip, FACTORY, PARAMS, g -> true);
      tileGeometries = new ArrayList<>();
      if (result.getClass() == GeometryCollection.class) {
        for (int i = 0; i < result.getNumGeometries(); i++) {
          tileGeometries.add(result.getGeometryN(i));
        }
      } else {
        tileGeometries.add(result);
      }
    } else {
      tileGeometries = input;
    }
    JtsMvt mvt = new JtsMvt(new JtsLayer(tile.name(), tileGeometries, BenchTile.EXTENT));
    return MvtEncoder.encode(mvt, PARAMS, new UserDataKeyValueMapConverter("id"));
  }
}
