package io.tileserver.style;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.view.FloatSize;
import com.github.weisj.jsvg.view.ViewBox;
import io.tileserver.config.ConfigException;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One SVG file of a sprite directory, parsed by JSVG and drawn at a pixel ratio: its CSS size
 * ({@code width}/{@code height}, else its {@code viewBox}) times the ratio, rounded up to whole
 * pixels. A file that is not a well-formed SVG, or has no size, stops the start naming the file.
 */
final class SvgImage {
  /** Larger than any icon: a bound so that a mistyped {@code width} cannot ask for gigabytes. */
  static final int MAX_CSS_PX = 2048;

  private final Path file;
  private final SVGDocument document;
  private final FloatSize size;

  private SvgImage(Path file, SVGDocument document) {
    this.file = file;
    this.document = document;
    this.size = document.size();
  }

  /** Reads {@code file}; {@code key} is the config key that named its directory. */
  static SvgImage read(Path file, String key) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
    }
    // JSVG answers a malformed file with null and a logged stack trace: check the XML first, to say why.
    checkXml(bytes, file, key);
    SVGDocument document = new SVGLoader().load(new ByteArrayInputStream(bytes), file.toUri(),
        LoaderContext.createDefault());
    if (document == null) {
      throw new ConfigException(key + ": " + file + " is not an SVG image JSVG can draw; fix or remove it");
    }
    SvgImage image = new SvgImage(file, document);
    if (!(image.size.width > 0 && image.size.height > 0 && image.size.width <= MAX_CSS_PX
        && image.size.height <= MAX_CSS_PX)) {
      throw new ConfigException(key + ": " + file + " must have a width and height (or viewBox) of 1 to "
          + MAX_CSS_PX + " px, has " + image.size.width + " x " + image.size.height);
    }
    return image;
  }

  private static void checkXml(byte[] bytes, Path file, String key) {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // No DTD processing, no external entities: sprite files are drawn, never allowed to fetch.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    try {
      XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
      try {
        while (reader.hasNext() && reader.next() != XMLStreamReader.START_ELEMENT) {
          // the prolog
        }
        if (!reader.isStartElement() || !reader.getLocalName().equals("svg")) {
          throw new ConfigException(key + ": " + file + " is not an SVG image (its root element is not <svg>)");
        }
        while (reader.hasNext()) {
          reader.next();
        }
      } finally {
        reader.close();
      }
    } catch (XMLStreamException e) {
      String why = e.getMessage().replaceAll("\\s+", " ");
      throw new ConfigException(key + ": " + file + " is not well-formed XML: " + why);
    }
  }

  /** The image at {@code pixelRatio}, on a transparent background. */
  BufferedImage draw(int pixelRatio) {
    int width = pixels(size.width, pixelRatio);
    int height = pixels(size.height, pixelRatio);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      document.render((Component) null, g, new ViewBox(0, 0, width, height));
    } catch (RuntimeException e) {
      throw new ConfigException("cannot draw " + file + ": " + e.getMessage());
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Rounded up, less a hair so that float noise in {@code 15 × 2} does not make 31. */
  private static int pixels(float cssPx, int pixelRatio) {
    return Math.max(1, (int) Math.ceil(cssPx * pixelRatio - 1e-3));
  }
}
