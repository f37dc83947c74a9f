package io.tileserver.sample;

/** One listing as the loaders write it into {@code properties}; null fields are SQL NULLs. */
public record Listing(
    String externalId,
    String address,
    String city,
    String state,
    String zip,
    Double latitude,
    Double longitude,
    Long price,
    Integer bedrooms,
    Float bathrooms,
    Integer sqft,
    String propertyType,
    String status,
    String imageUrl) {}
