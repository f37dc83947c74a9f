package io.tileserver.cluster;

/**
 * The listing attributes the index keeps beside id and position, and how each is packed. Every
 * packed column uses -1 (a dictionary code of 255) for SQL NULL, a value no filter range or mask
 * admits, so a NULL never matches a comparison — as in SQL.
 */
public enum ClusterAttribute {
  /** bigint → int; prices above 2,147,483,646 are clamped to it (and counted by the builder). */
  PRICE(Kind.NUMBER, 1),
  /** smallint 0..50 → byte. */
  BEDROOMS(Kind.NUMBER, 1),
  /** real → byte of half-steps (2.5 baths → 5): kept to the nearest half bath. */
  BATHROOMS(Kind.NUMBER, 2),
  /** integer → int. */
  SQFT(Kind.NUMBER, 1),
  /** text → byte code in the index's dictionary. */
  PROPERTY_TYPE(Kind.DICTIONARY, 1),
  /** text → byte code in the index's dictionary. */
  STATUS(Kind.DICTIONARY, 1);

  /** Numbers compare by range on the packed integer; dictionary values by set membership. */
  public enum Kind {
    NUMBER,
    DICTIONARY
  }

  private final Kind kind;
  private final int scale;

  ClusterAttribute(Kind kind, int scale) {
    this.kind = kind;
    this.scale = scale;
  }

  public Kind kind() {
    return kind;
  }

  /** Packed value = column value × scale (rounded); 1 except for half-step bathrooms. */
  public int scale() {
    return scale;
  }
}
