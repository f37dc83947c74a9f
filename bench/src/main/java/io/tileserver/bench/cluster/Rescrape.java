package io.tileserver.bench.cluster;

import io.tileserver.cluster.ChangeBatch;
import io.tileserver.cluster.LiveClusterIndex;
import io.tileserver.sample.Listing;
import io.tileserver.sample.ListingGenerator;
import java.util.Random;

/**
 * A re-scrape of {@code changes} listings of a {@link GeneratedIndex}: every fifth one moved to
 * another generated position, the rest re-priced; ids spread over the whole table (seed 11).
 */
final class Rescrape {
  private final long[] ids;
  private final Listing[] rows;

  Rescrape(int points, int changes) {
    ids = new long[changes];
    rows = new Listing[changes];
    Random random = new Random(11);
    ListingGenerator original = new ListingGenerator(GeneratedIndex.SEED, points);
    ListingGenerator elsewhere = new ListingGenerator(12, changes);
    double keep = Math.min(1, 1.01 * changes / points);
    long id = 0;
    int n = 0;
    while (original.hasNext() && n < changes) {
      Listing l = original.next();
      id++;
      if (random.nextDouble() >= keep) {
        continue;
      }
      Listing to = elsewhere.next();
      ids[n] = id;
      rows[n++] = n % 5 == 0
          ? new Listing(l.externalId(), l.address(), l.city(), l.state(), l.zip(), to.latitude(), to.longitude(),
              l.price(), l.bedrooms(), l.bathrooms(), l.sqft(), l.propertyType(), l.status(), l.imageUrl())
          : new Listing(l.externalId(), l.address(), l.city(), l.state(), l.zip(), l.latitude(), l.longitude(),
              l.price() == null ? 100_000L : l.price() + 1_000, l.bedrooms(), l.bathrooms(), l.sqft(),
              l.propertyType(), l.status(), l.imageUrl());
    }
    if (n < changes) {
      throw new IllegalStateException("drew " + n + " of " + changes + " changes");
    }
  }

  int size() {
    return ids.length;
  }

  /** Applies the re-scrape in batches of {@code batchRows}, as the sync does; returns the changed points. */
  long applyTo(LiveClusterIndex live, int batchRows) {
    long changed = 0;
    for (int from = 0; from < ids.length; from += batchRows) {
      int to = Math.min(ids.length, from + batchRows);
      ChangeBatch.Builder batch = live.newBatch(to - from);
      for (int i = from; i < to; i++) {
        Listing l = rows[i];
        batch.upsert(ids[i], l.longitude(), l.latitude(), l.price() == null ? -1 : l.price(),
            l.bedrooms() == null ? -1 : l.bedrooms(), l.bathrooms() == null ? Double.NaN : l.bathrooms(),
            l.sqft() == null ? -1 : l.sqft(), l.propertyType(), l.status());
      }
      changed += live.apply(batch.build()).changedPoints();
    }
    return changed;
  }
}
