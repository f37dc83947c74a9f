package io.tileserver.cache;

import io.tileserver.config.AdminConfig.PurgeHookConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the CDN to drop tiles by surrogate key after a purge here. One request per purge to the
 * configured URL template ({@code {keys}} becomes the space-separated keys, URL-encoded), carrying
 * the keys as a {@code Surrogate-Key} header and as {@code {"tags": [...]}}, which covers Fastly's
 * batch purge and Cloudflare's purge by tag with the same call. A failure is logged and reported,
 * never retried here: the caller (admin API, change feed) decides.
 */
public final class CdnPurgeHook {
  private static final Logger LOGGER = LoggerFactory.getLogger(CdnPurgeHook.class);
  /** What a purge reports when no hook is configured. */
  public static final String NONE = "none";

  private final PurgeHookConfig config;
  private final HttpClient client;

  private CdnPurgeHook(PurgeHookConfig config) {
    this.config = config;
    this.client = config == null ? null
        : HttpClient.newBuilder().connectTimeout(Duration.ofMillis(config.timeoutMs())).build();
  }

  /** A hook calling {@code config}; null config makes a hook that does nothing. */
  public static CdnPurgeHook of(PurgeHookConfig config) {
    return new CdnPurgeHook(config);
  }

  /** {@code ok}, {@code failed: <reason>}, or {@link #NONE} without a configured hook. */
  public Future<String> purge(List<String> keys) {
    if (config == null || keys.isEmpty()) {
      return Future.succeededFuture(NONE);
    }
    String joined = String.join(" ", keys);
    String url = config.url().replace("{keys}", URLEncoder.encode(joined, StandardCharsets.UTF_8).replace("+", "%20"));
    String body = new JsonObject().put("tags", new JsonArray(keys)).encode();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofMillis(config.timeoutMs()))
        .header("Surrogate-Key", joined)
        .header("Content-Type", "application/json")
        .method(config.method(), HttpRequest.BodyPublishers.ofString(body));
    config.headers().forEach(request::header);
    return Future.fromCompletionStage(client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
        .map(response -> {
          if (response.statusCode() / 100 == 2) {
            return "ok";
          }
          LOGGER.warn("CDN purge of {} key(s) answered {}", keys.size(), response.statusCode());
          return "failed: status " + response.statusCode();
        })
        .otherwise(e -> {
          LOGGER.warn("CDN purge of {} key(s) failed: {}", keys.size(), e.toString());
          return "failed: " + e.getClass().getSimpleName();
        });
  }
}
