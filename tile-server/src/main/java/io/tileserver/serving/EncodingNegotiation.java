package io.tileserver.serving;

import io.tileserver.cache.Encoding;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Picks the encoding of a response from {@code Accept-Encoding} (RFC 9110 §12.5.3) among the codings
 * the server makes. The highest q-value wins; ties go to the server's preferred coding (by default br,
 * the smaller body, then gzip; {@code server.preferred-encoding: gzip} swaps them), identity last.
 * {@code q=0} excludes a coding, {@code *} stands for every coding not listed. Identity is acceptable
 * unless excluded ({@code identity;q=0}, or {@code *;q=0} without an identity entry), and when it is
 * only implicitly acceptable it ranks below every listed coding. No header means identity: clients
 * that decompress say so. When nothing present is acceptable the answer is identity anyway, which
 * §12.5.3 permits (the alternative is a 406 for a tile the client can read once it is decoded).
 */
final class EncodingNegotiation {
  /** The rank of an identity the header does not mention: acceptable, below any listed coding. */
  private static final double IMPLICIT_IDENTITY = 0.0001;

  private EncodingNegotiation() {}

  /**
   * The encoding to send, among {@code preference}: the codings the server makes, most preferred
   * first; identity is always available.
   */
  static Encoding choose(String acceptEncoding, List<Encoding> preference) {
    if (acceptEncoding == null || acceptEncoding.isBlank()) {
      return Encoding.IDENTITY;
    }
    Map<String, Double> listed = parse(acceptEncoding);
    Encoding best = Encoding.IDENTITY;
    double bestQ = 0;
    for (Encoding candidate : preference) {
      double q = quality(candidate, listed);
      if (q > bestQ) {
        best = candidate;
        bestQ = q;
      }
    }
    double identity = quality(Encoding.IDENTITY, listed);
    return identity > bestQ ? Encoding.IDENTITY : best;
  }

  private static double quality(Encoding encoding, Map<String, Double> listed) {
    Double own = listed.get(encoding.token());
    if (own != null) {
      return own;
    }
    Double any = listed.get("*");
    if (encoding == Encoding.IDENTITY) {
      return any != null && any == 0 ? 0 : IMPLICIT_IDENTITY;
    }
    return any == null ? 0 : any;
  }

  /** Coding → q; a coding listed twice keeps its highest q. {@code x-gzip} is gzip (§8.4.1.3). */
  private static Map<String, Double> parse(String header) {
    Map<String, Double> listed = new HashMap<>();
    for (String element : header.split(",")) {
      // -1 keeps empty parts, so ";" yields [""] rather than no parts at all.
      String[] parts = element.split(";", -1);
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("x-gzip")) {
        name = "gzip";
      }
      listed.merge(name, quality(parts), Math::max);
    }
    return listed;
  }

  /** The q parameter (0..1, default 1); a malformed one counts as 0, the safe reading. */
  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("q=")) {
        try {
          double q = Double.parseDouble(p.substring(2).trim());
          return q >= 0 && q <= 1 ? q : 0;
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
