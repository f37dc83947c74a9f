package io.tileserver.config;

/** A configuration problem, worded for the operator: which key, what was found, how to fix it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
