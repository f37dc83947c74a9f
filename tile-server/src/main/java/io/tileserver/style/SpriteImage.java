package io.tileserver.style;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;

/**
 * One image of a sprite at one pixel ratio, before it is packed into a sheet.
 *
 * @param id the name a style's {@code icon-image} uses
 * @param properties what the sheet's index says of the image beside its place and pixel ratio
 *     ({@code sdf}, {@code stretchX}, {@code content}, …), in the image's own pixels
 */
public record SpriteImage(String id, BufferedImage image, JsonObject properties) {}
