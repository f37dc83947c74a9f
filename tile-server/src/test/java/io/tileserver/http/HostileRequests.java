package io.tileserver.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile HTTP/1.1 requests for the fuzz test: mostly plausible tile and API
 * URLs with one or more parts mangled, plus headers and request lines no well-behaved client sends.
 */
final class HostileRequests {
  /** One request: its bytes, whether it is a HEAD (no body comes back), and a readable summary. */
  record Request(byte[] bytes, boolean head, String summary) {
    @Override
    public String toString() {
      return summary;
    }
  }

  private static final String[] SOURCES = {"listings", "properties", "counted_tile", "listings,properties",
      "nope", "", ",", "listings,,properties", "list%69ngs", "%00", "..", "a b", "ü", "listings%2Cproperties",
      "x".repeat(300)};
  private static final String[] NUMBERS = {"0", "1", "3", "7", "14", "30", "31", "-1", "+1", "01", "00", "1.5", "1e3",
      "9999999999", "99999999999999999999", "%D9%A3", "%EF%BC%91", "٣", "", " ", "0x1", "NaN", "%", "%2", "%ZZ",
      "%00", "%25", "1%00", "\u0000"};
  private static final String[] EXTENSIONS = {".pbf", ".mvt", ".png", "", ".", ".pbf.pbf", ".PBF", "%2Epbf",
      ".json", ".pbf/", ".pbf?"};
  private static final String[] OTHER_PATHS = {"/", "/catalog", "/health", "/ready", "/metrics", "/viewer/",
      "/viewer/viewer.js", "/viewer/../../etc/passwd", "/viewer/%2e%2e/%2e%2e/etc/passwd", "/tiles/listings.json",
      "/tiles/listings,nope.json", "/tiles/.json", "/tiles/listings/clusters/1", "/tiles/listings/clusters/-1",
      "/tiles/listings/clusters/9223372036854775808", "/tiles/listings/clusters/12/leaves",
      "/tiles/listings/clusters/x/leaves", "/styles/listings.json", "/styles/../x.json", "/styles/%00.json",
      "/sprites/listings.json", "/sprites/listings@2x.png", "/sprites/..%2f..%2fx", "/fonts/DejaVu%20Sans/0-255.pbf",
      "/fonts/DejaVu%20Sans/0-256.pbf", "/fonts/Nope/0-255.pbf", "/fonts/%/0-255.pbf", "/fonts/a,b,c/256-511.pbf",
      "/admin/cache", "/admin/purge/listings", "/admin/purge/listings/bbox", "//tiles//listings//0/0/0.pbf",
      "/tiles/listings/0/0/0.pbf/../../../catalog", "/TILES/listings/0/0/0.pbf", "/tiles", "/tiles/", "*",
      "http://evil.example/tiles/listings/0/0/0.pbf", "/%", "/%%%", "/\u00ff"};
  private static final String[] QUERY_NAMES = {"minPrice", "beds", "type", "v", "limit", "offset", "bbox", "", "=",
      "minPrice[]", "__proto__", "%", "%ZZ", "b%00eds"};
  private static final String[] QUERY_VALUES = {"1", "100000", "-5", "1e309", "NaN", "Infinity", "0x10", "house",
      "house,condo", "house,,", "villa", "", "%", "%2", "%ZZ", "%00", "%E2%82", "%C3%28", "ü", "'; DROP TABLE properties;--",
      "1&beds=2", "a".repeat(2000), "1,2,3,4", "-180,-90,180,90", "1796610107295", "-1"};
  private static final String[] METHODS = {"GET", "GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
      "TRACE", "PATCH", "G3T", "get", "CONNECT"};
  private static final String[][] HEADERS = {
      {"Accept", ";"}, {"Accept", ";;;"}, {"Accept", "*/*;q=abc"}, {"Accept", "text/html"}, {"Accept", ","},
      {"Accept", "application/vnd.mapbox-vector-tile;q=0"}, {"Accept-Encoding", ";"}, {"Accept-Encoding", ",,,"},
      {"Accept-Encoding", "gzip;q=2"}, {"Accept-Encoding", "br;q=-1, gzip;q=NaN"}, {"Accept-Encoding", "*;q=0"},
      {"Accept-Encoding", "identity;q=0"}, {"Accept-Encoding", "x-gzip, deflate, zstd"},
      {"Accept-Encoding", "gzip;" + ";".repeat(500)}, {"Origin", "file://"}, {"Origin", "null"},
      {"Origin", "https://maps.example.com"}, {"Origin", "%00"}, {"Origin", ""}, {"If-None-Match", "*"},
      {"If-None-Match", "\"\""}, {"If-None-Match", "W/"}, {"If-None-Match", ",,,"}, {"If-Modified-Since", "yesterday"},
      {"If-Modified-Since", "Mon, 99 Dec 2026 99:99:99 GMT"}, {"If-Modified-Since", ""}, {"X-Request-Id", "../../x"},
      {"X-Request-Id", "a".repeat(500)}, {"X-Request-Id", "<script>"}, {"X-Forwarded-Host", "evil.example, x"},
      {"X-Forwarded-Host", "<b>"}, {"X-Forwarded-Proto", "javascript"}, {"X-Forwarded-For", "1.2.3.4, ::1, nonsense"},
      {"Authorization", "Bearer"}, {"Authorization", "Bearer " + "x".repeat(1000)}, {"Authorization", "Basic Og=="},
      {"Content-Length", "-1"}, {"Content-Length", "abc"}, {"Content-Length", "5"}, {"Transfer-Encoding", "chunked"},
      {"Transfer-Encoding", "gzip, chunked"}, {"Range", "bytes=0-1"}, {"Range", "bytes=-"}, {"Connection", "close"},
      {"Connection", "Upgrade, HTTP2-Settings"}, {"Upgrade", "websocket"}, {"Expect", "100-continue"},
      {"Cookie", "a=" + "b".repeat(3000)}, {"X-Odd Name", "1"}, {"X-Ctl", "a\u0001b"}, {"X-Utf8", "ünï"}};

