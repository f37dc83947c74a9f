package io.tileserver.fonts;

import java.awt.Font;

/**
 * One face of the catalog. Its name is the first the catalog registered it under, so it is unique
 * and every alias of the face ({@code DejaVu Sans} and {@code DejaVu Sans Regular}) shares one
 * record, and one set of rendered glyph ranges.
 */
public record FontFace(String name, Font font) {}
