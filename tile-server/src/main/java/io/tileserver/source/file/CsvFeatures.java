package io.tileserver.source.file;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Reads a CSV file with a header row into point features. The position comes from the first
 * column named {@code lon}, {@code lng}, {@code long} or {@code longitude} and the first named
 * {@code lat} or {@code latitude} (any case); every other column is a property. Values are typed:
 * integers become Long, decimals Double, {@code true}/{@code false} Boolean, the rest String, and
 * empty cells are left out; a number with a leading zero (a ZIP code, {@code 02134}) stays text.
 * Rows with an empty position are skipped and counted.
 */
final class CsvFeatures {
  private static final List<String> LONGITUDE = List.of("lon", "lng", "long", "longitude");
  private static final List<String> LATITUDE = List.of("lat", "latitude");
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  private final GeometryFactory factory = new GeometryFactory();
  private long withoutPosition;

  /** Streams the rows of {@code file} to {@code sink}; a bad file is an {@link IOException} saying where. */
  void read(Path file, Consumer<FileFeature> sink) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(file.toFile())) {
      if (!rows.hasNext()) {
        throw new IOException("is empty: a CSV source needs a header row with longitude and latitude columns");
      }
      String[] header = rows.next();
      int lon = column(header, LONGITUDE, "longitude");
      int lat = column(header, LATITUDE, "latitude");
      while (rows.hasNext()) {
        // hasNext() has stepped onto the row: the location is still on its line until it is read.
        long line = rows.getCurrentLocation().getLineNr();
        String[] row = rows.next();
        if (row.length == 1 && row[0].isEmpty()) {
          continue;
        }
        String x = cell(row, lon);
        String y = cell(row, lat);
        if (x.isEmpty() || y.isEmpty()) {
          withoutPosition++;
          continue;
        }
        Coordinate position = new Coordinate(number(x, "longitude", line), number(y, "latitude", line));
        if (Math.abs(position.x) > 180 || Math.abs(position.y) > 90) {
          throw new IOException("line " + line + ": position " + x + ", " + y
              + " is outside [-180..180, -90..90]: the columns must be longitude and latitude in degrees");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          String value = cell(row, i);
          if (i != lon && i != lat && !value.isEmpty()) {
            properties.put(header[i].trim(), typed(value));
          }
        }
        sink.accept(new FileFeature(-1, factory.createPoint(position), properties, line));
      }
    } catch (RuntimeJsonMappingException e) {
      throw new IOException("is not valid CSV: " + e.getMessage());
    }
  }

  /** Rows skipped because their longitude or latitude cell was empty. */
  long withoutPosition() {
    return withoutPosition;
  }

  private static int column(String[] header, List<String> names, String what) throws IOException {
    for (int i = 0; i < header.length; i++) {
      if (names.contains(header[i].trim().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    throw new IOException("has no " + what + " column: the header must name one of " + String.join(", ", names)
        + " (any case); it has " + String.join(", ", Arrays.asList(header)));
  }

  private static String cell(String[] row, int i) {
    return i < row.length && row[i] != null ? row[i].trim() : "";
  }

  private static double number(String value, String what, long line) throws IOException {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IOException("line " + line + ": the " + what + " \"" + value + "\" is not a number");
    }
  }

  static Object typed(String value) {
    if (INTEGER.matcher(value).matches()) {
      return Long.parseLong(value);
    }
    if (DECIMAL.matcher(value).matches()) {
      return Double.parseDouble(value);
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    return value;
  }
}
