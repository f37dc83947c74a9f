package io.tileserver.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Private redis-servers started together, with a temp directory for their files; closing stops
 * every one of them (also those whose start failed) and deletes the directory.
 */
final class RedisProcesses implements AutoCloseable {
  private final Path dir;
  private final List<PrivateRedis> started = new ArrayList<>();

  RedisProcesses() {
    try {
      dir = Files.createTempDirectory("private-redis");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dir() {
    return dir;
  }

  PrivateRedis start(PrivateRedis redis) {
    // Kept before it starts, so close() stops it even when it never answers.
    started.add(redis);
    return redis.start();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (PrivateRedis redis : started) {
      try {
        redis.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      failure = new UncheckedIOException("cannot delete " + dir, e);
    }
    if (failure != null) {
      throw failure;
    }
  }
}
