package io.tileserver.filter;

/** A query parameter a source cannot accept: names it, what came, and what would be accepted. */
public final class FilterException extends IllegalArgumentException {
  private final String parameter;
  private final String received;
  private final String accepted;

  public FilterException(String parameter, String received, String problem, String accepted) {
    super("query parameter `" + parameter + "` " + problem);
    this.parameter = parameter;
    this.received = received;
    this.accepted = accepted;
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
