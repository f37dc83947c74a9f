package io.tileserver.cluster;

import io.tileserver.sample.Listing;
import io.tileserver.sample.ListingGenerator;
import io.tileserver.tile.TileCoord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A model of a changing listing table for the live index tests: the rows by id, random batches of
 * inserts, moves, price and attribute changes, unchanged rewrites and deletes drawn from seeded
 * generated listings, and an index built from scratch over the model — the oracle.
 */
final class LiveListings {
  final Map<Long, Listing> rows = new TreeMap<>();
  private final List<Listing> pool = new ArrayList<>();
  private final Random random;
  private long nextId;

  LiveListings(long seed, int initial) {
    random = new Random(seed);
    new ListingGenerator(seed, initial).forEachRemaining(l -> rows.put(++nextId, l));
    new ListingGenerator(seed + 1, 20_000).forEachRemaining(pool::add);
  }

  /** Inserted rows take ids after {@code id} from now on. */
  void continueIdsAfter(long id) {
    nextId = id;
  }

  ClusterIndex scratch() {
    ClusterIndexBuilder builder = new ClusterIndexBuilder(ClusterColumns.properties(), rows.size());
    rows.forEach((id, l) -> GeneratedListings.add(builder, id, l));
    return builder.build();
  }

  static void upsert(ChangeBatch.Builder batch, long id, Listing l) {
    batch.upsert(id, l.longitude(), l.latitude(),
        l.price() == null ? -1 : l.price(),
        l.bedrooms() == null ? -1 : l.bedrooms(),
        l.bathrooms() == null ? Double.NaN : l.bathrooms(),
        l.sqft() == null ? -1 : l.sqft(),
        l.propertyType(), l.status());
  }

  /** {@code batches} batches of {@code n} random operations each, applied to the model and to {@code live}. */
  void applyRandomChanges(LiveClusterIndex live, int batches, int n) {
    for (int b = 0; b < batches; b++) {
      ChangeBatch.Builder batch = live.newBatch(n);
      randomChanges(batch, n);
      live.apply(batch.build());
    }
  }

  /** {@code n} random operations on distinct ids, applied to the model and put in {@code batch}. */
  void randomChanges(ChangeBatch.Builder batch, int n) {
    List<Long> ids = new ArrayList<>(rows.keySet());
    Set<Long> used = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int op = random.nextInt(6);
      if (op == 0 || ids.isEmpty()) {
        long id = ++nextId;
        Listing l = pool.get(random.nextInt(pool.size()));
        rows.put(id, l);
        upsert(batch, id, l);
        continue;
      }
      long id = ids.get(random.nextInt(ids.size()));
      if (!used.add(id)) {
        continue;
      }
      Listing old = rows.get(id);
      Listing changed = switch (op) {
        case 1 -> moved(old, pool.get(random.nextInt(pool.size())));
        case 2 -> withPrice(old, old.price() == null ? 250_000L : old.price() + 1 + random.nextInt(50_000));
        case 3 -> withSqft(old, old.sqft() == null ? 1_000 : old.sqft() + 10);
        case 4 -> old;
        default -> null;
      };
      if (changed == null) {
        rows.remove(id);
        batch.remove(id);
      } else {
        rows.put(id, changed);
        upsert(batch, id, changed);
      }
    }
  }

  /** A tile holding a random current listing at zoom 0..maxZoom. */
  TileCoord randomTile(int maxZoom) {
    List<Listing> all = new ArrayList<>(rows.values());
    Listing l = all.get(random.nextInt(all.size()));
    int z = random.nextInt(maxZoom + 1);
    return new TileCoord(z, (int) GeneratedListings.tileX(l, z), (int) GeneratedListings.tileY(l, z));
  }

  Random random() {
    return random;
  }

  static Listing moved(Listing l, Listing to) {
    return new Listing(l.externalId(), l.address(), l.city(), l.state(), l.zip(), to.latitude(), to.longitude(),
        l.price(), l.bedrooms(), l.bathrooms(), l.sqft(), l.propertyType(), l.status(), l.imageUrl());
  }

  static Listing withPrice(Listing l, long price) {
    return new Listing(l.externalId(), l.address(), l.city(), l.state(), l.zip(), l.latitude(), l.longitude(),
        price, l.bedrooms(), l.bathrooms(), l.sqft(), l.propertyType(), l.status(), l.imageUrl());
  }

  static Listing withSqft(Listing l, int sqft) {
    return new Listing(l.externalId(), l.address(), l.city(), l.state(), l.zip(), l.latitude(), l.longitude(),
        l.price(), l.bedrooms(), l.bathrooms(), sqft, l.propertyType(), l.status(), l.imageUrl());
  }
}
