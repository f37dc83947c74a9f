package io.tileserver.mvt;

import java.util.ArrayList;
import java.util.List;

/** Test helpers that feed decoded tiles back through the encoder. */
final class DecodedTiles {
  private DecodedTiles() {}

  /**
   * Encodes {@code tile} again with our encoder, unclipped and at each layer's own extent, so a
   * valid tile comes back unchanged apart from what the encoder never writes (see {@link
   * #encodable}).
   */
  static byte[] reencode(DecodedTile tile) {
    TileBuilder builder = new TileBuilder();
    for (DecodedTile.Layer layer : tile.layers()) {
      LayerOptions options = LayerOptions.DEFAULTS.withExtent(layer.extent()).withBuffer(0)
          .withClip(false);
      LayerBuilder out = builder.layer(layer.name(), options);
      for (DecodedTile.Feature feature : layer.features()) {
        if (feature.geometry() == null) {
          continue;
        }
        FeatureBuilder f = out.feature(feature.geometry());
        feature.id().ifPresent(f::id);
        f.attrs(feature.attributes()).add();
      }
    }
    return builder.encode();
  }

  /**
   * What our encoder can reproduce of {@code tile}: version 2 layers, without features of unknown
   * geometry type (a JTS geometry cannot express them) and without layers left empty, which
   * encoders are told not to write.
   */
  static DecodedTile encodable(DecodedTile tile) {
    List<DecodedTile.Layer> layers = new ArrayList<>();
    for (DecodedTile.Layer layer : tile.layers()) {
      List<DecodedTile.Feature> features =
          layer.features().stream().filter(f -> f.geometry() != null).toList();
      if (!features.isEmpty()) {
        layers.add(new DecodedTile.Layer(LayerBuilder.VERSION, layer.name(), layer.extent(),
            features));
      }
    }
    return new DecodedTile(layers);
  }
}
