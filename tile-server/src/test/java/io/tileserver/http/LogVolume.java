package io.tileserver.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Counts what the server logs while it runs in this JVM: logback events (message and stack trace)
 * and java.util.logging records (where Caffeine writes), so a test can bound the log volume a flood
 * of failures causes.
 */
final class LogVolume {
  private final AtomicLong characters = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      long size = event.getFormattedMessage().length();
      if (event.getThrowableProxy() != null) {
        size += ThrowableProxyUtil.asString(event.getThrowableProxy()).length();
      }
      characters.addAndGet(size);
      events.incrementAndGet();
    }
  };
  private final Handler julHandler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (isLoggable(record)) {
        long size = record.getMessage() == null ? 0 : record.getMessage().length();
        if (record.getThrown() != null) {
          size += record.getThrown().getStackTrace().length * 80L;
        }
        characters.addAndGet(size);
        events.incrementAndGet();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogVolume() {}

  static LogVolume capture() {
    LogVolume volume = new LogVolume();
    volume.appender.start();
    root().addAppender(volume.appender);
    java.util.logging.Logger.getLogger("").addHandler(volume.julHandler);
    return volume;
  }

  void stop() {
    root().detachAppender(appender);
    java.util.logging.Logger.getLogger("").removeHandler(julHandler);
  }

  long characters() {
    return characters.get();
  }

  long events() {
    return events.get();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