  private final Random random;

  HostileRequests(Random random) {
    this.random = random;
  }

  Request next() {
    int kind = random.nextInt(20);
    if (kind == 0) {
      return rawLine();
    }
    String method = pick(METHODS);
    String target = random.nextInt(3) == 0 ? pick(OTHER_PATHS) : tilePath();
    if (random.nextInt(3) > 0) {
      target += query();
    }
    List<String[]> headers = new ArrayList<>();
    if (random.nextInt(12) > 0) {
      headers.add(new String[] {"Host", random.nextInt(15) == 0 ? pick(new String[] {"a b", "", "ü", "x:99999", "[::1"}) : "t"});
    }
    int extra = random.nextInt(4);
    for (int i = 0; i < extra; i++) {
      headers.add(HEADERS[random.nextInt(HEADERS.length)]);
    }
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String[] header : headers) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    head.append("\r\n");
    boolean hasLength = headers.stream().anyMatch(h -> h[0].equals("Content-Length") && h[1].equals("5"));
    if (hasLength) {
      head.append("hello");
    }
    return new Request(head.toString().getBytes(StandardCharsets.UTF_8), method.equals("HEAD"),
        abbreviate(head.toString()));
  }

  private String tilePath() {
    StringBuilder path = new StringBuilder("/tiles/");
    if (random.nextInt(5) > 0) {
      path.append(random.nextInt(3) == 0 ? pick(SOURCES) : "listings").append('/');
    }
    boolean sane = random.nextInt(3) == 0;
    int z = random.nextInt(16);
    path.append(sane ? Integer.toString(z) : pick(NUMBERS)).append('/')
        .append(sane ? Integer.toString(random.nextInt(1 << z)) : pick(NUMBERS)).append('/')
        .append(sane ? Integer.toString(random.nextInt(1 << z)) : pick(NUMBERS))
        .append(random.nextInt(4) == 0 ? pick(EXTENSIONS) : ".pbf");
    return path.toString();
  }

  private String query() {
    StringBuilder query = new StringBuilder("?");
    int params = 1 + random.nextInt(4);
    for (int i = 0; i < params; i++) {
      if (i > 0) {
        query.append(random.nextInt(10) == 0 ? "&&" : "&");
      }
      query.append(pick(QUERY_NAMES));
      if (random.nextInt(8) > 0) {
        query.append('=').append(pick(QUERY_VALUES));
      }
    }
    return query.toString();
  }

  /** A request line or framing a parser must refuse: bare LFs, no version, control bytes, junk. */
  private Request rawLine() {
    String[] lines = {"GET /health\r\n\r\n", "GET /health HTTP/1.1\nHost: t\n\n", "GET /health HTTP/9.9\r\nHost: t\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: t\r\n Folded: header\r\n\r\n", "\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /he\u0000alth HTTP/1.1\r\nHost: t\r\n\r\n", "GET  /health  HTTP/1.1\r\nHost: t\r\n\r\n",
        "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003 junk\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: t\r\nHost: u\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: t\r\n" + "X-Many: 1\r\n".repeat(2000) + "\r\n",
        "GET /" + "a".repeat(17_000) + " HTTP/1.1\r\nHost: t\r\n\r\n"};
    String line = pick(lines);
    return new Request(line.getBytes(StandardCharsets.ISO_8859_1), false, abbreviate(line));
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static String abbreviate(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
  }
}
