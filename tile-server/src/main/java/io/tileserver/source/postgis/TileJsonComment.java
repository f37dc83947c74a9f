package io.tileserver.source.postgis;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A table's or function's {@code COMMENT}, read as Martin reads it: a JSON object is merged into the
 * source's TileJSON (its {@code description}, if a string, is the description); any other text is
 * the description itself.
 *
 * @param description the text for TileJSON's and the catalog's {@code description}
 * @param tileJson the object to merge into TileJSON; empty when the comment is not one
 */
record TileJsonComment(String description, JsonObject tileJson) {
  static TileJsonComment of(String comment) {
    if (comment == null || !comment.strip().startsWith("{")) {
      return new TileJsonComment(comment, new JsonObject());
    }
    try {
      JsonObject json = new JsonObject(comment);
      return new TileJsonComment(json.getValue("description") instanceof String text ? text : null, json);
    } catch (DecodeException e) {
      return new TileJsonComment(comment, new JsonObject());
    }
  }
}
