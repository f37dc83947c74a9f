package io.tileserver.cache;

/**
 * The content codings a cached tile may carry. Each variant is made at most once per cached tile,
 * when a client first takes it; each has its own strong ETag (RFC 9110 §8.8.3: an ETag names a
 * representation, and the gzip bytes are a different representation from the raw ones).
 */
public enum Encoding {
  /** Brotli (RFC 7932): a few percent smaller than gzip on MVT bodies at the quality used. */
  BROTLI("br", "-br"),
  GZIP("gzip", "-gz"),
  IDENTITY("identity", "");

  private final String token;
  private final String etagSuffix;

  Encoding(String token, String etagSuffix) {
    this.token = token;
    this.etagSuffix = etagSuffix;
  }

  /** The {@code Accept-Encoding}/{@code Content-Encoding} token. */
  public String token() {
    return token;
  }

  /** The {@code Content-Encoding} header value, or null for identity (no header is sent). */
  public String contentEncoding() {
    return this == IDENTITY ? null : token;
  }

  String etagSuffix() {
    return etagSuffix;
  }
}
