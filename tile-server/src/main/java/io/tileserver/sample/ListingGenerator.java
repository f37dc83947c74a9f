package io.tileserver.sample;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Synthetic listings from a seed: the same seed gives the same rows, in the same order, on any JVM.
 * Most listings sit around real US metro centres (gaussian spread growing with the metro's size, so
 * low zooms show dense clusters); the rest are spread uniformly over the contiguous US bounding box.
 * Prices are log-normal around a national median of about $400k, scaled by the metro's price level.
 */
public final class ListingGenerator implements Iterator<Listing> {
  static final double UNIFORM_SHARE = 0.15;
  private static final double MEDIAN_PRICE = 400_000;
  private static final double PRICE_SIGMA = 0.55;
  // Contiguous US, roughly.
  private static final double MIN_LON = -124.7;
  private static final double MAX_LON = -67.0;
  private static final double MIN_LAT = 25.1;
  private static final double MAX_LAT = 49.0;
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
    MetroArea metro = random.nextDouble() < UNIFORM_SHARE ? null : pickMetro();
    double lat;
    double lon;
    if (metro == null) {
      lat = MIN_LAT + random.nextDouble() * (MAX_LAT - MIN_LAT);
      lon = MIN_LON + random.nextDouble() * (MAX_LON - MIN_LON);
    } else {
      double spread = 0.12 + 0.05 * Math.sqrt(metro.populationMillions());
      lat = clamp(metro.lat() + random.nextGaussian() * spread, -89.9, 89.9);
      lon = clamp(metro.lon() + random.nextGaussian() * spread / Math.cos(Math.toRadians(metro.lat())), -179.9, 179.9);
    }
    String type = pickType();
    boolean land = type.equals("land");
    int beds = land ? 0 : bedrooms(type);
    float baths = land ? 0 : Math.max(1, Math.round((beds * 0.75f + (float) random.nextDouble()) * 2) / 2f);
    Integer sqft = land ? null : (int) Math.round(450 + beds * 420 + random.nextGaussian() * 250);
    double factor = metro == null ? 0.7 : metro.priceFactor();
    double price = MEDIAN_PRICE * factor * Math.exp(random.nextGaussian() * PRICE_SIGMA) * (land ? 0.35 : 1);
    return new Listing(
        "sample-" + seed + "-" + n,
        (1 + random.nextInt(9899)) + " " + STREETS[random.nextInt(STREETS.length)] + " "
            + SUFFIXES[random.nextInt(SUFFIXES.length)],
        metro == null ? null : metro.name(),
        metro == null ? null : metro.state(),
        null,
        round6(lat),
        round6(lon),
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

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
