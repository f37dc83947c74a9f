package io.tileserver.ratelimit;

/** A client used up its budget of one kind of request; answered 429 with {@code Retry-After}. */
public final class RateLimitedException extends RuntimeException {
  private final String limit;
  private final int retryAfterSeconds;

  public RateLimitedException(String limit, String detail, int retryAfterSeconds) {
    super(detail, null, false, false);
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The config key of the limit, so the client's hint can name it. */
  public String limit() {
    return limit;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
