package io.tileserver.style;

import io.vertx.core.json.JsonObject;

/**
 * A sprite sheet as MapLibre fetches it: {@code {id}.json}, the index of every image's place
 * ({@code x}, {@code y}, {@code width}, {@code height}, {@code pixelRatio}), and {@code {id}.png}.
 */
public record SpriteFiles(JsonObject index, byte[] png) {}
