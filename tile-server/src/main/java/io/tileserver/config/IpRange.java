package io.tileserver.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address block in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}) or a single address, as
 * the operator writes trusted proxies.
 */
public record IpRange(byte[] network, int prefixLength) {
  /**
   * Literal addresses only, checked before {@code InetAddress} sees them: it would look a host name
   * up in DNS. A dotted quad, or anything with a colon (parsed as IPv6, never looked up).
   */
  private static final Pattern LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** Parses {@code text}; a malformed block throws {@link IllegalArgumentException} saying why. */
  public static IpRange parse(String text) {
    String[] parts = text.trim().split("/", -1);
    byte[] address = parts.length > 2 ? null : address(parts[0]);
    if (address == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block such as 10.0.0.0/8");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    return new IpRange(address, prefix);
  }

  /** The bytes of an IPv4 or IPv6 literal, or null when {@code text} is not one (never a DNS lookup). */
  public static byte[] address(String text) {
    if (text.length() > 45 || !LITERAL.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True when {@code address} lies in this block (an IPv4 address never matches an IPv6 block). */
  public boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int whole = prefixLength / 8;
    for (int i = 0; i < whole; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (address[whole] & mask) == (network[whole] & mask);
  }
}
