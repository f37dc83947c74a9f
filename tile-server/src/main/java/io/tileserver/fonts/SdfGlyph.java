package io.tileserver.fonts;

/**
 * One glyph as MapLibre's glyph protobuf carries it: a signed distance field of
 * {@code (width + 2·buffer) × (height + 2·buffer)} bytes, row by row from the top, and metrics in
 * pixels at the 24 px em size.
 *
 * @param left the bitmap's left edge relative to the pen position
 * @param top the bitmap's top edge relative to the font's ascender line (fontnik's convention,
 *     which MapLibre's shaping offsets assume)
 */
public record SdfGlyph(int id, byte[] bitmap, int width, int height, int left, int top, int advance) {}
