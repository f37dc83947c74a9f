package io.tileserver.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * A PostgreSQL connection string in libpq URI form ({@code postgresql://user:pass@host:port/db}), the
 * form {@code DATABASE_URL} carries. Gives the JDBC form Liquibase and COPY need, and a redacted form
 * for logs.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  public DatabaseUrl {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("database url has no host");
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("database url has no database name (…/dbname)");
    }
  }

  /** Parses {@code postgresql://} or {@code postgres://} URLs; the message says what is wrong. */
  public static DatabaseUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "no database url: set DATABASE_URL or database.url, e.g. postgresql://tiles:tiles@127.0.0.1:55432/tiles");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("database url is not a URI: " + e.getReason());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "database url must start with postgresql:// (was " + uri.getScheme() + "://)");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    return new DatabaseUrl(
        uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path.replaceFirst("^/", ""), user, password);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The JDBC URL without credentials (they go in as properties). */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Credentials for {@link java.sql.DriverManager}, kept out of the URL so it can be logged. */
  public Properties jdbcProperties() {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "tile-server");
    return props;
  }

  /** The URL with the password replaced, safe to log. */
  public String redacted() {
    String who = user == null ? "" : user + (password == null ? "" : ":***") + "@";
    return "postgresql://" + who + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return redacted();
  }
}
