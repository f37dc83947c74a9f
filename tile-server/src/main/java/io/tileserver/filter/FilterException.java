package io.tileserver.filter;

/** A query parameter a source cannot accept: names it, what came, and what would be accepted. */
public final class FilterException extends IllegalArgumentException {
  private final String parameter;
  private final String received;
  private final String accepted;
  private final boolean undeclared;

  public FilterException(String parameter, String received, String problem, String accepted) {
    this(parameter, received, problem, accepted, false);
  }

  private FilterException(String parameter, String received, String problem, String accepted, boolean undeclared) {
    super("query parameter `" + parameter + "` " + problem);
    this.parameter = parameter;
    this.received = received;
    this.accepted = accepted;
    this.undeclared = undeclared;
  }

  /** A parameter the source does not declare at all. */
  static FilterException undeclared(String parameter, String received, String accepted) {
    return new FilterException(parameter, received, "is not a filter here", accepted, true);
  }

  /** What the client can do about it. */
  public String hint() {
    return undeclared
        ? "remove " + parameter + "; accepted parameters: " + accepted
        : "send " + parameter + " as " + accepted;
  }

  public String parameter() {
    return parameter;
  }

  /** The value as received, shortened so an error body never echoes a huge input. */
  public String received() {
    return received == null || received.length() <= 64 ? received : received.substring(0, 64) + "…";
  }

  public String accepted() {
    return accepted;
  }
}
