package io.tileserver.sample;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the King County house-sales CSV ({@code id,date,price,bedrooms,bathrooms,sqft_living,…,
 * zipcode,lat,long,…}) as listings. These are sales, so status is {@code sold} and type {@code house};
 * a house sold twice appears twice, so the external id is {@code kc-<id>-<date>}.
 */
public final class KingCountyCsv implements Iterator<SourceRow> {
  private final MappingIterator<Map<String, String>> rows;
  /** Line 1 is the header; rows of this format never span lines, so row n is on line n + 1. */
  private long line = 1;

  public KingCountyCsv(Reader reader) throws IOException {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    this.rows = new CsvMapper().readerForMapOf(String.class).with(schema).readValues(reader);
  }

  @Override
  public boolean hasNext() {
    try {
      return rows.hasNextValue();
    } catch (IOException e) {
      throw new UncheckedIOException("King County CSV is unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public SourceRow next() {
    Map<String, String> r = rows.next();
    line++;
    try {
      return SourceRow.of(line, toListing(r));
    } catch (RuntimeException e) {
      return SourceRow.unreadable(line, e.getMessage());
    }
  }

  private static Listing toListing(Map<String, String> r) {
    String id = required(r, "id");
    String date = required(r, "date");
    String zip = r.get("zipcode");
    return new Listing(
        "kc-" + id + "-" + date,
        null,
        null,
        "WA",
        zip,
        number(r, "lat"),
        number(r, "long"),
        Math.round(number(r, "price")),
        (int) Math.round(number(r, "bedrooms")),
        (float) number(r, "bathrooms"),
        (int) Math.round(number(r, "sqft_living")),
        "house",
        "sold",
        null);
  }

  private static String required(Map<String, String> r, String column) {
    String v = r.get(column);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("column " + column + " is missing");
    }
    return v.trim();
  }

  /** Numbers may be written with C-style exponents ({@code 1.225e+006}). */
  private static double number(Map<String, String> r, String column) {
    String v = required(r, column);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: '" + v + "'");
    }
  }
}
