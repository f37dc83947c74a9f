package io.tileserver.fonts;

/** Every render thread is busy and the render queue is full: the client should retry shortly. */
public final class GlyphRenderBusyException extends RuntimeException {
  GlyphRenderBusyException() {
    super("glyph rendering is busy: every render thread is working and the render queue is full", null, false,
        false);
  }
}
