package io.tileserver.sample;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Synthetic listings from a seed: the same seed gives the same rows, in the same order, on any JVM.
 * Listings sit where people live: each one picks a real US metro by population, then most fall
 * around its centre (gaussian spread growing with the metro's size, so low zooms show dense
 * clusters) and the rest, the metro's outskirts and countryside, with a wider spread. Where the
 * repository carries real sales by ZIP (King County, for Seattle: {@link MetroZips}), that part of the
 * metro's listings goes to ZIPs in proportion to their sales, spread like those sales and priced at
 * the ZIP's level. Every point is on land ({@link UsLand}): a draw in the sea, a lake or across the
 * border is drawn again. Prices are log-normal around a national median of about $400k, scaled by the
 * metro's price level.
 */
public final class ListingGenerator implements Iterator<Listing> {
  /** The share of listings outside the metros' cores: no city, a wider spread, lower prices. */
  static final double RURAL_SHARE = 0.15;
  /** Degrees of latitude (one standard deviation) around the metro centre for a rural listing. */
  private static final double RURAL_SPREAD = 1.2;
  /** Draws of a position before falling back to the metro centre; over 99.9% land in a few. */
  private static final int MAX_DRAWS = 32;
  private static final double MEDIAN_PRICE = 400_000;
  private static final double PRICE_SIGMA = 0.55;
  private static final String[] STREETS = {
    "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Sunset",
    "Highland", "River", "Church", "Willow", "Jefferson", "Lincoln", "Madison", "Forest", "Meadow"
  };
  private static final String[] SUFFIXES = {"St", "Ave", "Rd", "Ln", "Dr", "Ct", "Way", "Blvd"};

  private final SplittableRandom random;
  private final long seed;
  private final long count;
  private final List<MetroArea> metros = MetroArea.bundled();
  private final double[] cumulativeWeight;
  private final UsLand land = UsLand.get();
  private long produced;

  public ListingGenerator(long seed, long count) {
    this.seed = seed;
    this.count = count;
    this.random = new SplittableRandom(seed);
    cumulativeWeight = new double[metros.size()];
    double sum = 0;
    for (int i = 0; i < metros.size(); i++) {
      sum += metros.get(i).populationMillions();
      cumulativeWeight[i] = sum;
    }
  }

  @Override
  public boolean hasNext() {
    return produced < count;
  }

  @Override
  public Listing next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    long n = produced++;
    boolean rural = random.nextDouble() < RURAL_SHARE;
    MetroArea home = pickMetro();
    MetroArea metro = rural ? null : home;
    ZipArea zip =
        metro != null && random.nextDouble() < metro.zipShare() ? metro.zips().pick(random.nextDouble()) : null;
    double spread = rural ? RURAL_SPREAD : 0.12 + 0.05 * Math.sqrt(home.populationMillions());
    double centreLat = zip == null ? home.lat() : zip.lat();
    double centreLon = zip == null ? home.lon() : zip.lon();
    double latSpread = zip == null ? spread : zip.latSd();
    double lonSpread = zip == null ? spread / Math.cos(Math.toRadians(home.lat())) : zip.lonSd();
    double lat = home.lat();
    double lon = home.lon();
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      double tryLat = round6(centreLat + random.nextGaussian() * latSpread);
      double tryLon = round6(centreLon + random.nextGaussian() * lonSpread);
      if (land.contains(tryLon, tryLat)) {
        lat = tryLat;
        lon = tryLon;
        break;
      }
    }
    String type = pickType();
    boolean land = type.equals("land");
    int beds = land ? 0 : bedrooms(type);
    float baths = land ? 0 : Math.max(1, Math.round((beds * 0.75f + (float) random.nextDouble()) * 2) / 2f);
    Integer sqft = land ? null : (int) Math.round(450 + beds * 420 + random.nextGaussian() * 250);
    double factor = metro == null ? 0.7 : metro.priceFactor() * (zip == null ? 1 : metro.zips().priceLevel(zip));
    double price = MEDIAN_PRICE * factor * Math.exp(random.nextGaussian() * PRICE_SIGMA) * (land ? 0.35 : 1);
    return new Listing(
        "sample-" + seed + "-" + n,
        (1 + random.nextInt(9899)) + " " + STREETS[random.nextInt(STREETS.length)] + " "
            + SUFFIXES[random.nextInt(SUFFIXES.length)],
        metro == null ? null : metro.name(),
        metro == null ? null : metro.state(),
        zip == null ? null : zip.zip(),
        lat,
        lon,
        Math.round(price / 1000) * 1000,
        beds,
        baths,
        sqft == null ? null : Math.max(300, sqft),
        type,
        pickStatus(),
        "https://images.example.com/listings/sample-" + seed + "-" + n + ".jpg");
  }

  private MetroArea pickMetro() {
    double r = random.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1];
    for (int i = 0; i < cumulativeWeight.length; i++) {
      if (r < cumulativeWeight[i]) {
        return metros.get(i);
      }
    }
    return metros.get(metros.size() - 1);
  }

  private String pickType() {
    double r = random.nextDouble();
    if (r < 0.55) {
      return "house";
    } else if (r < 0.75) {
      return "condo";
    } else if (r < 0.87) {
      return "townhouse";
    } else if (r < 0.95) {
      return "apartment";
    }
    return "land";
  }

  private int bedrooms(String type) {
    int base = type.equals("house") ? 3 : type.equals("townhouse") ? 2 : 1;
    return Math.max(0, Math.min(8, base + (int) Math.round(random.nextGaussian() * 1.0)));
  }

  private String pickStatus() {
    double r = random.nextDouble();
    return r < 0.6 ? "active" : r < 0.75 ? "pending" : "sold";
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
