package io.tileserver.sample;

import java.util.Iterator;

/** A row read from an input, with the line it came from; either a listing or the reason it is unreadable. */
public record SourceRow(long line, Listing listing, String error) {
  public static SourceRow of(long line, Listing listing) {
    return new SourceRow(line, listing, null);
  }

  /** Numbers listings 1, 2, 3… as they are produced (the generator's "line" numbers). */
  public static Iterator<SourceRow> numbered(Iterator<Listing> listings) {
    return new Iterator<>() {
      private long line;

      @Override
      public boolean hasNext() {
        return listings.hasNext();
      }

      @Override
      public SourceRow next() {
        return of(++line, listings.next());
      }
    };
  }

  public static SourceRow unreadable(long line, String error) {
    return new SourceRow(line, null, error);
  }
}
