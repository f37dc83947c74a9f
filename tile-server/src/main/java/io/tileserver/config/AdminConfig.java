package io.tileserver.config;

import java.util.Map;

/**
 * The admin API ({@code /admin/...}): off unless {@code enabled}; every call needs
 * {@code Authorization: Bearer <token>}. Set the token from the environment
 * ({@code token: ${TILES_ADMIN_TOKEN}}), never in the file.
 *
 * @param purgeHook called with the surrogate keys of every purge, so the CDN drops them too
 */
public record AdminConfig(Boolean enabled, String token, PurgeHookConfig purgeHook) {
  /** A token shorter than this is refused: it is the only thing between the internet and a purge. */
  static final int MIN_TOKEN_LENGTH = 16;

  public AdminConfig {
    enabled = enabled != null && enabled;
    token = token == null || token.isBlank() ? null : token;
    InvalidValue.require(!enabled || (token != null && token.length() >= MIN_TOKEN_LENGTH), "token",
        "must be set (at least " + MIN_TOKEN_LENGTH + " characters) when admin.enabled is true,"
            + " e.g. token: ${TILES_ADMIN_TOKEN}");
  }

  /**
   * The CDN purge call. {@code {keys}} in the url is replaced by the space-separated surrogate keys,
   * URL-encoded; the request also carries them as a {@code Surrogate-Key} header (Fastly's batch
   * purge reads it) and as the JSON body {@code {"tags": [...]}} (Cloudflare's purge by tag).
   *
   * @param method the HTTP method the CDN's purge API takes (default POST)
   * @param headers extra request headers, e.g. {@code Authorization: Bearer ${CDN_TOKEN}}
   */
  public record PurgeHookConfig(String url, String method, Map<String, String> headers, Integer timeoutMs) {
    public PurgeHookConfig {
      InvalidValue.require(url != null && url.matches("https?://.+"), "url",
          "must be an http:// or https:// URL, was " + url);
      method = method == null ? "POST" : method;
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      timeoutMs = timeoutMs == null ? 5000 : timeoutMs;
      InvalidValue.require(timeoutMs > 0, "timeout-ms", "must be positive, was " + timeoutMs);
    }
  }
}
