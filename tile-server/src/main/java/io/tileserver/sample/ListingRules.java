package io.tileserver.sample;

import java.util.List;

/**
 * The checks the {@code properties} table's constraints make, done before sending a row so a
 * rejected row is reported with its line number instead of failing a whole batch.
 */
public final class ListingRules {
  public static final List<String> PROPERTY_TYPES = List.of("house", "condo", "townhouse", "apartment", "land");
  public static final List<String> STATUSES = List.of("active", "pending", "sold");

  private ListingRules() {}

  /** Why the listing would be refused, or null when it is acceptable. */
  public static String violation(Listing l) {
    if (l.externalId() == null || l.externalId().isBlank()) {
      return "external id is missing";
    }
    if (l.price() != null && l.price() < 0) {
      return "price must be >= 0, was " + l.price();
    }
    if (l.bedrooms() != null && (l.bedrooms() < 0 || l.bedrooms() > 50)) {
      return "bedrooms must be 0..50, was " + l.bedrooms();
    }
    if (l.bathrooms() != null && (l.bathrooms() < 0 || l.bathrooms() > 50)) {
      return "bathrooms must be 0..50, was " + l.bathrooms();
    }
    if (l.sqft() != null && l.sqft() < 0) {
      return "sqft must be >= 0, was " + l.sqft();
    }
    if (l.latitude() != null && !(l.latitude() >= -90 && l.latitude() <= 90)) {
      return "latitude must be -90..90, was " + l.latitude();
    }
    if (l.longitude() != null && !(l.longitude() >= -180 && l.longitude() <= 180)) {
      return "longitude must be -180..180, was " + l.longitude();
    }
    if (!PROPERTY_TYPES.contains(l.propertyType())) {
      return "property type must be one of " + PROPERTY_TYPES + ", was " + l.propertyType();
    }
    if (!STATUSES.contains(l.status())) {
      return "status must be one of " + STATUSES + ", was " + l.status();
    }
    return null;
  }
}
